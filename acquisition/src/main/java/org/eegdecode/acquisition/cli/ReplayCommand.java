package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.session.LslReplay;
import org.eegdecode.acquisition.session.ReplayInput;
import org.eegdecode.acquisition.session.SessionReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode replay SOURCE [--to lsl|pipeline] [--speed X]}: a session directory or an XDF
 * file, re-published as LSL outlets (default) or fed straight into the acquisition pipeline.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a recorded session directory or an XDF file.",
      "--to lsl (default): re-publish every stream as an LSL outlet with its original name, type,"
          + " source_id and channel labels, all re-stamped against one shared start so"
          + " marker-to-sample offsets are kept; --speed scales the timeline (default 1 = real"
          + " time).",
      "--to pipeline: feed the EEG and marker streams straight into the epocher, in recorded"
          + " order with recorded timestamps (as fast as possible unless --speed), and print the"
          + " epoch and drop counts. decode --replay SOURCE decodes a replay.",
      "XDF files are imported into a temporary session first (see import-xdf; --eeg/--markers"
          + " pick the streams)."
    })
public final class ReplayCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a replay goes. */
  public enum Target {
    lsl,
    pipeline
  }

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "Session directory or .xdf file.")
  Path source;

  @Option(
      names = "--to",
      paramLabel = "TARGET",
      description = "lsl (default) or pipeline.",
      defaultValue = "lsl")
  Target to;

  @Option(
      names = "--speed",
      paramLabel = "X",
      description =
          "Timeline speed: 1 = real time (lsl default); pipeline default: as fast as"
              + " possible.")
  Double speed;

  @Option(
      names = "--wait-consumers",
      paramLabel = "S",
      defaultValue = "10",
      description = "--to lsl: wait up to S seconds for an inlet before starting (default 10).")
  double waitConsumers;

  @Option(names = "--eeg", paramLabel = "NAME", description = "XDF: the EEG stream's name.")
  String eegName;

  @Option(names = "--markers", paramLabel = "NAME", description = "XDF: the marker stream's name.")
  String markerName;

  @Parameters(index = "1..*", paramLabel = "key=value", description = "Configuration overrides.")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load(overrides);
    if (speed != null && !(speed > 0 && Double.isFinite(speed))) {
      throw new IllegalArgumentException("--speed must be > 0, got " + speed);
    }
    ObjectNode summary;
    try (ReplayInput input = ReplayInput.open(source, eegName, markerName)) {
      if (to == Target.lsl) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread hook = new Thread(() -> stop.set(true), "eegdecode-replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          summary =
              LslReplay.run(input.session(), speed == null ? 1.0 : speed, waitConsumers, stop::get);
        } finally {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException e) {
            // shutting down
          }
        }
      } else {
        long t0 = System.nanoTime();
        try (SessionReplay replay =
            SessionReplay.start(
                input.session(),
                speed == null ? 0 : speed,
                config,
                EpochSpec.fromConfig(config),
                null)) {
          replay.awaitEnd(Long.MAX_VALUE / 2);
          replay.close();
          if (replay.failure() != null) {
            throw replay.failure() instanceof Exception e
                ? e
                : new RuntimeException(replay.failure());
          }
          summary = replay.summary();
        }
        summary.put("to", "pipeline");
        summary.put("seconds", Math.rint((System.nanoTime() - t0) / 1e6) / 1e3);
      }
    }
    summary.put("source", source.toString());
    spec.commandLine().getOut().println(JSON.writeValueAsString(summary));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
