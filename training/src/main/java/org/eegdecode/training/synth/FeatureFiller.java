package org.eegdecode.training.synth;

import org.eegdecode.acquisition.npy.DType;
import org.eegdecode.acquisition.npy.NdArray;

/**
 * Lazy feature-bank entries: each (5, 3200) float16 array is computed layer by layer while the bank
 * is written, so the 0.5 GB of a full-size bank never sits in memory. Blocks are pure functions of
 * (image, layer); scratch is per thread.
 */
final class FeatureFiller {
  private final LatentModel latentModel;
  private final FeatureModel features;
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  FeatureFiller(LatentModel latentModel, FeatureModel features) {
    this.latentModel = latentModel;
    this.features = features;
  }

  /** The lazily generated features of one image. */
  NdArray entry(Split split, int image) {
    return NdArray.generated(
        DType.FLOAT16,
        new int[] {FeatureModel.LAYERS, FeatureModel.DIM},
        FeatureModel.DIM,
        (layer, block) -> fill(split, image, (int) layer, block));
  }

  /** Features of one layer of one image into {@code out}. */
  void fill(Split split, int image, int layer, double[] out) {
    Scratch s = scratch.get();
    latentModel.fill(split, image, s.latents);
    features.fill(split, image, s.latents, layer, s.input, out);
  }

  private static final class Scratch {
    final ImageLatents latents = new ImageLatents();
    final double[] input = new double[FeatureModel.inputLength()];
  }
}
