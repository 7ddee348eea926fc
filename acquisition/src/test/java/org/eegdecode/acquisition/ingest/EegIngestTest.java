package org.eegdecode.acquisition.ingest;

import static org.eegdecode.acquisition.lsl.LslTesting.RESOLVE_TIMEOUT;
import static org.eegdecode.acquisition.lsl.LslTesting.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.eegdecode.acquisition.ingest.RingCollector.Seen;
import org.eegdecode.acquisition.lsl.Lsl;
import org.eegdecode.acquisition.lsl.LslOutlet;
import org.eegdecode.acquisition.lsl.LslTesting;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.ring.SampleEvent.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The EEG ingest thread against the real liblsl on loopback and a real Disruptor ring. */
@Timeout(60)
class EegIngestTest {
  private static final int CHANNELS = 17;
  private static final double RATE = 500.0;

  private static List<String> labels() {
    return IntStream.range(0, CHANNELS).mapToObj(c -> "E" + c).toList();
  }

  private static RingBuffer<SampleEvent> ring(int size) {
    return RingBuffer.createMultiProducer(
        () -> new SampleEvent(64), size, new YieldingWaitStrategy());
  }

  /**
   * Pushes samples {@code from..to-1}: value[c] = k·100 + c, raw timestamp base + k/rate + jitter.
   */
  private static void push(
      LslOutlet outlet, int from, int to, double base, double jitter, Random random, int chunk)
      throws InterruptedException {
    float[] data = new float[chunk * CHANNELS];
    double[] ts = new double[chunk];
    for (int k = from; k < to; k += chunk) {
      int n = Math.min(chunk, to - k);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < CHANNELS; c++) {
          data[i * CHANNELS + c] = (k + i) * 100 + c;
        }
        ts[i] = base + (k + i) / RATE + (random.nextDouble() * 2 - 1) * jitter;
      }
      outlet.pushChunk(data, n, ts);
      Thread.sleep(2);
    }
  }

  private static long threadId(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getId();
  }

  @Test
  void publishesContiguousDejitteredSamplesWithoutAllocating() throws Exception {
    String name = unique("ingest");
    RingBuffer<SampleEvent> ring = ring(4096);
    DropCounters drops = new DropCounters();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (LslOutlet outlet = LslOutlet.eeg(name, unique("src"), labels(), RATE);
        RingCollector collector = new RingCollector(ring);
        EegIngest ingest =
            EegIngest.open(LslTesting.resolve(outlet), ring, drops, EegIngest.Options.defaults())) {
      assertEquals(labels(), ingest.stream().channelLabels());
      ingest.start();
      assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
      Random random = new Random(1);
      double base = Lsl.get().localClock();
      double jitter = 0.001;

      push(outlet, 0, 600, base, jitter, random, 10);
      collector.await(e -> e.size() >= 600, 10);
      long tid = threadId("lsl-eeg-" + name);
      long allocatedBefore = threads.getThreadAllocatedBytes(tid);
      long chunksBefore = ingest.stats().chunks();
      push(outlet, 600, 1500, base, jitter, random, 10);
      List<Seen> events = collector.await(e -> e.size() >= 1500, 10);
      long allocated = threads.getThreadAllocatedBytes(tid) - allocatedBefore;
      long chunks = ingest.stats().chunks() - chunksBefore;

      assertEquals(1500, events.size());
      double offset = ingest.stats().clockOffset();
      assertTrue(Math.abs(offset) < 0.01, "loopback offset " + offset);
      double previous = Double.NEGATIVE_INFINITY;
      double worstSettled = 0;
      for (int k = 0; k < events.size(); k++) {
        Seen e = events.get(k);
        assertEquals(Kind.EEG, e.kind());
        assertEquals(k, e.sampleIndex(), "contiguous index");
        assertEquals(CHANNELS, e.values().length);
        assertEquals(k * 100f, e.values()[0]);
        assertEquals(k * 100f + CHANNELS - 1, e.values()[CHANNELS - 1]);
        assertTrue(e.timestamp() >= previous, "monotone at " + k);
        previous = e.timestamp();
        double truth = base + k / RATE + offset;
        assertEquals(truth, e.timestamp(), 2 * jitter, "near the true line at " + k);
        if (k >= 300) {
          worstSettled = Math.max(worstSettled, Math.abs(e.timestamp() - truth));
        }
      }
      assertTrue(worstSettled < jitter / 2, "dejittered error " + worstSettled);

      EegIngest.Stats stats = ingest.stats();
      assertTrue(collector.clockOffsets() >= 1, "clock offsets go into the ring for recorders");
      assertEquals(collector.clockOffsets(), ingest.clockOffsetsPublished());
      assertEquals(stats.clockOffset(), collector.lastClockOffset());
      assertEquals(1500, stats.samplesPulled());
      assertEquals(1500, stats.published());
      assertEquals(0, stats.ringFull());
      assertEquals(0, stats.stalls());
      assertFalse(stats.stalled());
      assertEquals(events.get(1499).timestamp(), stats.lastTimestamp());
      assertEquals(Lsl.get().hasPostprocessing() ? "liblsl" : "java", stats.timestamps());
      assertEquals(0, drops.get(DropReason.RING_FULL));
      System.out.printf(
          "EEG ingest: %d samples × %d ch in %d chunks after warm-up, %d bytes allocated by the"
              + " ingest thread; worst dejittered error %.0f µs (raw jitter ±%.0f µs)%n",
          900, CHANNELS, chunks, allocated, worstSettled * 1e6, jitter * 1e6);
      assertTrue(allocated < 2048, "ingest thread allocated " + allocated + " bytes");
      assertNull(ingest.failure());
    }
  }

  @Test
  void aFullRingIsCountedAndNeverBlocksThePull() throws Exception {
    RingBuffer<SampleEvent> ring = ring(16);
    // A consumer that never consumes: the ring is full after 16 events.
    ring.addGatingSequences(new Sequence());
    DropCounters drops = new DropCounters();
    try (LslOutlet outlet = LslOutlet.eeg(unique("full"), unique("src"), labels(), RATE);
        EegIngest ingest =
            EegIngest.open(LslTesting.resolve(outlet), ring, drops, EegIngest.Options.defaults())) {
      ingest.start();
      assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
      push(outlet, 0, 100, 10.0, 0, new Random(2), 25);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (ingest.stats().samplesPulled() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      EegIngest.Stats stats = ingest.stats();
      assertEquals(100, stats.samplesPulled());
      // 16 slots: samples in order, and the clock offsets that found room between them
      assertEquals(16, stats.published() + ingest.clockOffsetsPublished());
      assertEquals(100 - stats.published(), stats.ringFull());
      assertEquals(
          stats.ringFull() + ingest.clockOffsetsDropped(), drops.get(DropReason.RING_FULL));
      long next = 0;
      for (int i = 0; i < 16; i++) {
        if (ring.get(i).kind() == SampleEvent.Kind.CLOCK_OFFSET) {
          continue;
        }
        assertEquals(next, ring.get(i).sampleIndex());
        assertEquals(next * 100f, ring.get(i).values()[0]);
        next++;
      }
      assertEquals(stats.published(), next);
      long start = System.nanoTime();
      ingest.close();
      assertTrue((System.nanoTime() - start) / 1e9 < 1.0, "close is prompt");
      assertFalse(ingest.isAlive());
    }
  }

  @Test
  void aStallIsReportedAndTheStreamIsReResolvedBySourceId() throws Exception {
    String name = unique("stall");
    String sourceId = unique("src");
    RingBuffer<SampleEvent> ring = ring(4096);
    DropCounters drops = new DropCounters();
    EegIngest.Options options =
        new EegIngest.Options(0.5, 30.0, RESOLVE_TIMEOUT, 256, 0.1, 1.0, true);
    LslOutlet first = LslOutlet.eeg(name, sourceId, labels(), RATE);
    StreamInfo info = LslTesting.resolve(first);
    try (RingCollector collector = new RingCollector(ring);
        EegIngest ingest = EegIngest.open(info, ring, drops, options)) {
      ingest.start();
      assertTrue(first.waitForConsumers(RESOLVE_TIMEOUT));
      push(first, 0, 50, 100.0, 0, new Random(3), 10);
      collector.await(e -> e.size() >= 50, 10);

      // The source goes away for longer than the stall timeout …
      first.close();
      List<Seen> stalled = collector.await(e -> RingCollector.count(e, Kind.STALL) > 0, 5);
      assertEquals(1, RingCollector.count(stalled, Kind.STALL));
      assertTrue(ingest.stats().stalled());
      Thread.sleep(800);

      // … and comes back as a new outlet (new uid) with the same source_id.
      try (LslOutlet second = LslOutlet.eeg(name, sourceId, labels(), RATE)) {
        assertTrue(!second.info().uid().equals(info.uid()));
        assertTrue(second.waitForConsumers(10), "the ingest reconnected");
        push(second, 50, 100, 200.0, 0, new Random(4), 10);
        List<Seen> events = collector.await(e -> e.size() >= 102, 10);

        assertEquals(102, events.size(), events.toString());
        Seen stall = events.get(50);
        Seen resumed = events.get(51);
        assertEquals(Kind.STALL, stall.kind());
        assertEquals(events.get(49).timestamp(), stall.timestamp(), "stall at the last sample");
        assertEquals(Kind.RESUMED, resumed.kind());
        assertEquals(events.get(52).timestamp(), resumed.timestamp(), "resumed at the next");
        for (int k = 0; k < 100; k++) {
          Seen e = events.get(k < 50 ? k : k + 2);
          assertEquals(Kind.EEG, e.kind());
          assertEquals(k, e.sampleIndex(), "index continues across the outage");
          assertEquals(k * 100f, e.values()[0]);
        }
        double offset = ingest.stats().clockOffset();
        assertEquals(
            200.0 + 50 / RATE + offset, events.get(52).timestamp(), 1e-3, "timestamps jump");

        EegIngest.Stats stats = ingest.stats();
        assertEquals(1, stats.stalls());
        assertEquals(1, stats.reconnects());
        assertFalse(stats.stalled());
        assertEquals(100, stats.samplesPulled());
      }
    } finally {
      first.close();
    }
  }

  @Test
  void aSilentSourceStallsAndResumesOnTheSameInlet() throws Exception {
    RingBuffer<SampleEvent> ring = ring(1024);
    EegIngest.Options options =
        new EegIngest.Options(0.4, 30.0, RESOLVE_TIMEOUT, 256, 0.1, 1.0, true);
    try (LslOutlet outlet = LslOutlet.eeg(unique("silent"), unique("src"), labels(), RATE);
        RingCollector collector = new RingCollector(ring);
        EegIngest ingest =
            EegIngest.open(LslTesting.resolve(outlet), ring, new DropCounters(), options)) {
      ingest.start();
      assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
      push(outlet, 0, 20, 50.0, 0, new Random(5), 10);
      collector.await(e -> RingCollector.count(e, Kind.STALL) > 0, 5);
      push(outlet, 20, 40, 50.0, 0, new Random(6), 10);
      List<Seen> events = collector.await(e -> e.size() >= 42, 5);
      assertEquals(
          List.of(Kind.STALL, Kind.RESUMED),
          events.stream().map(Seen::kind).filter(k -> k != Kind.EEG).toList());
      assertArrayEquals(
          IntStream.range(0, 40).asLongStream().toArray(),
          events.stream().filter(e -> e.kind() == Kind.EEG).mapToLong(Seen::sampleIndex).toArray());
      assertEquals(1, ingest.stats().stalls());
      assertEquals(0, ingest.stats().reconnects(), "same uid: the inlet was kept");
    }
  }

  @Test
  void refusesRingsTooNarrowForTheStreamAndStringStreams() throws Exception {
    RingBuffer<SampleEvent> narrow =
        RingBuffer.createMultiProducer(() -> new SampleEvent(8), 16, new YieldingWaitStrategy());
    try (LslOutlet outlet = LslOutlet.eeg(unique("wide"), unique("src"), labels(), RATE)) {
      StreamInfo info = outlet.info();
      assertThrows(
          IllegalArgumentException.class,
          () -> EegIngest.open(info, narrow, new DropCounters(), EegIngest.Options.defaults()));
    }
    try (LslOutlet markers = LslOutlet.markers(unique("notEeg"), unique("src"))) {
      StreamInfo info = markers.info();
      assertThrows(
          java.io.IOException.class,
          () -> EegIngest.open(info, ring(16), new DropCounters(), EegIngest.Options.defaults()));
    }
  }
}
