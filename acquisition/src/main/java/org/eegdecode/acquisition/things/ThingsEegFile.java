package org.eegdecode.acquisition.things;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyFormatException;

/**
 * One {@code preprocessed_eeg_{training,test}.npy}: the EEG as float32 in C order, shape (images,
 * repetitions, channels, times), with its channel names and times.
 *
 * <p>The release stores float64; holding float32 halves memory (4.5 GB → 2.25 GB for ten 17-channel
 * subjects) at no cost to a model that trains in float32. The codec converts straight from the
 * file, so peak memory while loading is about the float32 array.
 */
public final class ThingsEegFile {
  private final Path file;
  private final float[] data;
  private final int[] shape;
  private final List<String> channels;
  private final double[] times;

  private ThingsEegFile(
      Path file, float[] data, int[] shape, List<String> channels, double[] times) {
    this.file = file;
    this.data = data;
    this.shape = shape;
    this.channels = channels;
    this.times = times;
  }

  /** Reads and checks a release EEG file; errors name the file and the problem. */
  public static ThingsEegFile read(Path file) throws IOException {
    Map<?, ?> dict = ThingsObjects.readDict(file);
    NdArray eeg = ThingsObjects.array(file, dict, ThingsFormat.KEY_EEG);
    List<String> channels = ThingsObjects.strings(file, dict, ThingsFormat.KEY_CH_NAMES);
    double[] times = ThingsObjects.array(file, dict, ThingsFormat.KEY_TIMES).toFloat64();
    int[] shape = eeg.shape();
    if (shape.length != 4) {
      throw new NpyFormatException(
          file
              + ": '"
              + ThingsFormat.KEY_EEG
              + "' has shape "
              + ThingsObjects.shapeText(shape)
              + ", expected (images, repetitions, channels, times)");
    }
    if (shape[2] != channels.size()) {
      throw new NpyFormatException(
          file + ": " + shape[2] + " channels in the data but " + channels.size() + " ch_names");
    }
    if (shape[3] != times.length) {
      throw new NpyFormatException(
          file + ": " + shape[3] + " time points in the data but " + times.length + " times");
    }
    if (eeg.dtype().kind() != 'f') {
      throw new NpyFormatException(
          file + ": EEG dtype " + eeg.dtype().descr() + " is not floating point");
    }
    float[] data = eeg.toFloat32();
    checkFinite(file, data, shape);
    return new ThingsEegFile(file, data, shape, List.copyOf(channels), times);
  }

  private static void checkFinite(Path file, float[] data, int[] shape) throws NpyFormatException {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        int per = shape[1] * shape[2] * shape[3];
        throw new NpyFormatException(
            file
                + ": non-finite EEG value "
                + data[i]
                + " at image "
                + i / per
                + ", repetition "
                + (i % per) / (shape[2] * shape[3])
                + ", channel "
                + (i % (shape[2] * shape[3])) / shape[3]
                + ", time index "
                + i % shape[3]);
      }
    }
  }

  public Path file() {
    return file;
  }

  /** The samples, C order (images, repetitions, channels, times); shared, not copied. */
  public float[] data() {
    return data;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int images() {
    return shape[0];
  }

  public int repetitions() {
    return shape[1];
  }

  public List<String> channels() {
    return channels;
  }

  public double[] times() {
    return times.clone();
  }
}
