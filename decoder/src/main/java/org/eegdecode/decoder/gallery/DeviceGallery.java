package org.eegdecode.decoder.gallery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link Gallery} resident on the model's device, transposed once to (dim, size): a batch of
 * embeddings is scored in one matrix product and the top k are taken there, so only the k indices
 * and scores per query come back to the host (not the embeddings, not the similarity matrix).
 *
 * <p>Ranking matches {@link Gallery#topK} except for exact ties, whose order PyTorch's {@code topk}
 * leaves unspecified (distinct float embeddings practically never tie), and NaN scores, which
 * {@code topk} ranks first where the host ranks them last (the epocher never publishes non-finite
 * epochs, so a NaN embedding means a broken model).
 */
public final class DeviceGallery implements AutoCloseable {
  private final Gallery gallery;
  private final NDManager manager;
  private final NDArray transposed;

  /** Uploads {@code gallery} to {@code parent}'s device, in a sub-manager this object owns. */
  public DeviceGallery(Gallery gallery, NDManager parent) {
    this.gallery = gallery;
    this.manager = parent.newSubManager();
    float[] rows = gallery.embeddings();
    try (NDArray host = manager.create(rows, new Shape(gallery.size(), gallery.dim()))) {
      this.transposed = host.transpose().duplicate();
    }
  }

  public Gallery gallery() {
    return gallery;
  }

  /**
   * The {@code k} best gallery rows of each of the n query rows of {@code embeddings} (n, dim),
   * best first, into {@code outRows[i·k …]} and {@code outScores[i·k …]}; with k above the gallery
   * size the surplus slots get -1 and NaN, like {@link Gallery#topK}. Intermediate arrays belong to
   * the manager of {@code embeddings} (close it per batch).
   */
  public void topK(NDArray embeddings, int k, int[] outRows, float[] outScores) {
    Shape shape = embeddings.getShape();
    if (shape.dimension() != 2 || shape.get(1) != gallery.dim()) {
      throw new IllegalArgumentException(
          "queries must be (n, " + gallery.dim() + "), got " + shape);
    }
    int n = Math.toIntExact(shape.get(0));
    if (k < 1 || outRows.length < n * k || outScores.length < n * k) {
      throw new IllegalArgumentException(
          "topK needs k >= 1 and outputs for " + n + " × " + k + " entries");
    }
    int kept = Math.min(k, gallery.size());
    NDArray similarity = embeddings.matMul(transposed);
    NDList best = similarity.topK(kept, 1, true, true);
    // one transfer each: (n, kept) scores and (n, kept) int64 indices
    ByteBuffer scores = best.get(0).toByteBuffer(true).order(ByteOrder.nativeOrder());
    ByteBuffer rows = best.get(1).toByteBuffer(true).order(ByteOrder.nativeOrder()); // int64
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        int at = i * k + j;
        if (j < kept) {
          int from = i * kept + j;
          outScores[at] = scores.getFloat(from * Float.BYTES);
          outRows[at] = (int) rows.getLong(from * Long.BYTES);
        } else {
          outScores[at] = Float.NaN;
          outRows[at] = -1;
        }
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
