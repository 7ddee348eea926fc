package org.eegdecode.training.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.run.RunSummary;
import org.eegdecode.training.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode train [--config F] [key=value…]}: trains the configured protocol and subject(s),
 * writes the run folder and prints one JSON line.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train SUPAEEG on the configured protocol (intra | inter) and subject (K or -1 for all).",
      "Writes output_dir/<time>-<protocol>-sub<k|all>[-tag]/ (config, metrics, results.md, plots,"
          + " one model bundle per fold) and prints one JSON line; progress goes to stderr.",
      "The epoch count is chosen on validation concepts, then the model is retrained on every"
          + " training concept for that many epochs (refit=false: ship the best validation epoch)."
          + " Single-trial and averaged test figures are both reported; test_selected_top1 is the"
          + " best test top-1 over evaluations (an upper bound, as most published numbers).",
      "preset=intra | preset=inter: the seed's validated settings (configs/intra.yaml, inter.yaml)."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Option(names = "--tag", description = "Suffix of the run folder name.")
  String tag;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description = "Train N seeds (seed, seed+1, …) and report mean ± SD (the seeds key).")
  Integer seeds;

  @Parameters(paramLabel = "key=value", description = "Overrides, e.g. subject=-1 epochs=20.")
  List<String> overrides;

  @Override
  public Integer call() throws IOException {
    Config config = configOptions.load(overrides);
    if (seeds != null) {
      config = config.with("seeds", seeds);
    }
    TrainingRun.Outcome outcome = TrainingRun.run(config, tag, noProgress ? null : System.err);
    spec.commandLine().getOut().println(RunSummary.line(outcome.summary()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
