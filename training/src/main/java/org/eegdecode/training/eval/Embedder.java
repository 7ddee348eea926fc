package org.eegdecode.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.eegdecode.decoder.model.SupaEegModel;
import org.eegdecode.training.trainer.Features;
import org.eegdecode.training.trainer.Samples;
import org.eegdecode.training.trainer.Staging;

/**
 * Inference-mode embeddings (no dropout, router global prior) in batches, returned as L2-normalised
 * float32 rows. EEG rows with several trials are embedded trial by trial; the normalised trial
 * embeddings are averaged per row and re-normalised (the seed's data_average_test = false).
 */
public final class Embedder {
  private final SupaEegModel model;
  private final NDManager manager;
  private final ParameterStore store;
  private final int batch;
  private final Staging staging = new Staging();

  public Embedder(SupaEegModel model, NDManager manager, int batch) {
    this.model = model;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
    this.batch = Math.max(1, batch);
  }

  /** rows × dim, one normalised embedding per row (trials averaged after the encoder). */
  public float[] eeg(Samples samples) {
    return averagePerRow(trials(samples), samples.rows(), samples.trials());
  }

  /** (rows · trials) × dim, one normalised embedding per trial, in row-major trial order. */
  public float[] trials(Samples samples) {
    int length = samples.length();
    long total = (long) samples.rows() * samples.trials();
    float[] out = null;
    for (long start = 0; start < total; start += batch) {
      int n = (int) Math.min(batch, total - start);
      float[] emb;
      int dim;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray x =
            staging.upload(
                manager, samples.x(), (int) (start * length), n * length, new Shape(n, length));
        NDArray e = model.encodeEeg(store, x, false);
        dim = (int) e.getShape().get(1);
        emb = e.toFloatArray();
      }
      Retrieval.normalizeRowsInPlace(emb, n, dim);
      if (out == null) {
        out = new float[Math.toIntExact(total * dim)];
      }
      System.arraycopy(emb, 0, out, (int) (start * dim), n * dim);
    }
    return out == null ? new float[0] : out;
  }

  /**
   * The mean of each row's {@code trials} consecutive normalised embeddings, re-normalised (the
   * seed's data_average_test = false).
   */
  public static float[] averagePerRow(float[] trialEmbeddings, int rows, int trials) {
    if (rows == 0 || trialEmbeddings.length == 0) {
      return new float[0];
    }
    int dim = trialEmbeddings.length / (rows * trials);
    if (trials == 1) {
      return trialEmbeddings;
    }
    float[] out = new float[Math.multiplyExact(rows, dim)];
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < trials; t++) {
        int in = (r * trials + t) * dim;
        for (int k = 0; k < dim; k++) {
          out[r * dim + k] += trialEmbeddings[in + k];
        }
      }
    }
    Retrieval.normalizeRowsInPlace(out, rows, dim);
    return out;
  }

  /** Embeddings of the given images of a device-resident (images, layers, dim) array. */
  public float[] images(NDArray features, int[] indices) {
    float[] out = null;
    int dim = 0;
    for (int start = 0; start < indices.length; start += batch) {
      int n = Math.min(batch, indices.length - start);
      long[] idx = new long[n];
      for (int i = 0; i < n; i++) {
        idx[i] = indices[start + i];
      }
      float[] emb;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray picked = features.get(new NDIndex("{}", manager.create(idx)));
        NDArray e = model.encodeImages(store, picked, null, false);
        dim = (int) e.getShape().get(1);
        emb = e.toFloatArray();
      }
      if (out == null) {
        out = new float[Math.multiplyExact(indices.length, dim)];
      }
      System.arraycopy(emb, 0, out, start * dim, n * dim);
    }
    if (out == null) {
      return new float[0];
    }
    Retrieval.normalizeRowsInPlace(out, indices.length, dim);
    return out;
  }

  /** Embeddings of every image of host-side features (uploaded batch by batch). */
  public float[] images(Features features) {
    float[] out = null;
    int dim = 0;
    int stride = features.stride();
    for (int start = 0; start < features.images(); start += batch) {
      int n = Math.min(batch, features.images() - start);
      float[] emb;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray x =
            staging.upload(
                manager,
                features.values(),
                start * stride,
                n * stride,
                new Shape(n, features.layers(), features.dim()));
        NDArray e = model.encodeImages(store, x, null, false);
        dim = (int) e.getShape().get(1);
        emb = e.toFloatArray();
      }
      if (out == null) {
        out = new float[Math.multiplyExact(features.images(), dim)];
      }
      System.arraycopy(emb, 0, out, start * dim, n * dim);
    }
    if (out == null) {
      return new float[0];
    }
    Retrieval.normalizeRowsInPlace(out, features.images(), dim);
    return out;
  }

  /**
   * Top-1 / top-5 of {@code rows} query embeddings against {@code candidates} gallery embeddings
   * (both rows × dim, host floats), ranked on this embedder's device ({@link DeviceRetrieval}).
   */
  public Retrieval.Result rank(
      float[] queries, int rows, float[] gallery, int candidates, int[] target) {
    if (rows == 0 || candidates == 0) {
      return new Retrieval.Result(Double.NaN, Double.NaN, rows, candidates);
    }
    int dim = queries.length / rows;
    return DeviceRetrieval.evaluate(manager, queries, rows, gallery, candidates, dim, target);
  }

  /** The router's global layer weights (inference: no subject bias, no masking). */
  public float[] routerWeights() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      return model.routerWeights(store, null, false).toFloatArray();
    }
  }
}
