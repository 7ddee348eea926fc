package org.eegdecode.training.synth;

import java.util.List;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.things.ThingsFormat;

/** Resolved sizes of a synthetic THINGS-EEG2 dataset (no nulls); see {@link SynthSettings}. */
public record SynthSpec(
    String preset,
    int subjects,
    int trainConcepts,
    int trainImagesPerConcept,
    int trainRepetitions,
    int testConcepts,
    int testRepetitions,
    int channels,
    double snr,
    int imageSize,
    long seed) {

  /** Upper bound of the counts: keeps every array extent (and the int arithmetic) in range. */
  private static final int MAX_COUNT = 1 << 20;

  /**
   * @throws ConfigException naming the first key whose value is out of range
   */
  public void validate() {
    positive("subjects", subjects, 99);
    positive("train_concepts", trainConcepts, MAX_COUNT);
    positive("train_images_per_concept", trainImagesPerConcept, 99);
    positive("train_repetitions", trainRepetitions, MAX_COUNT);
    positive("test_concepts", testConcepts, MAX_COUNT);
    positive("test_repetitions", testRepetitions, MAX_COUNT);
    if (channels != 17 && channels != 63) {
      throw new ConfigException("synth.channels must be 17 or 63, got " + channels);
    }
    if (!(snr >= 0) || Double.isInfinite(snr)) {
      throw new ConfigException("synth.snr must be a finite number >= 0, got " + snr);
    }
    if (imageSize < 8 || imageSize > 1024) {
      throw new ConfigException("synth.image_size must be between 8 and 1024, got " + imageSize);
    }
  }

  private static void positive(String key, int value, int max) {
    if (value < 1 || value > max) {
      throw new ConfigException(
          "synth." + key + " must be between 1 and " + max + ", got " + value);
    }
  }

  public int trainImages() {
    return trainConcepts * trainImagesPerConcept;
  }

  /** One image per test concept, as in the release. */
  public int testImages() {
    return testConcepts;
  }

  public int samples() {
    return ThingsFormat.EPOCH_SAMPLES;
  }

  public List<String> channelNames() {
    return channels == 63 ? ThingsFormat.CHANNELS_63 : ThingsFormat.CHANNELS_17;
  }

  /** Subject-folder suffix: {@code ""} for 17 channels, {@code "_63"} for 63. */
  public String subjectSuffix() {
    return channels == 63 ? "_63" : "";
  }

  public int[] trainShape() {
    return new int[] {trainImages(), trainRepetitions, channels, samples()};
  }

  public int[] testShape() {
    return new int[] {testImages(), testRepetitions, channels, samples()};
  }

  public SynthSpec withSeed(long newSeed) {
    return new SynthSpec(
        preset,
        subjects,
        trainConcepts,
        trainImagesPerConcept,
        trainRepetitions,
        testConcepts,
        testRepetitions,
        channels,
        snr,
        imageSize,
        newSeed);
  }
}
