package org.eegdecode.training.synth;

/**
 * Concept and image codes: concept k has {@code c_k ~ N(0, I_32)}; its image i has {@code z_i = c_k
 * + 0.6 ε_i}. A fixed random rotation splits {@code z} into the EEG-visible part {@code v = P z}
 * (16 dims) and the semantic remainder {@code s = Q z} (16 dims); both are rescaled to unit
 * variance. Each image also gets a 16-dim low-level code unrelated to its concept.
 */
final class LatentModel {
  static final int LATENT_DIM = 32;
  static final int VISIBLE_DIM = 16;
  static final int LOW_LEVEL_DIM = 16;

  /** Spread of a concept's images around the concept code (relative to the code's unit SD). */
  static final double IMAGE_SPREAD = 0.6;

  private static final double UNIT = 1 / Math.sqrt(1 + IMAGE_SPREAD * IMAGE_SPREAD);

  private final long seed;
  private final int trainImagesPerConcept;

  /** Orthonormal rows: 0..15 = P (visible), 16..31 = Q (semantic). */
  private final double[][] basis;

  LatentModel(SynthSpec spec) {
    this.seed = spec.seed();
    this.trainImagesPerConcept = spec.trainImagesPerConcept();
    this.basis = randomRotation(SplitMix.of(seed, Streams.LATENT_BASIS), LATENT_DIM);
  }

  /** The concept (within its split) of image {@code image}. */
  int conceptOf(Split split, int image) {
    return split == Split.TRAINING ? image / trainImagesPerConcept : image;
  }

  /** Fills {@code out} with the codes of image {@code image} of {@code split}. */
  void fill(Split split, int image, ImageLatents out) {
    SplitMix concept =
        SplitMix.of(seed, Streams.CONCEPT_CODE, split.key(), conceptOf(split, image));
    SplitMix own = SplitMix.of(seed, Streams.IMAGE_CODE, split.key(), image);
    double[] z = out.z;
    for (int d = 0; d < LATENT_DIM; d++) {
      z[d] = concept.gaussian() + IMAGE_SPREAD * own.gaussian();
    }
    for (int d = 0; d < LOW_LEVEL_DIM; d++) {
      out.lowLevel[d] = own.gaussian();
    }
    for (int r = 0; r < LATENT_DIM; r++) {
      double[] row = basis[r];
      double acc = 0;
      for (int d = 0; d < LATENT_DIM; d++) {
        acc += row[d] * z[d];
      }
      if (r < VISIBLE_DIM) {
        out.visible[r] = acc * UNIT;
      } else {
        out.semantic[r - VISIBLE_DIM] = acc * UNIT;
      }
    }
  }

  /** Gram-Schmidt on Gaussian rows: a uniformly random rotation. */
  private static double[][] randomRotation(SplitMix random, int n) {
    double[][] rows = new double[n][n];
    for (int r = 0; r < n; r++) {
      double[] row = rows[r];
      random.fillGaussian(row, 0, n, 1.0);
      for (int p = 0; p < r; p++) {
        double dot = 0;
        for (int d = 0; d < n; d++) {
          dot += row[d] * rows[p][d];
        }
        for (int d = 0; d < n; d++) {
          row[d] -= dot * rows[p][d];
        }
      }
      double norm = 0;
      for (int d = 0; d < n; d++) {
        norm += row[d] * row[d];
      }
      norm = Math.sqrt(norm);
      for (int d = 0; d < n; d++) {
        row[d] /= norm;
      }
    }
    return rows;
  }
}
