package org.eegdecode.training.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.cli.StreamOptions;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.session.RecordingSettings;
import org.eegdecode.acquisition.session.ReplayInput;
import org.eegdecode.acquisition.session.SessionReplay;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.live.DecoderSettings;
import org.eegdecode.decoder.live.LiveDecoding;
import org.eegdecode.decoder.live.ResultSink;
import org.eegdecode.decoder.ui.LiveView;
import org.eegdecode.training.eval.GalleryBuild;
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
 * {@code eegdecode decode --model BUNDLE [--eeg NAME] [--markers NAME] [--max-epochs N | --duration
 * S] [--ui[=PORT]] [key=value…]}: decodes live EEG with a model bundle ({@link LiveDecoding}) until
 * N epochs are decoded, S seconds passed, the streams ended or Ctrl-C, then prints one JSON summary
 * line (the last line on stdout; with {@code decoder.jsonl=-} every decoded epoch comes before it).
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Decode live EEG with a model bundle: resolve the EEG and marker streams, cut epochs by the"
          + " bundle's preprocessing contract, encode each batch of completed epochs in one forward"
          + " pass and rank the bundle's gallery; results go to the LSL outlet"
          + " decoder.results_stream (one JSON object per epoch, stamped with its marker) and, with"
          + " decoder.jsonl, to JSON lines.",
      "Runs until --max-epochs or --duration, the streams end (decoder.end_idle_s after the first"
          + " marker with the EEG stalled) or Ctrl-C, then prints one JSON line: epochs_decoded,"
          + " top1/top5 against concept/file markers (null without labels), latency_ms"
          + " (complete_to_result, marker_to_result: p50, p99, max), dropped by reason, …",
      "With --ui, a live view in the browser (stream status, traces, shown and decoded images,"
          + " running accuracy, latency histograms) at the printed URL, on 127.0.0.1 unless"
          + " --ui-host says otherwise.",
      "Bare keys of the decoder section are accepted (top_k=3 means decoder.top_k=3)."
    })
