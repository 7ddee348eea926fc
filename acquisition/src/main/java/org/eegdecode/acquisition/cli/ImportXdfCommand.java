package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.session.RecordingSettings;
import org.eegdecode.acquisition.session.XdfImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode import-xdf FILE.xdf DIR}: an XDF recording as a session. */
@Command(
    name = "import-xdf",
    mixinStandardHelpOptions = true,
    description = {
      "Import an XDF file (LabRecorder) as a session directory: every stream, raw and"
          + " pyxdf-synchronised timestamps, clock offsets; the EEG and marker streams are picked"
          + " by --eeg/--markers, else by type (EEG; a string stream whose type contains marker)."
    })
public final class ImportXdfCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions configOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .xdf file.")
  Path xdf;

  @Parameters(index = "1", paramLabel = "DIR", description = "New session directory.")
  Path dir;

  @Option(names = "--eeg", paramLabel = "NAME", description = "Name of the EEG stream.")
  String eegName;

  @Option(names = "--markers", paramLabel = "NAME", description = "Name of the marker stream.")
  String markerName;

  @Parameters(index = "2..*", paramLabel = "key=value", description = "Configuration overrides.")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load("recording", overrides);
    var summary =
        XdfImport.toSession(
            xdf, dir, eegName, markerName, RecordingSettings.fromConfig(config).writerOptions());
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
