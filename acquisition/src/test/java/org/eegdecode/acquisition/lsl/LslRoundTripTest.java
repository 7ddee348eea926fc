package org.eegdecode.acquisition.lsl;

import static org.eegdecode.acquisition.lsl.LslTesting.RESOLVE_TIMEOUT;
import static org.eegdecode.acquisition.lsl.LslTesting.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Outlet → resolve (every way) → inlet → exact values, timestamps and labels, on loopback. */
@Timeout(60)
class LslRoundTripTest {
  private static final List<String> LABELS = List.of("Fp1", "Fp2", "Cz", "Oz", "Ω-µ");

  @Test
  void resolvesByNameTypeSourceIdAndPredicateThenRoundTripsExactly() throws IOException {
    String name = unique("rt");
    String type = unique("EEG-test");
    String sourceId = unique("src");
    try (LslOutlet outlet =
        LslOutlet.create(
            name, type, LABELS.size(), 250.0, "float32", sourceId, LABELS, "microvolts", "EEG")) {
      StreamInfo own = outlet.info();
      assertEquals(LABELS, own.channelLabels());
      assertTrue(!own.uid().isEmpty(), "outlet uid assigned");

      StreamInfo byName = StreamResolver.resolve(StreamQuery.byName(name), RESOLVE_TIMEOUT);
      StreamInfo byType = StreamResolver.resolve(StreamQuery.byType(type), RESOLVE_TIMEOUT);
      StreamInfo bySource =
          StreamResolver.resolve(StreamQuery.bySourceId(sourceId), RESOLVE_TIMEOUT);
      StreamInfo byPredicate =
          StreamResolver.resolve(
              new StreamQuery(
                  name,
                  null,
                  null,
                  "channel_count=5 and nominal_srate>200 and starts-with(type,'EEG-')"),
              RESOLVE_TIMEOUT);
      for (StreamInfo info : List.of(byName, byType, bySource, byPredicate)) {
        assertEquals(own.uid(), info.uid());
        assertEquals(name, info.name());
        assertEquals(type, info.type());
        assertEquals(sourceId, info.sourceId());
        assertEquals(5, info.channelCount());
        assertEquals(250.0, info.nominalRate());
        assertEquals("float32", info.channelFormat());
        assertEquals(own.hostname(), info.hostname());
        // Resolve results carry no description.
        assertEquals(List.of(), info.channelLabels());
      }

      try (LslInlet inlet = LslInlet.open(bySource, 10, RESOLVE_TIMEOUT)) {
        StreamInfo full = inlet.fullInfo();
        assertEquals(LABELS, full.channelLabels());
        assertEquals(own.uid(), full.uid());
        // Samples pushed before the outlet has registered the inlet would be missed.
        assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));

        int samples = 40;
        float[] sent = new float[samples * 5];
        double[] sentTs = new double[samples];
        for (int s = 0; s < samples; s++) {
          for (int c = 0; c < 5; c++) {
            sent[s * 5 + c] = (float) (s * 10 + c + 0.25 * c - 1e-3 * s);
          }
          sentTs[s] = 12345.0 + s / 250.0;
        }
        sent[7] = Float.MIN_VALUE;
        sent[8] = -Float.MAX_VALUE;
        sent[9] = Float.NaN;
        outlet.pushChunk(sent, samples, sentTs);

        float[] got = new float[samples * 5];
        double[] gotTs = new double[samples];
        int have = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        float[] chunk = new float[100 * 5];
        double[] chunkTs = new double[100];
        while (have < samples && System.nanoTime() < deadline) {
          int n = inlet.pullChunk(chunk, chunkTs, 0.5);
          System.arraycopy(chunk, 0, got, have * 5, n * 5);
          System.arraycopy(chunkTs, 0, gotTs, have, n);
          have += n;
        }
        assertEquals(samples, have);
        // Exact bits, NaN included; raw timestamps exactly as pushed.
        for (int i = 0; i < sent.length; i++) {
          assertEquals(
              Float.floatToRawIntBits(sent[i]), Float.floatToRawIntBits(got[i]), "value " + i);
        }
        assertArrayEquals(sentTs, gotTs);
        assertEquals(0, inlet.pullChunk(chunk, chunkTs, 0.0));
        double offset = inlet.timeCorrection(RESOLVE_TIMEOUT);
        assertTrue(Math.abs(offset) < 0.01, "loopback offset " + offset);
      }
    }
  }

  @Test
  void resolveTimeoutListsTheStreamsThatWereFound() throws IOException {
    String present = unique("present");
    try (LslOutlet outlet = LslOutlet.eeg(present, unique("src"), List.of("C3", "C4", "Pz"), 512)) {
      String missing = unique("missing");
      long start = System.nanoTime();
      StreamNotFoundException e =
          assertThrows(
              StreamNotFoundException.class,
              () -> StreamResolver.resolve(StreamQuery.byName(missing), 0.3));
      double took = (System.nanoTime() - start) / 1e9;
      assertTrue(took < 3, "took " + took + " s");
      String message = e.getMessage();
      assertTrue(
          message.startsWith("no LSL stream matching name='" + missing + "' within 0.3 s"),
          message);
      assertTrue(message.contains("name='" + present + "'"), message);
      assertTrue(message.contains("source_id='" + outlet.info().sourceId() + "'"), message);
      assertTrue(message.contains("channels=3 rate=512 format=float32"), message);
      assertTrue(message.contains("type='EEG'"), message);
      assertTrue(e.found().stream().anyMatch(s -> s.uid().equals(outlet.info().uid())));
      assertEquals(StreamQuery.byName(missing), e.query());
    }
  }

  @Test
  void allListsAnOutletAndInletsOpenFromAListedInfo() throws IOException {
    String name = unique("listed");
    try (LslOutlet outlet = LslOutlet.eeg(name, unique("src"), List.of("A", "B"), 100)) {
      List<StreamInfo> all = StreamResolver.all(0.6);
      StreamInfo mine = all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      assertEquals(outlet.info().uid(), mine.uid());
      // A query of all nulls matches any stream (there is at least this one).
      StreamResolver.resolve(new StreamQuery(null, null, null, null), RESOLVE_TIMEOUT);
      try (LslInlet inlet = LslInlet.open(mine, 5, RESOLVE_TIMEOUT)) {
        assertEquals(List.of("A", "B"), inlet.fullInfo().channelLabels());
        assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
        outlet.pushSample(new float[] {1.5f, -2.5f}, 77.0);
        float[] data = new float[2];
        double[] ts = new double[1];
        assertEquals(1, inlet.pullChunk(data, ts, 2.0));
        assertArrayEquals(new float[] {1.5f, -2.5f}, data);
        assertEquals(77.0, ts[0]);
      }
    }
  }

  @Test
  void queryPredicatesQuoteValues() {
    assertEquals("name='a b'", StreamQuery.byName("a b").toPredicate());
    assertEquals("name=\"it's\"", StreamQuery.byName("it's").toPredicate());
    assertEquals(
        "name=concat('say \"', \"'\", 'hi', \"'\", '\"')",
        StreamQuery.byName("say \"'hi'\"").toPredicate());
    assertEquals(
        "name='n' and type='EEG' and source_id='s' and (channel_count>8)",
        new StreamQuery("n", "EEG", "s", "channel_count>8").toPredicate());
    assertEquals("", new StreamQuery(null, "", null, null).toPredicate());
    assertNull(StreamQuery.byName("").name());
  }
}
