package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.session.XdfExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode export-xdf DIR FILE.xdf}: a session as a LabRecorder-style XDF file. */
@Command(
    name = "export-xdf",
    mixinStandardHelpOptions = true,
    description = {
      "Export a session as an XDF file (LabRecorder's structure: stream headers with the recorded"
          + " liblsl XML, samples with raw timestamps, clock offsets, boundaries, footers), readable"
          + " by pyxdf and MNE; decoded results become the string stream eegdecode-results. The"
          + " file appears only once complete."
    })
public final class ExportXdfCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The session directory.")
  Path session;

  @Parameters(index = "1", paramLabel = "FILE", description = "The .xdf file to write.")
  Path xdf;

  @Override
  public Integer call() throws Exception {
    spec.commandLine()
        .getOut()
        .println(new ObjectMapper().writeValueAsString(XdfExport.export(session, xdf)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
