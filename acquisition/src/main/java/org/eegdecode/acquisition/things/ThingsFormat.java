package org.eegdecode.acquisition.things;

import java.util.List;

/**
 * Names and constants of the THINGS-EEG2 release format (see shared/reference/things-eeg2.md), in
 * one place for the readers, the synthetic generator, the simulator and the calibration recorder.
 */
public final class ThingsFormat {
  private ThingsFormat() {}

  public static final String TRAINING_EEG_FILE = "preprocessed_eeg_training.npy";
  public static final String TEST_EEG_FILE = "preprocessed_eeg_test.npy";
  public static final String METADATA_FILE = "image_metadata.npy";
  public static final String FEATURE_FILE =
      "image_feature/internvit_multilevel_20_24_28_32_36/internvit_features.npy";
  public static final String TRAINING_IMAGES_DIR = "training_images";

  /** Some public code expects this name instead of {@link #TRAINING_IMAGES_DIR}; both are read. */
  public static final String TRAINING_IMAGES_DIR_ALT = "train_images";

  public static final String TEST_IMAGES_DIR = "test_images";

  public static final String KEY_EEG = "preprocessed_eeg_data";
  public static final String KEY_CH_NAMES = "ch_names";
  public static final String KEY_TIMES = "times";

  public static final String KEY_TRAIN_CONCEPTS = "train_img_concepts";
  public static final String KEY_TRAIN_CONCEPTS_THINGS = "train_img_concepts_THINGS";
  public static final String KEY_TRAIN_FILES = "train_img_files";
  public static final String KEY_TEST_CONCEPTS = "test_img_concepts";
  public static final String KEY_TEST_CONCEPTS_THINGS = "test_img_concepts_THINGS";
  public static final String KEY_TEST_FILES = "test_img_files";

  /** The six metadata keys, in the release's order. */
  public static final List<String> METADATA_KEYS =
      List.of(
          KEY_TRAIN_CONCEPTS,
          KEY_TRAIN_CONCEPTS_THINGS,
          KEY_TRAIN_FILES,
          KEY_TEST_CONCEPTS,
          KEY_TEST_CONCEPTS_THINGS,
          KEY_TEST_FILES);

  /** Release rate of the preprocessed files (Hz) and their epoch start (s). */
  public static final double RATE_HZ = 100.0;

  public static final double EPOCH_START_S = -0.2;
  public static final int EPOCH_SAMPLES = 100;

  /** The 17 occipito-parietal channels in the release files' order. */
  public static final List<String> CHANNELS_17 =
      List.of(
          "Pz", "P3", "P7", "O1", "Oz", "O2", "P4", "P8", "P1", "P5", "PO7", "PO3", "POz", "PO4",
          "PO8", "P6", "P2");

  /**
   * The 63 channels of the {@code sub-XX_63} folders (the 64-channel 10-10 cap without the
   * reference), in the order used by public THINGS-EEG2 code.
   */
  public static final List<String> CHANNELS_63 =
      List.of(
          "Fp1", "Fp2", "AF7", "AF3", "AFz", "AF4", "AF8", "F7", "F5", "F3", "F1", "F2", "F4", "F6",
          "F8", "FT9", "FT7", "FC5", "FC3", "FC1", "FCz", "FC2", "FC4", "FC6", "FT8", "FT10", "T7",
          "C5", "C3", "C1", "Cz", "C2", "C4", "C6", "T8", "TP9", "TP7", "CP5", "CP3", "CP1", "CPz",
          "CP2", "CP4", "CP6", "TP8", "TP10", "P7", "P5", "P3", "P1", "Pz", "P2", "P4", "P6", "P8",
          "PO7", "PO3", "POz", "PO4", "PO8", "O1", "Oz", "O2");

  /** Release times: {@code -0.20, -0.19, … 0.79}, computed as numpy's float64 would print them. */
  public static double[] releaseTimes() {
    double[] times = new double[EPOCH_SAMPLES];
    for (int i = 0; i < times.length; i++) {
      times[i] = Math.round((EPOCH_START_S + i / RATE_HZ) * 1e10) / 1e10;
    }
    return times;
  }

  /**
   * Folder name of subject {@code k} (1-based): {@code sub-01}, or {@code sub-01_63} with suffix.
   */
  public static String subjectDir(int subject, String suffix) {
    return String.format("sub-%02d%s", subject, suffix == null ? "" : suffix);
  }
}
