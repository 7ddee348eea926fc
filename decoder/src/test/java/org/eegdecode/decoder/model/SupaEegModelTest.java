package org.eegdecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SUPAEEG block against a plain-Java reference of the architecture, and its router rules. */
class SupaEegModelTest {
  private static final int B = 6;
  private static final float[] INIT = {-2, -1, 0, -1, -2};

  /** A subject bias that changes the layer preference visibly. */
  private static final float[] BIAS = {
    0, 0, 0, 0, 0, //
    3, 0, 0, 0, 0, //
    0, 0, 0, 0, 3, //
    -1, 1, -1, 1, -1
  };

  private NDManager manager;

  @BeforeEach
  void open() {
    Engine.getEngine(Devices.ENGINE).setRandomSeed(11);
    manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private SupaEegModel model(ModelConfig config) {
    SupaEegModel model = new SupaEegModel(config);
    model.initialize(manager);
    return model;
  }

  private static void setSubjectBias(SupaEegModel model) {
    model.getDirectParameters().get("subject_bias").getArray().set(FloatBuffer.wrap(BIAS));
  }

  private NDArray eeg(NDManager m, ModelConfig c, long seed) {
    return m.create(TestModels.gaussian(seed, B * c.eegInputDim()), new Shape(B, c.eegInputDim()));
  }

  private NDArray features(NDManager m, ModelConfig c, long seed) {
    return m.create(
        TestModels.gaussian(seed, B * c.layers() * c.imageInputDim()),
        new Shape(B, c.layers(), c.imageInputDim()));
  }

  private static double[] prior() {
    double[] logits = new double[INIT.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = INIT[i];
    }
    return TestModels.softmax(logits, 1);
  }

  private static double[] biased(int subject) {
    double[] logits = new double[INIT.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = INIT[i] + BIAS[subject * INIT.length + i];
    }
    return TestModels.softmax(logits, 1);
  }

  private static void assertClose(double[] expected, float[] actual, int offset, double tol) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[offset + i], tol, "element " + i + " of row @" + offset);
    }
  }

  @Test
  void fullSizeModelHasTheReferenceLayersAndParameterCounts() {
    ModelConfig config = ModelConfig.from(Config.defaults(), 17, 100, 3200, 10);
    SupaEegModel model = model(config);
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      names.add(p.getKey() + " " + p.getValue().getArray().getShape());
    }
    assertEquals(
        List.of(
            "router_logits (5)",
            "subject_bias (10, 5)",
            "logit_scale ()",
            "01eeg_in_weight (1024, 1700)",
            "01eeg_in_bias (1024)",
            "02eeg_residual_weight (1024, 1024)",
            "02eeg_residual_bias (1024)",
            "04eeg_norm_gamma (1024)",
            "04eeg_norm_beta (1024)",
            "05eeg_out_weight (512, 1024)",
            "05eeg_out_bias (512)",
            "06image_in_weight (1024, 3200)",
            "06image_in_bias (1024)",
            "07image_out_weight (512, 1024)",
            "07image_out_bias (512)",
            "08shared_weight (512, 512)",
            "08shared_bias (512)"),
        names);
    long eeg = 1700L * 1024 + 1024 + 1024L * 1024 + 1024 + 2 * 1024 + 1024L * 512 + 512;
    long shared = 512L * 512 + 512;
    long image = 3200L * 1024 + 1024 + 1024L * 512 + 512;
    assertEquals(eeg + shared, model.eegBranchParameterCount());
    assertEquals(3_580_928, model.eegBranchParameterCount());
    assertEquals(eeg + shared + image + 5 + 50 + 1, model.parameterCount());
    assertEquals(7_383_608, model.parameterCount());
    // PyTorch-style initial values: router logits, zero subject bias, log(1/0.07), LN at 1/0.
    Map<String, float[]> w = TestModels.weights(model);
    assertArrayEquals(INIT, w.get("router_logits"));
    assertArrayEquals(new float[50], w.get("subject_bias"));
    assertEquals((float) Math.log(1 / 0.07), w.get("logit_scale")[0], 0f);
    float bound = (float) (1 / Math.sqrt(1700));
    float max = 0;
    for (float v : w.get("01eeg_in_weight")) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound && max > 0.9f * bound, "eeg_in weights uniform in ±1/√1700: " + max);
    float[] gamma = w.get("04eeg_norm_gamma");
    float[] ones = new float[gamma.length];
    Arrays.fill(ones, 1f);
    assertArrayEquals(ones, gamma);
  }

  @Test
  void eegBranchMatchesTheReferenceArchitecture() {
    ModelConfig c = TestModels.small();
    SupaEegModel model = model(c);
    Map<String, float[]> w = TestModels.weights(model);
    float[] x = TestModels.gaussian(1, B * c.eegInputDim());
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      NDArray in = m.create(x, new Shape(B, c.eegInputDim()));
      float[] out = model.encodeEeg(ps, in, false).toFloatArray();
      for (int i = 0; i < B; i++) {
        assertClose(TestModels.eeg(w, c, x, i * c.eegInputDim()), out, i * c.featureDim(), 2e-5);
      }
      // (B, C, T) is flattened C-major, like the reference's x.view(B, -1).
      NDArray cube = m.create(x, new Shape(B, c.channels(), c.timepoints()));
      assertArrayEquals(out, model.encodeEeg(ps, cube, false).toFloatArray());
      // Inference is deterministic; training applies dropout to the residual branch.
      assertArrayEquals(out, model.encodeEeg(ps, in, false).toFloatArray());
      assertFalse(Arrays.equals(out, model.encodeEeg(ps, in, true).toFloatArray()));
    }
  }

  @Test
  void forwardGivesUnitEmbeddingsAndTheLogitScale() {
    ModelConfig c = TestModels.small();
    SupaEegModel model = model(c);
    for (boolean training : new boolean[] {false, true}) {
      try (NDManager m = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(m, false);
        NDArray subjects = m.create(new int[] {0, 1, 2, 3, 0, 1});
        NDList out =
            model.forward(ps, new NDList(eeg(m, c, 2), features(m, c, 3), subjects), training);
        assertEquals(new Shape(B, 16), out.get(0).getShape());
        assertEquals(new Shape(B, 16), out.get(1).getShape());
        assertEquals(new Shape(), out.get(2).getShape());
        assertEquals(1 / 0.07, out.get(2).getFloat(), 1e-4);
        assertEquals(1 / 0.07, model.logitScale(ps, m, false).getFloat(), 1e-4);
        for (int k = 0; k < 2; k++) {
          for (float norm : out.get(k).norm(new int[] {1}).toFloatArray()) {
            assertEquals(1f, norm, 1e-5f);
          }
        }
        // Subjects are optional.
        assertEquals(
            new Shape(B, 16),
            model
                .forward(ps, new NDList(eeg(m, c, 2), features(m, c, 3)), training)
                .get(1)
                .getShape());
      }
    }
  }

  @Test
  void inferenceUsesTheGlobalPriorForEverySubject() {
    ModelConfig c = TestModels.small();
    SupaEegModel model = model(c);
    setSubjectBias(model);
    Map<String, float[]> w = TestModels.weights(model);
    float[] f = TestModels.gaussian(4, B * c.layers() * c.imageInputDim());
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      NDArray global = model.routerWeights(ps, null, false);
      assertEquals(new Shape(1, 5), global.getShape());
      assertClose(prior(), global.toFloatArray(), 0, 1e-6);
      NDArray subjects = m.create(new int[] {0, 1, 2, 3, 1, 2});
      float[] perSubject = model.routerWeights(ps, subjects, false).toFloatArray();
      for (int i = 0; i < B; i++) {
        assertArrayEquals(global.toFloatArray(), Arrays.copyOfRange(perSubject, i * 5, i * 5 + 5));
      }
      NDArray x = m.create(f, new Shape(B, c.layers(), c.imageInputDim()));
      float[] none = model.encodeImages(ps, x, null, false).toFloatArray();
      float[] withSubjects = model.encodeImages(ps, x, subjects, false).toFloatArray();
      assertArrayEquals(none, withSubjects, "inference ignores the subject");
      assertArrayEquals(none, model.encodeImages(ps, x, null, false).toFloatArray());
      int per = c.layers() * c.imageInputDim();
      for (int i = 0; i < B; i++) {
        assertClose(TestModels.image(w, c, f, i * per, prior()), none, i * c.featureDim(), 2e-5);
      }
      assertArrayEquals(
          new float[] {0.0674508f, 0.1833503f, 0.4983978f, 0.1833503f, 0.0674508f},
          model.globalRouterWeights(manager),
          1e-6f);
    }
  }

  @Test
  void trainingAddsTheSubjectBiasWhenItIsKept() {
    ModelConfig c = TestModels.small(RouterMode.ROUTER, 0f, 0f);
    SupaEegModel model = model(c);
    setSubjectBias(model);
    Map<String, float[]> w = TestModels.weights(model);
    float[] f = TestModels.gaussian(5, B * c.layers() * c.imageInputDim());
    int[] ids = {0, 1, 2, 3, 1, 2};
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, true);
      NDArray subjects = m.create(ids);
      float[] weights = model.routerWeights(ps, subjects, true).toFloatArray();
      NDArray x = m.create(f, new Shape(B, c.layers(), c.imageInputDim()));
      float[] emb = model.encodeImages(ps, x, subjects, true).toFloatArray();
      int per = c.layers() * c.imageInputDim();
      for (int i = 0; i < B; i++) {
        assertClose(biased(ids[i]), weights, i * 5, 1e-6);
        assertClose(
            TestModels.image(w, c, f, i * per, biased(ids[i])), emb, i * c.featureDim(), 2e-5);
      }
      // Subject 0 has a zero bias, subject 1 prefers layer 20.
      assertTrue(weights[5] > 0.5f, "subject 1 weights layer 20 up: " + weights[5]);
      // No subjects in training: the global logits alone.
      assertClose(prior(), model.routerWeights(ps, null, true).toFloatArray(), 0, 1e-6);
    }
  }

  @Test
  void subjectDropoutOfOneDropsEveryBiasAndOfAQuarterDropsAboutAQuarter() {
    int n = 4000;
    try (NDManager m = manager.newSubManager()) {
      SupaEegModel all = model(TestModels.small(RouterMode.ROUTER, 1f, 0f));
      setSubjectBias(all);
      ParameterStore ps = new ParameterStore(m, false);
      int[] ones = new int[n];
      Arrays.fill(ones, 1);
      NDArray subjects = m.create(ones);
      float[] dropped = all.routerWeights(ps, subjects, true).toFloatArray();
      for (int i = 0; i < n; i++) {
        assertClose(prior(), dropped, i * 5, 1e-6);
      }

      SupaEegModel half = model(TestModels.small(RouterMode.ROUTER, 0.25f, 0f));
      setSubjectBias(half);
      ParameterStore ps2 = new ParameterStore(m, false);
      float[] mixed = half.routerWeights(ps2, subjects, true).toFloatArray();
      double[] p = prior();
      double[] b = biased(1);
      int kept = 0;
      for (int i = 0; i < n; i++) {
        boolean isPrior = Math.abs(mixed[i * 5] - p[0]) < 1e-6;
        boolean isBiased = Math.abs(mixed[i * 5] - b[0]) < 1e-6;
        assertTrue(isPrior ^ isBiased, "row " + i + " is either the prior or the biased weights");
        kept += isBiased ? 1 : 0;
      }
      assertTrue(kept > 0.70 * n && kept < 0.80 * n, "kept " + kept + " of " + n);
    }
  }

  @Test
  void layerDropoutMasksLayersButNeverAllOfThem() {
    int n = 4000;
    try (NDManager m = manager.newSubManager()) {
      // Rate 1 draws every layer of every sample: such a sample keeps all its layers.
      SupaEegModel every = model(TestModels.small(RouterMode.ROUTER, 1f, 1f));
      ParameterStore ps = new ParameterStore(m, false);
      float[] w1 =
          every
              .routerWeights(ps, m.zeros(new Shape(n), ai.djl.ndarray.types.DataType.INT32), true)
              .toFloatArray();
      for (int i = 0; i < n; i++) {
        assertClose(prior(), w1, i * 5, 1e-6);
      }

      SupaEegModel some = model(TestModels.small(RouterMode.ROUTER, 1f, 0.6f));
      ParameterStore ps2 = new ParameterStore(m, false);
      float[] w = some.routerWeights(ps2, null, n, true, m).toFloatArray();
      int masked = 0;
      int rowsWithMask = 0;
      for (int i = 0; i < n; i++) {
        int zeros = 0;
        double sum = 0;
        double[] kept = new double[5];
        for (int l = 0; l < 5; l++) {
          float v = w[i * 5 + l];
          assertFalse(Float.isNaN(v));
          sum += v;
          if (v == 0f) {
            zeros++;
            kept[l] = Double.NEGATIVE_INFINITY;
          } else {
            kept[l] = INIT[l];
          }
        }
        assertTrue(zeros < 5, "row " + i + " lost every layer");
        assertEquals(1, sum, 1e-5);
        // The kept layers share the mass in the prior's proportions.
        assertClose(TestModels.softmax(kept, 1), w, i * 5, 1e-6);
        masked += zeros;
        rowsWithMask += zeros > 0 ? 1 : 0;
      }
      // E[masked per row] = 5·0.6 − 5·0.6^5 (all-masked rows are restored) ≈ 2.61.
      double perRow = (double) masked / n;
      assertEquals(5 * 0.6 - 5 * Math.pow(0.6, 5), perRow, 0.1);
      assertTrue(rowsWithMask > 0.9 * n);
      // Inference never masks.
      assertClose(prior(), some.routerWeights(ps2, null, false).toFloatArray(), 0, 1e-6);
    }
  }

  @Test
  void uniformModeAveragesTheLayers() {
    ModelConfig c = TestModels.small(RouterMode.UNIFORM, 0f, 0.5f);
    SupaEegModel model = model(c);
    setSubjectBias(model);
    Map<String, float[]> w = TestModels.weights(model);
    float[] f = TestModels.gaussian(6, B * c.layers() * c.imageInputDim());
    double[] mean = {0.2, 0.2, 0.2, 0.2, 0.2};
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      NDArray subjects = m.create(new int[] {0, 1, 2, 3, 1, 2});
      NDArray x = m.create(f, new Shape(B, c.layers(), c.imageInputDim()));
      float[] train = model.encodeImages(ps, x, subjects, true).toFloatArray();
      float[] infer = model.encodeImages(ps, x, null, false).toFloatArray();
      assertArrayEquals(infer, train, "no learned or random routing in uniform mode");
      int per = c.layers() * c.imageInputDim();
      for (int i = 0; i < B; i++) {
        assertClose(TestModels.image(w, c, f, i * per, mean), infer, i * c.featureDim(), 2e-5);
      }
      float[] weights = model.routerWeights(ps, subjects, true).toFloatArray();
      for (float v : weights) {
        assertEquals(0.2f, v, 0f);
      }
      assertEquals(new Shape(1, 5), model.routerWeights(ps, null, false).getShape());
    }
  }

  @Test
  void singleModeUsesOnlyTheChosenLayer() {
    ModelConfig c = TestModels.small(RouterMode.SINGLE, 0f, 0.5f);
    assertEquals(2, c.singleLayerIndex());
    SupaEegModel model = model(c);
    Map<String, float[]> w = TestModels.weights(model);
    float[] f = TestModels.gaussian(7, B * c.layers() * c.imageInputDim());
    int per = c.layers() * c.imageInputDim();
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = m.create(f, new Shape(B, c.layers(), c.imageInputDim()));
      float[] out = model.encodeImages(ps, x, null, true).toFloatArray();
      double[] hot = {0, 0, 1, 0, 0};
      for (int i = 0; i < B; i++) {
        assertClose(TestModels.image(w, c, f, i * per, hot), out, i * c.featureDim(), 2e-5);
      }
      float[] g = f.clone();
      for (int i = 0; i < B; i++) {
        for (int l : new int[] {0, 1, 3, 4}) {
          for (int j = 0; j < c.imageInputDim(); j++) {
            g[i * per + l * c.imageInputDim() + j] += 5f;
          }
        }
      }
      NDArray other = m.create(g, new Shape(B, c.layers(), c.imageInputDim()));
      assertArrayEquals(out, model.encodeImages(ps, other, null, false).toFloatArray());
      g[2 * c.imageInputDim()] += 1f;
      NDArray changed = m.create(g, new Shape(B, c.layers(), c.imageInputDim()));
      assertNotEquals(
          out[0], model.encodeImages(ps, changed, null, false).toFloatArray()[0], "layer 28 used");
      assertArrayEquals(
          new float[] {0, 0, 1, 0, 0}, model.routerWeights(ps, null, false).toFloatArray());
    }
  }

  /** Sum of |gradient| per parameter after one InfoNCE-like backward pass. */
  private Map<String, Float> gradients(ModelConfig c) {
    SupaEegModel model = model(c);
    Map<String, Float> out = new java.util.LinkedHashMap<>();
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      try (GradientCollector collector = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
        NDArray subjects = m.create(new int[] {0, 1, 2, 3, 1, 2});
        NDList emb = model.forward(ps, new NDList(eeg(m, c, 8), features(m, c, 9), subjects), true);
        NDArray logits = emb.get(0).matMul(emb.get(1).transpose()).mul(emb.get(2));
        NDArray loss = logits.logSoftmax(1).mul(m.eye(B)).sum().neg();
        collector.backward(loss);
      }
      for (Pair<String, Parameter> p : model.getParameters()) {
        NDArray array = p.getValue().getArray();
        float g = array.hasGradient() ? array.getGradient().abs().sum().getFloat() : -1f;
        out.put(p.getKey(), g);
      }
    }
    return out;
  }

  @Test
  void everyLearnableParameterGetsAGradient() {
    Map<String, Float> g = gradients(TestModels.small(RouterMode.ROUTER, 0f, 0f));
    assertEquals(17, g.size());
    g.forEach((name, v) -> assertTrue(v > 0, name + " has gradient " + v));
  }

  @Test
  void ablationModesFreezeTheRouter() {
    for (RouterMode mode : new RouterMode[] {RouterMode.UNIFORM, RouterMode.SINGLE}) {
      Map<String, Float> g = gradients(TestModels.small(mode, 0f, 0f));
      g.forEach(
          (name, v) -> {
            if (name.equals("router_logits") || name.equals("subject_bias")) {
              assertTrue(v <= 0, mode + ": " + name + " must get no gradient, got " + v);
            } else {
              assertTrue(v > 0, mode + ": " + name + " has gradient " + v);
            }
          });
    }
  }

  @Test
  void inputShapesAreChecked() {
    ModelConfig c = TestModels.small();
    SupaEegModel model = model(c);
    try (NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> model.encodeEeg(ps, m.zeros(new Shape(2, 25)), false));
      assertTrue(e.getMessage().contains("(batch, 24)"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> model.encodeImages(ps, m.zeros(new Shape(2, 4, 24)), null, false));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              model.encodeImages(
                  ps, m.zeros(new Shape(2, 5, 24)), m.create(new int[] {0, 1, 2}), true));
    }
  }
}
