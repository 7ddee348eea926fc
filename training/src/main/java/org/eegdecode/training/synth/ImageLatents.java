package org.eegdecode.training.synth;

/**
 * Latent codes of one image, reused across images (filled by {@link LatentModel#fill}) so the
 * generation loops allocate nothing per image.
 *
 * <p>{@code z}: the image code; {@code visible}: the part EEG sees ({@code P z}); {@code semantic}:
 * the rest of the concept-driven code ({@code Q z}), seen by late feature layers only; {@code
 * lowLevel}: a per-image code unrelated to the concept, seen by early layers and the pixels.
 */
final class ImageLatents {
  final double[] z = new double[LatentModel.LATENT_DIM];
  final double[] visible = new double[LatentModel.VISIBLE_DIM];
  final double[] semantic = new double[LatentModel.LATENT_DIM - LatentModel.VISIBLE_DIM];
  final double[] lowLevel = new double[LatentModel.LOW_LEVEL_DIM];

  /** A copy of the EEG-visible code v (unit variance per component). */
  public double[] visible() {
    return visible.clone();
  }
}
