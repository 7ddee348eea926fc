package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.calibration.CalibrationWriter;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode epochs}: records marker-locked epochs from live streams into a THINGS-format
 * calibration session, plus {@code epochs-summary.json} with the counts by reason. Markers are read
 * against the training list of {@code dataset_dir}'s {@code image_metadata.npy} (integer codes are
 * 1-based indices into it, as in THINGS-EEG2's training paradigm), so {@code image_metadata.npy}
 * names the right concept and file per recorded image whatever convention the stimulus program
 * used; the summary's {@code stimuli} says how the markers resolved.
 */
@Command(
    name = "epochs",
    mixinStandardHelpOptions = true,
    description = {
      "Record marker-locked epochs from live LSL streams as a THINGS-format session (sub-01/,"
          + " image_metadata.npy, all_epochs.npy) with a JSON summary of counts by reason.",
      "Markers name images by stimulus.* (mapping file, concept/file, file name, concept, integer"
          + " code = 1-based index into dataset_dir's training list); catch codes open no epoch."
    })
public final class EpochsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(EpochsCommand.class);

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Mixin StreamOptions streams;

  static final class Stop {
    @Option(names = "--count", paramLabel = "N", description = "Stop after N epochs.")
    Integer count;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
    Double duration;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Stop stop;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write (must not hold a session already).")
  Path out;

  @Parameters(paramLabel = "key=value", description = "Configuration overrides.")
  List<String> overrides;

  /**
   * The resolver on the dataset's training images (none when {@code image_metadata.npy} is missing:
   * markers are then taken literally).
   */
  static StimulusResolver trainingStimuli(Config config, Path imageList) throws IOException {
    if (!Files.isRegularFile(imageList)) {
      LOG.warn(
          "{} not found: markers cannot be read as codes or names of training images and are"
              + " written as sent (concept/file, else the text as both)",
          imageList);
      return StimulusResolver.fromConfig(config, List.of(), List.of());
    }
    ImageMetadata metadata = ImageMetadata.read(imageList);
    return StimulusResolver.fromConfig(config, metadata.concepts(true), metadata.files(true));
  }

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load(overrides);
    if (Files.exists(out.resolve("epochs-summary.json"))) {
      throw new IOException(out + ": already holds a recorded session (epochs-summary.json)");
    }
    EpochSpec epochSpec = EpochSpec.fromConfig(config);
    Path imageList = Path.of(config.getString("dataset_dir")).resolve(ThingsFormat.METADATA_FILE);
    CalibrationWriter writer = new CalibrationWriter(trainingStimuli(config, imageList));
    long start = System.nanoTime();
    ObjectNode summary;
    List<String> channels;
    try (LiveAcquisition live =
        LiveAcquisition.start(
            config, streams.eeg(config), streams.markers(config), epochSpec, writer)) {
      channels = live.epochChannels();
      writer.tally().source("marker stream '" + live.markerStream().name() + "'");
      long deadline = stop.duration == null ? Long.MAX_VALUE : start + (long) (stop.duration * 1e9);
      while (System.nanoTime() < deadline && (stop.count == null || writer.epochs() < stop.count)) {
        Thread.sleep(50);
      }
      live.close();
      summary = live.summary();
    }
    Files.createDirectories(out);
    CalibrationWriter.Written written =
        writer.write(out, channels, epochSpec.tmin(), epochSpec.modelRate());
    summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    summary.put("out", out.toString());
    summary.put("epochs_written", written.epochs());
    summary.put("images", written.images());
    summary.put("repetitions_in_things_file", written.repetitions());
    summary.put("epochs_only_in_all_epochs", written.epochsOnlyInAllEpochs());
    summary.put("image_list", Files.isRegularFile(imageList) ? imageList.toString() : null);
    summary.set("stimuli", writer.tally().toJson());
    if (writer.tally().unknown() + writer.tally().notInteger() > 0) {
      LOG.warn(
          "{} epoch(s) had markers that name no image of {} ({}): they were written under their"
              + " marker text",
          writer.tally().unknown() + writer.tally().notInteger(),
          Files.isRegularFile(imageList) ? imageList : "an image list (none found)",
          writer.tally().preview());
    }
    channels.forEach(summary.putArray("channels")::add);
    Path file = out.resolve("epochs-summary.json");
    Path temp = out.resolve("epochs-summary.json.tmp");
    Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    spec.commandLine().getOut().println(JSON.writeValueAsString(summary));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
