package org.eegdecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plain-Java EEG branch against the DJL forward pass with the same weights. */
class PlainJavaEncoderTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    Engine.getEngine(Devices.ENGINE).setRandomSeed(5);
    manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private float[] djl(SupaEegModel model, float[] x, int batch) {
    try (NDManager sub = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(sub, false);
      return model
          .encodeEeg(ps, sub.create(x, new Shape(batch, model.config().eegInputDim())), false)
          .toFloatArray();
    }
  }

  private static void assertClose(float[] expected, float[] actual, int n, double tol) {
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= tol, "largest difference " + worst + " > " + tol);
  }

  @Test
  void matchesTheDjlForwardPassAtFullSize() {
    SupaEegModel model = new SupaEegModel(ModelConfig.from(Config.defaults(), 17, 100, 3200, 10));
    model.initialize(manager);
    // Trained LayerNorm parameters are not 1 and 0: make them count.
    model
        .getParameters()
        .forEach(
            p -> {
              if (p.getKey().endsWith("eeg_norm_gamma") || p.getKey().endsWith("eeg_norm_beta")) {
                float[] v = TestModels.gaussian(p.getKey().hashCode(), 1024);
                p.getValue().getArray().set(java.nio.FloatBuffer.wrap(v));
              }
            });
    int batch = 3;
    float[] x = TestModels.gaussian(9, batch * 1700);
    float[] expected = djl(model, x, batch);
    PlainJavaEncoder encoder = new PlainJavaEncoder(model, 8);
    float[] y = new float[2 + batch * 512];
    encoder.encode(x, 0, batch, y, 2);
    float[] actual = new float[batch * 512];
    System.arraycopy(y, 2, actual, 0, actual.length);
    assertClose(expected, actual, actual.length, 1e-5);

    // One epoch at an offset gives the same row as in the batch.
    float[] one = new float[512];
    encoder.encode(x, 1700, 1, one, 0);
    float[] second = new float[512];
    System.arraycopy(expected, 512, second, 0, 512);
    assertClose(second, one, 512, 1e-5);
  }

  @Test
  void matchesAnOddSizedModel() {
    ModelConfig small = TestModels.small();
    SupaEegModel model = new SupaEegModel(small);
    model.initialize(manager);
    int batch = 2;
    float[] x = TestModels.gaussian(3, batch * small.eegInputDim());
    float[] expected = djl(model, x, batch);
    float[] y = new float[batch * small.featureDim()];
    new PlainJavaEncoder(model, batch).encode(x, 0, batch, y, 0);
    assertClose(expected, y, y.length, 1e-5);
  }

  @Test
  void rejectsBatchesBeyondItsBuffers() {
    SupaEegModel model = new SupaEegModel(TestModels.small());
    model.initialize(manager);
    PlainJavaEncoder encoder = new PlainJavaEncoder(model, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> encoder.encode(new float[48], 0, 2, new float[32], 0));
  }

  @Test
  void geluTableFollowsTheExactFunction() {
    for (double x = -9; x <= 9; x += 0.0137) {
      assertEquals(
          PlainJavaEncoder.Gelu.exact(x), PlainJavaEncoder.Gelu.apply((float) x), 2e-6, "x=" + x);
    }
    assertEquals(0.8413447460685429, PlainJavaEncoder.Gelu.exact(1), 1e-12);
    assertEquals(-2 * 0.02275013194817921, PlainJavaEncoder.Gelu.exact(-2), 1e-12);
    assertEquals(0.9999779095030014, PlainJavaEncoder.Gelu.erf(3), 1e-13);
  }
}
