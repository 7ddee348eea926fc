package org.eegdecode.acquisition.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.npy.NpyReader;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsEegFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationWriterTest {
  private static void feed(CalibrationWriter writer, String marker, float base) {
    EpochEvent event = new EpochEvent(2, 3);
    byte[] text = marker.getBytes(StandardCharsets.UTF_8);
    event.set(0, text, text.length, Double.NaN, 1.0, 1.0, 0, 0);
    for (int i = 0; i < 6; i++) {
      event.data()[i] = base + i;
    }
    writer.onEvent(event, 0, true);
  }

  @Test
  void writesThingsFormatWithTheSmallestRepetitionCountAndKeepsEveryEpoch(@TempDir Path out)
      throws IOException {
    CalibrationWriter writer = new CalibrationWriter();
    feed(writer, "00002_cat/cat_01b.jpg", 0);
    feed(writer, "00001_dog/dog_03a.jpg", 10);
    feed(writer, "00002_cat/cat_01b.jpg", 20);
    feed(writer, "00001_dog/dog_03a.jpg", 30);
    feed(writer, "00002_cat/cat_01b.jpg", 40);
    CalibrationWriter.Written written = writer.write(out, List.of("Oz", "Pz"), -0.2, 100);
    assertEquals(new CalibrationWriter.Written(5, 2, 2, 1), written);

    ThingsEegFile eeg = ThingsEegFile.read(out.resolve("sub-01/preprocessed_eeg_training.npy"));
    assertArrayEquals(new int[] {2, 2, 2, 3}, eeg.shape());
    assertEquals(List.of("Oz", "Pz"), eeg.channels());
    assertArrayEquals(new double[] {-0.2, -0.19, -0.18}, eeg.times(), 1e-12);
    assertEquals(20f, eeg.data()[6], "cat, repetition 2, first value");
    assertEquals(30f, eeg.data()[18], "dog, repetition 2, first value");

    ImageMetadata metadata = ImageMetadata.read(out.resolve("image_metadata.npy"));
    assertEquals(List.of("00002_cat", "00001_dog"), metadata.trainConcepts());
    assertEquals(List.of("cat_01b.jpg", "dog_03a.jpg"), metadata.trainFiles());
    assertEquals(0, metadata.testFiles().size());

    assertArrayEquals(
        new int[] {5, 2, 3}, NpyReader.readArray(out.resolve("all_epochs.npy")).shape());
    assertEquals(5, ((List<?>) NpyReader.read(out.resolve("all_markers.npy"))).size());
  }

  @Test
  void nothingRecordedIsAnError(@TempDir Path out) {
    IOException e =
        assertThrows(
            IOException.class, () -> new CalibrationWriter().write(out, List.of("Oz"), -0.2, 100));
    assertEquals(out + ": no epochs were recorded; nothing written", e.getMessage());
  }
}
