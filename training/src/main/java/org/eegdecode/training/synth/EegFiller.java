package org.eegdecode.training.synth;

import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.things.ThingsFormat;

/**
 * Streams one subject's EEG array (images, repetitions, channels, 100) trial by trial: block b is
 * repetition {@code b % reps} of image {@code b / reps}. Each block is a pure function of its index
 * (the trial's own random stream); a per-thread cache of the current image's clean signal only
 * saves recomputing it for every repetition.
 */
final class EegFiller implements NdArray.BlockFiller {
  private final LatentModel latentModel;
  private final EegModel eeg;
  private final Split split;
  private final int repetitions;
  private final ThreadLocal<Scratch> scratch;

  EegFiller(LatentModel latentModel, EegModel eeg, Split split, int repetitions) {
    this.latentModel = latentModel;
    this.eeg = eeg;
    this.split = split;
    this.repetitions = repetitions;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(blockLength()));
  }

  /** Block length: one trial, channels × samples. */
  int blockLength() {
    return eeg.channels() * ThingsFormat.EPOCH_SAMPLES;
  }

  @Override
  public void fill(long blockIndex, double[] block) {
    int image = (int) (blockIndex / repetitions);
    int repetition = (int) (blockIndex % repetitions);
    Scratch s = scratch.get();
    if (image != s.image) {
      latentModel.fill(split, image, s.latents);
      eeg.clean(s.latents.visible, s.sources, s.clean);
      s.image = image;
    }
    eeg.trial(split, image, repetition, s.clean, block);
  }

  private static final class Scratch {
    final ImageLatents latents = new ImageLatents();
    final double[] sources = new double[EegModel.sourcesLength()];
    final double[] clean;
    int image = -1;

    Scratch(int length) {
      clean = new double[length];
    }
  }
}
