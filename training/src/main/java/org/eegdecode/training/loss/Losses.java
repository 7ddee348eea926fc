package org.eegdecode.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The SUPAEEG training losses on L2-normalised embeddings. Every result is a scalar NDArray on the
 * manager of {@code eegEmb} (or {@code x}), differentiable with respect to all inputs.
 */
public final class Losses {
  private Losses() {}

  /**
   * Symmetric InfoNCE (CLIP loss): with {@code S = scale · eeg · imgᵀ} (B×B) and the matching pairs
   * on the diagonal, the mean of the cross-entropy over the rows (EEG→image) and over the columns
   * (image→EEG).
   *
   * @param eegEmb (B, F)
   * @param imgEmb (B, F), row i the image of EEG row i
   * @param logitScaleExp the scale, a scalar (already {@code exp} of the learned parameter)
   */
  public static NDArray infoNce(NDArray eegEmb, NDArray imgEmb, NDArray logitScaleExp) {
    Shape shape = eegEmb.getShape();
    if (shape.dimension() != 2 || !shape.equals(imgEmb.getShape())) {
      throw new IllegalArgumentException(
          "InfoNCE needs two (B, F) arrays of one shape, got "
              + shape
              + " and "
              + imgEmb.getShape());
    }
    int b = Math.toIntExact(shape.get(0));
    NDArray logits = eegEmb.matMul(imgEmb.transpose()).mul(logitScaleExp);
    NDArray eye = diagonalMask(eegEmb.getManager(), logits, b);
    NDArray rows = logits.logSoftmax(1).mul(eye).sum();
    NDArray cols = logits.logSoftmax(0).mul(eye).sum();
    return rows.add(cols).div(-2.0f * b);
  }

  /**
   * Unbiased multi-kernel RBF estimate of MMD² between the rows of {@code x} and {@code y}, clamped
   * at 0:
   *
   * <pre>
   * k(a, b) = Σ_σ exp(−‖a − b‖² / (2σ²))
   * MMD²    = Σ_{i≠j} k(x_i, x_j) / (n(n−1)) + Σ_{i≠j} k(y_i, y_j) / (m(m−1)) − 2 Σ_{i,j} k(x_i, y_j) / (nm)
   * </pre>
   *
   * @param x (n, F), n ≥ 2, L2-normalised rows
   * @param y (m, F), m ≥ 2, L2-normalised rows
   * @param bandwidths the σ values
   */
  public static NDArray mmd(NDArray x, NDArray y, float[] bandwidths) {
    Shape sx = x.getShape();
    Shape sy = y.getShape();
    if (sx.dimension() != 2 || sy.dimension() != 2 || sx.get(1) != sy.get(1)) {
      throw new IllegalArgumentException(
          "MMD needs (n, F) and (m, F) arrays, got " + sx + " and " + sy);
    }
    int n = Math.toIntExact(sx.get(0));
    int m = Math.toIntExact(sy.get(0));
    if (n < 2 || m < 2) {
      throw new IllegalArgumentException(
          "the unbiased MMD needs at least 2 samples on each side, got " + n + " and " + m);
    }
    if (bandwidths.length == 0) {
      throw new IllegalArgumentException("MMD needs at least one bandwidth");
    }
    NDManager manager = x.getManager();
    NDArray kxx = kernel(squaredDistances(x, x), bandwidths);
    NDArray kyy = kernel(squaredDistances(y, y), bandwidths);
    NDArray kxy = kernel(squaredDistances(x, y), bandwidths);
    NDArray offX = diagonalMask(manager, kxx, n).neg().add(1f);
    NDArray offY = diagonalMask(manager, kyy, m).neg().add(1f);
    NDArray xx = kxx.mul(offX).sum().div((float) n * (n - 1));
    NDArray yy = kyy.mul(offY).sum().div((float) m * (m - 1));
    NDArray xy = kxy.sum().div((float) n * m);
    return xx.add(yy).sub(xy.mul(2f)).maximum(0f);
  }

  /**
   * MMD weight at a 1-based epoch: linear from {@code start} (epoch 1) to {@code end} (epoch {@code
   * stage1Epochs}), 0 after stage 1.
   */
  public static float mmdWeight(int epoch, int stage1Epochs, float start, float end) {
    if (epoch < 1) {
      throw new IllegalArgumentException("epochs count from 1, got " + epoch);
    }
    if (epoch > stage1Epochs) {
      return 0f;
    }
    if (stage1Epochs == 1) {
      return start;
    }
    return (float) (start + (end - (double) start) * (epoch - 1) / (stage1Epochs - 1));
  }

  /**
   * The training loss of a 1-based epoch: {@code w·MMD + (1 − w)·InfoNCE} during stage 1 with
   * {@code w = mmdWeight(epoch, …)}, InfoNCE alone afterwards.
   */
  public static NDArray total(
      NDArray eegEmb, NDArray imgEmb, NDArray logitScaleExp, int epoch, LossSettings s) {
    NDArray nce = infoNce(eegEmb, imgEmb, logitScaleExp);
    if (epoch > s.stage1Epochs()) {
      return nce;
    }
    float w = mmdWeight(epoch, s.stage1Epochs(), s.mmdStart(), s.mmdEnd());
    NDArray mmd = mmd(eegEmb, imgEmb, s.mmdBandwidths());
    return mmd.mul(w).add(nce.mul(1f - w));
  }

  /** ‖a_i − b_j‖² (rows × rows), clamped at 0 against rounding. */
  private static NDArray squaredDistances(NDArray a, NDArray b) {
    NDArray a2 = a.square().sum(new int[] {1}, true);
    NDArray b2 = b.square().sum(new int[] {1}, true).transpose();
    return a2.add(b2).sub(a.matMul(b.transpose()).mul(2f)).maximum(0f);
  }

  private static NDArray kernel(NDArray d2, float[] bandwidths) {
    NDArray sum = null;
    for (float sigma : bandwidths) {
      NDArray k = d2.mul(-1.0f / (2f * sigma * sigma)).exp();
      sum = sum == null ? k : sum.add(k);
    }
    return sum;
  }

  private static NDArray diagonalMask(NDManager manager, NDArray like, int n) {
    return manager.eye(n, n, 0, like.getDataType(), like.getDevice());
  }
}
