package org.eegdecode.training.cli;

import org.eegdecode.acquisition.cli.CliErrors;
import org.eegdecode.acquisition.cli.EpochsCommand;
import org.eegdecode.acquisition.cli.ExportBidsCommand;
import org.eegdecode.acquisition.cli.ExportXdfCommand;
import org.eegdecode.acquisition.cli.ImportXdfCommand;
import org.eegdecode.acquisition.cli.LslInfoCommand;
import org.eegdecode.acquisition.cli.RecordCommand;
import org.eegdecode.acquisition.cli.ReplayCommand;
import org.eegdecode.acquisition.cli.SessionInfoCommand;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.cli.StreamsCommand;
import org.eegdecode.acquisition.cli.VerboseOption;
import org.eegdecode.acquisition.cli.XdfInfoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code eegdecode} command line. It lives in training because training is the top of the
 * module chain (acquisition ← decoder ← training) and so can reach every command.
 */
@Command(
    name = "eegdecode",
    mixinStandardHelpOptions = true,
    version = "eegdecode 0.1.0",
    description = "Decode what a person sees from live EEG; train and evaluate on THINGS-EEG2.",
    subcommands = {
      ConfigCommand.class,
      InspectCommand.class,
      SynthCommand.class,
      TrainCommand.class,
      SweepLayersCommand.class,
      EvaluateCommand.class,
      FeaturesCommand.class,
      GalleryCommand.class,
      LslInfoCommand.class,
      EngineInfoCommand.class,
      StreamsCommand.class,
      SimulateCommand.class,
      EpochsCommand.class,
      XdfInfoCommand.class,
      RecordCommand.class,
      SessionInfoCommand.class,
      ReplayCommand.class,
      ImportXdfCommand.class,
      ExportXdfCommand.class,
      ExportBidsCommand.class,
      DecodeCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EegDecode implements Runnable {
  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with the shared error handling (used by main and by tests). */
  public static CommandLine commandLine() {
    EegDecode root = new EegDecode();
    CommandLine cmd = new CommandLine(root);
    cmd.setExecutionExceptionHandler(new CliErrors(root.verbose));
    return cmd;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
