package org.eegdecode.training.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@link TimeSmoothing} as tensor ops on the training device: every (sample, channel) row times one
 * banded T × T matrix that holds the Gaussian kernel with the host's edge renormalisation folded in
 * (column t divided by the kernel mass inside the epoch), then kept only for the picked samples. A
 * matrix product rather than a 1-D convolution: PyTorch's CPU convolution with one input channel
 * took 8 % of a training epoch here, the product (≈ 0.35 GFLOP per batch of 1024) under 1 %, and
 * both are exact. The picks are drawn on the host, one per sample in batch order as {@link
 * TimeSmoothing#apply} draws them, so the same seed smooths the same samples on every device.
 */
public final class DeviceSmoothing implements AutoCloseable {
  private final int channels;
  private final int times;
  private final int half;
  private final NDManager manager;
  private final NDArray operator;

  /** The kernel of {@code smoothing} on {@code parent}'s device (in a sub-manager this owns). */
  public DeviceSmoothing(TimeSmoothing smoothing, int channels, int times, NDManager parent) {
    this.channels = channels;
    this.times = times;
    float[] k = smoothing.kernel();
    this.half = k.length / 2;
    this.manager = parent.newSubManager();
    float[] banded = new float[times * times]; // [u][t]: weight of input u in output t
    for (int t = 0; t < times; t++) {
      int from = Math.max(0, t - half);
      int to = Math.min(times - 1, t + half);
      float mass = 0;
      for (int u = from; u <= to; u++) {
        mass += k[u - t + half];
      }
      for (int u = from; u <= to; u++) {
        banded[u * times + t] = k[u - t + half] / mass;
      }
    }
    this.operator = manager.create(banded, new Shape(times, times));
  }

  /**
   * {@code x} (B, C·T) with the rows of samples whose {@code picked} (B,) value is 1 smoothed along
   * time; the others unchanged. The result belongs to {@code x}'s manager.
   */
  public NDArray apply(NDArray x, NDArray picked) {
    if (half == 0) {
      return x;
    }
    long b = x.getShape().get(0);
    NDArray smoothed =
        x.reshape(b * channels, times).matMul(operator).reshape(b, (long) channels * times);
    // (DJL's where does not broadcast a (B, 1) condition: blend with the 0/1 picks instead)
    NDArray keep = picked.toType(DataType.FLOAT32, false).reshape(b, 1);
    return x.add(smoothed.sub(x).mul(keep));
  }

  @Override
  public void close() {
    manager.close();
  }
}
