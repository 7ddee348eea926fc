package org.eegdecode.training.trainer;

import java.util.Random;

/**
 * The seed's augmentation: each sample, with probability {@code p}, is smoothed along time with a
 * normalised Gaussian kernel (size {@code k}, odd; {@code sigma} in samples), channel by channel.
 * At the edges the kernel is renormalised over the samples that exist, so no zeros are mixed in.
 * Training smooths on the device ({@link DeviceSmoothing}) with the picks of {@link #pick}; {@link
 * #apply} is the host reference it is checked against.
 */
public final class TimeSmoothing {
  private final double probability;
  private final float[] kernel;
  private final int half;

  public TimeSmoothing(double probability, int kernelSize, double sigma) {
    if (kernelSize < 1 || kernelSize % 2 == 0) {
      throw new IllegalArgumentException("kernel size must be odd, got " + kernelSize);
    }
    this.probability = probability;
    this.half = kernelSize / 2;
    this.kernel = new float[kernelSize];
    double sum = 0;
    for (int i = 0; i < kernelSize; i++) {
      double d = i - half;
      kernel[i] = (float) Math.exp(-d * d / (2 * sigma * sigma));
      sum += kernel[i];
    }
    for (int i = 0; i < kernelSize; i++) {
      kernel[i] /= (float) sum;
    }
  }

  public float[] kernel() {
    return kernel.clone();
  }

  /**
   * Draws which of {@code samples} samples to smooth, one random number each, as {@link #apply}
   * does: {@code out[i]} is 1 or 0. Returns how many were picked.
   */
  public int pick(int samples, Random random, float[] out, int offset) {
    int picked = 0;
    for (int s = 0; s < samples; s++) {
      boolean pick = random.nextDouble() < probability && half > 0;
      out[offset + s] = pick ? 1f : 0f;
      picked += pick ? 1 : 0;
    }
    return picked;
  }

  /**
   * Smooths each of the {@code samples} rows (channels × times, C order) of {@code x} in place with
   * probability p; draws exactly one random number per sample. Returns how many were smoothed.
   */
  public int apply(
      float[] x, int samples, int channels, int times, Random random, float[] scratch) {
    int smoothed = 0;
    for (int s = 0; s < samples; s++) {
      boolean pick = random.nextDouble() < probability;
      if (!pick || half == 0) {
        continue;
      }
      smoothed++;
      for (int c = 0; c < channels; c++) {
        smoothRow(x, (s * channels + c) * times, times, scratch);
      }
    }
    return smoothed;
  }

  /** Smooths one row of {@code times} values at {@code offset}; scratch holds ≥ times floats. */
  void smoothRow(float[] x, int offset, int times, float[] scratch) {
    for (int t = 0; t < times; t++) {
      float acc = 0;
      float weight = 0;
      int from = Math.max(0, t - half);
      int to = Math.min(times - 1, t + half);
      for (int u = from; u <= to; u++) {
        float w = kernel[u - t + half];
        acc += w * x[offset + u];
        weight += w;
      }
      scratch[t] = acc / weight;
    }
    System.arraycopy(scratch, 0, x, offset, times);
  }
}
