package org.eegdecode.training.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeSmoothingTest {
  @Test
  void kernelIsANormalisedGaussian() {
    float[] k = new TimeSmoothing(1, 5, 1.0).kernel();
    double e1 = Math.exp(-0.5);
    double e2 = Math.exp(-2);
    double sum = 1 + 2 * e1 + 2 * e2;
    assertArrayEquals(
        new float[] {
          (float) (e2 / sum),
          (float) (e1 / sum),
          (float) (1 / sum),
          (float) (e1 / sum),
          (float) (e2 / sum)
        },
        k,
        1e-6f);
  }

  @Test
  void impulseSpreadsAlongTimeOnlyWithinItsChannel() {
    TimeSmoothing s = new TimeSmoothing(1.0, 5, 1.0);
    int channels = 2;
    int times = 10;
    float[] x = new float[channels * times];
    x[5] = 1; // channel 0, t = 5
    s.apply(x, 1, channels, times, new Random(1), new float[times]);
    float[] k = s.kernel();
    for (int t = 0; t < times; t++) {
      float expected = Math.abs(t - 5) <= 2 ? k[t - 5 + 2] : 0;
      assertEquals(expected, x[t], 1e-6f, "t=" + t);
      assertEquals(0f, x[times + t], "channel 1 untouched");
    }
  }

  @Test
  void constantsStayConstantUpToTheEdges() {
    TimeSmoothing s = new TimeSmoothing(1.0, 5, 1.0);
    float[] x = new float[3 * 7];
    java.util.Arrays.fill(x, 2.5f);
    s.apply(x, 1, 3, 7, new Random(1), new float[7]);
    for (float v : x) {
      assertEquals(2.5f, v, 1e-6f);
    }
  }

  @Test
  void probabilityPicksSamplesWithTheSeededRandom() {
    TimeSmoothing s = new TimeSmoothing(0.3, 5, 1.0);
    int samples = 2000;
    float[] x = new float[samples * 4];
    Random noise = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) noise.nextGaussian();
    }
    float[] y = x.clone();
    int n1 = s.apply(x, samples, 1, 4, new Random(42), new float[4]);
    int n2 = s.apply(y, samples, 1, 4, new Random(42), new float[4]);
    assertEquals(n1, n2);
    assertArrayEquals(x, y);
    assertTrue(Math.abs(n1 / (double) samples - 0.3) < 0.04, "smoothed share " + n1);
    float[] z = new float[8];
    z[1] = 1;
    assertEquals(0, new TimeSmoothing(0, 5, 1).apply(z, 2, 1, 4, new Random(1), new float[4]));
    assertEquals(1f, z[1]);
    assertNotEquals(0, new TimeSmoothing(1, 5, 1).apply(z, 2, 1, 4, new Random(1), new float[4]));
  }

  @Test
  void evenKernelsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TimeSmoothing(0.3, 4, 1.0));
  }
}
