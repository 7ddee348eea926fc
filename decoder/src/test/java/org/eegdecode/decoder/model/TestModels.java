package org.eegdecode.decoder.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small model configurations and a plain-Java (double precision) re-implementation of the SUPAEEG
 * forward pass from the reference description, to check the DJL block against.
 */
public final class TestModels {
  private TestModels() {}

  /** C = 3, T = 8, L = 5 (layers 20..36), D = 24, H = 32, M = 20, F = 16, 4 subjects. */
  public static ModelConfig small(RouterMode mode, float subjectRate, float layerRate) {
    return new ModelConfig(
        3,
        8,
        List.of(20, 24, 28, 32, 36),
        24,
        20,
        32,
        16,
        4,
        0.3f,
        1.0f,
        new float[] {-2, -1, 0, -1, -2},
        subjectRate,
        layerRate,
        (float) Math.log(1 / 0.07),
        mode,
        28);
  }

  public static ModelConfig small() {
    return small(RouterMode.ROUTER, 0.3f, 0.1f);
  }

  /** Standard normal values from a seeded generator. */
  public static float[] gaussian(long seed, int n) {
    Random random = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  /** The block's parameters by name as float arrays. */
  public static Map<String, float[]> weights(SupaEegModel model) {
    Map<String, float[]> out = new HashMap<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      NDArray a = p.getValue().getArray();
      out.put(p.getKey(), a.toFloatArray());
    }
    return out;
  }

  /** Reference EEG embedding of one flattened sample (inference: dropout off). */
  public static double[] eeg(Map<String, float[]> w, ModelConfig c, float[] x, int offset) {
    int in = c.eegInputDim();
    int h = c.eegFeatureDim();
    double[] sample = new double[in];
    for (int i = 0; i < in; i++) {
      sample[i] = x[offset + i];
    }
    double[] a = linear(w, "01eeg_in", sample, h);
    double[] g = new double[h];
    for (int i = 0; i < h; i++) {
      g[i] = gelu(a[i]);
    }
    double[] r = linear(w, "02eeg_residual", g, h);
    for (int i = 0; i < h; i++) {
      a[i] += r[i];
    }
    double[] n = layerNorm(a, w.get("04eeg_norm_gamma"), w.get("04eeg_norm_beta"), 1e-5);
    double[] o = linear(w, "05eeg_out", n, c.featureDim());
    return l2(linear(w, "08shared", o, c.featureDim()));
  }

  /** Reference image embedding of one (L, D) sample under the given layer weights. */
  public static double[] image(
      Map<String, float[]> w, ModelConfig c, float[] features, int offset, double[] layerWeights) {
    int d = c.imageInputDim();
    double[] mixed = new double[d];
    for (int l = 0; l < c.layers(); l++) {
      for (int j = 0; j < d; j++) {
        mixed[j] += layerWeights[l] * features[offset + l * d + j];
      }
    }
    double[] m = linear(w, "06image_in", mixed, c.imageMidDim());
    double[] o = linear(w, "07image_out", m, c.featureDim());
    return l2(linear(w, "08shared", o, c.featureDim()));
  }

  /** softmax(logits / t). */
  public static double[] softmax(double[] logits, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = Math.exp(logits[i] / t - max);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  static double[] linear(Map<String, float[]> w, String name, double[] x, int out) {
    float[] weight = w.get(name + "_weight");
    float[] bias = w.get(name + "_bias");
    int in = x.length;
    if (weight.length != out * in) {
      throw new IllegalStateException(name + " weight has " + weight.length + " values");
    }
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = bias[o];
      for (int i = 0; i < in; i++) {
        s += weight[o * in + i] * x[i];
      }
      y[o] = s;
    }
    return y;
  }

  static double[] layerNorm(double[] x, float[] gamma, float[] beta, double eps) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
    }
    return y;
  }

  static double[] l2(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    double n = Math.max(Math.sqrt(s), 1e-12);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] / n;
    }
    return y;
  }

  /** The exact (erf) GELU, as torch.nn.GELU() computes it. */
  static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /** erf by its Maclaurin series (|x| ≤ 4, ~1e-11) and ±1 beyond (error < 2e-8). */
  static double erf(double x) {
    if (Math.abs(x) > 4) {
      return Math.signum(x);
    }
    double term = x;
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= -x * x / n;
      double add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) {
        break;
      }
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }
}
