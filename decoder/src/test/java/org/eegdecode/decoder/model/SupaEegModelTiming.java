package org.eegdecode.decoder.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Forward/backward time of the full-size model (17×100 EEG, 5×3200 features) for a training batch
 * of 1024, and EEG-branch inference latency. Run with {@code -Deegdecode.timing=true
 * -Dtest=SupaEegModelTiming}; {@code -Deegdecode.timing.device=gpu} times the GPU.
 */
@EnabledIfSystemProperty(named = "eegdecode.timing", matches = "true")
class SupaEegModelTiming {
  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  @Test
  void time() {
    Device device = Devices.resolve(System.getProperty("eegdecode.timing.device", "cpu"));
    int batch = Integer.getInteger("eegdecode.timing.batch", 1024);
    int reps = Integer.getInteger("eegdecode.timing.reps", 7);
    ModelConfig c = ModelConfig.from(Config.defaults(), 17, 100, 3200, 10);
    try (NDManager manager = NDManager.newBaseManager(device, Devices.ENGINE)) {
      SupaEegModel model = new SupaEegModel(c);
      model.initialize(manager);
      NDArray eeg = manager.randomNormal(new Shape(batch, c.eegInputDim()));
      NDArray features = manager.randomNormal(new Shape(batch, c.layers(), c.imageInputDim()));
      NDArray subjects =
          manager.randomInteger(0, 10, new Shape(batch), ai.djl.ndarray.types.DataType.INT32);
      NDArray eye = manager.eye(batch);
      double[] fwd = new double[reps];
      double[] step = new double[reps];
      for (int r = -2; r < reps; r++) {
        try (NDManager m = manager.newSubManager()) {
          ParameterStore ps = new ParameterStore(m, false);
          long t0 = System.nanoTime();
          long t1;
          try (GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
            NDList out = model.forward(ps, new NDList(eeg, features, subjects), true);
            NDArray logits = out.get(0).matMul(out.get(1).transpose()).mul(out.get(2));
            NDArray loss =
                logits.logSoftmax(1).mul(eye).sum().add(logits.logSoftmax(0).mul(eye).sum());
            loss.getFloat(); // synchronise
            t1 = System.nanoTime();
            gc.backward(loss.neg().div(2f * batch));
          }
          model.getParameters().get(0).getValue().getArray().getGradient().sum().getFloat();
          long t2 = System.nanoTime();
          if (r >= 0) {
            fwd[r] = (t1 - t0) / 1e6;
            step[r] = (t2 - t0) / 1e6;
          }
        }
      }
      double[] one = new double[200];
      double[] kept = new double[200];
      try (NDManager m = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(m, false);
        float[] x = eeg.get("0:1").toFloatArray();
        for (int r = -50; r < one.length; r++) {
          long t0 = System.nanoTime();
          try (NDManager q = m.newSubManager()) {
            // The live path: copy one epoch in, embed, copy the embedding out.
            model.encodeEeg(ps, q.create(x, new Shape(1, x.length)), false).toFloatArray();
          }
          if (r >= 0) {
            one[r] = (System.nanoTime() - t0) / 1e6;
          }
        }
        NDArray resident = m.create(x, new Shape(1, x.length));
        for (int r = -50; r < kept.length; r++) {
          long t0 = System.nanoTime();
          model.encodeEeg(ps, resident, false).toFloatArray();
          if (r >= 0) {
            kept[r] = (System.nanoTime() - t0) / 1e6;
          }
        }
      }
      System.out.printf(
          "TIMING device=%s threads=%d batch=%d params=%d (eeg %d): forward %.1f ms, forward+backward"
              + " %.1f ms (median of %d); EEG inference batch 1: %.3f ms median (copy in/out, per-call"
              + " sub-manager), %.3f ms (input resident, no cleanup)%n",
          device,
          Runtime.getRuntime().availableProcessors(),
          batch,
          model.parameterCount(),
          model.eegBranchParameterCount(),
          median(fwd),
          median(step),
          reps,
          median(one),
          median(kept));
    }
  }
}