final class DecodeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeCommand.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "BUNDLE",
      description = "Model bundle folder (default: decoder.model).")
  Path model;

  @Option(
      names = "--gallery",
      paramLabel = "DIR",
      description =
          "Decode against this gallery (made by gallery build with the same bundle, e.g. from a"
              + " bank of new images) instead of the bundle's own (default: decoder.gallery).")
  Path gallery;

  @Mixin StreamOptions streams;

  @Mixin UiOptions ui;

  static final class Stop {
    @Option(names = "--max-epochs", paramLabel = "N", description = "Stop after N decoded epochs.")
    Long maxEpochs;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
    Double duration;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Stop stop;

  @Option(
      names = "--record",
      paramLabel = "DIR",
      description =
          "Record the session (every sample-ring event and every decoded result) to a new"
              + " directory; a failing recording (disk full) is reported once and decoding goes"
              + " on.")
  Path record;

  @Option(
      names = "--replay",
      paramLabel = "SOURCE",
      description =
          "Decode a recorded session directory or an XDF file instead of live streams (replayed"
              + " into the pipeline with its recorded timestamps: a session's epochs, and so its"
              + " results, are reproduced).")
  Path replay;

  @Option(
      names = "--speed",
      paramLabel = "X",
      description = "With --replay: 1 = real time; default as fast as the decoder goes.")
  Double speed;

  @Parameters(paramLabel = "key=value", description = "Configuration overrides.")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    Config config = configOptions.load("decoder", overrides);
    DecoderSettings.from(config); // bad decoder.* values fail before anything is loaded
    LiveDecoding.Stop condition = stopCondition();
    String dir = model != null ? model.toString() : config.getString("decoder.model");
    if (dir == null || dir.isBlank()) {
      throw new ConfigException("no model bundle: pass --model BUNDLE or set decoder.model");
    }
    if (speed != null && (replay == null || !(speed > 0) || Double.isInfinite(speed))) {
      throw new IllegalArgumentException(
          replay == null ? "--speed needs --replay" : "--speed must be > 0, got " + speed);
    }
    String galleryDir = gallery != null ? gallery.toString() : config.getString("decoder.gallery");
    RecordingSettings recording = RecordingSettings.fromConfig(config);
    PrintWriter out = spec.commandLine().getOut();
    try (LiveView view =
            ui.start(
                config,
                Path.of(config.getString("dataset_dir")),
                spec.commandLine().getErr(),
                "eegdecode decode");
        ModelBundle loaded =
            ModelBundle.load(Path.of(dir), Devices.resolve(config.getString("device")));
        ReplayInput input =
            replay == null
                ? null
                : ReplayInput.open(replay, streams.eegName(), streams.markerName())) {
      // The bundle's model against another gallery (the view shares the model; `loaded` closes it).
      ModelBundle bundle =
          galleryDir == null || galleryDir.isBlank()
              ? loaded
              : GalleryBuild.withGallery(loaded, Path.of(galleryDir));
      SessionWriter writer = null;
      String recordingFailure = null;
      if (record != null) {
        try {
          writer =
              SessionWriter.create(
                  record,
                  recording.writerOptions(),
                  "eegdecode decode",
                  startInfo(dir, bundle == loaded ? null : galleryDir));
        } catch (IOException e) {
          // The recording is lost, the decoding is not: report once and go on.
          recordingFailure = e.getMessage();
          LOG.error("recording to {} failed, decoding without it: {}", record, recordingFailure);
        }
      }
      List<ResultSink> sinks;
      try {
        sinks = new ArrayList<>(LiveDecoding.configuredSinks(config, out));
        if (view != null) {
          view.phase(input == null ? "resolving the streams" : "replaying " + replay);
          sinks.add(view.feed(bundle, DecoderSettings.from(config)));
        }
      } catch (IOException | RuntimeException e) {
        if (writer != null) {
          writer.close();
        }
        throw e;
      }
      LiveDecoding session =
          input == null
              ? LiveDecoding.start(
                  config,
                  bundle,
                  LiveAcquisition.source(
                      streams.eeg(config),
                      LiveDecoding.notResults(
                          streams.markers(config), DecoderSettings.from(config).resultsStream())),
                  condition,
                  sinks,
                  writer)
              : LiveDecoding.start(
                  config,
                  bundle,
                  SessionReplay.source(input.session(), speed == null ? 0 : speed),
                  condition,
                  sinks,
                  writer);
      if (view != null) {
        view.attach(session::progress);
        view.phase("decoding");
      }
      CountDownLatch printed = new CountDownLatch(1);
      double grace = config.getDouble("acquisition.stop_timeout_s") * 2 + 10;
      Thread hook =
          new Thread(
              () -> {
                session.requestStop("interrupted");
                try {
                  printed.await((long) (grace * 1000), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "eegdecode-decode-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        session.await();
        ObjectNode summary = session.finish();
        summary.put(
            "gallery",
            bundle == loaded
                ? "(the bundle's)"
                : Path.of(galleryDir).toAbsolutePath().normalize().toString());
        if (recordingFailure != null) {
          ObjectNode failed = summary.putObject("recording");
          failed.put("directory", record.toString());
          failed.put("state", "failed");
          failed.put("failure", recordingFailure);
        }
        if (view != null) {
          view.finish(summary);
          summary.set("ui", view.summary());
        }
        out.println(JSON.writeValueAsString(summary));
        out.flush();
      } finally {
        try {
          session.close();
        } finally {
          printed.countDown();
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook is running and now returns
          }
        }
      }
    }
    return 0;
  }

  private static ObjectNode startInfo(String bundle, String gallery) {
    ObjectNode start = JSON.createObjectNode();
    start.put("command", "decode");
    start.put("bundle", bundle);
    if (gallery != null) {
      start.put("gallery", gallery);
    }
    return start;
  }

  private LiveDecoding.Stop stopCondition() {
    if (stop == null) {
      return LiveDecoding.Stop.never();
    }
    if (stop.maxEpochs != null) {
      if (stop.maxEpochs < 1) {
        throw new IllegalArgumentException("--max-epochs must be >= 1, got " + stop.maxEpochs);
      }
      return LiveDecoding.Stop.epochs(stop.maxEpochs);
    }
    if (!(stop.duration > 0) || Double.isInfinite(stop.duration)) {
      throw new IllegalArgumentException("--duration must be > 0 seconds, got " + stop.duration);
    }
    return LiveDecoding.Stop.duration(stop.duration);
  }
}
