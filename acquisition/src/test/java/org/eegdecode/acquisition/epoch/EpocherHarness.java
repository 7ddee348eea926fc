package org.eegdecode.acquisition.epoch;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.PipelineSettings;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.stimulus.StimulusSettings;

/**
 * Drives an {@link Epocher} by calling {@code onEvent} directly (no threads) and captures every
 * epoch it publishes, copied out of the ring.
 */
final class EpocherHarness {
  /** One published epoch, copied. */
  record Captured(
      long epochIndex,
      String marker,
      double markerTimestamp,
      double onsetTimestamp,
      float[] data,
      long closingArrivalNanos,
      long publishedNanos) {}

  final Epocher epocher;
  final RingBuffer<EpochEvent> ring;
  final DropCounters drops = new DropCounters();
  final List<Captured> emitted = new ArrayList<>();

  /** A due hint: the epoch it announces, its expected completion, and the epochs emitted before. */
  record Hint(long epochIndex, long dueNanos, long publishedNanos, int emittedBefore, long feeds) {}

  final List<Hint> hints = new ArrayList<>();

  /** Events fed so far (samples, markers, states). */
  long feeds;

  /** The value of {@link #feeds} when each of {@link #emitted} was published. */
  final List<Long> emittedAtFeed = new ArrayList<>();

  /** The endOfBatch flag the next feeds pass (true: every event is its own batch). */
  boolean endOfBatch = true;

  final SampleEvent slot;
  private final Sequence gate;
  private long nextRead;
  private long sequence;

  /**
   * @param overrides {@code acquisition.*} keys etc. as {@code key=value}
   * @param gated keep a consumer sequence at -1, so the epoch ring fills after its size
   */
  EpocherHarness(EpochSpec spec, StreamLayout layout, List<String> overrides, boolean gated) {
    Config config = Config.defaults().withOverrides(overrides);
    PipelineSettings settings = PipelineSettings.fromConfig(config);
    EpochGeometry geometry = Epocher.geometry(spec, layout, settings);
    int c = geometry.channels();
    int t = geometry.times();
    this.ring =
        RingBuffer.createSingleProducer(
            () -> new EpochEvent(c, t), settings.epochRingSize(), new BlockingWaitStrategy());
    this.gate = gated ? new Sequence(-1) : null;
    if (gate != null) {
      ring.addGatingSequences(gate);
    }
    this.epocher =
        Epocher.create(
            spec, layout, settings, StimulusSettings.from(config).catchCodesSet(), drops, ring);
    this.slot = new SampleEvent(layout.channelCount());
  }

  EpocherHarness(EpochSpec spec, StreamLayout layout, String... overrides) {
    this(spec, layout, List.of(overrides), false);
  }

  void sample(double ts, long index, float[] values) {
    slot.setEeg(ts, System.nanoTime(), index, values, 0, values.length);
    feed();
  }

  void sample(SyntheticStream s, int i) {
    sample(s.ts[i], s.index[i], s.x[i]);
  }

  void marker(double ts, String text) {
    marker(ts, text, Double.NaN);
  }

  /** A marker with a numeric value (a numeric stream's, or a decimal string's). */
  void marker(double ts, String text, double number) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    slot.setMarker(ts, System.nanoTime(), bytes, bytes.length, number);
    feed();
  }

  void stall(double ts) {
    slot.setState(SampleEvent.Kind.STALL, ts, System.nanoTime());
    feed();
  }

  void resumed(double ts) {
    slot.setState(SampleEvent.Kind.RESUMED, ts, System.nanoTime());
    feed();
  }

  void shutdown() {
    epocher.onShutdown();
  }

  /** Samples {@code from … to-1} of {@code s} as one sample-ring batch (one LSL chunk). */
  void chunk(SyntheticStream s, int from, int to) {
    for (int i = from; i < to; i++) {
      endOfBatch = i == to - 1;
      sample(s, i);
    }
    endOfBatch = true;
  }

  private void feed() {
    epocher.onEvent(slot, sequence++, endOfBatch);
    feeds++;
    while (nextRead <= ring.getCursor()) {
      EpochEvent e = ring.get(nextRead++);
      if (e.isDueHint()) {
        hints.add(
            new Hint(e.epochIndex(), e.dueNanos(), e.publishedNanos(), emitted.size(), feeds));
        continue;
      }
      emittedAtFeed.add(feeds);
      emitted.add(
          new Captured(
              e.epochIndex(),
              e.markerText(),
              e.markerTimestamp(),
              e.onsetTimestamp(),
              e.data().clone(),
              e.closingArrivalNanos(),
              e.publishedNanos()));
    }
  }

  long drop(DropReason reason) {
    return drops.get(reason);
  }

  long epochDrops() {
    long n = 0;
    for (DropReason r : Epocher.EPOCH_DROP_REASONS) {
      n += drops.get(r);
    }
    return n;
  }

  /** Every accepted marker ended as one epoch or one drop, or is still pending. */
  void assertAccounting() {
    EpocherCounters k = epocher.counters();
    long accepted = k.markersAccepted();
    long accounted = k.epochsEmitted() + epochDrops() + k.pending();
    if (accepted != accounted || k.epochsEmitted() != emitted.size()) {
      throw new AssertionError(
          "accounting: accepted "
              + accepted
              + " != emitted "
              + k.epochsEmitted()
              + " + drops "
              + drops.snapshot()
              + " + pending "
              + k.pending()
              + " (captured "
              + emitted.size()
              + ")");
    }
    long seen = k.markersSeen();
    long rejected =
        drops.get(DropReason.MARKER_FILTERED)
            + drops.get(DropReason.DUPLICATE_MARKER)
            + k.catchMarkers();
    if (seen != accepted + rejected) {
      throw new AssertionError("seen " + seen + " != accepted " + accepted + " + " + rejected);
    }
  }
}
