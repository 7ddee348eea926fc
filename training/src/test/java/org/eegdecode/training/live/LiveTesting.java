package org.eegdecode.training.live;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.training.cli.EegDecode;
import org.eegdecode.training.run.TinyDataset;
import org.eegdecode.training.run.TrainingRun;
import picocli.CommandLine;

/** Shared by the live-decoding tests: one tiny trained bundle per test JVM, unique stream names. */
final class LiveTesting {
  private static Path bundle;

  private LiveTesting() {}

  /** A bundle trained briefly (3 epochs) on the tiny dataset's subject 1, trained once per JVM. */
  static synchronized Path bundle() {
    if (bundle == null) {
      try {
        Path out = Files.createTempDirectory("eegdecode-live-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(out)));
        TrainingRun.Outcome outcome =
            TrainingRun.run(TinyDataset.config(out, "epochs=3", "subject=1"), "live", null);
        bundle = outcome.bundles().get(0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bundle;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }

  /** Overrides naming unique simulator streams and results outlet, plus the tiny dataset. */
  static List<String> overrides(String... more) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> all = new ArrayList<>();
    all.add("dataset_dir=" + TinyDataset.root());
    all.add("device=cpu");
    all.add("simulate.eeg_name=eeg-" + id);
    all.add("simulate.marker_name=markers-" + id);
    all.add("simulate.source_id=sim-" + id);
    all.add("decoder.results_stream=results-" + id);
    all.add("decoder.summary_every_s=0");
    all.add("acquisition.resolve_timeout_s=5");
    all.addAll(List.of(more));
    return all;
  }

  static Config config(List<String> overrides) {
    return Config.load(null, overrides);
  }

  record Cli(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /**
   * Runs {@code decode --model BUNDLE --eeg E --markers M options… overrides…} in-process while the
   * amplifier simulator, configured by the same {@code overrides}, streams E and M.
   */
  static Cli decodeSimulated(List<String> options, List<String> overrides) throws Exception {
    Config config = config(overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    List<String> args =
        new ArrayList<>(
            List.of(
                "decode",
                "--model",
                bundle().toString(),
                "--eeg",
                settings.eegName(),
                "--markers",
                settings.markerName()));
    args.addAll(options);
    args.addAll(overrides);
    try {
      return cli(args);
    } finally {
      simulator.stop();
      streaming.get(30, TimeUnit.SECONDS);
    }
  }

  /** The real command line, in-process. */
  static Cli cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = EegDecode.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args.toArray(new String[0]));
    return new Cli(code, out.toString(), err.toString());
  }
}
