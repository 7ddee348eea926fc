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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode epochs}: records marker-locked epochs from live streams into a THINGS-format
 * calibration session, plus {@code epochs-summary.json} with the counts by reason.
 */
@Command(
    name = "epochs",
    mixinStandardHelpOptions = true,
    description =
        "Record marker-locked epochs from live LSL streams as a THINGS-format session (sub-01/,"
            + " image_metadata.npy, all_epochs.npy) with a JSON summary of counts by reason.")
public final class EpochsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load(overrides);
    if (Files.exists(out.resolve("epochs-summary.json"))) {
      throw new IOException(out + ": already holds a recorded session (epochs-summary.json)");
    }
    EpochSpec epochSpec = EpochSpec.fromConfig(config);
    CalibrationWriter writer = new CalibrationWriter();
    long start = System.nanoTime();
    ObjectNode summary;
    List<String> channels;
    try (LiveAcquisition live =
        LiveAcquisition.start(
            config, streams.eeg(config), streams.markers(config), epochSpec, writer)) {
      channels = live.epochChannels();
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
