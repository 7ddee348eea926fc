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
import org.eegdecode.acquisition.stimulus.MarkerTally;
import org.eegdecode.acquisition.stimulus.Resolution;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.acquisition.things.ThingsFormat;

/**
 * Collects live epochs (an epoch-ring consumer) and writes them as a THINGS-format calibration
 * session a user can train on: {@code sub-01/preprocessed_eeg_training.npy} (images × repetitions ×
 * channels × times, float64 like the release), {@code image_metadata.npy}, and — so that nothing is
 * lost when images were shown unequal numbers of times — every epoch in marker order in {@code
 * all_epochs.npy} with its markers in {@code all_markers.npy}.
 *
 * <p>Each epoch's marker is read by the shared {@link StimulusResolver} against an image list (for
 * {@code eegdecode epochs}: the dataset's training list), so integer trigger codes, concept names,
 * file names, {@code concept/file} and mapped markers all give the image's concept and file as
 * listed. A marker naming only a concept with several images gets that concept and an empty file; a
 * marker naming nothing of the list is taken literally, as without a list: {@code concept/file}
 * when it has a slash, else the text as both (counted in {@link #tally()}, with its value, so the
 * summary shows it). Images keep the order they were first shown in; the THINGS file holds the
 * first {@code r} repetitions of each, r being the smallest count.
 */
public final class CalibrationWriter implements EventHandler<EpochEvent> {
  private final StimulusResolver stimuli;
  private final Resolution resolution = new Resolution();
  private final MarkerTally tally = new MarkerTally();
  private final List<String> markers = new ArrayList<>();
  private final List<String> concepts = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private final List<float[]> epochs = new ArrayList<>();
  private int channels = -1;
  private int times = -1;

  /** Without an image list: every marker is taken literally. */
  public CalibrationWriter() {
    this(StimulusResolver.of(List.of(), List.of()));
  }

  /** Markers read against {@code stimuli}'s image list. */
  public CalibrationWriter(StimulusResolver stimuli) {
    this.stimuli = stimuli;
  }

  @Override
  public void onEvent(EpochEvent event, long sequence, boolean endOfBatch) {
    synchronized (this) {
      channels = event.channels();
      times = event.times();
      String marker = event.markerText();
      stimuli.resolve(event.markerBytes(), event.markerLength(), event.markerNumber(), resolution);
      tally.record(resolution, event.markerBytes(), event.markerLength());
      if (resolution.row() >= 0) {
        concepts.add(stimuli.concepts().get(resolution.row()));
        files.add(stimuli.files().get(resolution.row()));
      } else if (resolution.concept() >= 0) {
        concepts.add(stimuli.conceptName(resolution.concept()));
        files.add("");
      } else {
        int slash = marker.indexOf('/');
        concepts.add(slash < 0 ? marker : marker.substring(0, slash));
        files.add(slash < 0 ? marker : marker.substring(slash + 1));
      }
      markers.add(marker);
      epochs.add(event.data().clone());
    }
  }

  /** How the recorded epochs' markers resolved. */
  public MarkerTally tally() {
    return tally;
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
    Map<List<String>, List<Integer>> byImage = new LinkedHashMap<>();
    for (int i = 0; i < markers.size(); i++) {
      byImage
          .computeIfAbsent(List.of(concepts.get(i), files.get(i)), k -> new ArrayList<>())
          .add(i);
    }
    int reps = Integer.MAX_VALUE;
    for (List<Integer> trials : byImage.values()) {
      reps = Math.min(reps, trials.size());
    }
    int per = channels * times;
    double[] data = new double[byImage.size() * reps * per];
    List<String> imageConcepts = new ArrayList<>();
    List<String> imageFiles = new ArrayList<>();
    int image = 0;
    for (Map.Entry<List<String>, List<Integer>> entry : byImage.entrySet()) {
      imageConcepts.add(entry.getKey().get(0));
      imageFiles.add(entry.getKey().get(1));
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
    metadata.put(ThingsFormat.KEY_TRAIN_CONCEPTS, imageConcepts);
    metadata.put(ThingsFormat.KEY_TRAIN_CONCEPTS_THINGS, imageConcepts);
    metadata.put(ThingsFormat.KEY_TRAIN_FILES, imageFiles);
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
