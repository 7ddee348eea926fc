package org.eegdecode.training.synth;

/**
 * Purposes of the keyed random streams; the numbers are part of the byte format, never reuse one.
 */
final class Streams {
  private Streams() {}

  static final long NAMES = 1;
  static final long CONCEPT_CODE = 2;
  static final long IMAGE_CODE = 3;
  static final long LATENT_BASIS = 4;
  static final long FEATURE_WEIGHTS = 5;
  static final long FEATURE_NOISE = 6;
  static final long EEG_SHARED = 7;
  static final long MIXING_SHARED = 8;
  static final long MIXING_SUBJECT = 9;
  static final long SUBJECT = 10;
  static final long CALIBRATION = 11;
  static final long TRIAL_NOISE = 12;
  static final long SPLIT_CHOICE = 13;
}
