package org.eegdecode.training.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.Test;

/** Global-norm clipping on a toy "model" of two parameters with hand-known gradients. */
class GradientClippingTest {
  /** d/dp sum(p * c) = c: gradients (3, 4) and (12, 0, 0, 0): global norm sqrt(9+16+144) = 13. */
  private static final float[] C1 = {3, 4};

  private static final float[] C2 = {12, 0, 0, 0};

  private static List<NDArray> params(NDManager m) {
    NDArray a = m.create(new float[] {1, 2});
    NDArray b = m.create(new float[] {1, 1, 1, 1}, new Shape(2, 2));
    a.setRequiresGradient(true);
    b.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
      NDArray loss = a.mul(m.create(C1)).sum().add(b.mul(m.create(C2, new Shape(2, 2))).sum());
      gc.backward(loss);
    }
    return List.of(a, b);
  }

  private static double norm(List<NDArray> params) {
    double sum = 0;
    for (NDArray p : params) {
      for (float g : p.getGradient().toFloatArray()) {
        sum += (double) g * g;
      }
    }
    return Math.sqrt(sum);
  }

  @Test
  void clipsTheGlobalNormInPlaceKeepingTheDirection() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      List<NDArray> params = params(m);
      assertEquals(13.0, norm(params), 1e-5);
      List<NDArray> grads = List.of(params.get(0).getGradient(), params.get(1).getGradient());
      double before = GradientClipping.clip(grads, 1.0);
      assertEquals(13.0, before, 1e-5);
      // read back through the parameters: the clipping changed their own gradients
      assertEquals(1.0, norm(params), 1e-4);
      assertTrue(norm(params) <= 1.0 + 1e-6);
      assertArrayEquals(
          new float[] {3 / 13f, 4 / 13f}, params.get(0).getGradient().toFloatArray(), 1e-5f);
      assertArrayEquals(
          new float[] {12 / 13f, 0, 0, 0}, params.get(1).getGradient().toFloatArray(), 1e-5f);
    }
  }

  @Test
  void leavesSmallGradientsAlone() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      List<NDArray> params = params(m);
      List<NDArray> grads = List.of(params.get(0).getGradient(), params.get(1).getGradient());
      assertEquals(13.0, GradientClipping.clip(grads, 20.0), 1e-5);
      assertEquals(13.0, norm(params), 1e-5);
      // a limit of 0 only measures
      assertEquals(13.0, GradientClipping.clip(grads, 0), 1e-5);
      assertEquals(13.0, norm(params), 1e-5);
    }
  }

  @Test
  void boundsTheNormForAnyLimit() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      for (double limit : new double[] {0.01, 0.5, 5, 12.9}) {
        List<NDArray> params = params(m);
        List<NDArray> grads = List.of(params.get(0).getGradient(), params.get(1).getGradient());
        GradientClipping.clip(grads, limit);
        assertTrue(norm(params) <= limit * (1 + 1e-5), "limit " + limit + ": " + norm(params));
        assertEquals(limit, norm(params), limit * 1e-4);
      }
    }
  }
}
