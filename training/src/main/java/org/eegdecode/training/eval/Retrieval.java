package org.eegdecode.training.eval;

/**
 * Zero-shot retrieval metrics from a similarity matrix, in plain Java (no DJL): query q's correct
 * candidate is {@code target[q]}; its rank is 1 + the number of <em>other</em> candidates scoring
 * at least as high, so ties count against the model. Top-k accuracy is the share of queries with
 * rank ≤ k. A non-finite target score ranks last.
 */
public final class Retrieval {
  /** Top-1 and top-5 accuracy (fractions in [0, 1]) over {@code queries} queries. */
  public record Result(double top1, double top5, int queries, int candidates) {
    /** Chance top-1 for this many candidates. */
    public double chanceTop1() {
      return 1.0 / candidates;
    }
  }

  private Retrieval() {}

  /**
   * 1-based rank of each query's target.
   *
   * @param similarity row-major queries × candidates
   */
  public static int[] ranks(float[] similarity, int queries, int candidates, int[] target) {
    if ((long) queries * candidates != similarity.length || target.length != queries) {
      throw new IllegalArgumentException(
          "similarity has "
              + similarity.length
              + " values and "
              + target.length
              + " targets for "
              + queries
              + " × "
              + candidates);
    }
    int[] ranks = new int[queries];
    for (int q = 0; q < queries; q++) {
      int t = target[q];
      if (t < 0 || t >= candidates) {
        throw new IllegalArgumentException("target " + t + " of query " + q + " out of range");
      }
      int base = q * candidates;
      float correct = similarity[base + t];
      if (!Float.isFinite(correct)) {
        ranks[q] = candidates;
        continue;
      }
      int rank = 1;
      for (int c = 0; c < candidates; c++) {
        if (c != t && similarity[base + c] >= correct) {
          rank++;
        }
      }
      ranks[q] = rank;
    }
    return ranks;
  }

  /** Share of ranks ≤ k. */
  public static double topK(int[] ranks, int k) {
    if (ranks.length == 0) {
      return Double.NaN;
    }
    int hits = 0;
    for (int r : ranks) {
      if (r <= k) {
        hits++;
      }
    }
    return (double) hits / ranks.length;
  }

  public static Result evaluate(float[] similarity, int queries, int candidates, int[] target) {
    int[] ranks = ranks(similarity, queries, candidates, target);
    return new Result(topK(ranks, 1), topK(ranks, 5), queries, candidates);
  }

  /**
   * Cosine similarity between the rows of {@code a} (n × dim) and of {@code b} (m × dim): n × m,
   * row-major. Zero rows give similarity 0.
   */
  public static float[] cosine(float[] a, int n, float[] b, int m, int dim) {
    if ((long) n * dim != a.length || (long) m * dim != b.length) {
      throw new IllegalArgumentException("matrix sizes do not match dim " + dim);
    }
    float[] na = normalizedRows(a, n, dim);
    float[] nb = normalizedRows(b, m, dim);
    float[] out = new float[Math.multiplyExact(n, m)];
    for (int i = 0; i < n; i++) {
      int ai = i * dim;
      for (int j = 0; j < m; j++) {
        int bj = j * dim;
        double dot = 0;
        for (int k = 0; k < dim; k++) {
          dot += na[ai + k] * nb[bj + k];
        }
        out[i * m + j] = (float) dot;
      }
    }
    return out;
  }

  /** A copy with every row scaled to unit L2 norm (zero rows stay zero). */
  public static float[] normalizedRows(float[] x, int rows, int dim) {
    float[] out = x.clone();
    normalizeRowsInPlace(out, rows, dim);
    return out;
  }

  public static void normalizeRowsInPlace(float[] x, int rows, int dim) {
    for (int r = 0; r < rows; r++) {
      int base = r * dim;
      double sum = 0;
      for (int k = 0; k < dim; k++) {
        sum += (double) x[base + k] * x[base + k];
      }
      if (sum > 0) {
        float inv = (float) (1 / Math.sqrt(sum));
        for (int k = 0; k < dim; k++) {
          x[base + k] *= inv;
        }
      }
    }
  }
}
