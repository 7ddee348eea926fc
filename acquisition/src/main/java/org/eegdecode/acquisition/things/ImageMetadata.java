package org.eegdecode.acquisition.things;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.npy.NpyFormatException;

/**
 * {@code image_metadata.npy}: image i of the training (test) EEG arrays is ({@code
 * trainConcepts[i]}, {@code trainFiles[i]}).
 */
public record ImageMetadata(
    Path file,
    List<String> trainConcepts,
    List<String> trainConceptsThings,
    List<String> trainFiles,
    List<String> testConcepts,
    List<String> testConceptsThings,
    List<String> testFiles) {

  public static ImageMetadata read(Path file) throws IOException {
    Map<?, ?> dict = ThingsObjects.readDict(file);
    ImageMetadata metadata =
        new ImageMetadata(
            file,
            ThingsObjects.strings(file, dict, ThingsFormat.KEY_TRAIN_CONCEPTS),
            ThingsObjects.strings(file, dict, ThingsFormat.KEY_TRAIN_CONCEPTS_THINGS),
            ThingsObjects.strings(file, dict, ThingsFormat.KEY_TRAIN_FILES),
            ThingsObjects.strings(file, dict, ThingsFormat.KEY_TEST_CONCEPTS),
            ThingsObjects.strings(file, dict, ThingsFormat.KEY_TEST_CONCEPTS_THINGS),
            ThingsObjects.strings(file, dict, ThingsFormat.KEY_TEST_FILES));
    metadata.checkLengths();
    return metadata;
  }

  private void checkLengths() throws NpyFormatException {
    int train = trainConcepts.size();
    if (trainConceptsThings.size() != train || trainFiles.size() != train) {
      throw new NpyFormatException(
          file
              + ": training lists differ in length ("
              + train
              + " concepts, "
              + trainConceptsThings.size()
              + " THINGS concepts, "
              + trainFiles.size()
              + " files)");
    }
    int test = testConcepts.size();
    if (testConceptsThings.size() != test || testFiles.size() != test) {
      throw new NpyFormatException(
          file
              + ": test lists differ in length ("
              + test
              + " concepts, "
              + testConceptsThings.size()
              + " THINGS concepts, "
              + testFiles.size()
              + " files)");
    }
  }

  /** Concepts, files of one split: {@code true} for training, {@code false} for test. */
  public List<String> concepts(boolean training) {
    return training ? trainConcepts : testConcepts;
  }

  public List<String> files(boolean training) {
    return training ? trainFiles : testFiles;
  }
}
