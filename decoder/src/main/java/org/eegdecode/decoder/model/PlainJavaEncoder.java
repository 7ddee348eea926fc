package org.eegdecode.decoder.model;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * The EEG branch of {@link SupaEegModel} (inference) in plain Java, with the model's weights: the
 * baseline the benchmark holds the DJL forward pass against, and a CPU path without JNI calls.
 *
 * <pre>
 * x (B, C·T) → Linear → h;  h + Linear(GELU(h)) → LayerNorm → Linear(H→F) → shared Linear(F→F) → L2
 * </pre>
 *
 * <p>Weights are copied at construction, transposed to (in, out), so that each Linear layer is a
 * run of axpy loops over contiguous rows ({@code y[b, :] += x[b, i] · Wᵀ[i, :]}): the JIT
 * vectorises them without reordering a reduction, each weight row is read once per batch, and four
 * input rows are fused per pass over {@code y}. GELU is the exact (erf) one, read from a table with
 * linear interpolation (error below 1e-7). {@link #encode} does not allocate; one instance is for
 * one thread at a time.
 */
public final class PlainJavaEncoder {
  private static final float NORM_EPS = 1e-12f;
  private static final double LAYER_NORM_EPS = 1e-5;

  private final int in;
  private final int hidden;
  private final int out;
  private final int maxBatch;
  private final float[] inWt;
  private final float[] inBias;
  private final float[] resWt;
  private final float[] resBias;
  private final float[] gamma;
  private final float[] beta;
  private final float[] outWt;
  private final float[] outBias;
  private final float[] sharedWt;
  private final float[] sharedBias;
  private final float[] h;
  private final float[] g;
  private final float[] o;

  /**
   * Copies the EEG-branch weights of {@code model} (initialised or loaded).
   *
   * @param maxBatch the most epochs one {@link #encode} call takes
   */
  public PlainJavaEncoder(SupaEegModel model, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }
    ModelConfig c = model.config();
    this.in = c.eegInputDim();
    this.hidden = c.eegFeatureDim();
    this.out = c.featureDim();
    this.maxBatch = maxBatch;
    Map<String, float[]> w = new HashMap<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      // Child parameters are named "NNchild_param" (e.g. "01eeg_in_weight"): drop the index.
      String key = p.getKey().replaceFirst("^\\d+", "");
      w.put(key, p.getValue().getArray().toFloatArray());
    }
    inWt = transpose(need(w, "eeg_in_weight", hidden * in), hidden, in);
    inBias = need(w, "eeg_in_bias", hidden);
    resWt = transpose(need(w, "eeg_residual_weight", hidden * hidden), hidden, hidden);
    resBias = need(w, "eeg_residual_bias", hidden);
    gamma = need(w, "eeg_norm_gamma", hidden);
    beta = need(w, "eeg_norm_beta", hidden);
    outWt = transpose(need(w, "eeg_out_weight", out * hidden), out, hidden);
    outBias = need(w, "eeg_out_bias", out);
    sharedWt = transpose(need(w, "shared_weight", out * out), out, out);
    sharedBias = need(w, "shared_bias", out);
    h = new float[maxBatch * hidden];
    g = new float[maxBatch * hidden];
    o = new float[maxBatch * out];
  }

  private static float[] need(Map<String, float[]> w, String name, int size) {
    float[] a = w.get(name);
    if (a == null || a.length != size) {
      throw new IllegalArgumentException(
          "model parameter "
              + name
              + (a == null ? " is missing" : " has " + a.length + " values, expected " + size));
    }
    return a;
  }

  /** (rows, cols) row-major → (cols, rows) row-major. */
  private static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }

  /** Input width C·T. */
  public int inputDim() {
    return in;
  }

  /** Embedding width F. */
  public int outputDim() {
    return out;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Embeds {@code batch} flattened epochs {@code x[xOffset …]} (batch × C·T) into {@code y[yOffset
   * …]} (batch × F, rows L2-normalised).
   */
  public void encode(float[] x, int xOffset, int batch, float[] y, int yOffset) {
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException("batch must be 1.." + maxBatch + ", got " + batch);
    }
    linear(x, xOffset, batch, in, inWt, inBias, hidden, h, 0);
    for (int i = 0, n = batch * hidden; i < n; i++) {
      g[i] = Gelu.apply(h[i]);
    }
    // h += Linear(g): the residual's output accumulates onto h.
    addLinear(g, 0, batch, hidden, resWt, resBias, hidden, h, 0);
    for (int b = 0; b < batch; b++) {
      layerNorm(h, b * hidden);
    }
    linear(h, 0, batch, hidden, outWt, outBias, out, o, 0);
    linear(o, 0, batch, out, sharedWt, sharedBias, out, y, yOffset);
    for (int b = 0; b < batch; b++) {
      l2(y, yOffset + b * out);
    }
  }

  /** y = x·Wᵀ + bias, with {@code wt} = Wᵀ (in, out). */
  private static void linear(
      float[] x,
      int xOff,
      int batch,
      int in,
      float[] wt,
      float[] bias,
      int out,
      float[] y,
      int yOff) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(bias, 0, y, yOff + b * out, out);
    }
    accumulate(x, xOff, batch, in, wt, out, y, yOff);
  }

  /** y += x·Wᵀ + bias. */
  private static void addLinear(
      float[] x,
      int xOff,
      int batch,
      int in,
      float[] wt,
      float[] bias,
      int out,
      float[] y,
      int yOff) {
    for (int b = 0; b < batch; b++) {
      int yo = yOff + b * out;
      for (int j = 0; j < out; j++) {
        y[yo + j] += bias[j];
      }
    }
    accumulate(x, xOff, batch, in, wt, out, y, yOff);
  }

  /**
   * y[b, :] += Σ_i x[b, i]·wt[i, :], four input rows per pass over y; each block of four weight
   * rows (16 KB at out = 1024) stays in L1 across the batch.
   */
  private static void accumulate(
      float[] x, int xOff, int batch, int in, float[] wt, int out, float[] y, int yOff) {
    int i = 0;
    for (; i + 3 < in; i += 4) {
      int w0 = i * out;
      int w1 = w0 + out;
      int w2 = w1 + out;
      int w3 = w2 + out;
      for (int b = 0; b < batch; b++) {
        int xi = xOff + b * in + i;
        float x0 = x[xi];
        float x1 = x[xi + 1];
        float x2 = x[xi + 2];
        float x3 = x[xi + 3];
        int yo = yOff + b * out;
        for (int j = 0; j < out; j++) {
          y[yo + j] += x0 * wt[w0 + j] + x1 * wt[w1 + j] + x2 * wt[w2 + j] + x3 * wt[w3 + j];
        }
      }
    }
    for (; i < in; i++) {
      int w0 = i * out;
      for (int b = 0; b < batch; b++) {
        float x0 = x[xOff + b * in + i];
        int yo = yOff + b * out;
        for (int j = 0; j < out; j++) {
          y[yo + j] += x0 * wt[w0 + j];
        }
      }
    }
  }

  private void layerNorm(float[] a, int off) {
    double sum = 0;
    for (int i = 0; i < hidden; i++) {
      sum += a[off + i];
    }
    double mean = sum / hidden;
    double var = 0;
    for (int i = 0; i < hidden; i++) {
      double d = a[off + i] - mean;
      var += d * d;
    }
    float inv = (float) (1 / Math.sqrt(var / hidden + LAYER_NORM_EPS));
    float m = (float) mean;
    for (int i = 0; i < hidden; i++) {
      a[off + i] = (a[off + i] - m) * inv * gamma[i] + beta[i];
    }
  }

  private void l2(float[] a, int off) {
    double s = 0;
    for (int i = 0; i < out; i++) {
      s += a[off + i] * a[off + i];
    }
    float inv = (float) (1 / Math.max(Math.sqrt(s), NORM_EPS));
    for (int i = 0; i < out; i++) {
      a[off + i] *= inv;
    }
  }

  /** FLOPs of one sample's forward pass (2 per multiply-add of the four Linear layers). */
  public static long flopsPerSample(ModelConfig c) {
    long in = c.eegInputDim();
    long h = c.eegFeatureDim();
    long f = c.featureDim();
    return 2 * (in * h + h * h + h * f + f * f);
  }

  /** Exact GELU, x·Φ(x), tabulated on [-8, 8] (x beyond: x or 0, off by under 1e-14). */
  static final class Gelu {
    private static final float LIMIT = 8f;
    private static final int STEPS_PER_UNIT = 1024;
    private static final float[] TABLE = table();

    private Gelu() {}

    static float apply(float x) {
      if (!(x > -LIMIT)) {
        return x != x ? x : 0f;
      }
      if (x >= LIMIT) {
        return x;
      }
      float t = (x + LIMIT) * STEPS_PER_UNIT;
      int i = (int) t;
      float f = t - i;
      return TABLE[i] + f * (TABLE[i + 1] - TABLE[i]);
    }

    private static float[] table() {
      int n = (int) (2 * LIMIT * STEPS_PER_UNIT) + 2;
      float[] t = new float[n];
      for (int i = 0; i < n; i++) {
        double x = -LIMIT + (double) i / STEPS_PER_UNIT;
        t[i] = (float) exact(x);
      }
      return t;
    }

    /** x·Φ(x) in double precision. */
    static double exact(double x) {
      return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * erf: Maclaurin series for |x| < 2.5, the continued fraction of erfc beyond (both ~1e-15 in
     * double).
     */
    static double erf(double x) {
      double a = Math.abs(x);
      if (a < 2.5) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 100; n++) {
          term *= -x * x / n;
          double add = term / (2 * n + 1);
          sum += add;
          if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
            break;
          }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
      }
      // erfc(a) = exp(-a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + 2/(a + …))))), evaluated backwards.
      double f = a;
      for (int k = 60; k >= 1; k--) {
        f = a + (k / 2.0) / f;
      }
      double erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
      return Math.copySign(1 - erfc, x);
    }
  }
}
