package org.eegdecode.bench;

import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.CliErrors;
import org.eegdecode.acquisition.cli.VerboseOption;
import org.eegdecode.bench.jmh.JmhCommand;
import org.eegdecode.bench.report.Report;
import org.eegdecode.bench.report.ReportCommand;
import org.eegdecode.bench.report.ReportOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code eegdecode bench [--quick] [--out DIR]}: the curated report ({@link Report}); subcommands
 * run single measurements (file loading, training epochs, JMH).
 */
@Command(
    name = "eegdecode bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the curated benchmark set with its baselines and writes DIR/report.json and"
          + " DIR/report.md (the default without a subcommand; same as `report`).",
      "Subcommands run single measurements."
    },
    subcommands = {
      ReportCommand.class,
      LoadBench.class,
      TrainEpochBench.class,
      JmhCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Bench implements Callable<Integer> {
  @Mixin VerboseOption verbose;
  @Mixin ReportOptions report;

  @Override
  public Integer call() throws Exception {
    System.out.println(Report.run(report));
    return 0;
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
