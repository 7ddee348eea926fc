package org.eegdecode.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsEegFile;

/**
 * A THINGS-EEG2 folder opened with the data settings: subjects, metadata, feature bank, assembled
 * EEG per subject and split, and the folds of the intra / inter (leave-one-subject-out) protocols.
 */
public final class ThingsDataset {
  /** One train/test assignment: intra trains and tests on one subject, inter leaves it out. */
  public record Fold(String protocol, int testSubject, List<Integer> trainSubjects) {}

  private final DatasetFolder folder;
  private final DataSettings settings;
  private final EegAssembler assembler;
  private ImageMetadata metadata;
  private FeatureBank features;

  private ThingsDataset(DatasetFolder folder, DataSettings settings) {
    this.folder = folder;
    this.settings = settings;
    this.assembler = new EegAssembler(settings);
  }

  public static ThingsDataset open(DataSettings settings) throws IOException {
    return new ThingsDataset(DatasetFolder.open(Path.of(settings.datasetDir())), settings);
  }

  public DatasetFolder folder() {
    return folder;
  }

  /** Subjects present for the configured eeg_suffix; an error when there are none. */
  public List<Integer> subjects() throws IOException {
    List<Integer> subjects = folder.subjects(settings.eegSuffix());
    if (subjects.isEmpty()) {
      throw new IOException(
          folder.root()
              + ": no subject folders sub-XX"
              + settings.eegSuffix()
              + " (eeg_suffix='"
              + settings.eegSuffix()
              + "')");
    }
    return subjects;
  }

  public ImageMetadata metadata() throws IOException {
    if (metadata == null) {
      Path file = folder.metadataFile();
      requireFile(file, "image metadata");
      metadata = ImageMetadata.read(file);
    }
    return metadata;
  }

  public FeatureBank features() throws IOException {
    if (features == null) {
      Path file = folder.featureFile(settings.featurePath());
      requireFile(file, "image feature bank");
      features = FeatureBank.read(file);
    }
    return features;
  }

  /** One subject's assembled EEG for a split; rows must match the metadata's image count. */
  public EegSet eeg(int subject, boolean training) throws IOException {
    Path file = folder.eegFile(subject, settings.eegSuffix(), training);
    requireFile(file, "EEG file");
    ThingsEegFile eeg = ThingsEegFile.read(file);
    int expected = metadata().concepts(training).size();
    if (eeg.images() != expected) {
      throw new NpyFormatException(
          file
              + ": "
              + eeg.images()
              + " images but "
              + metadata().file()
              + " lists "
              + expected
              + (training ? " training" : " test")
              + " images");
    }
    return assembler.assemble(eeg, subject, training);
  }

  /** The folds the configured protocol and subject ask for. */
  public List<Fold> folds() throws IOException {
    List<Integer> all = subjects();
    List<Integer> tested;
    if (settings.subject() == -1) {
      tested = all;
    } else if (all.contains(settings.subject())) {
      tested = List.of(settings.subject());
    } else {
      throw new IOException(
          folder.root()
              + ": subject "
              + settings.subject()
              + " not found (subjects present: "
              + all
              + ")");
    }
    List<Fold> folds = new ArrayList<>();
    for (int subject : tested) {
      if (settings.protocol().equals("intra")) {
        folds.add(new Fold("intra", subject, List.of(subject)));
      } else {
        List<Integer> others = new ArrayList<>(all);
        others.remove(Integer.valueOf(subject));
        if (others.isEmpty()) {
          throw new IOException(
              folder.root() + ": the inter protocol needs at least two subjects, found " + all);
        }
        folds.add(new Fold("inter", subject, List.copyOf(others)));
      }
    }
    return folds;
  }

  /** Training rows of a fold: the training subjects' sets one after the other. */
  public EegSet training(Fold fold) throws IOException {
    List<EegSet> sets = new ArrayList<>();
    for (int subject : fold.trainSubjects()) {
      sets.add(eeg(subject, true));
    }
    return sets.size() == 1 ? sets.get(0) : EegSet.concat(sets);
  }

  public EegSet test(Fold fold) throws IOException {
    return eeg(fold.testSubject(), false);
  }

  private static void requireFile(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": " + what + " not found");
    }
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": " + what + " is not readable");
    }
  }
}
