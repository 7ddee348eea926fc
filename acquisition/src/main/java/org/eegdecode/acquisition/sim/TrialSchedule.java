package org.eegdecode.acquisition.sim;

import java.util.SplittableRandom;

/**
 * The order in which the simulator shows the dataset's trials: trial k shows image {@link
 * #image(int)} (repetition {@link #repetition(int)}) at {@code k × soa} seconds after the first
 * onset. The order is a seeded shuffle of every (image, repetition) pair, as an RSVP run would
 * present them, cycling through fresh shuffles when more trials are asked for than exist.
 */
public final class TrialSchedule {
  private final int[] images;
  private final int[] repetitions;
  private final double soa;

  public TrialSchedule(
      int datasetImages, int datasetRepetitions, int trials, double soa, long seed) {
    if (trials <= 0) {
      throw new IllegalArgumentException("trials must be positive, got " + trials);
    }
    if (!(soa > 0)) {
      throw new IllegalArgumentException("soa must be positive, got " + soa);
    }
    this.images = new int[trials];
    this.repetitions = new int[trials];
    this.soa = soa;
    int pairs = datasetImages * datasetRepetitions;
    int[] order = new int[pairs];
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = 0; k < trials; k++) {
      int inRound = k % pairs;
      if (inRound == 0) {
        for (int i = 0; i < pairs; i++) {
          order[i] = i;
        }
        for (int i = pairs - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      images[k] = order[inRound] / datasetRepetitions;
      repetitions[k] = order[inRound] % datasetRepetitions;
    }
  }

  public int trials() {
    return images.length;
  }

  public int image(int trial) {
    return images[trial];
  }

  public int repetition(int trial) {
    return repetitions[trial];
  }

  public double soa() {
    return soa;
  }

  /** Onset of trial k in seconds after the first onset. */
  public double onset(int trial) {
    return trial * soa;
  }
}
