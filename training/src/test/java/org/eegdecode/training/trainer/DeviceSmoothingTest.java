package org.eegdecode.training.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.Test;

/** The tensor version smooths exactly the samples, and exactly as, the host version does. */
class DeviceSmoothingTest {
  @Test
  void sameSamplesSameValuesAsTheHostWithItsEdgeRenormalisation() {
    int b = 9;
    int c = 3;
    int t = 20;
    float[] x = new float[b * c * t];
    Random values = new Random(4);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) values.nextGaussian();
    }
    TimeSmoothing s = new TimeSmoothing(0.5, 7, 1.5);
    float[] host = x.clone();
    int smoothedOnHost = s.apply(host, b, c, t, new Random(77), new float[t]);
    float[] picks = new float[b];
    assertEquals(smoothedOnHost, s.pick(b, new Random(77), picks, 0));
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
        DeviceSmoothing d = new DeviceSmoothing(s, c, t, m)) {
      float[] device =
          d.apply(m.create(x, new Shape(b, (long) c * t)), m.create(picks)).toFloatArray();
      assertArrayEquals(host, device, 1e-5f);
    }
    int changed = 0;
    for (int i = 0; i < x.length; i++) {
      changed += host[i] != x[i] ? 1 : 0;
    }
    assertEquals(smoothedOnHost * c * t, changed, 1e-9, "every value of a picked sample moves");
  }
}
