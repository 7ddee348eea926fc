package org.eegdecode.decoder.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * Everything that fixes the SUPAEEG architecture and its regularisation.
 *
 * <p>The sizes ({@code channels}, {@code timepoints}, the number of layers, {@code imageInputDim},
 * {@code subjects}) come from the data; the seed keys {@code n_channels}, {@code n_timepoints},
 * {@code image_input_dim} and {@code n_subjects} are never used to size the model.
 *
 * @param channels EEG channels C
 * @param timepoints EEG samples per epoch T (the EEG input is C·T wide)
 * @param layerIds feature-bank layers in bank order (L = their number)
 * @param imageInputDim width D of one layer's feature vector (3200 for InternViT-6B)
 * @param imageMidDim image projector hidden size (1024)
 * @param eegFeatureDim EEG encoder hidden size (1024)
 * @param featureDim shared embedding size (512)
 * @param subjects rows of the router's per-subject bias table
 * @param dropout dropout rate of the EEG residual block
 * @param routerTemperature softmax temperature of the router
 * @param routerInit initial global layer logits (length L)
 * @param subjectDropoutRate training only: probability of dropping a sample's subject bias
 * @param layerDropoutRate training only: probability of masking each layer logit
 * @param logitScaleInit initial value of the learned InfoNCE scale parameter: {@code log(1 /
 *     logit_scale_init)}, used through {@code exp}
 * @param routerMode router, uniform mean or single layer
 * @param singleLayer the layer id used in {@link RouterMode#SINGLE} mode (e.g. 28)
 */
public record ModelConfig(
    int channels,
    int timepoints,
    List<Integer> layerIds,
    int imageInputDim,
    int imageMidDim,
    int eegFeatureDim,
    int featureDim,
    int subjects,
    float dropout,
    float routerTemperature,
    float[] routerInit,
    float subjectDropoutRate,
    float layerDropoutRate,
    float logitScaleInit,
    RouterMode routerMode,
    int singleLayer) {

  public ModelConfig {
    layerIds = List.copyOf(Objects.requireNonNull(layerIds, "layerIds"));
    Objects.requireNonNull(routerInit, "routerInit");
    Objects.requireNonNull(routerMode, "routerMode");
    routerInit = routerInit.clone();
    positive("channels", channels);
    positive("timepoints", timepoints);
    positive("image_input_dim", imageInputDim);
    positive("image_mid_dim", imageMidDim);
    positive("eeg_feature_dim", eegFeatureDim);
    positive("feature_dim", featureDim);
    positive("subjects", subjects);
    if (layerIds.isEmpty()) {
      throw new IllegalArgumentException("layer_ids must name at least one layer");
    }
    if (layerIds.stream().distinct().count() != layerIds.size()) {
      throw new IllegalArgumentException("layer_ids must be distinct, got " + layerIds);
    }
    if (routerInit.length != layerIds.size()) {
      throw new IllegalArgumentException(
          "router_init has "
              + routerInit.length
              + " values but layer_ids names "
              + layerIds.size()
              + " layers "
              + layerIds);
    }
    for (float v : routerInit) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(
            "router_init must be finite, got " + Arrays.toString(routerInit));
      }
    }
    rate("dropout", dropout, false);
    rate("subject_dropout_rate", subjectDropoutRate, true);
    rate("layer_dropout_rate", layerDropoutRate, true);
    if (!(routerTemperature > 0) || !Float.isFinite(routerTemperature)) {
      throw new IllegalArgumentException(
          "router_temperature must be positive, got " + routerTemperature);
    }
    if (!Float.isFinite(logitScaleInit)) {
      throw new IllegalArgumentException(
          "the initial log logit scale must be finite, got " + logitScaleInit);
    }
    if (routerMode == RouterMode.SINGLE && !layerIds.contains(singleLayer)) {
      throw new IllegalArgumentException(
          "router_mode=single uses single_layer="
              + singleLayer
              + ", which is not one of layer_ids "
              + layerIds);
    }
  }

  /** The model keys of the configuration (top level), as the seed names them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Keys(
      List<Integer> layerIds,
      String routerMode,
      int singleLayer,
      int featureDim,
      int eegFeatureDim,
      int imageMidDim,
      double dropout,
      double routerTemperature,
      List<Double> routerInit,
      double subjectDropoutRate,
      double layerDropoutRate,
      double logitScaleInit) {}

  /**
   * The model from the configuration's seed keys and the sizes of the data.
   *
   * @param channels EEG channels in the training files (after channel selection)
   * @param timepoints EEG samples per epoch after cropping
   * @param imageInputDim width of one layer in the feature bank
   * @param subjects size of the per-subject bias table (global subject ids must be below it)
   * @throws ConfigException naming the key at fault
   */
  public static ModelConfig from(
      Config config, int channels, int timepoints, int imageInputDim, int subjects) {
    Keys keys = config.section("", Keys.class);
    if (!(keys.logitScaleInit() > 0) || !Double.isFinite(keys.logitScaleInit())) {
      throw new ConfigException(
          "logit_scale_init must be a positive temperature, got " + keys.logitScaleInit());
    }
    float[] init = new float[keys.routerInit().size()];
    for (int i = 0; i < init.length; i++) {
      init[i] = keys.routerInit().get(i).floatValue();
    }
    try {
      return new ModelConfig(
          channels,
          timepoints,
          keys.layerIds(),
          imageInputDim,
          keys.imageMidDim(),
          keys.eegFeatureDim(),
          keys.featureDim(),
          subjects,
          (float) keys.dropout(),
          (float) keys.routerTemperature(),
          init,
          (float) keys.subjectDropoutRate(),
          (float) keys.layerDropoutRate(),
          (float) Math.log(1.0 / keys.logitScaleInit()),
          RouterMode.parse(keys.routerMode()),
          keys.singleLayer());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Number of feature-bank layers L. */
  public int layers() {
    return layerIds.size();
  }

  /** Index of {@link #singleLayer} in {@link #layerIds}, or -1 when it is not one of them. */
  public int singleLayerIndex() {
    return layerIds.indexOf(singleLayer);
  }

  /** Width of the flattened EEG input, C·T. */
  public int eegInputDim() {
    return channels * timepoints;
  }

  @Override
  public float[] routerInit() {
    return routerInit.clone();
  }

  /** A copy with another router mode (ablations). */
  public ModelConfig withRouterMode(RouterMode mode) {
    return new ModelConfig(
        channels,
        timepoints,
        layerIds,
        imageInputDim,
        imageMidDim,
        eegFeatureDim,
        featureDim,
        subjects,
        dropout,
        routerTemperature,
        routerInit,
        subjectDropoutRate,
        layerDropoutRate,
        logitScaleInit,
        mode,
        singleLayer);
  }

  /** A copy with other training-only router regularisation rates. */
  public ModelConfig withRouterDropout(float subjectRate, float layerRate) {
    return new ModelConfig(
        channels,
        timepoints,
        layerIds,
        imageInputDim,
        imageMidDim,
        eegFeatureDim,
        featureDim,
        subjects,
        dropout,
        routerTemperature,
        routerInit,
        subjectRate,
        layerRate,
        logitScaleInit,
        routerMode,
        singleLayer);
  }

  /**
   * The configuration as JSON with snake_case keys, in a fixed order (the bundle fingerprint hashes
   * this form). {@code log_logit_scale_init} is the logarithm stored in {@link #logitScaleInit}.
   */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("channels", channels);
    node.put("timepoints", timepoints);
    ArrayNode layers = node.putArray("layer_ids");
    layerIds.forEach(layers::add);
    node.put("image_input_dim", imageInputDim);
    node.put("image_mid_dim", imageMidDim);
    node.put("eeg_feature_dim", eegFeatureDim);
    node.put("feature_dim", featureDim);
    node.put("subjects", subjects);
    node.put("dropout", dropout);
    node.put("router_temperature", routerTemperature);
    ArrayNode init = node.putArray("router_init");
    for (float v : routerInit) {
      init.add(v);
    }
    node.put("subject_dropout_rate", subjectDropoutRate);
    node.put("layer_dropout_rate", layerDropoutRate);
    node.put("log_logit_scale_init", logitScaleInit);
    node.put("router_mode", routerMode.key());
    node.put("single_layer", singleLayer);
    return node;
  }

  /**
   * Reads {@link #toJson()}'s form back (floats exactly).
   *
   * @throws IllegalArgumentException naming a missing or invalid key
   */
  public static ModelConfig fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("model config must be a JSON object");
    }
    List<Integer> layers = new ArrayList<>();
    for (JsonNode v : array(node, "layer_ids")) {
      layers.add(v.asInt());
    }
    JsonNode initNode = array(node, "router_init");
    float[] init = new float[initNode.size()];
    for (int i = 0; i < init.length; i++) {
      init[i] = Float.parseFloat(initNode.get(i).asText());
    }
    RouterMode mode;
    try {
      mode = RouterMode.parse(field(node, "router_mode").asText());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new ModelConfig(
        integer(node, "channels"),
        integer(node, "timepoints"),
        layers,
        integer(node, "image_input_dim"),
        integer(node, "image_mid_dim"),
        integer(node, "eeg_feature_dim"),
        integer(node, "feature_dim"),
        integer(node, "subjects"),
        number(node, "dropout"),
        number(node, "router_temperature"),
        init,
        number(node, "subject_dropout_rate"),
        number(node, "layer_dropout_rate"),
        number(node, "log_logit_scale_init"),
        mode,
        integer(node, "single_layer"));
  }

  private static JsonNode field(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("model config lacks '" + key + "'");
    }
    return v;
  }

  private static JsonNode array(JsonNode node, String key) {
    JsonNode v = field(node, key);
    if (!v.isArray()) {
      throw new IllegalArgumentException("model config '" + key + "' must be a list");
    }
    return v;
  }

  private static int integer(JsonNode node, String key) {
    JsonNode v = field(node, key);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("model config '" + key + "' must be an integer");
    }
    return v.asInt();
  }

  private static float number(JsonNode node, String key) {
    JsonNode v = field(node, key);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("model config '" + key + "' must be a number");
    }
    return Float.parseFloat(v.asText());
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }

  private static void rate(String key, float value, boolean oneAllowed) {
    if (!(value >= 0 && (oneAllowed ? value <= 1 : value < 1))) {
      throw new IllegalArgumentException(
          key + " must be in [0, 1" + (oneAllowed ? "]" : ")") + ", got " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelConfig c
        && channels == c.channels
        && timepoints == c.timepoints
        && layerIds.equals(c.layerIds)
        && imageInputDim == c.imageInputDim
        && imageMidDim == c.imageMidDim
        && eegFeatureDim == c.eegFeatureDim
        && featureDim == c.featureDim
        && subjects == c.subjects
        && Float.compare(dropout, c.dropout) == 0
        && Float.compare(routerTemperature, c.routerTemperature) == 0
        && Arrays.equals(routerInit, c.routerInit)
        && Float.compare(subjectDropoutRate, c.subjectDropoutRate) == 0
        && Float.compare(layerDropoutRate, c.layerDropoutRate) == 0
        && Float.compare(logitScaleInit, c.logitScaleInit) == 0
        && routerMode == c.routerMode
        && singleLayer == c.singleLayer;
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "ModelConfig" + toJson();
  }
}
