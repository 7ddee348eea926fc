package org.eegdecode.training.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Global L2 gradient-norm clipping (PyTorch's {@code clip_grad_norm_}): between backward and the
 * optimiser step, the norm over <em>all</em> parameter gradients is computed and, when above the
 * limit, every gradient is scaled in place by limit / norm. DJL's {@code optClipGrad} clamps each
 * element instead, which is a different thing.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Clips in place.
   *
   * @param gradients the gradients (views that share storage with the parameters' gradients)
   * @param maxNorm the limit; ≤ 0 only measures
   * @return the global norm before clipping
   */
  public static double clip(List<NDArray> gradients, double maxNorm) {
    if (gradients.isEmpty()) {
      return 0;
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      return clipOnDevice(gradients, maxNorm)[0].getFloat();
    }
  }

  /**
   * {@link #clip} without a host round trip: the norm, the scale {@code min(1, limit / (norm +
   * 1e-6))} and the in-place scaling all stay on the device (the training loop reads the figures
   * once per epoch, not per step).
   *
   * @param maxNorm the limit; ≤ 0 only measures
   * @return {norm before, norm after} as scalars on the gradients' device (null when there are no
   *     gradients); they belong to the manager of the first gradient's current scope
   */
  public static NDArray[] clipOnDevice(List<NDArray> gradients, double maxNorm) {
    if (gradients.isEmpty()) {
      return null;
    }
    NDArray total = null;
    for (NDArray g : gradients) {
      NDArray sq = g.square().sum();
      total = total == null ? sq : total.add(sq);
    }
    NDArray norm = total.sqrt();
    if (maxNorm <= 0) {
      return new NDArray[] {norm, norm};
    }
    NDArray scale = norm.add(1e-6f).pow(-1f).mul((float) maxNorm).minimum(1f);
    for (NDArray g : gradients) {
      g.muli(scale);
    }
    return new NDArray[] {norm, norm.mul(scale)};
  }

  /**
   * The gradients of every trainable parameter (new handles on the same storage: close them after
   * the step with {@link #close}).
   */
  public static List<NDArray> gradients(PairList<String, Parameter> parameters) {
    List<NDArray> out = new ArrayList<>();
    for (Pair<String, Parameter> pair : parameters) {
      Parameter p = pair.getValue();
      if (p.requiresGradient() && p.isInitialized()) {
        NDArray array = p.getArray();
        if (array.hasGradient()) {
          out.add(array.getGradient());
        }
      }
    }
    return out;
  }

  public static void close(List<NDArray> arrays) {
    for (NDArray a : arrays) {
      a.close();
    }
  }
}
