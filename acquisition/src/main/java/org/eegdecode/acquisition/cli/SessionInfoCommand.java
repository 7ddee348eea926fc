package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.session.SessionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode session-info DIR}: what a recorded session holds, as one JSON object. */
@Command(
    name = "session-info",
    mixinStandardHelpOptions = true,
    description = {
      "Describe a recorded session as one JSON object: streams (sample counts, first and last"
          + " timestamps, clock offsets, stalls), markers, decoded results, duration, and whether"
          + " it was closed cleanly (a killed recorder leaves a session readable up to its last"
          + " complete record, with closed_cleanly false)."
    })
public final class SessionInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The session directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    spec.commandLine()
        .getOut()
        .println(new ObjectMapper().writeValueAsString(SessionInfo.describe(dir)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
