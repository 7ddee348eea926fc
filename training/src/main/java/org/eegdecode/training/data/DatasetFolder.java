package org.eegdecode.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eegdecode.acquisition.things.ThingsFormat;

/** A THINGS-EEG2 folder as users download it (see shared/reference/things-eeg2.md). */
public final class DatasetFolder {
  private static final Pattern SUBJECT_DIR = Pattern.compile("sub-(\\d+)(.*)");

  private final Path root;

  private DatasetFolder(Path root) {
    this.root = root;
  }

  /**
   * @throws IOException when the folder is missing or unreadable
   */
  public static DatasetFolder open(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": dataset folder not found (set dataset_dir=…)");
    }
    if (!Files.isReadable(root) || !Files.isExecutable(root)) {
      throw new IOException(root + ": dataset folder is not readable");
    }
    return new DatasetFolder(root);
  }

  public Path root() {
    return root;
  }

  /** Subject numbers whose folder {@code sub-XX<suffix>} exists, ascending. */
  public List<Integer> subjects(String suffix) throws IOException {
    List<Integer> subjects = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        Matcher m = SUBJECT_DIR.matcher(child.getFileName().toString());
        if (Files.isDirectory(child) && m.matches() && m.group(2).equals(suffix)) {
          subjects.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new IOException(root + ": cannot list the dataset folder: " + e.getMessage(), e);
    }
    subjects.sort(null);
    return subjects;
  }

  public Path subjectDir(int subject, String suffix) {
    return root.resolve(ThingsFormat.subjectDir(subject, suffix));
  }

  public Path eegFile(int subject, String suffix, boolean training) {
    return subjectDir(subject, suffix)
        .resolve(training ? ThingsFormat.TRAINING_EEG_FILE : ThingsFormat.TEST_EEG_FILE);
  }

  public Path metadataFile() {
    return root.resolve(ThingsFormat.METADATA_FILE);
  }

  /** The feature bank; {@code featurePath} is relative to the folder unless absolute. */
  public Path featureFile(String featurePath) {
    return root.resolve(featurePath);
  }

  /** {@code training_images/}, or {@code train_images/} where only that exists. */
  public Path imagesDir(boolean training) {
    if (!training) {
      return root.resolve(ThingsFormat.TEST_IMAGES_DIR);
    }
    Path primary = root.resolve(ThingsFormat.TRAINING_IMAGES_DIR);
    Path alternative = root.resolve(ThingsFormat.TRAINING_IMAGES_DIR_ALT);
    return !Files.isDirectory(primary) && Files.isDirectory(alternative) ? alternative : primary;
  }
}
