package org.eegdecode.training.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.data.ThingsDataset;
import org.eegdecode.training.run.TinyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on the tiny synthetic dataset (CPU). */
class FoldTrainerTest {
  @TempDir Path out;

  private record Setup(ModelConfig model, TrainSettings train, FoldData data) {}

  private Setup setup(String... overrides) throws IOException {
    // the sizes below hold out a tenth of the 48 tiny training concepts (5), whatever the default
    List<String> all = new java.util.ArrayList<>(List.of("val_fraction=0.1"));
    all.addAll(List.of(overrides));
    Config config = TinyDataset.config(out, all.toArray(new String[0]));
    DataSettings ds = DataSettings.from(config);
    ThingsDataset things = ThingsDataset.open(ds);
    FoldLoader loader = new FoldLoader(things, ds);
    FoldData data = loader.load(things.folds().get(0));
    ModelConfig mc =
        ModelConfig.from(
            config,
            data.channels(),
            data.times(),
            data.trainFeatures().dim(),
            Collections.max(things.subjects()));
    return new Setup(mc, TrainSettings.from(config), data);
  }

  private static FoldResult train(Setup s) {
    try (FoldTrainer t = new FoldTrainer(s.model(), s.train(), s.data(), Device.cpu())) {
      return t.train(null);
    }
  }

  @Test
  void foldDataHaveTheDatasetsSizes() throws IOException {
    Setup s = setup("val_fraction=0.1");
    FoldData d = s.data();
    // tiny: 48 concepts × 4 images, 5 concepts held out; 20 test concepts × 10 trials; 17 × 100
    assertEquals(17, d.channels());
    assertEquals(100, d.times());
    assertEquals(43 * 4, d.train().rows());
    assertEquals(1, d.train().trials());
    assertEquals(17 * 100, d.train().length());
    assertEquals(5 * 4, d.validation().rows());
    assertEquals(4, d.validation().trials()); // the test mode: repetitions embedded one by one
    assertEquals(20, d.test().rows());
    assertEquals(10, d.test().trials());
    assertEquals(20, d.testFeatures().images());
    assertEquals(192, d.trainFeatures().images());
    assertEquals(5, d.trainFeatures().layers());
    for (int subject : d.train().subject()) {
      assertEquals(0, subject); // subject 1 → id 0
    }
    assertEquals("trial-embeddings-averaged", d.testMode());

    FoldData averaged = setup("data_average_test=true").data();
    assertEquals(1, averaged.test().trials());
    assertEquals(1, averaged.validation().trials());
    assertEquals(43 * 4, averaged.train().rows());
    assertArrayEquals(d.train().x(), averaged.train().x());
    // repetitions averaged here are exactly the assembler's data_average = true rows
    ThingsDataset reps4 =
        ThingsDataset.open(DataSettings.from(TinyDataset.config(out, "data_average=false")));
    ThingsDataset reps1 = ThingsDataset.open(DataSettings.from(TinyDataset.config(out)));
    ThingsDataset.Fold fold = reps1.folds().get(0);
    assertArrayEquals(reps1.training(fold).x(), FoldLoader.averageTrials(reps4.training(fold)).x());
    assertEquals("trials-averaged", averaged.testMode());
    // unaveraged training repetitions are separate samples
    FoldData reps = setup("data_average=false").data();
    assertEquals(43 * 4 * 4, reps.train().rows());
  }

  @Test
  void sameSeedSameMetrics() throws IOException {
    Setup s = setup("epochs=2", "batch_size=64");
    FoldResult a = train(s);
    FoldResult b = train(s);
    assertEquals(2, a.history().size());
    for (int i = 0; i < 2; i++) {
      EpochRecord x = a.history().get(i);
      EpochRecord y = b.history().get(i);
      assertEquals(x.loss(), y.loss(), "loss, epoch " + (i + 1));
      assertEquals(x.mmd(), y.mmd());
      assertEquals(x.infonce(), y.infonce());
      assertEquals(x.gradNorm(), y.gradNorm());
      assertEquals(x.valTop1(), y.valTop1());
      assertEquals(x.testTop1(), y.testTop1());
      assertEquals(x.testTop5(), y.testTop5());
      assertArrayEquals(x.routerWeights(), y.routerWeights());
    }
    assertEquals(a.test(), b.test());
    // another seed gives another run
    FoldResult c = train(setup("epochs=2", "batch_size=64", "seed=7"));
    assertTrue(c.history().get(0).loss() != a.history().get(0).loss());
  }

  @Test
  void earlyStoppingTriggersWhenValidationStopsImproving() throws IOException {
    // lr 0: the parameters never change, so validation top-1 never improves after epoch 1
    FoldResult r = train(setup("epochs=10", "lr=0", "stage2_lr=0", "early_stop_patience=2"));
    assertTrue(r.earlyStopped());
    assertEquals(3, r.epochsRun());
    assertEquals(1, r.selectedEpoch());
    // patience 0 never stops
    FoldResult off = train(setup("epochs=3", "lr=0", "stage2_lr=0", "early_stop_patience=0"));
    assertFalse(off.earlyStopped());
    assertEquals(3, off.epochsRun());
  }

  @Test
  void bestValidationParametersAreRestored() throws IOException {
    FoldResult r = train(setup("epochs=6", "batch_size=64", "smooth_prob=0.5"));
    assertEquals("validation", r.selection());
    EpochRecord selected = r.history().get(r.selectedEpoch() - 1);
    for (EpochRecord e : r.history()) {
      assertTrue(e.valTop1() <= selected.valTop1());
    }
    // the final evaluation of the restored parameters is the selected epoch's
    assertEquals(selected.valTop1(), r.validation().top1());
    assertEquals(selected.testTop1(), r.test().top1());
    assertEquals(selected.testTop5(), r.test().top5());
    double bestTest = r.history().stream().mapToDouble(EpochRecord::testTop1).max().orElseThrow();
    assertEquals(bestTest, r.testSelectedTop1());
  }

  @Test
  void gradientNormIsClippedDuringTraining() throws IOException {
    Setup s = setup("epochs=1", "batch_size=64", "grad_clip=0.05");
    try (FoldTrainer t = new FoldTrainer(s.model(), s.train(), s.data(), Device.cpu())) {
      EpochStats stats = t.trainEpoch(1);
      // the norm before clipping is far above the limit, after clipping it is at most the limit
      assertTrue(stats.gradNorm() > 0.5, "grad norm " + stats.gradNorm());
      assertTrue(stats.maxClippedNorm() <= 0.05 * (1 + 1e-4), "clipped " + stats.maxClippedNorm());
      assertTrue(stats.maxClippedNorm() > 0.049, "clipped " + stats.maxClippedNorm());
      assertEquals(3, stats.steps()); // 172 samples in batches of 64: 64, 64, 44
      assertEquals(172, stats.samples());
    }
  }

  @Test
  void batchesKeepPartialBatchesOfAtLeastTwo() {
    assertEquals(3, FoldTrainer.batchesPerEpoch(172, 64));
    assertEquals(2, FoldTrainer.batchesPerEpoch(129, 64)); // the 1-sample rest is dropped
    assertEquals(1, FoldTrainer.batchesPerEpoch(172, 1024));
    assertEquals(List.of(2), List.of(FoldTrainer.batchesPerEpoch(128, 64)));
  }
}
