package org.eegdecode.acquisition.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimatingFilterTest {
  @Test
  void theIntegerRatioFilterIsScipyFirwin() {
    // scipy.signal.firwin(201, 40, fs=1000) (scipy 1.17), taps 0, 1, 37, 60, 99, 100, 130, 200.
    double[] expected = {
      -2.4993987068984577e-19,
      -6.4267011059236e-05,
      -0.00022668249071275447,
      -0.003196552951279266,
      0.07928741376558503,
      0.0801465024594331,
      0.00819255096590246,
      -2.4993987068984577e-19
    };
    int[] at = {0, 1, 37, 60, 99, 100, 130, 200};
    DecimatingFilter f = DecimatingFilter.design(1000, 100, 40, 100);
    double[] h = f.taps(0);
    assertEquals(201, h.length);
    assertEquals(-100, f.firstTap(0));
    for (int i = 0; i < at.length; i++) {
      assertEquals(expected[i], h[at[i]], 1e-15, "tap " + at[i]);
    }
    // Phase 0 of 250 → 100 Hz (L/M = 2/5) is firwin(51, 40, fs=250).
    DecimatingFilter r = DecimatingFilter.design(250, 100, 40, 25);
    assertEquals(-9.995971836649981e-19, r.taps(0)[0], 1e-15);
    assertEquals(0.004970766673664785, r.taps(0)[10], 1e-15);
    assertEquals(0.3205339665013435, r.taps(0)[25], 1e-15);
    assertEquals(0.030790063889133926, r.taps(0)[33], 1e-15);
  }

  @Test
  void everyPhaseHasUnitDcGainAFlatPassbandAndAStopbandAboveTheNewNyquist() {
    int[][] designs = {{1000, 100}, {500, 50}, {250, 25}, {256, 26}, {200, 20}};
    for (int[] d : designs) {
      DecimatingFilter f = DecimatingFilter.design(d[0], 100, 40, d[1]);
      for (int phase = 0; phase < f.up(); phase++) {
        double sum = 0;
        for (double v : f.taps(phase)) {
          sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        String at = d[0] + " Hz phase " + phase;
        assertEquals(1.0, f.gainAt(phase, 10, d[0]), 0.005, at);
        assertEquals(1.0, f.gainAt(phase, 25, d[0]), 0.01, at);
        assertEquals(0.5, f.gainAt(phase, 40, d[0]), 0.02, at);
        for (double hz = 55; hz < d[0] / 2.0; hz += 5) {
          assertTrue(f.gainAt(phase, hz, d[0]) < 0.003, at + ": gain at " + hz + " Hz");
        }
      }
    }
  }

  @Test
  void ratesAreReducedToLowestTerms() {
    DecimatingFilter f = DecimatingFilter.design(256, 100, 40, 26);
    assertEquals(25, f.up());
    assertEquals(64, f.down());
    assertTrue(DecimatingFilter.design(100, 100, 40, 10).isIdentity());
    assertThrows(IllegalArgumentException.class, () -> DecimatingFilter.design(50, 100, 40, 10));
    assertThrows(IllegalArgumentException.class, () -> DecimatingFilter.design(1000, 100, 60, 10));
  }
}
