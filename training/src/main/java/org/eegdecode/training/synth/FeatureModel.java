package org.eegdecode.training.synth;

/**
 * Stand-in for InternViT-6B layers 20, 24, 28, 32, 36 (mean-pooled, 3200 wide).
 *
 * <p>Layer l sees {@code g_l = [α_l v; λ_l q; σ_l s]}: the EEG-visible code v with α = 0.3, 0.55,
 * 1, 0.55, 0.3 (so layer 28 is the most EEG-related), the per-image low-level code q fading with
 * depth (λ = 1 … 0.1) and the concept-level semantic code s, which EEG does not see, growing with
 * depth (σ = 0.1 … 1). Features are {@code f_l = a_l diag(d_l) W_l g_l / |g_l| + o_l + 0.15 a_l ε}:
 * W_l shares half its variance across layers (a residual stream), d_l are log-normal per-dimension
 * gains, o_l per-dimension offsets with a few large "massive activation" dimensions, and a_l a norm
 * growing with depth.
 */
final class FeatureModel {
  static final int LAYERS = 5;
  static final int DIM = 3200;

  static final double[] VISIBLE_WEIGHT = {0.3, 0.55, 1.0, 0.55, 0.3};
  static final double[] LOW_LEVEL_WEIGHT = {1.0, 0.7, 0.3, 0.2, 0.1};
  static final double[] SEMANTIC_WEIGHT = {0.1, 0.2, 0.3, 0.7, 1.0};
  static final double[] LAYER_SCALE = {0.8, 1.0, 1.25, 1.6, 2.0};
  static final double NOISE = 0.15;
  static final int MASSIVE_DIMS = 6;

  private static final int INPUT =
      LatentModel.VISIBLE_DIM + LatentModel.LOW_LEVEL_DIM + LatentModel.VISIBLE_DIM;

  private final long seed;

  /** Per layer: row-major (DIM × INPUT) weights, already scaled by gain, norm and layer scale. */
  private final double[][] weights = new double[LAYERS][DIM * INPUT];

  private final double[][] offsets = new double[LAYERS][DIM];

  FeatureModel(long seed) {
    this.seed = seed;
    double[] shared = new double[DIM * INPUT];
    SplitMix.of(seed, Streams.FEATURE_WEIGHTS, 0).fillGaussian(shared, 0, shared.length, 1.0);
    double[] sharedOffset = new double[DIM];
    SplitMix offsetRandom = SplitMix.of(seed, Streams.FEATURE_WEIGHTS, 100);
    offsetRandom.fillGaussian(sharedOffset, 0, DIM, 0.3);
    int[] massive = new int[MASSIVE_DIMS];
    double[] massiveSign = new double[MASSIVE_DIMS];
    for (int m = 0; m < MASSIVE_DIMS; m++) {
      massive[m] = offsetRandom.nextInt(DIM);
      massiveSign[m] = offsetRandom.nextDouble() < 0.5 ? -1 : 1;
    }
    for (int l = 0; l < LAYERS; l++) {
      SplitMix random = SplitMix.of(seed, Streams.FEATURE_WEIGHTS, l + 1);
      double inputNorm =
          Math.sqrt(
              LatentModel.VISIBLE_DIM * VISIBLE_WEIGHT[l] * VISIBLE_WEIGHT[l]
                  + LatentModel.LOW_LEVEL_DIM * LOW_LEVEL_WEIGHT[l] * LOW_LEVEL_WEIGHT[l]
                  + LatentModel.VISIBLE_DIM * SEMANTIC_WEIGHT[l] * SEMANTIC_WEIGHT[l]);
      double[] w = weights[l];
      for (int d = 0; d < DIM; d++) {
        double gain = StrictMath.exp(0.3 * random.gaussian()) * LAYER_SCALE[l] / inputNorm;
        for (int k = 0; k < INPUT; k++) {
          int at = d * INPUT + k;
          w[at] = gain * (shared[at] + random.gaussian()) * Math.sqrt(0.5) * inputWeight(l, k);
        }
        offsets[l][d] = LAYER_SCALE[l] * (sharedOffset[d] + 0.1 * random.gaussian());
      }
      for (int m = 0; m < MASSIVE_DIMS; m++) {
        offsets[l][massive[m]] += massiveSign[m] * (4 + 2 * m) * LAYER_SCALE[l];
      }
    }
  }

  private static double inputWeight(int layer, int k) {
    if (k < LatentModel.VISIBLE_DIM) {
      return VISIBLE_WEIGHT[layer];
    }
    if (k < LatentModel.VISIBLE_DIM + LatentModel.LOW_LEVEL_DIM) {
      return LOW_LEVEL_WEIGHT[layer];
    }
    return SEMANTIC_WEIGHT[layer];
  }

  /**
   * Features of one layer of one image into {@code out[0..DIM)}; {@code input} is scratch of length
   * {@link #inputLength()}.
   */
  void fill(Split split, int image, ImageLatents latents, int layer, double[] input, double[] out) {
    System.arraycopy(latents.visible, 0, input, 0, LatentModel.VISIBLE_DIM);
    System.arraycopy(
        latents.lowLevel, 0, input, LatentModel.VISIBLE_DIM, LatentModel.LOW_LEVEL_DIM);
    System.arraycopy(
        latents.semantic,
        0,
        input,
        LatentModel.VISIBLE_DIM + LatentModel.LOW_LEVEL_DIM,
        LatentModel.VISIBLE_DIM);
    SplitMix noise = SplitMix.of(seed, Streams.FEATURE_NOISE, split.key(), image, layer);
    double[] w = weights[layer];
    double[] offset = offsets[layer];
    for (int d = 0; d < DIM; d++) {
      int row = d * INPUT;
      double acc = 0;
      for (int k = 0; k < INPUT; k++) {
        acc += w[row + k] * input[k];
      }
      out[d] = acc + offset[d] + NOISE * LAYER_SCALE[layer] * noise.noise();
    }
  }

  static int inputLength() {
    return INPUT;
  }
}
