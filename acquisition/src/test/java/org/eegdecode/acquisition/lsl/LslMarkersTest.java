package org.eegdecode.acquisition.lsl;

import static org.eegdecode.acquisition.lsl.LslTesting.RESOLVE_TIMEOUT;
import static org.eegdecode.acquisition.lsl.LslTesting.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** String and numeric marker streams: text and timestamps round-trip exactly. */
@Timeout(60)
class LslMarkersTest {

  @Test
  void stringMarkersKeepTextAndTimestamps() throws IOException {
    try (LslOutlet outlet = LslOutlet.markers(unique("mk"), unique("src"))) {
      assertEquals("Markers", outlet.info().type());
      assertEquals("string", outlet.info().channelFormat());
      assertEquals(0.0, outlet.info().nominalRate());
      try (LslInlet inlet = LslInlet.open(LslTesting.resolve(outlet), 10, RESOLVE_TIMEOUT)) {
        assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
        List<String> sent =
            List.of("stim/1", "", "Bild ä ö ü 🙂", "x".repeat(1000), "12", "a,b;c\td\nnewline");
        for (int i = 0; i < sent.size(); i++) {
          outlet.pushMarker(sent.get(i), 100.0 + i * 0.125);
        }
        List<String> got = new ArrayList<>();
        List<Double> gotTs = new ArrayList<>();
        String[] texts = new String[4];
        double[] stamps = new double[4];
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.size() < sent.size() && System.nanoTime() < deadline) {
          int n = inlet.pullMarkers(texts, stamps, 0.5);
          assertTrue(n <= 4);
          for (int i = 0; i < n; i++) {
            got.add(texts[i]);
            gotTs.add(stamps[i]);
          }
        }
        assertEquals(sent, got);
        for (int i = 0; i < sent.size(); i++) {
          assertEquals(100.0 + i * 0.125, gotTs.get(i));
        }
        assertEquals(0, inlet.pullMarkers(texts, stamps, 0.05));
        assertThrows(
            IllegalStateException.class, () -> inlet.pullChunk(new float[1], new double[1], 0));
      }
    }
  }

  @Test
  void numericMarkerStreamsAreFormattedWithoutTrailingZero() throws IOException {
    try (LslOutlet ints =
            LslOutlet.create(
                unique("num"), "Markers", 1, 0.0, "int32", unique("src"), List.of(), null, null);
        LslOutlet doubles =
            LslOutlet.create(
                unique("dbl"),
                "Markers",
                2,
                0.0,
                "double64",
                unique("src"),
                List.of(),
                null,
                null);
        LslInlet intInlet = LslInlet.open(LslTesting.resolve(ints), 10, RESOLVE_TIMEOUT);
        LslInlet doubleInlet = LslInlet.open(LslTesting.resolve(doubles), 10, RESOLVE_TIMEOUT)) {
      assertTrue(ints.waitForConsumers(RESOLVE_TIMEOUT));
      assertTrue(doubles.waitForConsumers(RESOLVE_TIMEOUT));
      ints.pushSample(new float[] {7}, 1.0);
      ints.pushSample(new float[] {-1200}, 2.0);
      doubles.pushSample(new float[] {2.5f, 9}, 3.0);
      doubles.pushSample(new float[] {1e20f, 0}, 4.0);

      assertArrayEquals(new String[] {"7", "-1200"}, pull(intInlet, 2));
      assertArrayEquals(new String[] {"2.5", "1.0000000200408773E20"}, pull(doubleInlet, 2));
    }
    assertEquals("3", LslInlet.formatNumber(3.0));
    assertEquals("-0.25", LslInlet.formatNumber(-0.25));
    assertEquals("NaN", LslInlet.formatNumber(Double.NaN));
  }

  private static String[] pull(LslInlet inlet, int count) throws IOException {
    String[] texts = new String[count];
    double[] stamps = new double[count];
    int have = 0;
    long deadline = System.nanoTime() + 5_000_000_000L;
    String[] t = new String[count];
    double[] s = new double[count];
    while (have < count && System.nanoTime() < deadline) {
      int n = inlet.pullMarkers(t, s, 0.5);
      System.arraycopy(t, 0, texts, have, Math.min(n, count - have));
      System.arraycopy(s, 0, stamps, have, Math.min(n, count - have));
      have += n;
    }
    assertEquals(count, have);
    return texts;
  }
}
