package org.eegdecode.acquisition.cli;

import java.nio.file.Path;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares; overrides come from each command. */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file with any subset of configs/default.yaml's keys.")
  Path file;

  /** The defaults, then {@code --config}, then the {@code key=value} overrides. */
  public Config load(List<String> overrides) {
    return Config.load(file, overrides == null ? List.of() : overrides);
  }
}
