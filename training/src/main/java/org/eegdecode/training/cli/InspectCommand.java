package org.eegdecode.training.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eegdecode.training.data.Inspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode inspect PATH}: one JSON object describing a THINGS-EEG2 file or folder. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Describe a THINGS-EEG2 file (EEG, metadata, features, array) or dataset folder as JSON.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PATH")
  Path path;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    spec.commandLine()
        .getOut()
        .println(new ObjectMapper().writeValueAsString(Inspector.inspect(path)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
