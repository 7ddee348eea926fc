package org.eegdecode.training.trainer;

import org.eegdecode.decoder.model.ModelConfig;

/**
 * Floating-point work of the model's Linear layers per training sample: multiply-accumulates of
 * every Linear, ×2 for the forward pass, and twice that again for the backward pass (input and
 * weight gradients), so 6 × MACs. The router's weighted sum, LayerNorm, activations and the
 * batch-level loss matrices are not counted.
 */
public final class TrainingFlops {
  private TrainingFlops() {}

  /** MACs of the EEG branch's Linears (including the shared projection). */
  public static long eegMacs(ModelConfig c) {
    long h = c.eegFeatureDim();
    long f = c.featureDim();
    return (long) c.eegInputDim() * h + h * h + h * f + f * f;
  }

  /** MACs of the image branch's Linears (including the shared projection). */
  public static long imageMacs(ModelConfig c) {
    long m = c.imageMidDim();
    long f = c.featureDim();
    return (long) c.imageInputDim() * m + m * f + f * f;
  }

  /** Forward FLOPs per sample (one EEG row and its image). */
  public static long forwardFlops(ModelConfig c) {
    return 2 * (eegMacs(c) + imageMacs(c));
  }

  /** Forward + backward FLOPs per training sample. */
  public static long trainingFlops(ModelConfig c) {
    return 3 * forwardFlops(c);
  }
}
