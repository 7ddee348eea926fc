package org.eegdecode.training.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode config [key=value…]}: prints the effective configuration as YAML. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Print the effective configuration (defaults, --config file, overrides).")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "key=value", description = "Overrides; dotted keys for sections.")
  List<String> overrides;

  @Override
  public Integer call() {
    Config config = configOptions.load(overrides);
    spec.commandLine().getOut().print(config.toYaml());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
