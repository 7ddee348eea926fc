package org.eegdecode.training.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.things.ThingsEegFile;

/**
 * Turns a release EEG file into model input the way the SUPAEEG seed does: crop by {@code times} to
 * [eeg_t_start, eeg_t_end), pick channels by name (in the requested order), and average the
 * repetitions (data_average for training, data_average_test for test). One pass, one output array.
 */
public final class EegAssembler {
  /** Tolerance for comparing float64 times such as -0.2 and 0.79 against the window edges. */
  private static final double TIME_EPSILON = 1e-9;

  private final DataSettings settings;

  public EegAssembler(DataSettings settings) {
    this.settings = settings;
  }

  public EegSet assemble(ThingsEegFile file, int subject, boolean training) throws IOException {
    int[] timeIndex = cropIndices(file);
    int[] channelIndex = channelIndices(file);
    boolean average = training ? settings.dataAverage() : settings.dataAverageTest();
    int images = file.images();
    int reps = file.repetitions();
    int outTrials = average ? 1 : reps;
    int c = channelIndex.length;
    int t = timeIndex.length;
    int inChannels = file.channels().size();
    int inTimes = file.times().length;
    float[] in = file.data();
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(images, outTrials), c * t)];
    float scale = 1f / reps;
    for (int img = 0; img < images; img++) {
      for (int rep = 0; rep < reps; rep++) {
        int inBase = (img * reps + rep) * inChannels * inTimes;
        int outBase = (img * outTrials + (average ? 0 : rep)) * c * t;
        for (int ch = 0; ch < c; ch++) {
          int inRow = inBase + channelIndex[ch] * inTimes;
          int outRow = outBase + ch * t;
          for (int k = 0; k < t; k++) {
            float v = in[inRow + timeIndex[k]];
            if (average) {
              out[outRow + k] += v * scale;
            } else {
              out[outRow + k] = v;
            }
          }
        }
      }
    }
    int[] image = new int[images];
    int[] subjects = new int[images];
    for (int i = 0; i < images; i++) {
      image[i] = i;
      subjects[i] = subject;
    }
    double[] times = file.times();
    double[] axis = new double[t];
    List<String> names = new ArrayList<>(c);
    for (int k = 0; k < t; k++) {
      axis[k] = times[timeIndex[k]];
    }
    for (int ch : channelIndex) {
      names.add(file.channels().get(ch));
    }
    return new EegSet(out, images, outTrials, c, t, image, subjects, List.copyOf(names), axis);
  }

  private int[] cropIndices(ThingsEegFile file) throws NpyFormatException {
    double[] times = file.times();
    int count = 0;
    int[] picked = new int[times.length];
    for (int i = 0; i < times.length; i++) {
      if (times[i] >= settings.eegTStart() - TIME_EPSILON
          && times[i] < settings.eegTEnd() - TIME_EPSILON) {
        picked[count++] = i;
      }
    }
    if (count == 0) {
      throw new NpyFormatException(
          file.file()
              + ": no time point in ["
              + settings.eegTStart()
              + ", "
              + settings.eegTEnd()
              + ") s (file covers "
              + times[0]
              + " … "
              + times[times.length - 1]
              + " s)");
    }
    return java.util.Arrays.copyOf(picked, count);
  }

  private int[] channelIndices(ThingsEegFile file) throws NpyFormatException {
    List<String> wanted = settings.channels();
    List<String> available = file.channels();
    if (wanted == null || wanted.isEmpty()) {
      int[] all = new int[available.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] index = new int[wanted.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      index[i] = available.indexOf(wanted.get(i));
      if (index[i] < 0) {
        missing.add(wanted.get(i));
      }
    }
    if (!missing.isEmpty()) {
      throw new NpyFormatException(
          file.file() + ": channels " + missing + " not in ch_names " + available);
    }
    return index;
  }
}
