package org.eegdecode.acquisition.ingest;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.eegdecode.acquisition.ring.SampleEvent;

/**
 * A test consumer of the sample ring: copies every event it sees into a list, except clock-offset
 * measurements, which it counts ({@link #clockOffsets()}, {@link #lastClockOffset()}).
 */
final class RingCollector implements EventHandler<SampleEvent>, AutoCloseable {
  /** A copy of one ring event. */
  record Seen(
      SampleEvent.Kind kind,
      double timestamp,
      long arrivalNanos,
      long sampleIndex,
      float[] values,
      String text,
      double number) {
    @Override
    public String toString() {
      return kind
          + "@"
          + timestamp
          + (kind == SampleEvent.Kind.EEG ? "#" + sampleIndex + Arrays.toString(values) : "")
          + (kind == SampleEvent.Kind.MARKER ? "'" + text + "'=" + number : "");
    }
  }

  private final List<Seen> seen = new ArrayList<>();
  private final BatchEventProcessor<SampleEvent> processor;
  private final Thread thread;

  RingCollector(RingBuffer<SampleEvent> ring) {
    processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), this);
    ring.addGatingSequences(processor.getSequence());
    thread = new Thread(processor, "ring-collector");
    thread.setDaemon(true);
    thread.start();
  }

  private volatile long clockOffsets;
  private volatile double lastClockOffset = Double.NaN;

  @Override
  public void onEvent(SampleEvent event, long sequence, boolean endOfBatch) {
    if (event.kind() == SampleEvent.Kind.CLOCK_OFFSET) {
      lastClockOffset = event.clockOffset();
      clockOffsets++;
      return;
    }
    Seen copy =
        new Seen(
            event.kind(),
            event.timestamp(),
            event.arrivalNanos(),
            event.sampleIndex(),
            Arrays.copyOf(event.values(), event.channelCount()),
            event.kind() == SampleEvent.Kind.MARKER ? event.markerText() : null,
            event.markerNumber());
    synchronized (seen) {
      seen.add(copy);
      seen.notifyAll();
    }
  }

  long clockOffsets() {
    return clockOffsets;
  }

  double lastClockOffset() {
    return lastClockOffset;
  }

  List<Seen> snapshot() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** Waits until {@code done} holds for the events seen so far; returns them either way. */
  List<Seen> await(Predicate<List<Seen>> done, double timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    synchronized (seen) {
      while (!done.test(seen)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        seen.wait(Math.max(1, left / 1_000_000));
      }
      return new ArrayList<>(seen);
    }
  }

  static long count(List<Seen> events, SampleEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).count();
  }

  @Override
  public void close() {
    processor.halt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
