package org.eegdecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.SupaEegModel;
import org.eegdecode.decoder.model.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The decoder with epochs fed straight into {@link LiveDecoder#onEvent} (no LSL, no ring): one
 * forward pass per Disruptor batch, rankings equal to the offline encoding, accuracy, latency,
 * limits, failing sinks and the JSON format.
 */
class LiveDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 10;
  private static final double LSL_NOW = 1000.0;

  private static NDManager manager;
  private static SupaEegModel model;
  private static ModelConfig config;
  private static float[][] epochs;
  private static float[] offline;
  private static Gallery gallery;

  /** A result as a sink saw it, copied. */
  record Seen(
      long epoch,
      String marker,
      int[] rows,
      float[] scores,
      long batch,
      int batchSize,
      int position,
      boolean labelled,
      boolean top1,
      boolean top5,
      double completeMs,
      double markerMs) {}

  static final class Collect implements ResultSink {
    final List<Seen> seen = new ArrayList<>();
    int batchEnds;

    @Override
    public void accept(DecodedEpoch r) {
      int[] rows = new int[r.topK()];
      float[] scores = new float[r.topK()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = r.galleryRow(i);
        scores[i] = r.score(i);
      }
      seen.add(
          new Seen(
              r.epochIndex(),
              r.markerText(),
              rows,
              scores,
              r.batchNumber(),
              r.batchSize(),
              r.batchPosition(),
              r.labelled(),
              r.top1Correct(),
              r.top5Correct(),
              r.completeToResultMs(),
              r.markerToResultMs()));
    }

    @Override
    public void endOfBatch() {
      batchEnds++;
    }
  }

  // Shared with the other tests of this package (never closed: freed with the test JVM).
  static {
    manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
    config = TestModels.small();
    model = new SupaEegModel(config);
    model.initialize(manager);
    int length = config.eegInputDim();
    epochs = new float[N][];
    float[] all = new float[N * length];
    for (int i = 0; i < N; i++) {
      epochs[i] = TestModels.gaussian(100 + i, length);
      System.arraycopy(epochs[i], 0, all, i * length, length);
    }
    offline = embed(all, N);
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      concepts.add(String.format("%05d_c%d", i + 1, i));
      files.add("c" + i + "_01.jpg");
    }
    // The gallery is the epochs' own embeddings: epoch i's best match is row i.
    gallery = Gallery.normalised(concepts, files, offline, config.featureDim());
  }

  static float[] embed(float[] x, int n) {
    try (NDManager m = manager.newSubManager()) {
      return model
          .encodeEeg(
              new ParameterStore(m, false), m.create(x, new Shape(n, config.eegInputDim())), false)
          .toFloatArray();
    }
  }

  static LiveDecoder decoder(DecoderSettings settings, ResultSink... sinks) {
    return new LiveDecoder(model, manager, gallery, settings, List.of(sinks), () -> LSL_NOW);
  }

  static String label(int i) {
    return gallery.concepts().get(i) + "/" + gallery.files().get(i);
  }

  static EpochEvent event(int i, String marker, long closingNanos, double markerTs) {
    return event(i, marker, Double.NaN, closingNanos, markerTs);
  }

  /** An epoch whose marker has a numeric value (a numeric marker stream's). */
  static EpochEvent event(int i, String marker, double number, long closingNanos, double markerTs) {
    EpochEvent e = new EpochEvent(config.channels(), config.timepoints());
    System.arraycopy(epochs[i], 0, e.data(), 0, epochs[i].length);
    byte[] text = marker.getBytes(StandardCharsets.UTF_8);
    e.set(i, text, text.length, number, markerTs, markerTs + 0.001, closingNanos, closingNanos);
    return e;
  }

  static void feed(LiveDecoder d, List<EpochEvent> events, boolean oneBatch) {
    for (int i = 0; i < events.size(); i++) {
      d.onEvent(events.get(i), i, !oneBatch || i == events.size() - 1);
    }
  }

  static List<EpochEvent> events(int count) {
    List<EpochEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(event(i, label(i), System.nanoTime(), LSL_NOW - 0.9));
    }
    return out;
  }

  @Test
  void aDisruptorBatchIsOneForwardPassAndRankingsMatchTheOfflineEncoding() {
    Collect sink = new Collect();
    try (LiveDecoder d = decoder(DecoderSettings.defaults(), sink)) {
      d.warmUp();
      feed(d, events(5), true);
      assertEquals(1, d.batches());
      assertEquals(5, d.largestBatch());
      assertEquals(1, sink.batchEnds);
      assertEquals(5, sink.seen.size());
      int[] rows = new int[5];
      float[] scores = new float[5];
      for (int i = 0; i < 5; i++) {
        Seen s = sink.seen.get(i);
        assertEquals(i, s.epoch());
        assertEquals(0, s.batch());
        assertEquals(5, s.batchSize());
        assertEquals(i, s.position());
        assertEquals(i, s.rows()[0], "epoch " + i + " matches its own gallery row");
        // single-epoch offline encoding, ranked the same way
        float[] single = embed(epochs[i], 1);
        gallery.topK(single, 0, 5, rows, scores);
        assertArrayEquals(rows, s.rows(), "epoch " + i);
        assertArrayEquals(scores, s.scores(), 1e-5f, "epoch " + i);
        assertEquals(1.0, s.scores()[0], 1e-4);
      }
      // endOfBatch on every event: one forward pass each
      feed(d, events(3), false);
      assertEquals(4, d.batches());
      assertEquals(8, d.decoded());
      assertEquals(8, d.seen());
    }
  }

  @Test
  void aBatchLongerThanMaxBatchIsSplit() {
    Collect sink = new Collect();
    try (LiveDecoder d = decoder(DecoderSettings.defaults().withMaxBatch(4), sink)) {
      feed(d, events(10), true);
      assertEquals(3, d.batches());
      assertEquals(4, d.largestBatch());
      assertEquals(List.of(4, 4, 4, 4, 4, 4, 4, 4, 2, 2), sizes(sink));
      for (int i = 0; i < 10; i++) {
        assertEquals(i, sink.seen.get(i).rows()[0]);
        assertEquals(i / 4, sink.seen.get(i).batch());
      }
    }
  }

  private static List<Integer> sizes(Collect sink) {
    return sink.seen.stream().map(Seen::batchSize).toList();
  }

  @Test
  void accuracyCountsMarkersThatNameAGalleryImageByAnyConvention() {
    Collect sink = new Collect();
    List<String> shown = new ArrayList<>();
    ResultSink names =
        r ->
            shown.add(
                r.stimulusRow()
                    + " "
                    + r.stimulusConcept()
                    + " "
                    + r.stimulusFile()
                    + " "
                    + r.stimulusConvention()
                    + " "
                    + r.stimulusOutcome());
    try (LiveDecoder d = decoder(DecoderSettings.defaults(), sink, names)) {
      long now = System.nanoTime();
      List<EpochEvent> in =
          List.of(
              event(0, label(0), now, 0), // right
              event(1, label(2), now, 0), // wrong concept (file of another)
              event(2, gallery.concepts().get(2) + "/other.jpg", now, 0), // concept counts
              event(3, "stim", now, 0), // no label
              event(4, "99999_unknown/x.jpg", now, 0), // not in the gallery
              event(5, "/" + label(5), now, 0), // a path: its file names the image
              event(6, "7", 7.0, now, 0), // integer code 7 = row 6 (int32 stream)
              event(7, "c7", now, 0), // the concept without its numeric prefix
              event(8, "8.5", 8.5, now, 0)); // a float32 marker that is not an integer
      feed(d, in, true);
      LiveAccuracy acc = d.accuracy();
      assertEquals(6, acc.labelled());
      assertEquals(3, acc.unlabelled());
      assertEquals(5, acc.top1Hits());
      // epoch 1 under label 2: a top-5 hit exactly when row 2 is among its 5 best
      boolean expected5 = false;
      for (int r : sink.seen.get(1).rows()) {
        expected5 |= r == 2;
      }
      assertEquals(5 + (expected5 ? 1 : 0), acc.top5Hits());
      assertEquals(5.0 / 6, acc.top1(), 1e-12);
      assertTrue(sink.seen.get(0).labelled() && sink.seen.get(0).top1());
      assertTrue(sink.seen.get(1).labelled() && !sink.seen.get(1).top1());
      assertEquals(expected5, sink.seen.get(1).top5());
      assertFalse(sink.seen.get(3).labelled());
      assertFalse(sink.seen.get(4).labelled());
      assertTrue(sink.seen.get(5).labelled() && sink.seen.get(5).top1());
      assertTrue(sink.seen.get(6).labelled() && sink.seen.get(6).top1());
      assertFalse(sink.seen.get(8).labelled());
      assertEquals(9, d.decoded());
      assertEquals(
          List.of(
              "0 00001_c0 c0_01.jpg CONCEPT_FILE IMAGE",
              "2 00003_c2 c2_01.jpg CONCEPT_FILE IMAGE",
              "2 00003_c2 c2_01.jpg CONCEPT_FILE IMAGE",
              "-1 null null null UNKNOWN",
              "-1 null null null UNKNOWN",
              "5 00006_c5 c5_01.jpg FILE IMAGE",
              "6 00007_c6 c6_01.jpg CODE IMAGE",
              "7 00008_c7 c7_01.jpg BARE_CONCEPT IMAGE",
              "-1 null null null NOT_INTEGER"),
          shown);
      assertEquals(List.of("stim", "99999_unknown/x.jpg"), acc.tally().unknownValues());
      assertEquals(List.of("8.5"), acc.tally().notIntegerValues());
      assertEquals(1, acc.tally().by(org.eegdecode.acquisition.stimulus.MarkerConvention.CODE));
    }
    try (LiveDecoder d = decoder(DecoderSettings.defaults())) {
      feed(d, List.of(event(0, "stim", System.nanoTime(), 0)), true);
      assertNull(d.accuracy().top1());
      assertNull(d.accuracy().top5());
      assertEquals(1, d.decoded());
    }
  }

  @Test
  void conceptLookupWorksOnBytesWithRepeatedAndUnicodeConcepts() {
    Gallery g =
        Gallery.normalised(
            List.of("a", "zebra", "a", "Äpfel 🙂"),
            List.of("1.jpg", "2.jpg", "3.jpg", "4.jpg"),
            TestModels.gaussian(3, 4 * 16),
            16);
    LiveAccuracy acc = new LiveAccuracy(g);
    assertEquals(3, acc.concepts());
    assertEquals(acc.conceptOfRow(0), acc.conceptOfRow(2));
    byte[] b = "Äpfel 🙂/x.jpg".getBytes(StandardCharsets.UTF_8);
    assertEquals(acc.conceptOfRow(3), acc.conceptOf(b, b.length));
    byte[] z = "zebra/2.jpg trailing".getBytes(StandardCharsets.UTF_8);
    assertEquals(acc.conceptOfRow(1), acc.conceptOf(z, z.length));
    byte[] none = "zebr/x.jpg".getBytes(StandardCharsets.UTF_8);
    assertEquals(-1, acc.conceptOf(none, none.length));
    assertEquals(acc.conceptOfRow(1), acc.conceptOf(z, 5)); // "zebra": the concept's name
    byte[] file = "zebr/2.jpg".getBytes(StandardCharsets.UTF_8);
    assertEquals(acc.conceptOfRow(1), acc.conceptOf(file, file.length)); // the file name
    byte[] a = "a".getBytes(StandardCharsets.UTF_8); // a concept with two images
    assertEquals(acc.conceptOfRow(2), acc.conceptOf(a, a.length));
  }

  @Test
  void latenciesAreRecordedFromClosingArrivalAndMarkerTimestamp() {
    Collect sink = new Collect();
    try (LiveDecoder d = decoder(DecoderSettings.defaults(), sink)) {
      long closing = System.nanoTime() - 3_000_000L;
      feed(d, List.of(event(0, label(0), closing, LSL_NOW - 0.5)), true);
      LatencyStats.Snapshot s = d.latency().snapshot();
      assertEquals(1, s.completeToResult().count());
      assertTrue(s.completeToResult().p50Ms() >= 2.99, s.toString());
      assertTrue(s.completeToResult().maxMs() < 1000, s.toString());
      assertEquals(500.0, s.markerToResult().p50Ms(), 0.5);
      assertEquals(1, s.encode().count());
      Seen seen = sink.seen.get(0);
      assertEquals(500.0, seen.markerMs(), 1e-6);
      assertTrue(seen.completeMs() >= 3.0);
      // the snapshot accumulates: a second epoch adds to the same totals
      feed(d, List.of(event(1, label(1), System.nanoTime(), LSL_NOW - 0.25)), true);
      assertEquals(2, d.latency().snapshot().markerToResult().count());
      assertEquals(500.0, d.latency().snapshot().markerToResult().maxMs(), 0.5);
      double[] stages = d.stageMeansMs();
      assertEquals(LiveDecoder.STAGES.size(), stages.length);
      for (double v : stages) {
        assertTrue(v >= 0, java.util.Arrays.toString(stages));
      }
    }
  }

  @Test
  void epochsBeyondTheLimitAreCountedNotDecoded() {
    Collect sink = new Collect();
    try (LiveDecoder d = decoder(DecoderSettings.defaults(), sink)) {
      d.limit(3);
      feed(d, events(5), true);
      assertEquals(3, d.decoded());
      assertEquals(2, d.beyondLimit());
      assertEquals(5, d.seen());
      assertTrue(d.limitReached());
      assertEquals(3, sink.seen.size());
    }
  }

  @Test
  void aFailingSinkIsCountedAndTheOthersStillReceive() {
    Collect sink = new Collect();
    ResultSink broken =
        r -> {
          throw new IllegalStateException("boom");
        };
    try (LiveDecoder d = decoder(DecoderSettings.defaults(), broken, sink)) {
      feed(d, events(4), false);
      assertEquals(4, d.decoded());
      assertEquals(4, d.sinkErrors());
      assertEquals(4, sink.seen.size());
    }
  }

  @Test
  void epochsOfAnotherShapeAreCountedNotDecoded() {
    try (LiveDecoder d = decoder(DecoderSettings.defaults())) {
      EpochEvent wrong = new EpochEvent(config.channels() + 1, config.timepoints());
      d.onEvent(wrong, 0, true);
      assertEquals(1, d.seen());
      assertEquals(0, d.decoded());
      assertEquals(1, d.shapeErrors());
    }
  }

  @Test
  void jsonLinesCarryTheDocumentedObject() throws Exception {
    StringWriter out = new StringWriter();
    JsonLinesSink lines = new JsonLinesSink(out, "test");
    try (LiveDecoder d = decoder(DecoderSettings.defaults().withTopK(3), lines)) {
      String marker = label(4);
      String odd = "quote \" back\\slash\nnew\tline Ä 🙂 \u0001";
      long closing = System.nanoTime() - 1_000_000L;
      feed(d, List.of(event(4, marker, closing, 999.125), event(5, odd, closing, 999.5)), true);
      lines.close();
      List<String> text = out.toString().lines().toList();
      assertEquals(2, text.size(), out.toString());
      JsonNode first = JSON.readTree(text.get(0));
      assertEquals(4, first.get("epoch").asLong());
      assertEquals(marker, first.get("marker").asText());
      assertEquals(999.125, first.get("marker_ts").asDouble(), 0);
      JsonNode topk = first.get("topk");
      assertEquals(3, topk.size());
      assertEquals(gallery.concepts().get(4), topk.get(0).get("concept").asText());
      assertEquals(gallery.files().get(4), topk.get(0).get("file").asText());
      assertEquals(1.0, topk.get(0).get("score").asDouble(), 1e-4);
      assertTrue(topk.get(0).get("score").asDouble() >= topk.get(1).get("score").asDouble());
      JsonNode latency = first.get("latency_ms");
      assertTrue(latency.get("complete_to_result").asDouble() >= 1.0, latency.toString());
      assertEquals(875.0, latency.get("marker_to_result").asDouble(), 1e-3);
      assertEquals(
          List.of("epoch", "marker", "marker_ts", "stimulus", "topk", "latency_ms"),
          iterable(first.fieldNames()));
      assertEquals(
          JSON.readTree(
              "{\"concept\":\""
                  + gallery.concepts().get(4)
                  + "\",\"file\":\""
                  + gallery.files().get(4)
                  + "\",\"by\":\"concept_file\"}"),
          first.get("stimulus"));
      JsonNode second = JSON.readTree(text.get(1));
      assertEquals(odd, second.get("marker").asText());
      assertTrue(second.get("stimulus").isNull(), second.toString());
    }
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void resolvingAndScoringMarkersOfEveryConventionAllocatesNothing() {
    LiveAccuracy acc = new LiveAccuracy(gallery);
    List<DecodedEpoch> slots = new ArrayList<>();
    long now = System.nanoTime();
    List<EpochEvent> in =
        List.of(
            event(0, label(0), now, 0),
            event(1, "3", 3, now, 0),
            event(2, "C:\\stim\\c2_01.png", now, 0),
            event(3, "c3", now, 0),
            event(4, "00005_c4", now, 0),
            event(5, "fixation", now, 0),
            event(6, "6.5", 6.5, now, 0));
    for (int i = 0; i < in.size(); i++) {
      DecodedEpoch slot = new DecodedEpoch(gallery, 5, 5);
      slot.capture(in.get(i), i, now);
      for (int r = 0; r < 5; r++) {
        slot.rowsArray()[r] = (i + r) % N;
      }
      slots.add(slot);
    }
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int rounds = 100_000;
    long before = 0;
    for (int k = 0; k < 2 * rounds; k++) {
      if (k == rounds) {
        before = mx.getThreadAllocatedBytes(thread);
      }
      acc.score(slots.get(k % slots.size()));
    }
    long allocated = mx.getThreadAllocatedBytes(thread) - before;
    System.out.println(
        "LiveAccuracy.score: " + allocated + " bytes allocated in " + rounds + " markers");
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes in " + rounds + " markers");
    assertEquals(2 * rounds / 7 * 5 + (2 * rounds % 7 >= 5 ? 5 : 2 * rounds % 7), acc.labelled());
  }

  @Test
  void theHotPathAllocatesOnlyWhatDjlNeedsPerForwardPass() {
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<EpochEvent> in = events(N);
    try (LiveDecoder d = decoder(DecoderSettings.defaults())) {
      d.warmUp();
      for (int r = 0; r < 200; r++) {
        feed(d, in, false);
      }
      long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
      int rounds = 200;
      for (int r = 0; r < rounds; r++) {
        feed(d, in, false);
      }
      long perEpoch =
          (mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / (rounds * N);
      // DJL wraps every tensor of a forward pass (and the batch's sub-manager) in small Java
      // objects, about 8 KB per pass; the decoder adds nothing per epoch.
      assertTrue(perEpoch < 16_000, "allocated " + perEpoch + " bytes per batch-1 epoch");
      System.out.println("LiveDecoder hot path: " + perEpoch + " bytes allocated per epoch");
    }
  }

  static EpochEvent hint(long epochIndex) {
    EpochEvent e = new EpochEvent(config.channels(), config.timepoints());
    long now = System.nanoTime();
    e.setDueHint(epochIndex, now + 5_000_000L, now);
    return e;
  }

  @Test
  void aDueHintRunsOneWarmPassOnlyWhenNoEpochIsWaitingAndPublishesNothing() {
    Collect sink = new Collect();
    try (LiveDecoder d = decoder(DecoderSettings.defaults().withWarm(WarmMode.ON, 2), sink)) {
      d.warmUp();
      assertEquals(0.002, d.dueLeadSeconds(), 1e-12);
      d.onEvent(hint(0), 0, true); // alone on the ring: warm
      assertEquals(1, d.warmPasses());
      assertTrue(d.warmMeanMs() > 0);
      assertEquals(0, d.seen());
      assertEquals(0, sink.seen.size());
      assertEquals(0, d.batches());
      // more events behind the hint: skipped
      d.onEvent(hint(1), 1, false);
      // an epoch, then a hint ending the batch: the epoch is decoded, the hint skipped
      d.onEvent(event(1, label(1), System.nanoTime(), LSL_NOW - 0.9), 2, false);
      d.onEvent(hint(2), 3, true);
      assertEquals(3, d.dueHints());
      assertEquals(1, d.warmPasses());
      assertEquals(2, d.warmSkipped());
      assertEquals(1, d.decoded());
      assertEquals(1, sink.seen.get(0).rows()[0], "the warm pass does not disturb results");
      assertEquals(0, d.warmOverlaps());
    }
    try (LiveDecoder off = decoder(DecoderSettings.defaults().withWarm(WarmMode.ON, 0))) {
      assertEquals(0, off.dueLeadSeconds());
    }
    try (LiveDecoder cpuAuto = decoder(DecoderSettings.defaults())) {
      assertEquals(0, cpuAuto.dueLeadSeconds(), "auto: no warm phase on the CPU");
    }
    assertEquals(WarmMode.OFF, WarmMode.parse(" Off "));
    assertThrows(ConfigException.class, () -> WarmMode.parse("sometimes"));
  }

  static EpochEvent hintDueIn(long epochIndex, long nanos) {
    EpochEvent e = new EpochEvent(config.channels(), config.timepoints());
    long now = System.nanoTime();
    e.setDueHint(epochIndex, now + nanos, now);
    return e;
  }

  @Test
  void aWarmPhasePassesFromTheLeadUntilTheNextEventIsOnTheRingOrTheDeadline() {
    try (LiveDecoder d = decoder(DecoderSettings.defaults().withWarm(WarmMode.ON, 2))) {
      d.warmUp();
      long due = 6_000_000L;
      long lead = 2_000_000L;
      long t0 = System.nanoTime();
      EpochEvent hint = hintDueIn(0, due);
      long leadAt = hint.dueNanos() - lead;
      // parks until the lead; from then on the epoch is on the ring at the fourth look: three
      // passes, set by counted looks rather than an arrival time (a slow pass cannot change the
      // count unless three of them outlast the 25 ms overrun)
      int[] looksAfterLead = {0};
      d.watchRing(() -> System.nanoTime() < leadAt || ++looksAfterLead[0] <= 3 ? 10 : 11);
      d.onEvent(hint, 10, true);
      long took = System.nanoTime() - t0;
      assertEquals(1, d.warmPhases(), "skipped " + d.warmSkipped() + ", " + took / 1e6 + " ms");
      assertTrue(took >= due - lead, "passed before the lead: " + took / 1e6 + " ms");
      assertEquals(3, d.warmPasses(), "passes until the epoch is on the ring");
      // the epoch is already on the ring: no pass
      d.watchRing(() -> 21);
      d.onEvent(hintDueIn(1, due), 20, true);
      assertEquals(1, d.warmSkipped());
      // nothing ever arrives: passes until the overrun after the due time, then stops
      long before = d.warmPasses();
      d.watchRing(() -> 30);
      long t1 = System.nanoTime();
      d.onEvent(hintDueIn(2, 0), 30, true);
      took = System.nanoTime() - t1;
      assertTrue(d.warmPasses() > before + 1, "several passes: " + (d.warmPasses() - before));
      assertTrue(took >= LiveDecoder.WARM_OVERRUN_NANOS, "stopped early: " + took / 1e6 + " ms");
      assertTrue(took < LiveDecoder.WARM_OVERRUN_NANOS + 1_000_000_000L, "bounded: " + took / 1e6);
      assertEquals(2, d.warmPhases());
      assertEquals(0, d.decoded());
    }
  }
}
