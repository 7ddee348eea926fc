package org.eegdecode.bench;

import org.eegdecode.acquisition.cli.CliErrors;
import org.eegdecode.acquisition.cli.VerboseOption;
import org.eegdecode.bench.jmh.JmhCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eegdecode bench …}: measurements that need whole processes or large files (not JMH). */
@Command(
    name = "eegdecode bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that run whole processes on large files.",
    subcommands = {
      LoadBench.class,
      TrainEpochBench.class,
      JmhCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Bench implements Runnable {
  @Mixin VerboseOption verbose;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    Bench root = new Bench();
    CommandLine cmd = new CommandLine(root);
    // JMH's own options (-f 1, -prof gc …) pass through to JMH untouched.
    cmd.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
    cmd.setExecutionExceptionHandler(new CliErrors(root.verbose));
    System.exit(cmd.execute(args));
  }
}
