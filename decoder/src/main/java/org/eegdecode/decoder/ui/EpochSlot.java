package org.eegdecode.decoder.ui;

import org.eegdecode.acquisition.epoch.EpochEvent;

/** One epoch's samples (model channels × times, C order) on their way to the trace buffer. */
final class EpochSlot {
  final float[] data;
  double onsetTimestamp;
  long epochIndex;

  EpochSlot(int length) {
    data = new float[length];
  }

  void copy(EpochEvent e) {
    System.arraycopy(e.data(), 0, data, 0, data.length);
    onsetTimestamp = e.onsetTimestamp();
    epochIndex = e.epochIndex();
  }
}
