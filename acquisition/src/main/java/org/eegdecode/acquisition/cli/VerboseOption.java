package org.eegdecode.acquisition.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --verbose}: stack traces on errors; accepted before or after the subcommand. */
public final class VerboseOption {
  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces on errors.")
  public boolean enabled;
}
