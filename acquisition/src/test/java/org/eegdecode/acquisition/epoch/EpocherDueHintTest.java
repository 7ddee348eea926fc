package org.eegdecode.acquisition.epoch;

import static org.eegdecode.acquisition.epoch.SyntheticStream.THINGS_17;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Due hints: published a chunk ahead of each pending epoch, never for what completes at once. */
class EpocherDueHintTest {
  private static final EpochSpec SPEC = new EpochSpec(-0.2, 0.8, 100, THINGS_17, null);
  private static final int CHUNK = 10; // samples per LSL chunk at 1 kHz: 10 ms

  /** RSVP at 5 Hz, markers sent 100 ms before their image's data, the stream in 10 ms chunks. */
  private static EpocherHarness play(double leadSeconds, List<Double> lateMarkers) {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 12, 5);
    EpocherHarness h = new EpocherHarness(SPEC, s.layout("amp"));
    h.epocher.dueHints(leadSeconds);
    List<Double> markers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      markers.add(s.t0 + 1.0 + 0.2 * i + 0.001 * (i % CHUNK) + 0.0003); // every phase of a chunk
    }
    int next = 0;
    int late = 0;
    for (int from = 0; from < s.length(); from += CHUNK) {
      int to = Math.min(s.length(), from + CHUNK);
      while (next < markers.size() && markers.get(next) - 0.1 <= s.ts[from]) {
        h.marker(markers.get(next), "stim_" + next);
        next++;
      }
      h.chunk(s, from, to);
      // markers that reach the ring after their whole epoch's data: complete at once
      while (late < lateMarkers.size() && lateMarkers.get(late) + 1.5 <= s.ts[to - 1]) {
        h.marker(lateMarkers.get(late), "late_" + late);
        late++;
      }
    }
    h.assertAccounting();
    return h;
  }

  @Test
  void everyPendingEpochIsAnnouncedOneOrTwoChunksBeforeItCompletes() {
    EpocherHarness h = play(0.005, List.of());
    assertEquals(40, h.emitted.size());
    assertEquals(40, h.hints.size(), "one hint per epoch");
    assertEquals(40, h.epocher.counters().dueHints());
    Map<Long, EpocherHarness.Hint> byEpoch = new HashMap<>();
    for (EpocherHarness.Hint hint : h.hints) {
      assertTrue(byEpoch.put(hint.epochIndex(), hint) == null, "hinted twice: " + hint);
      assertTrue(hint.dueNanos() >= hint.publishedNanos(), hint.toString());
    }
    for (int e = 0; e < h.emitted.size(); e++) {
      EpocherHarness.Captured epoch = h.emitted.get(e);
      EpocherHarness.Hint hint = byEpoch.get(epoch.epochIndex());
      assertTrue(hint != null, "no hint for epoch " + epoch.epochIndex());
      long feedsAhead = h.emittedAtFeed.get(e) - hint.feeds();
      // the hint came at the end of an earlier chunk: at least one, at most two chunks ahead
      assertTrue(
          feedsAhead >= 1 && feedsAhead <= 2 * CHUNK + 1,
          "epoch " + epoch.epochIndex() + " hinted " + feedsAhead + " events ahead");
      assertEquals(e, hint.emittedBefore(), "hint precedes its own epoch only");
    }
  }

  @Test
  void anEpochThatCompletesWhenItsMarkerArrivesGetsNoHint() {
    SyntheticStream s = SyntheticStream.create(1000, THINGS_17, 12, 5);
    List<Double> late = List.of(s.t0 + 2.1003, s.t0 + 5.3003);
    EpocherHarness h = play(0.005, late);
    assertEquals(42, h.emitted.size());
    assertEquals(40, h.hints.size(), "the two late markers complete at once: no hint");
  }

  @Test
  void noHintsUnlessAsked() {
    EpocherHarness h = play(0, List.of());
    assertEquals(40, h.emitted.size());
    assertEquals(0, h.hints.size());
    assertEquals(0, h.epocher.counters().dueHints());
  }
}
