package org.eegdecode.training.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/** The seed's training keys (top level of the configuration), checked once. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainSettings(
    int epochs,
    int batchSize,
    int evalEvery,
    double lr,
    double weightDecay,
    double gradClip,
    int stage1Epochs,
    double stage2Lr,
    double mmdStart,
    double mmdEnd,
    List<Double> mmdBandwidths,
    double smoothProb,
    int smoothKernelSize,
    double smoothSigma,
    int earlyStopPatience,
    int warmupEpochs,
    double minLr,
    boolean refit,
    int seeds,
    long seed,
    String device,
    String outputDir) {

  public static TrainSettings from(Config config) {
    TrainSettings settings = config.section("", TrainSettings.class);
    settings.validate();
    return settings;
  }

  private void validate() {
    positive("epochs", epochs);
    positive("batch_size", batchSize);
    positive("eval_every", evalEvery);
    positive("seeds", seeds);
    if (batchSize < 2) {
      throw new ConfigException("batch_size must be at least 2 (contrastive loss), got 1");
    }
    nonNegative("lr", lr);
    nonNegative("weight_decay", weightDecay);
    nonNegative("grad_clip", gradClip);
    nonNegative("stage2_lr", stage2Lr);
    nonNegative("min_lr", minLr);
    if (stage1Epochs < 0) {
      throw new ConfigException("stage1_epochs must be >= 0, got " + stage1Epochs);
    }
    if (!(mmdStart >= 0 && mmdStart <= 1) || !(mmdEnd >= 0 && mmdEnd <= 1)) {
      throw new ConfigException(
          "mmd_start and mmd_end must be in [0, 1], got " + mmdStart + " and " + mmdEnd);
    }
    if (mmdBandwidths == null || mmdBandwidths.isEmpty()) {
      throw new ConfigException("mmd_bandwidths must list at least one bandwidth");
    }
    for (Double b : mmdBandwidths) {
      if (b == null || !(b > 0) || b.isInfinite()) {
        throw new ConfigException("mmd_bandwidths must be positive numbers, got " + mmdBandwidths);
      }
    }
    if (!(smoothProb >= 0 && smoothProb <= 1)) {
      throw new ConfigException("smooth_prob must be in [0, 1], got " + smoothProb);
    }
    if (smoothKernelSize < 1 || smoothKernelSize % 2 == 0) {
      throw new ConfigException(
          "smooth_kernel_size must be a positive odd number, got " + smoothKernelSize);
    }
    if (!(smoothSigma > 0) || Double.isInfinite(smoothSigma)) {
      throw new ConfigException("smooth_sigma must be > 0, got " + smoothSigma);
    }
    if (earlyStopPatience < 0) {
      throw new ConfigException(
          "early_stop_patience must be >= 0 (0 disables), got " + earlyStopPatience);
    }
    if (warmupEpochs < 0) {
      throw new ConfigException("warmup_epochs must be >= 0, got " + warmupEpochs);
    }
  }

  public float[] bandwidths() {
    float[] out = new float[mmdBandwidths.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = mmdBandwidths.get(i).floatValue();
    }
    return out;
  }

  /** Stage 1 (MMD + InfoNCE) or 2 (InfoNCE only) of a 1-based epoch. */
  public int stage(int epoch) {
    return epoch <= stage1Epochs ? 1 : 2;
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new ConfigException(key + " must be >= 1, got " + value);
    }
  }

  private static void nonNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigException(key + " must be a finite number >= 0, got " + value);
    }
  }
}
