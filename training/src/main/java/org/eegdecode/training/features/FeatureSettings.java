package org.eegdecode.training.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The {@code features.*} keys and the top-level {@code layer_ids} that {@code eegdecode features}
 * uses.
 *
 * @param imageSize edge of the square the backbone takes (448 for InternViT-6B-448px)
 * @param resize Pillow filter name: bicubic | bilinear
 * @param centerCrop true: shorter side to shortestEdge, centre crop imageSize²; false: whole image
 *     to imageSize²
 * @param shortestEdge shorter side before the centre crop; 0 = imageSize
 * @param mean per-channel mean (RGB) subtracted after rescaling to 0..1
 * @param std per-channel standard deviation divided by
 * @param batchSize images per forward pass
 * @param dtype float16 (the seed's bank) | float32
 * @param workers image decoding/resizing threads; 0 = one less than the cores, at least 1
 * @param checkpointS seconds between checkpoints of the work done (0 = none)
 * @param layerIds hidden states to keep, in bank order (0 = embeddings, l = block l)
 */
public record FeatureSettings(
    int imageSize,
    String resize,
    boolean centerCrop,
    int shortestEdge,
    double[] mean,
    double[] std,
    int batchSize,
    String dtype,
    int workers,
    double checkpointS,
    List<Integer> layerIds) {

  public FeatureSettings {
    require(imageSize >= 1, "features.image_size must be >= 1, got " + imageSize);
    try {
      PilResize.Filter.of(resize);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    require(
        shortestEdge == 0 || shortestEdge >= imageSize,
        "features.shortest_edge must be 0 (= image_size) or >= image_size ("
            + imageSize
            + "), got "
            + shortestEdge);
    require(mean.length == 3, "features.mean needs 3 values (R, G, B), got " + mean.length);
    require(std.length == 3, "features.std needs 3 values (R, G, B), got " + std.length);
    for (int c = 0; c < 3; c++) {
      require(Double.isFinite(mean[c]), "features.mean holds " + mean[c]);
      require(std[c] > 0 && Double.isFinite(std[c]), "features.std must be > 0, got " + std[c]);
    }
    require(batchSize >= 1, "features.batch_size must be >= 1, got " + batchSize);
    require(
        dtype.equals("float16") || dtype.equals("float32"),
        "features.dtype must be float16 or float32, got '" + dtype + "'");
    require(workers >= 0, "features.workers must be >= 0 (0 = cores - 1), got " + workers);
    require(
        checkpointS >= 0 && Double.isFinite(checkpointS),
        "features.checkpoint_s must be >= 0 (0 = never), got " + checkpointS);
    require(!layerIds.isEmpty(), "layer_ids is empty: name the hidden states to keep");
    for (int id : layerIds) {
      require(id >= 0, "layer_ids: layer " + id + " is negative (0 = the embedding output)");
    }
    mean = mean.clone();
    std = std.clone();
    layerIds = List.copyOf(layerIds);
  }

  public static FeatureSettings from(Config config) {
    return new FeatureSettings(
        config.getInt("features.image_size"),
        config.getString("features.resize"),
        config.getBoolean("features.center_crop"),
        config.getInt("features.shortest_edge"),
        doubles(config.get("features.mean")),
        doubles(config.get("features.std")),
        config.getInt("features.batch_size"),
        config.getString("features.dtype"),
        config.getInt("features.workers"),
        config.getDouble("features.checkpoint_s"),
        ints(config.get("layer_ids")));
  }

  private static double[] doubles(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }

  private static List<Integer> ints(JsonNode node) {
    List<Integer> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asInt()));
    return out;
  }

  /** The shorter side before the centre crop. */
  public int resizeEdge() {
    return shortestEdge == 0 ? imageSize : shortestEdge;
  }

  public PilResize.Filter filter() {
    return PilResize.Filter.of(resize);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /** Decoding threads to run: {@code workers}, or one less than the cores (at least 1). */
  public int effectiveWorkers() {
    return workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  public boolean float16() {
    return dtype.equals("float16");
  }

  /** The preprocessing keys as written into a bank's provenance file. */
  public String preprocessingText() {
    return "image_size="
        + imageSize
        + " resize="
        + resize
        + " center_crop="
        + centerCrop
        + " shortest_edge="
        + resizeEdge()
        + " mean="
        + Arrays.toString(mean)
        + " std="
        + Arrays.toString(std);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }
}
