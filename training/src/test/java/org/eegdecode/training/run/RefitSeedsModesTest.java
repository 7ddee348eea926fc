package org.eegdecode.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refit after selection, the labelled test modes (single trials always) and multi-seed summaries,
 * through {@code eegdecode train} on the tiny dataset.
 */
class RefitSeedsModesTest {
  @TempDir Path out;

  private JsonNode train(String dir, String... overrides) throws Exception {
    return TrainCliTest.jsonLine(
        TrainCliTest.cli(TrainCliTest.args("train", out.resolve(dir), overrides)));
  }

  @Test
  void refitIsARunFromScratchOnEveryConceptForTheChosenEpochs() throws Exception {
    JsonNode refit = train("refit", "epochs=5", "early_stop_patience=2");
    JsonNode subject = refit.get("subjects").get(0);
    assertEquals("refit", subject.get("selection").asText());
    assertEquals("refit", refit.get("selection").asText());
    int chosen = subject.get("selected_epoch").asInt();
    // the same recipe by hand: every training concept, that many epochs, same seed, last epoch
    JsonNode byHand =
        train(
            "by-hand",
            "epochs=" + chosen,
            "val_fraction=0",
            "refit=false",
            "early_stop_patience=0");
    JsonNode hand = byHand.get("subjects").get(0);
    assertEquals("last", hand.get("selection").asText());
    for (String key : new String[] {"top1", "top5", "single_trial_top1", "single_trial_top5"}) {
      assertEquals(hand.get(key).asDouble(), subject.get(key).asDouble(), 1e-12, key);
    }
    // the selection run's validation concepts are recorded in the shipped bundle
    JsonNode bundle =
        TrainCliTest.JSON_READER
            .readTree(Path.of(refit.get("bundle").asText()).resolve("bundle.json").toFile())
            .get("metrics");
    assertEquals("refit", bundle.get("selection").asText());
    assertTrue(bundle.get("validation_concepts").size() > 0, bundle.toString());
    assertTrue(bundle.has("single_trial_top1"), bundle.toString());

    JsonNode kept = train("kept", "epochs=5", "early_stop_patience=2", "refit=false");
    assertEquals("validation", kept.get("subjects").get(0).get("selection").asText());
    assertEquals(chosen, kept.get("subjects").get(0).get("selected_epoch").asInt());
  }

  @Test
  void everyTestModeIsReportedAndLabelled() throws Exception {
    JsonNode run = train("modes", "epochs=3", "refit=false");
    JsonNode s = run.get("subjects").get(0);
    // tiny: 20 test concepts × 10 trials
    assertEquals(200, s.get("single_trial_queries").asInt());
    assertEquals(20, s.get("embedding_averaged_queries").asInt());
    assertFalse(s.has("eeg_averaged_top1"), "only when data_average_test");
    assertEquals(s.get("top1").asDouble(), s.get("embedding_averaged_top1").asDouble(), 1e-12);
    assertEquals(
        s.get("single_trial_top1").asDouble(), run.get("mean_single_trial_top1").asDouble(), 1e-12);
    double single = s.get("single_trial_top1").asDouble();
    assertTrue(single >= 0 && single <= 1);
    assertTrue(
        single < s.get("embedding_averaged_top1").asDouble(),
        "averaging 10 trials beats one trial on this noisy data: " + s);

    JsonNode averaged = train("averaged", "epochs=3", "refit=false", "data_average_test=true");
    JsonNode a = averaged.get("subjects").get(0);
    assertEquals("trials-averaged", averaged.get("test_mode").asText());
    assertEquals(a.get("top1").asDouble(), a.get("eeg_averaged_top1").asDouble(), 1e-12);
    assertEquals(200, a.get("single_trial_queries").asInt());
    // the model does not depend on the test mode: its single-trial figures are the same
    assertEquals(single, a.get("single_trial_top1").asDouble(), 1e-12);
  }

  @Test
  void seedsGiveMeanAndSd() throws Exception {
    JsonNode run = train("seeds", "epochs=2", "refit=false", "seeds=2");
    assertEquals(2, run.get("seeds").size());
    assertEquals(2024, run.get("seeds").get(0).asInt());
    assertEquals(2025, run.get("seeds").get(1).asInt());
    Path dir = Path.of(run.get("run").asText());
    for (String seed : new String[] {"seed-2024", "seed-2025"}) {
      assertTrue(Files.isRegularFile(dir.resolve(seed).resolve(RunFolder.SUMMARY)), seed);
      assertTrue(Files.isDirectory(dir.resolve(seed).resolve("bundle-sub-01")), seed);
    }
    JsonNode top1 = run.get("subjects").get(0).get("top1");
    double a = top1.get("seeds").get(0).asDouble();
    double b = top1.get("seeds").get(1).asDouble();
    assertEquals((a + b) / 2, top1.get("mean").asDouble(), 1e-12);
    assertEquals(Math.abs(a - b) / Math.sqrt(2), top1.get("sd").asDouble(), 1e-12);
    assertEquals((a + b) / 2, run.get("mean_top1").asDouble(), 1e-12);
    assertTrue(run.has("sd_single_trial_top1_seeds"), run.toString());
    assertEquals(2, run.get("bundles").size());
    String results = Files.readString(dir.resolve(RunFolder.RESULTS));
    assertTrue(results.contains("2 seeds [2024,2025]"), results);
    assertTrue(results.contains(" ± "), results);
  }
}
