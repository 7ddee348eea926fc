package org.eegdecode.training.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.lsl.LslOutlet;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.sim.TrialSchedule;
import org.eegdecode.acquisition.stimulus.MarkerConvention;
import org.eegdecode.acquisition.stimulus.MarkerTally;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.acquisition.things.ThingsEegFile;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.live.LiveDecoding;
import org.eegdecode.decoder.live.ResultSink;
import org.eegdecode.training.run.TinyDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Markers as real stimulus programs send them, decoded live over loopback LSL with the real liblsl:
 * integer codes on int32 and float32 marker streams, every string convention, a mapping file, catch
 * codes between trials. For each, live top-1 equals offline top-1 on the same trials: the trials'
 * source epochs (the simulator streams them at the model rate with non-overlapping windows, so the
 * live epochs are these epochs) embedded offline by the same bundle and ranked against the gallery;
 * every trial is labelled with its own image, and no catch marker opens an epoch.
 *
 * <p>The float32 and the string runs send their markers through a marker outlet of the test's own
 * (a plain {@link LslOutlet}: float32 samples, strings), not the simulator's producer.
 */
class MarkerConventionsLiveTest {
  /** The string run cycles through these, one per trial. */
  private static final List<MarkerConvention> EVERY =
      List.of(
          MarkerConvention.CODE,
          MarkerConvention.CONCEPT,
          MarkerConvention.BARE_CONCEPT,
          MarkerConvention.FILE,
          MarkerConvention.CONCEPT_FILE,
          MarkerConvention.MAPPING);

  enum Run {
    /** THINGS-EEG2's paradigm: 1-based codes on an int32 stream (the simulator's outlet). */
    INT32_CODES(4, "int32", "code"),
    /** Codes as float32 samples from the test's outlet; one marker is 2.5, not an integer. */
    FLOAT32_CODES(4, "float32", "code"),
    /** One string convention per trial from the test's outlet, catch markers as "99999". */
    STRING_EVERY_CONVENTION(EVERY.size(), "string", "concept_file"),
    /** PsychoPy-style codes 101… on an int32 stream, read through a mapping file. */
    INT32_MAPPING(4, "int32", "mapping");

    final int trials;
    final String format;
    final String convention;

    Run(int trials, String format, String convention) {
      this.trials = trials;
      this.format = format;
      this.convention = convention;
    }
  }

  record Live(String marker, int topRow, int stimulusRow, String outcome, String by) {}

  @TempDir static Path tmp;
  private static ModelBundle bundle;
  private static Path mapping;

