package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eegdecode.acquisition.bids.BidsEntities;
import org.eegdecode.acquisition.bids.BidsExport;
import org.eegdecode.acquisition.bids.MarkerReading;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.stimulus.StimulusSettings;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Markers are read as everywhere (stimulus.* keys: mapping file, concept/file, file name,"
          + " concept, integer code = 1-based index into --image-list of the THINGS"
          + " image_metadata.npy in --stimuli or dataset_dir, else into the images of --stimuli"
          + " in sorted order; catch codes become trial_type catch).",
      "Prints one JSON summary line."
    })
public final class ExportBidsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions configOptions;

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

  @Option(
      names = "--image-list",
      paramLabel = "SPLIT",
      defaultValue = "test",
      description =
          "test | training: the image_metadata.npy list integer codes index (default:"
              + " ${DEFAULT-VALUE}; THINGS-EEG2 codes the test and training paradigms this way).")
  String imageList;

  @Parameters(index = "2..*", paramLabel = "key=value", description = "Configuration overrides.")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load(overrides);
    BidsEntities entities = new BidsEntities(subject, session, task, run);
    BidsExport.Options options =
        new BidsExport.Options(
            entities,
            overwrite,
            powerLine,
            reference,
            channels,
            stimuli,
            markerReading(config),
            eegName,
            markerName,
            name);
    spec.commandLine()
        .getOut()
        .println(new ObjectMapper().writeValueAsString(BidsExport.export(source, root, options)));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The image list integer codes and names refer to (a session's recorded decoder gallery wins over
   * it, see {@link MarkerReading}): the THINGS {@code image_metadata.npy} split of {@code
   * --stimuli} (a THINGS download) or of {@code dataset_dir}, else the images under {@code
   * --stimuli/<concept>/<file>} (or its THINGS {@code test_images/} / {@code training_images/}) in
   * sorted order, else none.
   */
  private MarkerReading markerReading(Config config) throws IOException {
    StimulusSettings settings = StimulusSettings.from(config);
    boolean training =
        switch (imageList) {
          case "test" -> false;
          case "training" -> true;
          default ->
              throw new IllegalArgumentException(
                  "--image-list '" + imageList + "': test or training");
        };
    List<Path> metadata = new ArrayList<>();
    if (stimuli != null) {
      metadata.add(stimuli.resolve(ThingsFormat.METADATA_FILE));
    }
    metadata.add(Path.of(config.getString("dataset_dir")).resolve(ThingsFormat.METADATA_FILE));
    for (Path file : metadata) {
      if (Files.isRegularFile(file)) {
        ImageMetadata m = ImageMetadata.read(file);
        return new MarkerReading(
            settings, m.concepts(training), m.files(training), file + " (" + imageList + ")");
      }
    }
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Path folder = stimuli;
    for (String layout :
        training ? List.of("training_images", "train_images") : List.of("test_images")) {
      if (stimuli != null && Files.isDirectory(stimuli.resolve(layout))) {
        folder = stimuli.resolve(layout);
        break;
      }
    }
    if (folder != null && Files.isDirectory(folder)) {
      try (Stream<Path> dirs = Files.list(folder)) {
        for (Path concept : dirs.filter(Files::isDirectory).sorted().toList()) {
          try (Stream<Path> images = Files.list(concept)) {
            for (Path image : images.filter(Files::isRegularFile).sorted().toList()) {
              concepts.add(concept.getFileName().toString());
              files.add(image.getFileName().toString());
            }
          }
        }
      }
    }
    return new MarkerReading(
        settings, concepts, files, folder == null ? "none" : folder + " (sorted)");
  }
}
