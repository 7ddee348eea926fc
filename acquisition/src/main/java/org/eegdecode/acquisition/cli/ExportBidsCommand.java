package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.bids.BidsEntities;
import org.eegdecode.acquisition.bids.BidsExport;
import org.eegdecode.acquisition.bids.StimulusResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode export-bids SOURCE ROOT --subject LABEL …}: one recording into a BIDS dataset.
 */
@Command(
    name = "export-bids",
    mixinStandardHelpOptions = true,
    description = {
      "Export a session (or an XDF file) as one EEG recording of a BIDS dataset: BrainVision"
          + " float32 data with channel names and units from the stream, _eeg.json,"
          + " _channels.tsv, _events.tsv (markers, stim_file, gaps, clock resets),"
          + " dataset_description.json, participants.tsv, README, CHANGES; the XDF under"
          + " sourcedata/; decoded results under derivatives/eegdecode/. ROOT changes only once"
          + " the whole export is written; existing files are replaced only with --overwrite.",
      "Prints one JSON summary line."
    })
public final class ExportBidsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "Session folder or .xdf file.")
  Path source;

  @Parameters(index = "1", paramLabel = "ROOT", description = "BIDS dataset folder (new or BIDS).")
  Path root;

  @Option(
      names = "--subject",
      required = true,
      paramLabel = "LABEL",
      description = "Subject label (letters and digits).")
  String subject;

  @Option(names = "--session", paramLabel = "LABEL", description = "Session label.")
  String session;

  @Option(
      names = "--task",
      paramLabel = "LABEL",
      defaultValue = BidsExport.DEFAULT_TASK,
      description = "Task label (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--run", paramLabel = "N", description = "Run index (digits).")
  String run;

  @Option(names = "--overwrite", description = "Replace this recording's files if they exist.")
  boolean overwrite;

  @Option(
      names = "--power-line-frequency",
      paramLabel = "HZ",
      defaultValue = "n/a",
      description = "Mains frequency, 50 or 60 (default: ${DEFAULT-VALUE}).")
  String powerLine;

  @Option(
      names = "--reference",
      paramLabel = "TEXT",
      defaultValue = "n/a",
      description = "EEGReference for _eeg.json, e.g. Cz (default: ${DEFAULT-VALUE}).")
  String reference;

  @Option(
      names = "--channels",
      split = ",",
      paramLabel = "NAME",
      description = "Channel names, for an EEG stream whose description has none.")
  List<String> channels;

  @Option(
      names = "--stimuli",
      paramLabel = "DIR",
      description =
          "Folder with the images the markers name (an image folder or a THINGS-EEG2 download);"
              + " those used are copied to ROOT/stimuli/ and referenced as stim_file.")
  Path stimuli;

  @Option(names = "--eeg", paramLabel = "NAME", description = "XDF source: the EEG stream's name.")
  String eegName;

  @Option(
      names = "--markers",
      paramLabel = "NAME",
      description = "XDF source: the marker stream's name.")
  String markerName;

  @Option(
      names = "--name",
      paramLabel = "TEXT",
      description = "Dataset name for a new ROOT's dataset_description.json.")
  String name;

  @Override
  public Integer call() throws Exception {
    BidsEntities entities = new BidsEntities(subject, session, task, run);
    BidsExport.Options options =
        new BidsExport.Options(
            entities,
            overwrite,
            powerLine,
            reference,
            channels,
            stimuli,
            StimulusResolver.conceptFile(),
            eegName,
            markerName,
            name);
    spec.commandLine()
        .getOut()
        .println(new ObjectMapper().writeValueAsString(BidsExport.export(source, root, options)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
