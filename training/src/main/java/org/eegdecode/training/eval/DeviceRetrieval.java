package org.eegdecode.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@link Retrieval}'s ranks computed on a device: the normalised queries and gallery go up once,
 * each block of queries is scored against the whole gallery in one matrix product, and only the
 * ranks come back ({@code n} integers, not the n × m similarities). Same rule as the host: rank = 1
 * + the other candidates scoring at least as high; a NaN target score ranks last (rows are
 * normalised first, so scores are never infinite). The products are float32 (the host accumulates
 * in double), so exact near-ties may resolve differently in the last bit.
 */
public final class DeviceRetrieval {
  /** Queries scored per matrix product: bounds the similarity block to 4096 × candidates. */
  static final int BLOCK = 4096;

  private DeviceRetrieval() {}

  /** Top-1 / top-5 of {@code n} query rows (n × dim) against {@code m} gallery rows. */
  public static Retrieval.Result evaluate(
      NDManager parent, float[] queries, int n, float[] gallery, int m, int dim, int[] target) {
    int[] ranks = ranks(parent, queries, n, gallery, m, dim, target);
    return new Retrieval.Result(Retrieval.topK(ranks, 1), Retrieval.topK(ranks, 5), n, m);
  }

  /** 1-based rank of each query's target (see the class comment). */
  public static int[] ranks(
      NDManager parent, float[] queries, int n, float[] gallery, int m, int dim, int[] target) {
    if ((long) n * dim != queries.length || (long) m * dim != gallery.length) {
      throw new IllegalArgumentException("matrix sizes do not match dim " + dim);
    }
    if (target.length != n) {
      throw new IllegalArgumentException(target.length + " targets for " + n + " queries");
    }
    long[] targets = new long[n];
    for (int q = 0; q < n; q++) {
      if (target[q] < 0 || target[q] >= m) {
        throw new IllegalArgumentException(
            "target " + target[q] + " of query " + q + " out of range");
      }
      targets[q] = target[q];
    }
    int[] out = new int[n];
    try (NDManager manager = parent.newSubManager()) {
      NDArray g =
          manager.create(Retrieval.normalizedRows(gallery, m, dim), new Shape(m, dim)).transpose();
      float[] unit = Retrieval.normalizedRows(queries, n, dim);
      NDArray all = manager.create(unit, new Shape(n, dim));
      NDArray allTargets = manager.create(targets, new Shape(n, 1));
      for (int start = 0; start < n; start += BLOCK) {
        int end = Math.min(n, start + BLOCK);
        try (NDManager block = manager.newSubManager()) {
          NDArray q = all.get("{}:{}", start, end);
          q.attach(block);
          NDArray sim = q.matMul(g);
          NDArray t = allTargets.get("{}:{}", start, end);
          t.attach(block);
          NDArray correct = sim.gather(t, 1);
          long[] counts =
              sim.gte(correct).toType(DataType.INT64, false).sum(new int[] {1}).toLongArray();
          for (int i = 0; i < counts.length; i++) {
            // a finite target counts itself; a NaN one (a NaN embedding) compares false with all
            out[start + i] = counts[i] == 0 ? m : (int) counts[i];
          }
        }
      }
    }
    return out;
  }
}
