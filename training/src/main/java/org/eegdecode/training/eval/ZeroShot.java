package org.eegdecode.training.eval;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eegdecode.training.trainer.Samples;

/**
 * N-way zero-shot retrieval: every EEG row is matched by cosine against a gallery of image
 * embeddings; the row's own image must rank first (top-1) or among the first five (top-5).
 */
public final class ZeroShot {
  private ZeroShot() {}

  /**
   * Retrieval among the distinct images the rows show (validation: the held-out concepts' images).
   */
  public static Retrieval.Result amongShown(Embedder embedder, Samples rows, NDArray features) {
    Map<Integer, Integer> position = new LinkedHashMap<>();
    int[] target = new int[rows.rows()];
    for (int r = 0; r < rows.rows(); r++) {
      target[r] = position.computeIfAbsent(rows.image()[r], k -> position.size());
    }
    int[] gallery = position.keySet().stream().mapToInt(Integer::intValue).toArray();
    return evaluate(embedder, rows, embedder.images(features, gallery), gallery.length, target);
  }

  /** Retrieval among every image of {@code features} (test: the N test images). */
  public static Retrieval.Result amongAll(
      Embedder embedder, Samples rows, NDArray features, int images) {
    int[] gallery = new int[images];
    for (int i = 0; i < images; i++) {
      gallery[i] = i;
    }
    return evaluate(embedder, rows, embedder.images(features, gallery), images, rows.image());
  }

  /** Retrieval of rows against precomputed gallery embeddings (candidates × dim). */
  public static Retrieval.Result evaluate(
      Embedder embedder, Samples rows, float[] gallery, int candidates, int[] target) {
    if (rows.rows() == 0 || candidates == 0) {
      return new Retrieval.Result(Double.NaN, Double.NaN, rows.rows(), candidates);
    }
    return embedder.rank(embedder.eeg(rows), rows.rows(), gallery, candidates, target);
  }
}
