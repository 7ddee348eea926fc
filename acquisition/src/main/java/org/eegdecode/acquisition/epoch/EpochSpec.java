package org.eegdecode.acquisition.epoch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eegdecode.acquisition.config.Config;

/**
 * What the model was trained on: the epoch window, the model's sampling rate, its channels in order
 * and the optional whitening matrix. The live path must reproduce exactly this layout.
 *
 * @param tmin window start relative to the stimulus (s), inclusive; must be ≤ 0 because the
 *     baseline is the mean over tmin … 0
 * @param tmax window end (s), exclusive
 * @param modelRate the model's sampling rate (Hz), a whole number
 * @param modelChannels channel labels in the model's order; empty = the stream's own labels in
 *     stream order
 * @param whitening optional C×C row-major matrix applied per time point ({@code y = W·x}) after
 *     decimation, C = number of model channels; {@code null} = none
 */
public record EpochSpec(
    double tmin, double tmax, double modelRate, List<String> modelChannels, float[] whitening) {

  public EpochSpec {
    if (!(Double.isFinite(tmin) && Double.isFinite(tmax) && tmin < tmax)) {
      throw new IllegalArgumentException(
          "epoch window must satisfy tmin < tmax, got " + tmin + " .. " + tmax);
    }
    if (tmin > 0) {
      throw new IllegalArgumentException(
          "epoch window starts at tmin = "
              + tmin
              + " s: the baseline is the mean over tmin .. 0, so tmin must be <= 0");
    }
    if (!(modelRate > 0) || Math.abs(modelRate - Math.rint(modelRate)) > 1e-9) {
      throw new IllegalArgumentException(
          "model rate must be a positive whole number of Hz, got " + modelRate);
    }
    modelChannels = modelChannels == null ? List.of() : List.copyOf(modelChannels);
    if (whitening != null) {
      if (modelChannels.isEmpty()) {
        throw new IllegalArgumentException(
            "a whitening matrix needs the model's channel list (its rows follow that order)");
      }
      int c = modelChannels.size();
      if (whitening.length != c * c) {
        throw new IllegalArgumentException(
            "whitening matrix has "
                + whitening.length
                + " values, expected "
                + c
                + "×"
                + c
                + " for "
                + c
                + " model channels");
      }
      whitening = whitening.clone();
    }
  }

  /**
   * The spec from the configuration: top-level {@code eeg_t_start}, {@code eeg_t_end}, {@code
   * channels} and {@code acquisition.model_rate}; no whitening (the model bundle adds it with
   * {@link #withWhitening}).
   */
  public static EpochSpec fromConfig(Config config) {
    JsonNode channels = config.get("channels");
    List<String> labels = new ArrayList<>();
    for (JsonNode label : channels) {
      labels.add(label.asText());
    }
    return new EpochSpec(
        config.getDouble("eeg_t_start"),
        config.getDouble("eeg_t_end"),
        config.getDouble("acquisition.model_rate"),
        labels,
        null);
  }

  /** A copy with this whitening matrix (C×C row-major over {@link #modelChannels}). */
  public EpochSpec withWhitening(float[] matrix) {
    return new EpochSpec(tmin, tmax, modelRate, modelChannels, matrix);
  }

  /** A copy with these model channels (and no whitening, whose rows would no longer match). */
  public EpochSpec withChannels(List<String> labels) {
    return new EpochSpec(tmin, tmax, modelRate, labels, null);
  }

  /** The model's sampling rate as an integer. */
  public int modelRateHz() {
    return (int) Math.rint(modelRate);
  }

  /** Samples per epoch at the model rate: ceil((tmax − tmin) · modelRate), float-error guarded. */
  public int modelSamples() {
    return EpochGeometry.ceilGuarded((tmax - tmin) * modelRate);
  }

  /** The whitening matrix (a copy), or null. */
  @Override
  public float[] whitening() {
    return whitening == null ? null : whitening.clone();
  }

  /** The whitening matrix itself, for the epocher's setup (not copied; do not modify). */
  float[] whiteningMatrix() {
    return whitening;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpochSpec s
        && Double.compare(tmin, s.tmin) == 0
        && Double.compare(tmax, s.tmax) == 0
        && Double.compare(modelRate, s.modelRate) == 0
        && modelChannels.equals(s.modelChannels)
        && Arrays.equals(whitening, s.whitening);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tmin, tmax, modelRate, modelChannels) * 31 + Arrays.hashCode(whitening);
  }

  @Override
  public String toString() {
    return "EpochSpec[tmin="
        + tmin
        + ", tmax="
        + tmax
        + ", modelRate="
        + modelRate
        + ", modelChannels="
        + modelChannels
        + ", whitening="
        + (whitening == null ? "none" : modelChannels.size() + "×" + modelChannels.size())
        + "]";
  }
}
