package org.eegdecode.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThingsDatasetTest {
  @TempDir static Path dir;

  @BeforeAll
  static void writeFixture() {
    MiniThings.write(dir);
  }

  @Test
  void trainingRepetitionsAreAveragedAndAllTimesKeptByDefault() throws IOException {
    ThingsDataset data = ThingsDataset.open(MiniThings.settings(dir));
    EegSet train = data.eeg(1, true);
    assertEquals(MiniThings.TRAIN_IMAGES, train.rows());
    assertEquals(1, train.trials());
    assertEquals(17, train.channels());
    assertEquals(100, train.times());
    assertEquals(-0.2, train.timeAxis()[0], 1e-12);
    assertEquals(0.79, train.timeAxis()[99], 1e-12);
    for (int img = 0; img < train.rows(); img++) {
      for (int c = 0; c < 17; c++) {
        for (int t = 0; t < 100; t += 33) {
          float expected = (float) MiniThings.eeg(1, img, 1.5, c, t);
          assertEquals(expected, train.x()[(img * 17 + c) * 100 + t], 2e-3f);
        }
      }
    }
  }

  @Test
  void cropChannelPickAndSingleTrialTest() throws IOException {
    ThingsDataset data =
        ThingsDataset.open(
            MiniThings.settings(dir, "eeg_t_start=0.0", "eeg_t_end=0.5", "channels=[Oz, Pz, PO8]"));
    EegSet test = data.eeg(2, false);
    assertEquals(MiniThings.TEST_REPS, test.trials(), "data_average_test=false keeps the trials");
    assertEquals(List.of("Oz", "Pz", "PO8"), test.channelNames());
    assertEquals(50, test.times(), "[0.0, 0.5) at 100 Hz");
    assertEquals(0.0, test.timeAxis()[0], 1e-12);
    assertEquals(0.49, test.timeAxis()[49], 1e-12);
    int[] sourceChannel = {4, 0, 14};
    for (int img = 0; img < test.rows(); img++) {
      for (int rep = 0; rep < test.trials(); rep++) {
        for (int c = 0; c < 3; c++) {
          for (int t = 0; t < 50; t++) {
            float expected = (float) MiniThings.eeg(2, img, rep, sourceChannel[c], t + 20);
            int at = ((img * test.trials() + rep) * 3 + c) * 50 + t;
            assertEquals(expected, test.x()[at], 0f);
          }
        }
      }
    }
  }

  @Test
  void averagedTestAndMissingChannelError() throws IOException {
    EegSet test =
        ThingsDataset.open(MiniThings.settings(dir, "data_average_test=true")).eeg(1, false);
    assertEquals(1, test.trials());
    assertEquals((float) MiniThings.eeg(1, 2, 2.5, 5, 7), test.x()[(2 * 17 + 5) * 100 + 7], 2e-3f);

    ThingsDataset bad = ThingsDataset.open(MiniThings.settings(dir, "channels=[Oz, Fp1, Cz]"));
    IOException e = assertThrows(IOException.class, () -> bad.eeg(1, true));
    assertTrue(e.getMessage().contains("preprocessed_eeg_training.npy: channels [Fp1, Cz] not in"));
  }

  @Test
  void intraAndInterFolds() throws IOException {
    ThingsDataset intra = ThingsDataset.open(MiniThings.settings(dir, "subject=-1"));
    List<ThingsDataset.Fold> folds = intra.folds();
    assertEquals(2, folds.size());
    assertEquals(List.of(2), folds.get(1).trainSubjects());

    ThingsDataset inter =
        ThingsDataset.open(MiniThings.settings(dir, "protocol=inter", "subject=2"));
    ThingsDataset.Fold fold = inter.folds().get(0);
    assertEquals(2, fold.testSubject());
    assertEquals(List.of(1), fold.trainSubjects());
    EegSet train = inter.training(fold);
    assertTrue(java.util.Arrays.stream(train.subject()).allMatch(s -> s == 1));
    assertArrayEquals(new int[] {2, 2, 2}, inter.test(fold).subject());

    IOException e =
        assertThrows(
            IOException.class,
            () -> ThingsDataset.open(MiniThings.settings(dir, "subject=7")).folds());
    assertTrue(e.getMessage().endsWith("subject 7 not found (subjects present: [1, 2])"));
  }

  @Test
  void validationHoldsOutWholeTrainingConcepts() throws IOException {
    ThingsDataset data = ThingsDataset.open(MiniThings.settings(dir));
    ImageMetadata metadata = data.metadata();
    EegSet train = data.eeg(1, true);
    ValidationSplit split = ValidationSplit.byConcept(train, metadata.trainConcepts(), 0.4, 11);
    assertEquals(2, split.validationConcepts().size(), "ceil(0.4 × 5 concepts)");
    assertEquals(4, split.validation().rows());
    assertEquals(6, split.train().rows());
    Set<String> trainConcepts = new HashSet<>();
    for (int image : split.train().image()) {
      trainConcepts.add(metadata.trainConcepts().get(image));
    }
    for (int image : split.validation().image()) {
      assertTrue(!trainConcepts.contains(metadata.trainConcepts().get(image)));
    }
    assertEquals(
        split.validationConcepts(),
        ValidationSplit.byConcept(train, metadata.trainConcepts(), 0.4, 11).validationConcepts(),
        "seeded");
    float[] row = new float[train.rowLength()];
    System.arraycopy(split.validation().x(), 0, row, 0, row.length);
    int image = split.validation().image()[0];
    assertArrayEquals(
        java.util.Arrays.copyOfRange(train.x(), image * row.length, (image + 1) * row.length), row);
  }

  @Test
  void featureBankGathersInMetadataOrder() throws IOException {
    ThingsDataset data = ThingsDataset.open(MiniThings.settings(dir));
    FeatureBank bank = data.features();
    assertEquals(13, bank.size());
    assertEquals(5, bank.layers());
    assertEquals(8, bank.dim());
    float[] test = bank.gather(data.metadata(), false);
    for (int i = 0; i < 3; i++) {
      for (int l = 0; l < 5; l++) {
        for (int d = 0; d < 8; d++) {
          assertEquals(10 + i + l * 0.25f + d / 64f, test[(i * 5 + l) * 8 + d], 0f);
        }
      }
    }
  }
}
