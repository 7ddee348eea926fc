package org.eegdecode.training.trainer;

/**
 * The learning rate of every optimiser step: {@code lr} in stage 1, {@code stage2_lr} once MMD is
 * off; flat by default. With {@code warmup_epochs} > 0, a linear warm-up over those epochs' steps
 * followed by a cosine decay of the stage's rate down to {@code min_lr} at the last planned step.
 */
public final class LearningRate {
  private final TrainSettings settings;
  private final int stepsPerEpoch;

  public LearningRate(TrainSettings settings, int stepsPerEpoch) {
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("stepsPerEpoch must be >= 1");
    }
    this.settings = settings;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  /**
   * @param epoch 1-based epoch
   * @param step 0-based step within the epoch
   */
  public float at(int epoch, int step) {
    double base = settings.stage(epoch) == 1 ? settings.lr() : settings.stage2Lr();
    if (settings.warmupEpochs() <= 0) {
      return (float) base;
    }
    long global = (long) (epoch - 1) * stepsPerEpoch + step;
    long warm = (long) settings.warmupEpochs() * stepsPerEpoch;
    if (global < warm) {
      return (float) (base * (global + 1) / warm);
    }
    long total = (long) settings.epochs() * stepsPerEpoch;
    double progress = Math.min(1.0, (double) (global - warm) / Math.max(1, total - warm - 1));
    double min = Math.min(settings.minLr(), base);
    return (float) (min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }
}
