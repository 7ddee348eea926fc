package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.lsl.StreamResolver;
import org.eegdecode.acquisition.session.RecordingSettings;
import org.eegdecode.acquisition.session.SessionRecorder;
import org.eegdecode.acquisition.session.SessionWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode record --out DIR [--eeg NAME --markers NAME] [--duration S]}: records the EEG
 * and marker streams to a session directory without decoding, until S seconds passed, the EEG input
 * failed or Ctrl-C (which still closes the session cleanly), then prints a JSON summary.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Record the EEG and marker streams to a session directory (Chronicle Queue + session.json):"
          + " raw and corrected timestamps, values, stream infos, markers, clock offsets, stalls.",
      "Runs until --duration, Ctrl-C (the session is still closed cleanly) or the EEG input fails;"
          + " prints one JSON line. Read it back with session-info, replay it with replay, export"
          + " it with export-xdf. Bare keys of the recording section are accepted."
    })
public final class RecordCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConfigOptions configOptions;
  @Mixin StreamOptions streams;
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "New session directory (must not exist, or be empty).")
  Path out;

  @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
  Double duration;

  @Parameters(paramLabel = "key=value", description = "Configuration overrides.")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load("recording", overrides);
    if (duration != null && !(duration > 0 && Double.isFinite(duration))) {
      throw new IllegalArgumentException("--duration must be > 0 seconds, got " + duration);
    }
    RecordingSettings settings = RecordingSettings.fromConfig(config);
    StreamQuery eegQuery = streams.eeg(config);
    StreamInfo eeg =
        StreamResolver.resolve(eegQuery, config.getDouble("acquisition.resolve_timeout_s"));
    // Recording must not depend on the model: epochs are cut at the native rate, on every channel.
    EpochSpec epochSpec = nativeSpec(EpochSpec.fromConfig(config), eeg);
    ObjectNode start = JsonNodeFactory.instance.objectNode();
    start.put("command", "record");
    SessionWriter writer =
        SessionWriter.create(out, settings.writerOptions(), "eegdecode record", start);
    SessionRecorder recorder = new SessionRecorder(writer, settings.chunkSamples());
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              try {
                finished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "eegdecode-record-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long t0 = System.nanoTime();
    ObjectNode summary;
    try {
      LiveAcquisition live;
      try {
        live =
            LiveAcquisition.start(config, eegQuery, streams.markers(config), epochSpec, recorder);
      } catch (Exception e) {
        writer.close();
        throw e;
      }
      String stoppedBy = "interrupted";
      try (live) {
        long deadline = duration == null ? 0 : t0 + (long) (duration * 1e9);
        long nextLog = t0 + 10_000_000_000L;
        while (!stopRequested.await(50, TimeUnit.MILLISECONDS)) {
          long now = System.nanoTime();
          if (duration != null && now - deadline >= 0) {
            stoppedBy = "duration";
            break;
          }
          if (live.failure() != null || !live.eegAlive()) {
            stoppedBy = "eeg_ingest_failed";
            break;
          }
          if (now - nextLog >= 0) {
            nextLog = now + 10_000_000_000L;
            LOG.info(
                "recorded {} samples, {} markers, {} records to {}{}",
                recorder.samples(),
                recorder.markers(),
                writer.records(),
                out,
                writer.failure() == null ? "" : " (FAILED: " + writer.failure() + ")");
          }
        }
      }
      summary = live.summary();
      summary.put("stopped_by", stoppedBy);
      summary.put("seconds", Math.rint((System.nanoTime() - t0) / 1e6) / 1e3);
      writer.close(summary);
      summary.put("session", out.toString());
      summary.put("records", writer.records());
      summary.put("records_lost", writer.recordsLost());
      summary.put("recording", writer.failure() == null ? "closed" : "failed");
      if (writer.failure() != null) {
        summary.put("failure", writer.failure());
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(JSON.writeValueAsString(summary));
      stdout.flush();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (Ctrl-C): the hook is running and now returns
      }
    }
    return writer.failure() == null ? 0 : 1;
  }

  /** The configured window at the stream's own rate over all its channels. */
  static EpochSpec nativeSpec(EpochSpec configured, StreamInfo eeg) {
    double rate = eeg.nominalRate() > 0 ? eeg.nominalRate() : configured.modelRate();
    return new EpochSpec(configured.tmin(), configured.tmax(), rate, List.of(), null);
  }
}
