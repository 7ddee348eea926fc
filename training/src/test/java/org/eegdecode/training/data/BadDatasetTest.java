package org.eegdecode.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad dataset ends in one error that names the file and the problem. */
class BadDatasetTest {
  @Test
  void nonFiniteEeg(@TempDir Path dir) throws IOException {
    ThingsDataset data = ThingsDataset.open(MiniThings.settings(MiniThings.write(dir, "--nan")));
    IOException e = assertThrows(IOException.class, () -> data.eeg(2, false));
    assertEquals(
        dir.resolve("sub-02/preprocessed_eeg_test.npy")
            + ": non-finite EEG value NaN at image 1, repetition 2, channel 3, time index 4",
        e.getMessage());
  }

  @Test
  void metadataShorterThanEeg(@TempDir Path dir) throws IOException {
    ThingsDataset data =
        ThingsDataset.open(MiniThings.settings(MiniThings.write(dir, "--short-metadata")));
    IOException e = assertThrows(IOException.class, () -> data.eeg(1, true));
    assertEquals(
        dir.resolve("sub-01/preprocessed_eeg_training.npy")
            + ": 10 images but "
            + dir.resolve("image_metadata.npy")
            + " lists 9 training images",
        e.getMessage());
    IOException inspect = assertThrows(IOException.class, () -> Inspector.inspect(dir));
    assertEquals(
        dir.resolve("sub-01/preprocessed_eeg_training.npy")
            + ": 10 images but "
            + dir.resolve("image_metadata.npy")
            + " lists 9",
        inspect.getMessage());
  }

  @Test
  void featureMissingForAnImage(@TempDir Path dir) throws IOException {
    ThingsDataset data =
        ThingsDataset.open(MiniThings.settings(MiniThings.write(dir, "--drop-feature")));
    IOException e =
        assertThrows(IOException.class, () -> data.features().gather(data.metadata(), false));
    assertEquals(
        data.features().file()
            + ": no features for ('00003_probe2', 'probe2_01s.jpg'), test image 2 of "
            + dir.resolve("image_metadata.npy"),
        e.getMessage());
  }

  @Test
  void missingFolderAndFiles(@TempDir Path dir) {
    IOException e =
        assertThrows(
            IOException.class, () -> ThingsDataset.open(MiniThings.settings(dir.resolve("nope"))));
    assertEquals(
        dir.resolve("nope") + ": dataset folder not found (set dataset_dir=…)", e.getMessage());
    IOException none =
        assertThrows(IOException.class, () -> ThingsDataset.open(MiniThings.settings(dir)).folds());
    assertEquals(dir + ": no subject folders sub-XX (eeg_suffix='')", none.getMessage());
  }
}
