package org.eegdecode.training.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.run.LayerSweep;
import org.eegdecode.training.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode sweep-layers [key=value…]}: one run per layer with router_mode=single, one with
 * the router; a plot of top-1 against layer depth and one JSON line.
 */
@Command(
    name = "sweep-layers",
    mixinStandardHelpOptions = true,
    description = {
      "Train router_mode=single for every layer id and router_mode=router once (same data, seed"
          + " and schedule); plot top-1 against layer depth with the router as a reference line.",
      "Writes output_dir/<time>-<protocol>-sub<k|all>-sweep/ (one run folder per setting,"
          + " sweep.png, sweep.json) and prints one JSON line."
    })
final class SweepLayersCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Option(names = "--no-progress", description = "No progress bars on stderr.")
  boolean noProgress;

  @Parameters(paramLabel = "key=value", description = "Overrides, e.g. subject=1 epochs=20.")
  List<String> overrides;

  @Override
  public Integer call() throws IOException {
    Config config = configOptions.load(overrides);
    var result = LayerSweep.run(config, noProgress ? null : System.err);
    spec.commandLine().getOut().println(RunSummary.line(result));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
