package org.eegdecode.acquisition.calibration;

import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.things.ThingsFormat;

/**
 * Collects live epochs (an epoch-ring consumer) and writes them as a THINGS-format calibration
 * session a user can train on: {@code sub-01/preprocessed_eeg_training.npy} (images × repetitions ×
 * channels × times, float64 like the release), {@code image_metadata.npy}, and — so that nothing is
 * lost when images were shown unequal numbers of times — every epoch in marker order in {@code
 * all_epochs.npy} with its markers in {@code all_markers.npy}.
 *
 * <p>Markers of the form {@code concept/file} (the simulator's, and the convention for stimulus
 * programs) give the image's concept and file; any other marker text is used as both. Images keep
 * the order they were first shown in; the THINGS file holds the first {@code r} repetitions of
 * each, r being the smallest count.
 */
public final class CalibrationWriter implements EventHandler<EpochEvent> {
  private final List<String> markers = new ArrayList<>();
  private final List<float[]> epochs = new ArrayList<>();
  private int channels = -1;
  private int times = -1;

  @Override
  public void onEvent(EpochEvent event, long sequence, boolean endOfBatch) {
    synchronized (this) {
      channels = event.channels();
      times = event.times();
      markers.add(event.markerText());
      epochs.add(event.data().clone());
    }
  }

  public synchronized int epochs() {
    return epochs.size();
  }

  /** What {@link #write} wrote. */
  public record Written(int epochs, int images, int repetitions, int epochsOnlyInAllEpochs) {}

  /**
   * Writes the session under {@code out}.
   *
   * @param channelNames the epochs' channel labels, in order
   * @param tmin epoch start in seconds (e.g. -0.2)
   * @param modelRate the epochs' rate in Hz
   */
  public synchronized Written write(
      Path out, List<String> channelNames, double tmin, double modelRate) throws IOException {
    if (epochs.isEmpty()) {
      throw new IOException(out + ": no epochs were recorded; nothing written");
    }
    Map<String, List<Integer>> byImage = new LinkedHashMap<>();
    for (int i = 0; i < markers.size(); i++) {
      byImage.computeIfAbsent(markers.get(i), k -> new ArrayList<>()).add(i);
    }
    int reps = Integer.MAX_VALUE;
    for (List<Integer> trials : byImage.values()) {
      reps = Math.min(reps, trials.size());
    }
    int per = channels * times;
    double[] data = new double[byImage.size() * reps * per];
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    int image = 0;
    for (Map.Entry<String, List<Integer>> entry : byImage.entrySet()) {
      String marker = entry.getKey();
      int slash = marker.indexOf('/');
      concepts.add(slash < 0 ? marker : marker.substring(0, slash));
      files.add(slash < 0 ? marker : marker.substring(slash + 1));
      for (int r = 0; r < reps; r++) {
        float[] epoch = epochs.get(entry.getValue().get(r));
        int base = (image * reps + r) * per;
        for (int k = 0; k < per; k++) {
          data[base + k] = epoch[k];
        }
      }
      image++;
    }
    double[] timeAxis = new double[times];
    for (int t = 0; t < times; t++) {
      timeAxis[t] = Math.round((tmin + t / modelRate) * 1e10) / 1e10;
    }
    Path subject = out.resolve(ThingsFormat.subjectDir(1, ""));
    Files.createDirectories(subject);
    Map<String, Object> eeg = new LinkedHashMap<>();
    eeg.put(ThingsFormat.KEY_EEG, NdArray.of(data, byImage.size(), reps, channels, times));
    eeg.put(ThingsFormat.KEY_CH_NAMES, List.copyOf(channelNames));
    eeg.put(ThingsFormat.KEY_TIMES, NdArray.of(timeAxis, times));
    NpyWriter.writeObject(subject.resolve(ThingsFormat.TRAINING_EEG_FILE), eeg);

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(ThingsFormat.KEY_TRAIN_CONCEPTS, concepts);
    metadata.put(ThingsFormat.KEY_TRAIN_CONCEPTS_THINGS, concepts);
    metadata.put(ThingsFormat.KEY_TRAIN_FILES, files);
    metadata.put(ThingsFormat.KEY_TEST_CONCEPTS, List.of());
    metadata.put(ThingsFormat.KEY_TEST_CONCEPTS_THINGS, List.of());
    metadata.put(ThingsFormat.KEY_TEST_FILES, List.of());
    NpyWriter.writeObject(out.resolve(ThingsFormat.METADATA_FILE), metadata);

    float[] all = new float[epochs.size() * per];
    for (int i = 0; i < epochs.size(); i++) {
      System.arraycopy(epochs.get(i), 0, all, i * per, per);
    }
    NpyWriter.writeArray(
        out.resolve("all_epochs.npy"), NdArray.of(all, epochs.size(), channels, times));
    NpyWriter.writeObject(out.resolve("all_markers.npy"), List.copyOf(markers));
    return new Written(epochs.size(), byImage.size(), reps, epochs.size() - byImage.size() * reps);
  }
}
