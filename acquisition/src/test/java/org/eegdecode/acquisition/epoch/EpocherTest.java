package org.eegdecode.acquisition.epoch;

import static org.eegdecode.acquisition.epoch.SyntheticStream.THINGS_17;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.eegdecode.acquisition.ring.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpocherTest {
  private static final EpochSpec SPEC = new EpochSpec(-0.2, 0.8, 100, THINGS_17, null);
  private static final double CUTOFF = 0.4;
  private static final double HALF_S = 0.1;

  /** A marker and when (stream time) it reaches the ring. */
  record Marker(double ts, double arrival, String text) {}

  /** Feeds the whole stream, inserting each marker after the first sample at/after its arrival. */
  static void play(EpocherHarness h, SyntheticStream s, List<Marker> markers) {
    List<Marker> byArrival = new ArrayList<>(markers);
    byArrival.sort(Comparator.comparingDouble(Marker::arrival));
    int next = 0;
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
      while (next < byArrival.size() && byArrival.get(next).arrival() <= s.ts[i]) {
        Marker m = byArrival.get(next++);
        h.marker(m.ts(), m.text());
      }
    }
  }

  static List<Marker> rsvp(SyntheticStream s, int n, double first, double lagMin, double lagMax) {
    Random r = new Random(11);
    List<Marker> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double ts = s.t0 + first + 0.2 * i + r.nextDouble() * 0.9 / s.fs;
      double lag = lagMin + (lagMax - lagMin) * r.nextDouble();
      out.add(new Marker(ts, ts + lag, "stim_" + i));
    }
    return out;
  }

  static double[][] reference(SyntheticStream s, EpochSpec spec, double marker) {
    return ReferenceEpoch.compute(
        s,
        marker,
        spec.tmin(),
        spec.tmax(),
        spec.modelRate(),
        spec.modelChannels(),
        CUTOFF,
        HALF_S,
        spec.whitening());
  }

  static Marker byText(List<Marker> markers, String text) {
    return markers.stream().filter(m -> m.text().equals(text)).findFirst().orElseThrow();
  }

  static void assertMatchesReference(
      SyntheticStream s, EpochSpec spec, List<Marker> markers, EpocherHarness.Captured e) {
    Marker m = byText(markers, e.marker());
    assertEquals(m.ts(), e.markerTimestamp());
    int onset = ReferenceEpoch.onset(s.ts, m.ts());
    assertEquals(s.ts[onset], e.onsetTimestamp(), "onset of " + e.marker());
    double err = ReferenceEpoch.relativeError(e.data(), reference(s, spec, m.ts()));
    assertTrue(err <= 1e-4, e.marker() + " at " + s.fs + " Hz: relative error " + err);
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(doubles = {100, 250, 500, 1000})
  void overlappingEpochsMatchTheReferenceChainWithMarkersBeforeAndAfterTheirData(double fs) {
    List<String> labels = SyntheticStream.shuffledWithExtras((long) fs, "X1", "EOG", "X2");
    SyntheticStream s = SyntheticStream.create(fs, labels, 13, 7);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    List<Marker> markers = rsvp(s, 50, 1.5, -0.5, 1.5);
    play(h, s, markers);

    assertEquals(50, h.emitted.size(), () -> h.drops.snapshot().toString());
    for (EpocherHarness.Captured e : h.emitted) {
      assertMatchesReference(s, SPEC, markers, e);
      assertEquals(17 * 100, e.data().length);
    }
    // The three paths: marker before its data, while its epoch fills, after it completed.
    double fill = h.epocher.geometry().needLast() / fs; // marker to last needed sample
    long early = markers.stream().filter(m -> m.arrival() < m.ts()).count();
    long late = markers.stream().filter(m -> m.arrival() - m.ts() > fill).count();
    assertTrue(early > 5 && late > 5 && early + late < 45, early + " early, " + late + " late");
    // Epoch indices count accepted markers in arrival order.
    long[] indices =
        h.emitted.stream().mapToLong(EpocherHarness.Captured::epochIndex).sorted().toArray();
    long[] expected = new long[50];
    Arrays.setAll(expected, i -> i);
    assertArrayEquals(expected, indices);
    h.assertAccounting();
    assertEquals(50, h.epocher.counters().markersAccepted());
  }

  @Test
  void atTheModelRateAnEpochIsTheSourceMinusTheMeanOfTminToZeroInclusive() {
    SyntheticStream s = SyntheticStream.create(100, THINGS_17, 6, 3);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
    }
    h.marker(s.ts[300], "exact"); // onset 300: window 280 … 379, baseline 280 … 300 (21 samples)
    h.marker(s.ts[400] - 0.004, "between"); // onset 400 (first sample at or after the marker)
    assertEquals(2, h.emitted.size());
    int[] onsets = {300, 400};
    for (int e = 0; e < 2; e++) {
      float[] data = h.emitted.get(e).data();
      int onset = onsets[e];
      for (int c = 0; c < 17; c++) {
        double sum = 0;
        for (int i = onset - 20; i <= onset; i++) {
          sum += s.x[i][c];
        }
        double baseline = sum / 21;
        for (int k = 0; k < 100; k++) {
          double expected = s.x[onset - 20 + k][c] - baseline;
          assertEquals(expected, data[c * 100 + k], 1e-6 * Math.abs(s.x[onset - 20 + k][c]) + 1e-5);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(doubles = {250, 1000})
  void aSlowSineComesOutAtTheRightTimes(double fs) {
    // Independent of the reference: a 4 Hz sine (gain ~1) must appear at the output times.
    List<String> one = List.of("Oz");
    SyntheticStream s = SyntheticStream.create(fs, one, 4, 1);
    for (int i = 0; i < s.length(); i++) {
      s.x[i][0] = (float) (30 * Math.sin(2 * Math.PI * 4 * (s.ts[i] - s.t0)) + 100);
    }
    EpochSpec spec = new EpochSpec(-0.2, 0.8, 100, List.of(), null);
    EpocherHarness h = new EpocherHarness(spec, s.layout("sine"));
    double marker = s.t0 + 1.23456;
    h.marker(marker, "m");
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
    }
    assertEquals(1, h.emitted.size());
    int onset = ReferenceEpoch.onset(s.ts, marker);
    int start = onset - (int) Math.round(0.2 * fs);
    double baseline = 0;
    for (int i = start; i <= onset; i++) {
      baseline += s.x[i][0];
    }
    baseline /= onset - start + 1;
    float[] data = h.emitted.get(0).data();
    for (int k = 0; k < 100; k++) {
      double t = (start + k * fs / 100.0) / fs; // seconds since the stream start
      double expected = 30 * Math.sin(2 * Math.PI * 4 * t) + 100 - baseline;
      assertEquals(expected, data[k], 0.3, "k=" + k); // 1% of the amplitude
    }
  }

  @Test
  void anEpochIsEmittedByTheSampleThatCompletesIt() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 4, 5);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    double marker = s.ts[1500] - 0.0002; // onset 1500
    h.marker(marker, "m"); // before any data: waits
    int needLast = h.epocher.geometry().needLast();
    assertEquals(890, needLast);
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
      assertEquals(i >= 1500 + needLast ? 1 : 0, h.emitted.size(), "after sample " + i);
    }
    assertEquals(0, h.epocher.counters().pending());
  }

  @Test
  void channelsArePickedByLabelInTheModelsOrderAndWhitened() {
    List<String> labels = SyntheticStream.shuffledWithExtras(99, "EOG", "X1");
    SyntheticStream s = SyntheticStream.create(500, labels, 5, 9);
    Random r = new Random(4);
    float[] w = new float[17 * 17];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.2 + (i % 18 == 0 ? 1 : 0));
    }
    EpochSpec white = SPEC.withWhitening(w);
    EpocherHarness h = new EpocherHarness(white, s.layout("amp"));
    List<Marker> markers = rsvp(s, 10, 1.0, 0.05, 0.3);
    play(h, s, markers);
    assertEquals(10, h.emitted.size());
    for (EpocherHarness.Captured e : h.emitted) {
      assertMatchesReference(s, white, markers, e);
    }
    assertEquals(THINGS_17, h.epocher.geometry().channelLabels());
  }

  @Test
  void emptyModelChannelsKeepTheStreamsOwnOrder() {
    List<String> labels = List.of("C3", "Cz", "C4");
    SyntheticStream s = SyntheticStream.create(200, labels, 4, 2);
    EpochSpec spec = new EpochSpec(-0.2, 0.8, 100, List.of(), null);
    EpocherHarness h = new EpocherHarness(spec, s.layout("amp"));
    List<Marker> markers = rsvp(s, 5, 1.0, 0.0, 0.1);
    play(h, s, markers);
    assertEquals(5, h.emitted.size());
    assertEquals(labels, h.epocher.geometry().channelLabels());
    for (EpocherHarness.Captured e : h.emitted) {
      assertMatchesReference(s, spec, markers, e);
    }
  }

  @Test
  void aDuplicateTimestampIsDroppedButTwoMarkersOnOneSampleAreNot() {
    SyntheticStream s = SyntheticStream.create(100, THINGS_17, 5, 5);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
    }
    h.marker(s.ts[200] - 0.001, "a");
    h.marker(s.ts[200] - 0.001, "a again"); // same timestamp: the same event sent twice
    h.marker(s.ts[200] - 0.003, "b"); // another marker mapping to the same sample: kept
    assertEquals(2, h.emitted.size());
    assertEquals(1, h.drop(DropReason.DUPLICATE_MARKER));
    assertArrayEquals(h.emitted.get(0).data(), h.emitted.get(1).data());
    assertEquals(3, h.epocher.counters().markersSeen());
    assertEquals(2, h.epocher.counters().markersAccepted());
    h.assertAccounting();
  }

  @Test
  void markersOlderThanTheBufferOrThanTheStreamAreTooOld() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 10, 5);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"), "acquisition.buffer_seconds=3");
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
    }
    // Buffered: samples 7000 … 9999. An epoch needs onset − 300 … onset + 890.
    h.marker(s.ts[2000], "long gone");
    h.marker(s.ts[7200], "onset buffered, window start gone");
    h.marker(s.ts[7300], "just servable");
    assertEquals(2, h.drop(DropReason.MARKER_TOO_OLD));
    assertEquals(1, h.emitted.size());
    assertEquals("just servable", h.emitted.get(0).marker());

    EpocherHarness fresh = new EpocherHarness(SPEC, s.layout("amp"));
    fresh.marker(s.ts[100], "too close to the stream start"); // waits, then lacks 200 samples
    for (int i = 0; i < 2000; i++) {
      fresh.sample(s, i);
    }
    assertEquals(1, fresh.drop(DropReason.MARKER_TOO_OLD));
    assertEquals(0, fresh.emitted.size());
    h.assertAccounting();
    fresh.assertAccounting();
  }

  /** Position (received-sample count) of each original sample, -1 for samples never sent. */
  static long[] positions(int n, java.util.function.IntPredicate skipped) {
    long[] pos = new long[n];
    long p = 0;
    for (int i = 0; i < n; i++) {
      pos[i] = skipped.test(i) ? -1 : p++;
    }
    return pos;
  }

  /** Expected fate by position: does the epoch's range contain the break at {@code breakPos}? */
  static boolean spans(EpochGeometry g, long onsetPos, long breakPos) {
    return onsetPos + g.needFirst() < breakPos && breakPos <= onsetPos + g.needLast();
  }

  @Test
  void anIndexJumpDropsExactlyTheEpochsSpanningItAsGap() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 14, 5);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    List<Marker> markers = rsvp(s, 55, 1.0, -0.4, 1.2);
    java.util.function.IntPredicate lost = i -> i >= 6000 && i < 6010;
    List<Marker> byArrival = new ArrayList<>(markers);
    byArrival.sort(Comparator.comparingDouble(Marker::arrival));
    int next = 0;
    for (int i = 0; i < s.length(); i++) {
      if (!lost.test(i)) {
        h.sample(s, i);
      }
      while (next < byArrival.size() && byArrival.get(next).arrival() <= s.ts[i]) {
        Marker m = byArrival.get(next++);
        h.marker(m.ts(), m.text());
      }
    }
    long[] pos = positions(s.length(), lost);
    EpochGeometry g = h.epocher.geometry();
    int expectGap = 0;
    for (Marker m : markers) {
      int onset = ReferenceEpoch.onset(s.ts, m.ts());
      while (pos[onset] < 0) {
        onset++;
      }
      if (spans(g, pos[onset], 6000)) {
        expectGap++;
      }
    }
    assertTrue(expectGap >= 5, "scenario must hit the gap: " + expectGap);
    assertEquals(expectGap, h.drop(DropReason.GAP));
    assertEquals(55 - expectGap, h.emitted.size());
    for (EpocherHarness.Captured e : h.emitted) {
      assertMatchesReference(s, SPEC, markers, e);
    }
    h.assertAccounting();
  }

  @Test
  void aTimestampGapWithoutIndexJumpIsAGap() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 8, 5);
    for (int i = 4000; i < s.length(); i++) {
      s.ts[i] += 0.02; // 20 ms hole, indices contiguous
    }
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    List<Marker> markers = rsvp(s, 25, 1.0, 0.0, 0.5);
    play(h, s, markers);
    EpochGeometry g = h.epocher.geometry();
    int expectGap = 0;
    for (Marker m : markers) {
      if (spans(g, ReferenceEpoch.onset(s.ts, m.ts()), 4000)) {
        expectGap++;
      }
    }
    assertTrue(expectGap >= 5);
    assertEquals(expectGap, h.drop(DropReason.GAP));
    assertEquals(25 - expectGap, h.emitted.size());
    h.assertAccounting();
  }

  @Test
  void clockJumpsBackwardsAndFarForwardsAreTimestampJumps() {
    // Forward: +5 s with contiguous indices.
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 9, 5);
    for (int i = 4000; i < s.length(); i++) {
      s.ts[i] += 5;
    }
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    List<Marker> markers = rsvp(s, 15, 1.0, 0.0, 0.3); // 1.0 … 3.8 s, before the jump
    List<Marker> after = new ArrayList<>(markers);
    after.add(new Marker(s.ts[4050], s.ts[4050], "inside window after jump"));
    after.add(new Marker(s.ts[3999] + 2.0, s.ts[3999] + 2.0, "in the hole"));
    after.add(new Marker(s.ts[6000], s.ts[6000], "well after"));
    play(h, s, after);
    EpochGeometry g = h.epocher.geometry();
    int expectJump = 0;
    for (Marker m : after) {
      if (spans(g, ReferenceEpoch.onset(s.ts, m.ts()), 4000)) {
        expectJump++;
      }
    }
    assertTrue(expectJump >= 6, "jump cases " + expectJump);
    assertEquals(expectJump, h.drop(DropReason.TIMESTAMP_JUMP));
    assertEquals(0, h.drop(DropReason.GAP));
    assertEquals(after.size() - expectJump, h.emitted.size());
    h.assertAccounting();

    // Backwards: −100 s; markers stamped in the old clock that wait for data are dropped too.
    SyntheticStream b = SyntheticStream.create(1000, THINGS_17, 8, 5);
    for (int i = 4000; i < b.length(); i++) {
      b.ts[i] -= 100;
    }
    EpocherHarness back = new EpocherHarness(SPEC, b.layout("amp"));
    for (int i = 0; i < 3500; i++) {
      back.sample(b, i);
    }
    back.marker(b.ts[3000], "spanning"); // needs up to 3890 … fine, completes before the jump
    back.marker(b.ts[3400], "pending across the reset");
    back.marker(b.ts[3499] + 1.0, "waiting for future data");
    for (int i = 3500; i < b.length(); i++) {
      back.sample(b, i);
    }
    assertEquals(1, back.emitted.size());
    assertEquals(2, back.drop(DropReason.TIMESTAMP_JUMP));
    back.assertAccounting();
  }

  @Test
  void aStallDropsPendingEpochsAsOutageAndEpochsAcrossItToo() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 14, 5);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    List<Marker> markers = rsvp(s, 60, 1.0, -0.2, 0.2);
    List<Marker> byArrival = new ArrayList<>(markers);
    byArrival.sort(Comparator.comparingDouble(Marker::arrival));
    // The stream stops after sample 5999, a STALL is reported, samples resume at 9000.
    java.util.function.IntPredicate lost = i -> i >= 6000 && i < 9000;
    int next = 0;
    long pendingAtStall = -1;
    for (int i = 0; i < s.length(); i++) {
      if (i == 6000) {
        pendingAtStall = h.epocher.counters().pending();
        h.stall(s.ts[5999]);
      }
      if (i == 9000) {
        h.resumed(s.ts[9000]);
      }
      if (!lost.test(i)) {
        h.sample(s, i);
      }
      while (next < byArrival.size() && byArrival.get(next).arrival() <= s.ts[i]) {
        Marker m = byArrival.get(next++);
        h.marker(m.ts(), m.text());
      }
    }
    EpochGeometry g = h.epocher.geometry();
    int spanning = 0;
    int emitted = 0;
    for (Marker m : markers) {
      int onset = ReferenceEpoch.onset(s.ts, m.ts());
      boolean beforeStall = onset + g.needLast() <= 5999;
      boolean afterResume = onset + g.needFirst() >= 9000;
      if (beforeStall || afterResume) {
        emitted++;
      } else {
        spanning++;
      }
    }
    assertTrue(pendingAtStall >= 4, "pending at stall " + pendingAtStall);
    assertTrue(
        spanning > pendingAtStall, "some epochs span the outage without pending at the stall");
    assertEquals(spanning, h.drop(DropReason.OUTAGE));
    assertEquals(0, h.drop(DropReason.GAP));
    assertEquals(emitted, h.emitted.size());
    for (EpocherHarness.Captured e : h.emitted) {
      assertMatchesReference(s, SPEC, markers, e);
    }
    h.assertAccounting();
  }

  @Test
  void nonFiniteValuesInAPickedChannelDropTheEpochsThatUseThem() {
    List<String> labels = new ArrayList<>(THINGS_17);
    labels.add("EOG");
    SyntheticStream s = SyntheticStream.create(1000, labels, 10, 5);
    s.x[5000][labels.indexOf("Oz")] = Float.NaN;
    s.x[7000][labels.indexOf("P3")] = Float.POSITIVE_INFINITY;
    s.x[3000][labels.indexOf("EOG")] = Float.NaN; // not a model channel: harmless
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    List<Marker> markers = rsvp(s, 40, 1.0, 0.0, 1.0);
    play(h, s, markers);
    EpochGeometry g = h.epocher.geometry();
    int expected = 0;
    for (Marker m : markers) {
      int onset = ReferenceEpoch.onset(s.ts, m.ts());
      for (int bad : new int[] {5000, 7000}) {
        if (onset + g.needFirst() <= bad && bad <= onset + g.needLast()) {
          expected++;
        }
      }
    }
    assertTrue(expected >= 10);
    assertEquals(expected, h.drop(DropReason.NON_FINITE));
    assertEquals(40 - expected, h.emitted.size());
    h.assertAccounting();
  }

  @Test
  void aFullEpochRingDropsInsteadOfBlocking() {
    SyntheticStream s = SyntheticStream.create(500, THINGS_17, 6, 5);
    EpocherHarness h =
        new EpocherHarness(SPEC, s.layout("amp"), List.of("acquisition.epoch_ring_size=4"), true);
    List<Marker> markers = rsvp(s, 20, 1.0, 0.0, 0.1);
    play(h, s, markers);
    assertEquals(4, h.emitted.size());
    assertEquals(16, h.drop(DropReason.EPOCH_RING_FULL));
    h.assertAccounting();
  }

  @Test
  void theMarkerFilterRejectsByRegexAndByValueSet() {
    SyntheticStream s = SyntheticStream.create(100, THINGS_17, 6, 5);
    EpocherHarness h =
        new EpocherHarness(
            SPEC,
            s.layout("amp"),
            "acquisition.marker_filter=stim_\\d+",
            "acquisition.marker_values=[stim_1, stim_2, resp]");
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
    }
    String[] texts = {"stim_1", "stim_2", "stim_3", "resp", "stim_x", "stim_1 "};
    for (int i = 0; i < texts.length; i++) {
      h.marker(s.ts[100 + 20 * i], texts[i]);
    }
    assertEquals(List.of("stim_1", "stim_2"), h.emitted.stream().map(e -> e.marker()).toList());
    assertEquals(4, h.drop(DropReason.MARKER_FILTERED));
    h.assertAccounting();
  }

  @Test
  void catchCodesOpenNoEpochAndAreCountedByValue() {
    SyntheticStream s = SyntheticStream.create(100, THINGS_17, 6, 5);
    EpocherHarness h =
        new EpocherHarness(
            SPEC,
            s.layout("amp"),
            "stimulus.catch_codes=[99999, 7]",
            "acquisition.marker_filter=\\d+");
    for (int i = 0; i < s.length(); i++) {
      h.sample(s, i);
    }
    // numeric markers (int32/float32 streams carry the number) and decimal strings alike
    h.marker(s.ts[100], "1", 1);
    h.marker(s.ts[110], "99999", 99999);
    h.marker(s.ts[120], "99999");
    h.marker(s.ts[130], "7", 7.0);
    h.marker(s.ts[140], "2", 2);
    h.marker(s.ts[150], "99999.5", 99999.5); // not an integer: not a catch code
    h.marker(s.ts[160], "x99999"); // filtered, not a catch code
    assertEquals(List.of("1", "2"), h.emitted.stream().map(e -> e.marker()).toList());
    assertEquals(java.util.Map.of(99999L, 2L, 7L, 1L), h.epocher.catchCounts(), "counted by value");
    assertEquals(3, h.epocher.counters().catchMarkers());
    assertEquals(2, h.drop(DropReason.MARKER_FILTERED));
    assertEquals(7, h.epocher.counters().markersSeen());
    h.assertAccounting();

    EpocherHarness none = new EpocherHarness(SPEC, s.layout("amp"), "stimulus.catch_codes=[]");
    for (int i = 0; i < s.length(); i++) {
      none.sample(s, i);
    }
    none.marker(s.ts[100], "99999", 99999);
    assertEquals(1, none.emitted.size(), "no catch codes: 99999 is a marker like any other");
    assertEquals(java.util.Map.of(), none.epocher.catchCounts());
  }

  @Test
  void pendingEpochsAtShutdownAreIncompleteAtStop() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 3, 5);
    EpocherHarness h =
        new EpocherHarness(SPEC, s.layout("amp"), "acquisition.max_pending_epochs=3");
    for (int i = 0; i < 1500; i++) {
      h.sample(s, i);
    }
    for (int i = 0; i < 5; i++) {
      h.marker(s.ts[1200] + 0.2 * i, "m" + i); // 1200 and 1400 wait for data, 3 more in the future
    }
    assertEquals(3, h.epocher.counters().pending());
    assertEquals(2, h.drop(DropReason.PENDING_FULL));
    h.shutdown();
    assertEquals(3, h.drop(DropReason.INCOMPLETE_AT_STOP));
    assertEquals(0, h.epocher.counters().pending());
    h.assertAccounting();
  }

  @Test
  void everyAcceptedMarkerEndsAsOneEpochOrOneDropUnderRandomAbuse() {
    Random r = new Random(2024);
    for (int round = 0; round < 6; round++) {
      double fs = new double[] {250, 500, 1000}[round % 3];
      SyntheticStream s = SyntheticStream.create(fs, THINGS_17, 30, round);
      EpocherHarness h =
          new EpocherHarness(
              SPEC,
              s.layout("amp"),
              List.of(
                  "acquisition.buffer_seconds=2.5",
                  "acquisition.max_pending_epochs=6",
                  "acquisition.epoch_ring_size=64",
                  "acquisition.marker_filter=(stim|dup).*"),
              round % 2 == 0);
      double t = s.t0;
      int m = 0;
      long shift = 0;
      double tsShift = 0;
      for (int i = 0; i < s.length(); i++) {
        double u = r.nextDouble();
        if (u < 0.0005) {
          shift += 1 + r.nextInt(20); // lost samples
          continue;
        } else if (u < 0.0007) {
          tsShift += r.nextBoolean() ? -3 : 4; // clock jump
        } else if (u < 0.0008) {
          h.stall(s.ts[i] + tsShift);
          i += r.nextInt((int) fs);
          continue;
        } else if (u < 0.0009) {
          s.x[i][r.nextInt(17)] = Float.NaN;
        }
        h.sample(s.ts[i] + tsShift, s.index[i] + shift, s.x[i]);
        if (s.ts[i] - t >= 0.2) {
          t = s.ts[i];
          double mts = s.ts[i] + tsShift + (r.nextDouble() * 2.5 - 1.2);
          String text = r.nextDouble() < 0.1 ? "other" : "stim_" + m++;
          h.marker(mts, text);
          if (r.nextDouble() < 0.1) {
            h.marker(mts, "dup"); // duplicate timestamp
          }
          if (r.nextDouble() < 0.05) {
            h.marker(Double.NaN, "stim_nan");
          }
        }
        h.assertAccounting();
      }
      h.shutdown();
      h.assertAccounting();
      assertEquals(0, h.epocher.counters().pending());
      assertTrue(h.emitted.size() > 20, "round " + round + ": " + h.drops.snapshot());
    }
  }
}
