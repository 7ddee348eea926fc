package org.eegdecode.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.run.TrainingRun;
import org.eegdecode.training.synth.SynthGenerator;
import org.eegdecode.training.synth.SynthSettings;

/**
 * The demo's dataset and bundle, cached between runs ({@code demo} and the benchmark report's
 * end-to-end run share them): the synthetic dataset at {@code dataset_dir}, the bundle under {@code
 * output_dir/demo/}.
 */
public final class DemoBundle {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Demo defaults: a bundle that trains in well under a minute, 100 trials at 1000 Hz. */
  public static final List<String> DEFAULTS =
      List.of("epochs=30", "simulate.trials=100", "simulate.native_rate=1000", "decoder.top_k=5");

  private DemoBundle() {}

  /** Writes the synthetic dataset of {@code config} unless a complete one is there. */
  public static Path dataset(Config config) throws IOException {
    Path dataset = Path.of(config.getString("dataset_dir"));
    new SynthGenerator(SynthSettings.from(config).resolve())
        .generate(dataset.toAbsolutePath().normalize(), false);
    return dataset;
  }

  /**
   * The training summary of the cached demo bundle ({@code bundle}, {@code n_way}, {@code
   * mean_top1} …), training one first when there is none (progress on {@code System.err}).
   */
  public static JsonNode summary(Config config) throws IOException {
    Path cache = Path.of(config.getString("output_dir")).resolve("demo");
    Path latest = cache.resolve("latest.json");
    if (Files.isRegularFile(latest)) {
      JsonNode summary = JSON.readTree(latest.toFile());
      // a summary without single-trial figures predates them: train again
      if (summary.has("bundle")
          && summary.has("mean_single_trial_top1")
          && Files.isRegularFile(Path.of(summary.get("bundle").asText()).resolve("bundle.json"))) {
        return summary;
      }
    }
    System.err.println("demo: training a bundle (cached in " + cache + ")");
    TrainingRun.Outcome outcome =
        TrainingRun.run(config.withOverrides(List.of("output_dir=" + cache)), "demo", System.err);
    Files.createDirectories(cache);
    Path temp = cache.resolve("latest.json.tmp");
    JSON.writeValue(temp.toFile(), outcome.summary());
    Files.move(temp, latest, StandardCopyOption.ATOMIC_MOVE);
    return outcome.summary();
  }
}
