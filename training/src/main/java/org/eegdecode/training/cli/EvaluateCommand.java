package org.eegdecode.training.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.eval.BundleEvaluation;
import org.eegdecode.training.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode evaluate --model BUNDLE [key=value…]}: re-evaluates a bundle; one JSON line. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Zero-shot retrieval of a model bundle on the configured dataset and subject(s) (test split;"
          + " channels and window from the bundle's contract; data_average_test picks the test"
          + " mode). Prints the same JSON line as train."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "Bundle folder.")
  Path model;

  @Parameters(paramLabel = "key=value", description = "Overrides, e.g. dataset_dir=… subject=-1.")
  List<String> overrides;

  @Override
  public Integer call() throws IOException {
    Config config = configOptions.load(overrides);
    var summary =
        BundleEvaluation.run(model, DataSettings.from(config), config.getString("device"));
    spec.commandLine().getOut().println(RunSummary.line(summary));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
