package org.eegdecode.acquisition.epoch;

/**
 * Turns buffered native-rate samples into one model-ready epoch (C×T float32, C order):
 *
 * <ol>
 *   <li>baseline per channel: the mean of the window's native samples with epoch time ≤ 0 (window
 *       start … onset, inclusive: MNE's {@code baseline=(None, 0)}, as THINGS-EEG2 did on its 1000
 *       Hz epochs before resampling);
 *   <li>anti-alias filter and decimation ({@link DecimatingFilter}), computing only the T output
 *       samples; the baseline is subtracted from the filtered value, which equals filtering the
 *       baseline-corrected signal because every filter phase has unit DC gain;
 *   <li>whitening {@code y = W·x} per time point, when the spec has a matrix.
 * </ol>
 *
 * Channels are already picked and ordered by the {@link SampleHistory}. Arithmetic is in double;
 * only the output is float. Reuses its scratch space; allocation-free.
 */
public final class EpochAssembler {
  private final EpochGeometry geometry;
  private final int channels;
  private final int times;
  private final int[] firstTap;
  private final double[][] taps;
  private final float[] whitening;
  private final double[] scratch;

  public EpochAssembler(EpochGeometry geometry, float[] whitening) {
    this.geometry = geometry;
    this.channels = geometry.channels();
    this.times = geometry.times();
    this.firstTap = new int[times];
    this.taps = new double[times][];
    for (int k = 0; k < times; k++) {
      firstTap[k] = geometry.outputFirstTap(k);
      taps[k] = geometry.filter().tapsShared(geometry.outputPhase(k));
    }
    if (whitening != null && whitening.length != channels * channels) {
      throw new IllegalArgumentException(
          "whitening matrix has " + whitening.length + " values, expected " + channels * channels);
    }
    this.whitening = whitening == null ? null : whitening.clone();
    this.scratch = new double[channels * times];
  }

  public EpochGeometry geometry() {
    return geometry;
  }

  /**
   * Assembles the epoch whose onset is at {@code onset}; every needed sample ({@code onset +
   * needFirst … onset + needLast}) must be buffered.
   *
   * @param out C×T, C order
   * @return false when the epoch holds NaN or infinite values
   */
  public boolean assemble(SampleHistory history, long onset, float[] out) {
    float[] v = history.values();
    int stride = history.rowStride();
    int s0 = history.slot(onset + geometry.needFirst());
    int baselineStart = geometry.startOffset() - geometry.needFirst();
    int baselineCount = geometry.baselineCount();
    for (int c = 0; c < channels; c++) {
      int row = c * stride + s0;
      double sum = 0;
      for (int i = row + baselineStart, end = i + baselineCount; i < end; i++) {
        sum += v[i];
      }
      double baseline = sum / baselineCount;
      int outRow = c * times;
      for (int k = 0; k < times; k++) {
        scratch[outRow + k] = dot(taps[k], v, row + firstTap[k]) - baseline;
      }
    }
    if (whitening == null) {
      for (int i = 0; i < scratch.length; i++) {
        out[i] = (float) scratch[i];
      }
    } else {
      whiten(out);
    }
    for (int i = 0; i < scratch.length; i++) {
      if (!Float.isFinite(out[i])) {
        return false;
      }
    }
    return true;
  }

  /** Σ h[j]·x[at + j], with four accumulators to break the add dependency chain. */
  private static double dot(double[] h, float[] x, int at) {
    int n = h.length;
    double a0 = 0;
    double a1 = 0;
    double a2 = 0;
    double a3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      a0 += h[j] * x[at + j];
      a1 += h[j + 1] * x[at + j + 1];
      a2 += h[j + 2] * x[at + j + 2];
      a3 += h[j + 3] * x[at + j + 3];
    }
    for (; j < n; j++) {
      a0 += h[j] * x[at + j];
    }
    return (a0 + a1) + (a2 + a3);
  }

  private void whiten(float[] out) {
    for (int t = 0; t < times; t++) {
      for (int i = 0; i < channels; i++) {
        double acc = 0;
        int w = i * channels;
        for (int j = 0; j < channels; j++) {
          acc += whitening[w + j] * scratch[j * times + t];
        }
        out[i * times + t] = (float) acc;
      }
    }
  }
}
