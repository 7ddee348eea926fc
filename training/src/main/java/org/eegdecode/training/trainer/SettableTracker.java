package org.eegdecode.training.trainer;

import ai.djl.training.tracker.Tracker;

/**
 * A learning-rate tracker the training loop sets before each step ({@link LearningRate} knows the
 * epoch and stage, which DJL's update counter does not).
 */
final class SettableTracker implements Tracker {
  private volatile float value;

  SettableTracker(float initial) {
    this.value = initial;
  }

  void set(float newValue) {
    this.value = newValue;
  }

  float get() {
    return value;
  }

  @Override
  public float getNewValue(int numUpdate) {
    return value;
  }
}
