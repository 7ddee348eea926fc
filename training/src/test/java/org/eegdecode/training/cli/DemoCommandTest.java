package org.eegdecode.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.eegdecode.training.run.TinyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eegdecode demo} over real loopback LSL compares like with like: the live single-trial
 * top-1 next to the same bundle's offline single-trial top-1 on the demo's own trials and on every
 * test trial, agreeing within sampling error; the trial-averaged figure is labelled as such.
 */
class DemoCommandTest {
  private static final int TRIALS = 60;

  @TempDir Path out;

  @Test
  void liveAndOfflineSingleTrialFiguresAgree() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    CliRun run =
        CliRun.of(
            "demo",
            "dataset_dir=" + TinyDataset.root(),
            "output_dir=" + out,
            "device=cpu",
            "epochs=6",
            "simulate.trials=" + TRIALS,
            "simulate.soa=0.2",
            "simulate.eeg_name=demo-eeg-" + id,
            "simulate.marker_name=demo-markers-" + id,
            "simulate.source_id=demo-" + id,
            "decoder.results_stream=demo-results-" + id,
            "decoder.summary_every_s=0");
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertEquals(TRIALS, summary.get("live_trials").asInt(), summary.toString());
    assertTrue(summary.get("live_mode").asText().startsWith("single trials"));
    double live = summary.get("live_top1").asDouble();
    double streamed = summary.get("offline_streamed_top1").asDouble();
    double same = summary.get("offline_same_trials_top1").asDouble();
    double all = summary.get("offline_single_trial_top1").asDouble();
    assertEquals(200, summary.get("offline_single_trials").asInt(), "20 concepts × 10 trials");
    assertEquals("trial-embeddings-averaged", summary.get("offline_averaged_mode").asText());
    JsonNode agreement = summary.get("agreement");
    assertEquals(live - streamed, agreement.get("live_minus_streamed").asDouble(), 1e-12);
    assertEquals(live - same, agreement.get("live_minus_same_trials").asDouble(), 1e-12);
    assertTrue(agreement.get("epochs_overlap").asBoolean(), "RSVP at SOA 0.2 s");
    assertEquals(live - all, agreement.get("live_minus_all_trials").asDouble(), 1e-12);
    assertTrue(agreement.get("within_sampling_error").asBoolean(), summary.toString());
    // the demo's bundle learnt something, so agreement is not two figures at chance
    assertTrue(all > 2 * summary.get("chance_top1").asDouble(), summary.toString());
    assertTrue(streamed > 2 * summary.get("chance_top1").asDouble(), summary.toString());
  }
}
