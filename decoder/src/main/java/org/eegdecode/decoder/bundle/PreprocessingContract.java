package org.eegdecode.decoder.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eegdecode.acquisition.epoch.EpochSpec;

/**
 * What the live path must reproduce to feed the model: the channels in model order, the model's
 * sampling rate, the epoch window, the baseline rule, the optional whitening matrix and the units
 * of the values.
 *
 * @param channels channel labels in model order (may be empty: the stream's own order)
 * @param modelRate sampling rate of the model input (Hz, whole)
 * @param tmin window start relative to stimulus onset (s), inclusive, ≤ 0
 * @param tmax window end (s), exclusive
 * @param baseline the baseline rule in words, normally {@link #BASELINE_PRESTIMULUS}
 * @param whitening C×C row-major matrix applied per time point after decimation, or null
 * @param units units of the values the model saw (e.g. {@code "whitened"}, {@code "V"})
 */
public record PreprocessingContract(
    List<String> channels,
    double modelRate,
    double tmin,
    double tmax,
    String baseline,
    float[] whitening,
    String units) {

  /** Baseline correction with the pre-stimulus mean, as MNE's {@code baseline=(None, 0)}. */
  public static final String BASELINE_PRESTIMULUS = "tmin..0 inclusive (MNE baseline=(None, 0))";

  public PreprocessingContract {
    channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(units, "units");
    whitening = whitening == null ? null : whitening.clone();
    // EpochSpec checks the window, the rate and the whitening matrix's size.
    new EpochSpec(tmin, tmax, modelRate, channels, whitening);
  }

  /** The contract of an epoch spec with the pre-stimulus baseline. */
  public static PreprocessingContract of(EpochSpec spec, String units) {
    return new PreprocessingContract(
        spec.modelChannels(),
        spec.modelRate(),
        spec.tmin(),
        spec.tmax(),
        BASELINE_PRESTIMULUS,
        spec.whitening(),
        units);
  }

  /** The epocher's spec: window, model rate, channels and whitening. */
  public EpochSpec toEpochSpec() {
    return new EpochSpec(tmin, tmax, modelRate, channels, whitening);
  }

  @Override
  public float[] whitening() {
    return whitening == null ? null : whitening.clone();
  }

  /** Samples per epoch at the model rate. */
  public int samples() {
    return toEpochSpec().modelSamples();
  }

  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    ArrayNode ch = node.putArray("channels");
    channels.forEach(ch::add);
    node.put("model_rate", modelRate);
    node.put("tmin", tmin);
    node.put("tmax", tmax);
    node.put("baseline", baseline);
    if (whitening == null) {
      node.putNull("whitening");
    } else {
      ArrayNode w = node.putArray("whitening");
      for (float v : whitening) {
        w.add(v);
      }
    }
    node.put("units", units);
    return node;
  }

  /**
   * Reads {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException naming a missing or invalid key
   */
  public static PreprocessingContract fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("preprocessing contract must be a JSON object");
    }
    List<String> channels = new ArrayList<>();
    JsonNode ch = node.get("channels");
    if (ch == null || !ch.isArray()) {
      throw new IllegalArgumentException("preprocessing contract lacks the list 'channels'");
    }
    ch.forEach(c -> channels.add(c.asText()));
    float[] whitening = null;
    JsonNode w = node.get("whitening");
    if (w != null && !w.isNull()) {
      if (!w.isArray()) {
        throw new IllegalArgumentException("preprocessing contract 'whitening' must be a list");
      }
      whitening = new float[w.size()];
      for (int i = 0; i < whitening.length; i++) {
        whitening[i] = Float.parseFloat(w.get(i).asText());
      }
    }
    return new PreprocessingContract(
        channels,
        number(node, "model_rate"),
        number(node, "tmin"),
        number(node, "tmax"),
        text(node, "baseline"),
        whitening,
        text(node, "units"));
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("preprocessing contract lacks the number '" + key + "'");
    }
    return v.asDouble();
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("preprocessing contract lacks the text '" + key + "'");
    }
    return v.asText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreprocessingContract c
        && channels.equals(c.channels)
        && Double.compare(modelRate, c.modelRate) == 0
        && Double.compare(tmin, c.tmin) == 0
        && Double.compare(tmax, c.tmax) == 0
        && baseline.equals(c.baseline)
        && Arrays.equals(whitening, c.whitening)
        && units.equals(c.units);
  }

  @Override
  public int hashCode() {
    return Objects.hash(channels, modelRate, tmin, tmax, baseline, units) * 31
        + Arrays.hashCode(whitening);
  }

  @Override
  public String toString() {
    return "PreprocessingContract[channels="
        + channels
        + ", modelRate="
        + modelRate
        + ", tmin="
        + tmin
        + ", tmax="
        + tmax
        + ", baseline="
        + baseline
        + ", whitening="
        + (whitening == null ? "none" : channels.size() + "×" + channels.size())
        + ", units="
        + units
        + "]";
  }
}
