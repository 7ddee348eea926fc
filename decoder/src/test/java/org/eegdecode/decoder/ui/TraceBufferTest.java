package org.eegdecode.decoder.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traces stitched from overlapping, separately baseline-corrected epochs. */
class TraceBufferTest {
  private static final int CHANNELS = 2;
  private static final int TIMES = 100; // 1 s at 100 Hz, tmin = -0.2
  private static final double RATE = 100;
  private static final double TMIN = -0.2;

  /** The continuous signal of channel c at sample n. */
  private static double signal(int c, long n) {
    return Math.sin(0.07 * n + c) * (c + 1) + 0.001 * n;
  }

  /** The epoch with onset at sample {@code onset}: the signal minus its mean over tmin..0. */
  private static float[] epoch(long onset) {
    long first = onset + Math.round(TMIN * RATE);
    float[] out = new float[CHANNELS * TIMES];
    for (int c = 0; c < CHANNELS; c++) {
      double base = 0;
      int nb = (int) Math.round(-TMIN * RATE) + 1;
      for (int j = 0; j < nb; j++) {
        base += signal(c, first + j);
      }
      base /= nb;
      for (int j = 0; j < TIMES; j++) {
        out[c * TIMES + j] = (float) (signal(c, first + j) - base);
      }
    }
    return out;
  }

  private static TraceBuffer buffer(double seconds, int maxRate) {
    return new TraceBuffer(
        new UiFeed.Layout(CHANNELS, TIMES, RATE, TMIN, List.of("Pz", "Oz")), seconds, maxRate);
  }

  @Test
  void overlappingEpochsJoinIntoTheContinuousSignalUpToOneOffsetPerChannel() {
    TraceBuffer trace = buffer(5, 100);
    double t0 = 1000.0;
    // markers every 20 samples (SOA 200 ms), onsets on the sample grid
    for (long onset = 100; onset <= 600; onset += 20) {
      trace.add(t0 + onset / RATE, epoch(onset));
    }
    ObjectNode snap = trace.snapshot();
    assertEquals(1, snap.get("step").asInt());
    long g = snap.get("g").asLong();
    JsonNode data = snap.get("data");
    long last = trace.last();
    assertEquals((600 - 20 + TIMES - 1) - (100 - 20), last, "newest index: last epoch's end");
    for (int c = 0; c < CHANNELS; c++) {
      JsonNode row = data.get(c);
      assertEquals(last - g + 1, row.size());
      // trace − signal is one constant per channel
      long first = 100 - 20; // sample index of g = 0
      double offset = row.get(0).asDouble() - signal(c, first + g);
      for (int i = 0; i < row.size(); i++) {
        double diff = row.get(i).asDouble() - signal(c, first + g + i);
        assertEquals(offset, diff, 1e-4, "channel " + c + " sample " + i);
      }
    }
  }

  @Test
  void deltasCarryOnlyNewSamplesGapsAreNullAndDisplayIsDecimated() {
    TraceBuffer trace = buffer(10, 50); // 100 Hz → every 2nd sample
    assertEquals(2, trace.stride());
    trace.add(10.0, epoch(0));
    ObjectNode first = trace.delta();
    assertEquals(0, first.get("g").asLong());
    assertEquals(50, first.get("data").get(0).size());
    assertTrue(!trace.hasNew());
    // the next epoch overlaps by 80 samples: 20 new ones, 10 shown
    trace.add(10.2, epoch(20));
    ObjectNode second = trace.delta();
    assertEquals(100, second.get("g").asLong());
    assertEquals(10, second.get("data").get(1).size());
    // 3 s later: a gap of 200 samples shows as nulls, then the epoch
    trace.add(13.2, epoch(320));
    ObjectNode third = trace.delta();
    assertEquals(120, third.get("g").asLong());
    JsonNode row = third.get("data").get(0);
    assertEquals((419 - 120) / 2 + 1, row.size());
    assertTrue(row.get(0).isNull());
    assertTrue(row.get((320 - 120) / 2 - 1).isNull());
    assertTrue(row.get((320 - 120) / 2).isNumber());
    // an epoch older than the trace adds nothing
    trace.add(10.0, epoch(0));
    assertTrue(!trace.hasNew());
  }
}
