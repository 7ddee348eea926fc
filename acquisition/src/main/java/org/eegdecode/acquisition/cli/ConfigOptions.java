package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * Like {@link #load(List)} for a command that owns a section: a bare key that names a key of
   * {@code section} ({@code snr=0.5} for {@code synth}) is read as {@code section.key}; dotted and
   * other keys pass unchanged.
   */
  public Config load(String section, List<String> overrides) {
    JsonNode keys = Config.defaults().get(section);
    List<String> resolved = new ArrayList<>();
    for (String override : overrides == null ? List.<String>of() : overrides) {
      int eq = override.indexOf('=');
      String key = (eq < 0 ? override : override.substring(0, eq)).strip();
      resolved.add(
          !key.contains(".") && keys.has(key) ? section + "." + override.strip() : override);
    }
    return load(resolved);
  }
}
