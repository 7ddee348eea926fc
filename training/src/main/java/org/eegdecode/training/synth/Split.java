package org.eegdecode.training.synth;

/** The two halves of THINGS-EEG2: training concepts and the disjoint (zero-shot) test concepts. */
public enum Split {
  TRAINING,
  TEST;

  /** Key of this split in the random-stream paths. */
  long key() {
    return ordinal() + 1;
  }
}