  @BeforeAll
  static void load() throws Exception {
    bundle = ModelBundle.load(LiveTesting.bundle(), Device.cpu());
    // the mapping: string labels for the string run, codes 101… for the int32 run
    Gallery g = bundle.gallery();
    StringBuilder tsv = new StringBuilder("# marker\timage\n");
    for (int i = 0; i < g.size(); i++) {
      tsv.append(String.format("stim_%03d\t%s%n", i + 1, g.files().get(i)));
      tsv.append(String.format("%d\t%s/%s%n", 101 + i, g.concepts().get(i), g.files().get(i)));
    }
    mapping = tmp.resolve("markers.tsv");
    Files.writeString(mapping, tsv, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void close() {
    if (bundle != null) {
      bundle.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Run.class)
  void liveTop1IsOfflineTop1AndCatchCodesOpenNoEpoch(Run run) throws Exception {
    int trials = run.trials;
    List<String> overrides =
        LiveTesting.overrides(
            "simulate.native_rate=100",
            "simulate.soa=1.0",
            "simulate.trials=" + trials,
            "simulate.catch_every=1",
            "simulate.marker_format=" + run.format,
            "simulate.marker_convention=" + run.convention,
            "stimulus.mapping=" + mapping);
    Config config = LiveTesting.config(overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    Gallery gallery = bundle.gallery();
    StimulusResolver names = StimulusResolver.of(gallery.concepts(), gallery.files());
    LslOutlet own = null;
    int[] pushed = new int[2]; // trial markers, catch markers
    boolean[] replacedCatch = new boolean[1];
    if (run == Run.FLOAT32_CODES || run == Run.STRING_EVERY_CONVENTION) {
      LslOutlet outlet =
          LslOutlet.markers(settings.markerName(), "test-" + UUID.randomUUID(), run.format);
      own = outlet;
      simulator.sendMarkersTo(
          new AmplifierSimulator.MarkerOutlet() {
            @Override
            public void push(String marker, int image, double timestamp) {
              if (run == Run.FLOAT32_CODES) {
                float value = Float.parseFloat(marker);
                if (image < 0 && !replacedCatch[0]) {
                  replacedCatch[0] = true;
                  value = 2.5f; // a float marker that is not an integer: an error, counted
                }
                outlet.pushSample(new float[] {value}, timestamp);
              } else if (image < 0) {
                outlet.pushMarker(marker, timestamp);
              } else {
                MarkerConvention c = EVERY.get(pushed[0] % EVERY.size());
                outlet.pushMarker(stringMarker(names, image, c), timestamp);
              }
              pushed[image < 0 ? 1 : 0]++;
            }

            @Override
            public boolean waitForConsumers(double seconds) {
              return outlet.waitForConsumers(seconds);
            }
          });
    }
    int expectedEpochs = trials + (run == Run.FLOAT32_CODES ? 1 : 0);
    List<Live> live = new ArrayList<>();
    ResultSink collect =
        r ->
            live.add(
                new Live(
                    r.markerText(),
                    r.galleryRow(0),
                    r.stimulusRow(),
                    r.stimulusOutcome().toString(),
                    r.stimulusConvention() == null ? null : r.stimulusConvention().key()));
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger tallyLog = (Logger) LoggerFactory.getLogger(MarkerTally.class);
    tallyLog.addAppender(log);
    log.start();
    ListAppender<ILoggingEvent> progress = new ListAppender<>();
    Logger decodingLog = (Logger) LoggerFactory.getLogger(LiveDecoding.class);
    decodingLog.addAppender(progress);
    progress.start();
    JsonNode summary;
    AmplifierSimulator.Summary streamed;
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    try {
      summary =
          LiveDecoding.run(
              config,
              bundle,
              StreamQuery.byName(settings.eegName()),
              StreamQuery.byName(settings.markerName()),
              LiveDecoding.Stop.epochs(expectedEpochs),
              List.of(collect));
    } finally {
      simulator.stop();
      streamed = streaming.get(30, TimeUnit.SECONDS);
      tallyLog.detachAppender(log);
      decodingLog.detachAppender(progress);
      if (own != null) {
        own.close();
      }
    }
    String context = run + ": " + summary;
    assertEquals(expectedEpochs, summary.get("epochs_decoded").asLong(), context);
    assertEquals(run.format, summary.get("markers").get("format").asText(), context);

    // catch markers: sent between trials, none opened an epoch, counted by value
    int catches = streamed.catchMarkersSent() - (replacedCatch[0] ? 1 : 0);
    assertTrue(catches >= 1, context);
    assertEquals(catches, summary.get("catch_markers").get("99999").asLong(), context);
    assertEquals(expectedEpochs, summary.get("epochs_emitted").asLong(), context);
    assertEquals(expectedEpochs + catches, summary.get("markers_seen").asLong(), context);

    // every trial names its own image; the non-integer marker is counted, shown, logged once
    List<Live> trialsLive = live.stream().filter(l -> l.stimulusRow() >= 0).toList();
    assertEquals(trials, trialsLive.size(), live.toString());
    assertEquals(trials, summary.get("labelled").asLong(), context);
    TrialSchedule schedule = simulator.signal().schedule();
    for (int k = 0; k < trials; k++) {
      assertEquals(schedule.image(k), trialsLive.get(k).stimulusRow(), "trial " + k + " " + live);
    }
    JsonNode stimuli = summary.get("stimuli");
    String last = progress.list.get(progress.list.size() - 1).getFormattedMessage();
    assertTrue(last.startsWith("final: "), last);
    assertTrue(last.contains("| catch 99999×" + catches + " |"), last);
    assertTrue(last.contains("markers not_integer 1 ('2.5')") == (run == Run.FLOAT32_CODES), last);
    if (run == Run.FLOAT32_CODES) {
      assertEquals(1, summary.get("unlabelled").asLong(), context);
      assertEquals(1, stimuli.get("not_integer").asLong(), context);
      assertEquals("2.5", stimuli.get("not_integer_values").get(0).asText(), context);
      List<ILoggingEvent> warnings =
          log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertEquals(1, warnings.size(), warnings.toString());
      String line = warnings.get(0).getFormattedMessage();
      assertTrue(line.contains("'" + settings.markerName() + "'") && line.contains("'2.5'"), line);
    } else {
      assertEquals(0, summary.get("unlabelled").asLong(), context);
      assertTrue(log.list.isEmpty(), log.list.toString());
    }
    if (run == Run.STRING_EVERY_CONVENTION) {
      for (MarkerConvention c : EVERY) {
        assertEquals(1, stimuli.get("by").get(c.key()).asLong(), c + " in " + context);
      }
    } else {
      String by = run == Run.INT32_MAPPING ? "mapping" : "code";
      assertEquals(trials, stimuli.get("by").get(by).asLong(), context);
    }

    // live top-1 = offline top-1 on the same trials
    int[] offlineTop = offlineTopRows(schedule, trials);
    int hits = 0;
    for (int k = 0; k < trials; k++) {
      assertEquals(offlineTop[k], trialsLive.get(k).topRow(), "trial " + k + ": live = offline");
      String truth = gallery.concepts().get(schedule.image(k));
      hits += gallery.concepts().get(offlineTop[k]).equals(truth) ? 1 : 0;
    }
    assertEquals((double) hits / trials, summary.get("top1").asDouble(), 1e-12, context);
    System.out.printf(
        "%s: %d trials, live top-1 %.3f = offline top-1 %.3f, catch %d, by %s%n",
        run,
        trials,
        summary.get("top1").asDouble(),
        (double) hits / trials,
        catches,
        stimuli.get("by"));
  }

  /** The marker a stimulus program following {@code c} sends for gallery image {@code image}. */
  private static String stringMarker(StimulusResolver names, int image, MarkerConvention c) {
    return switch (c) {
      case MAPPING -> String.format("stim_%03d", image + 1);
      case FILE -> { // as a Windows stimulus program might send it: folders, another extension
        String file = names.files().get(image);
        yield "C:\\stimuli\\test\\" + file.substring(0, file.lastIndexOf('.')) + ".png";
      }
      default -> names.markerFor(image, c);
    };
  }

  /**
   * The offline path for trials 0…n-1: each trial's source epoch baseline-corrected (mean of −0.2 …
   * 0 s inclusive), embedded in one batch by the bundle's model, top gallery row.
   */
  private static int[] offlineTopRows(TrialSchedule schedule, int n) throws Exception {
    ThingsEegFile eeg =
        ThingsEegFile.read(
            TinyDataset.root()
                .resolve(ThingsFormat.subjectDir(1, ""))
                .resolve(ThingsFormat.TEST_EEG_FILE));
    List<String> channels = bundle.contract().channels();
    int c = channels.size();
    int t = bundle.config().timepoints();
    float[] source = eeg.data();
    float[] batch = new float[n * c * t];
    for (int k = 0; k < n; k++) {
      int base =
          (schedule.image(k) * eeg.repetitions() + schedule.repetition(k)) * eeg.channels().size();
      for (int ch = 0; ch < c; ch++) {
        int row = (base + eeg.channels().indexOf(channels.get(ch))) * t;
        double baseline = 0;
        for (int s = 0; s <= 20; s++) {
          baseline += source[row + s];
        }
        baseline /= 21;
        for (int s = 0; s < t; s++) {
          batch[(k * c + ch) * t + s] = (float) (source[row + s] - baseline);
        }
      }
    }
    float[] embedded;
    try (NDManager m = bundle.model().getNDManager().newSubManager()) {
      embedded =
          bundle
              .block()
              .encodeEeg(new ParameterStore(m, false), m.create(batch, new Shape(n, c * t)), false)
              .toFloatArray();
    }
    int f = bundle.config().featureDim();
    int[] top = new int[n];
    int[] rows = new int[1];
    float[] scores = new float[1];
    for (int k = 0; k < n; k++) {
      float[] one = new float[f];
      System.arraycopy(embedded, k * f, one, 0, f);
      bundle.gallery().topK(one, 0, 1, rows, scores);
      top[k] = rows[0];
    }
    return top;
  }

  @Test
  void aBadOrAmbiguousMappingIsOneLineAndNothingStarts() throws Exception {
    Path twice = tmp.resolve("twice.tsv");
    Files.writeString(
        twice,
        "1\t" + bundle.gallery().files().get(0) + "\n1\t" + bundle.gallery().files().get(1) + "\n");
    Path malformed = tmp.resolve("malformed.csv");
    Files.writeString(malformed, "marker,image\n17\n");
    for (Path file : List.of(twice, malformed)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "decode",
                  "--model",
                  LiveTesting.bundle().toString(),
                  "--eeg",
                  "absent-" + UUID.randomUUID(),
                  "--markers",
                  "absent-" + UUID.randomUUID()));
      args.addAll(LiveTesting.overrides("stimulus.mapping=" + file));
      LiveTesting.Cli cli = LiveTesting.cli(args);
      assertEquals(2, cli.code(), cli.err());
      assertEquals(1, cli.err().lines().count(), cli.err());
      assertTrue(
          cli.err().startsWith("eegdecode decode: stimulus.mapping " + file + " line"), cli.err());
      assertEquals("", cli.out());
    }
  }
}
