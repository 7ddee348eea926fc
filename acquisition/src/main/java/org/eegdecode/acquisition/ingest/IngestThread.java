package org.eegdecode.acquisition.ingest;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.lsl.Lsl;
import org.eegdecode.acquisition.lsl.LslInlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle both inlet threads share: one named daemon thread running {@link #pull()} while
 * {@link #running()}, the error that ended it, the inlet closed on the way out, and a bounded
 * {@link #close()}.
 */
public abstract class IngestThread implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestThread.class);
  private static final long JOIN_SECONDS = 10;

  /** A clock offset is re-published at least this often (LabRecorder records one every 5 s). */
  private static final long CLOCK_OFFSET_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The stream's full info (channel labels included), as first opened. */
  protected final StreamInfo stream;

  private final String streamXml;
  private volatile boolean running = true;
  private double publishedOffset = Double.NaN;
  private long publishedOffsetNanos;
  private volatile long clockOffsetsPublished;
  private volatile long clockOffsetsDropped;
  private Thread thread;
  private volatile Throwable failure;

  protected IngestThread(LslInlet inlet) {
    this.stream = inlet.fullInfo();
    this.streamXml = inlet.fullInfoXml();
  }

  /** The stream's full info (channel labels included), as first opened. */
  public final StreamInfo stream() {
    return stream;
  }

  /** The stream's full info as liblsl's XML, as first opened (for recordings). */
  public final String streamXml() {
    return streamXml;
  }

  /** The pull loop; returns once {@link #running()} turns false. */
  protected abstract void pull() throws Exception;

  /** Destroys the inlet (the thread's own on exit, or the caller's when it never started). */
  protected abstract void closeInlet();

  /** The thread's name, e.g. {@code lsl-eeg-NAME}. */
  protected abstract String threadName();

  /** Called under the start lock, just before the thread starts. */
  protected void beforeStart() {}

  protected final boolean running() {
    return running;
  }

  /**
   * Publishes a {@link SampleEvent.Kind#CLOCK_OFFSET} event for recorders when {@code offset}
   * differs from the last one published, or {@link #CLOCK_OFFSET_EVERY_NANOS} passed; NaN (not yet
   * measured) publishes nothing. Never waits: a full ring is counted as {@link
   * DropReason#RING_FULL}. Ingest thread only.
   */
  protected final void publishClockOffset(
      RingBuffer<SampleEvent> ring, int stream, double offset, long now, DropCounters drops) {
    if (Double.isNaN(offset)
        || (offset == publishedOffset && now - publishedOffsetNanos < CLOCK_OFFSET_EVERY_NANOS)) {
      return;
    }
    publishedOffset = offset;
    publishedOffsetNanos = now;
    try {
      long seq = ring.tryNext();
      ring.get(seq).setClockOffset(stream, Lsl.get().localClock(), offset, now);
      ring.publish(seq);
      clockOffsetsPublished++;
    } catch (InsufficientCapacityException full) {
      drops.increment(DropReason.RING_FULL);
      clockOffsetsDropped++;
    }
  }

  /** Clock-offset events that found the ring full (counted in {@link DropReason#RING_FULL}). */
  public final long clockOffsetsDropped() {
    return clockOffsetsDropped;
  }

  /** Clock-offset events placed in the ring. */
  public final long clockOffsetsPublished() {
    return clockOffsetsPublished;
  }

  /** Starts the ingest thread. */
  public final synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    beforeStart();
    thread = new Thread(this, threadName());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public final void run() {
    try {
      pull();
    } catch (Throwable t) {
      failure = t;
      LOG.error("{} failed: {}", threadName(), t.toString(), t);
    } finally {
      closeInlet();
    }
  }

  /** The error that ended the thread, or null. */
  public final Throwable failure() {
    return failure;
  }

  /** Whether the ingest thread is running. */
  public final boolean isAlive() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** Stops the thread (it exits within one pull or resolve) and destroys the inlet. */
  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      closeInlet();
      return;
    }
    if (t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        LOG.warn("{} did not stop within {} s", threadName(), JOIN_SECONDS);
      }
    }
  }
}
