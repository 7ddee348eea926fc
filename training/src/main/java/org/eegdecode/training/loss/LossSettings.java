package org.eegdecode.training.loss;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The seed's loss keys: stage 1 ({@code 1..stage1Epochs}) mixes MMD and InfoNCE with an MMD weight
 * falling linearly from {@code mmdStart} to {@code mmdEnd}; later epochs use InfoNCE alone.
 *
 * @param stage1Epochs last epoch (1-based) of stage 1; 0 = InfoNCE from the start
 * @param mmdStart MMD weight at epoch 1
 * @param mmdEnd MMD weight at epoch {@code stage1Epochs}
 * @param mmdBandwidths RBF bandwidths σ of the multi-kernel MMD
 */
public record LossSettings(int stage1Epochs, float mmdStart, float mmdEnd, float[] mmdBandwidths) {

  public LossSettings {
    Objects.requireNonNull(mmdBandwidths, "mmdBandwidths");
    mmdBandwidths = mmdBandwidths.clone();
    if (stage1Epochs < 0) {
      throw new ConfigException("stage1_epochs must be >= 0, got " + stage1Epochs);
    }
    weight("mmd_start", mmdStart);
    weight("mmd_end", mmdEnd);
    if (mmdBandwidths.length == 0) {
      throw new ConfigException("mmd_bandwidths must hold at least one bandwidth");
    }
    for (float b : mmdBandwidths) {
      if (!(b > 0) || !Float.isFinite(b)) {
        throw new ConfigException(
            "mmd_bandwidths must be positive, got " + Arrays.toString(mmdBandwidths));
      }
    }
  }

  private static void weight(String key, float v) {
    if (!(v >= 0 && v <= 1)) {
      throw new ConfigException(key + " must be in [0, 1], got " + v);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Keys(int stage1Epochs, double mmdStart, double mmdEnd, List<Double> mmdBandwidths) {}

  /**
   * From the top-level keys {@code stage1_epochs}, {@code mmd_start}, {@code mmd_end}, {@code
   * mmd_bandwidths}.
   */
  public static LossSettings from(Config config) {
    Keys keys = config.section("", Keys.class);
    float[] bw = new float[keys.mmdBandwidths().size()];
    for (int i = 0; i < bw.length; i++) {
      bw[i] = keys.mmdBandwidths().get(i).floatValue();
    }
    return new LossSettings(
        keys.stage1Epochs(), (float) keys.mmdStart(), (float) keys.mmdEnd(), bw);
  }

  @Override
  public float[] mmdBandwidths() {
    return mmdBandwidths.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossSettings s
        && stage1Epochs == s.stage1Epochs
        && Float.compare(mmdStart, s.mmdStart) == 0
        && Float.compare(mmdEnd, s.mmdEnd) == 0
        && Arrays.equals(mmdBandwidths, s.mmdBandwidths);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stage1Epochs, mmdStart, mmdEnd) * 31 + Arrays.hashCode(mmdBandwidths);
  }

  @Override
  public String toString() {
    return "LossSettings[stage1Epochs="
        + stage1Epochs
        + ", mmdStart="
        + mmdStart
        + ", mmdEnd="
        + mmdEnd
        + ", mmdBandwidths="
        + Arrays.toString(mmdBandwidths)
        + "]";
  }
}
