package org.eegdecode.acquisition.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.ReferenceEpoch;
import org.eegdecode.acquisition.epoch.SyntheticStream;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatedSignal;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.sim.TrialSchedule;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole live front end on loopback with the real liblsl: amplifier simulator → LSL outlets →
 * inlets → ingest threads → sample ring → epocher → epoch ring. Epochs are compared with the
 * documented chain applied offline (an independent implementation) to the very signal the simulator
 * streamed, and with the dataset's own epochs where the geometry allows it.
 */
class LiveLoopbackTest {
  private static final int IMAGES = 6;
  private static final int REPS = 3;
  private static final List<String> CHANNELS = ThingsFormat.CHANNELS_17;
  private static final double TOLERANCE = 2e-3;

  @TempDir static Path dataset;
  private static double[] source;

  /**
   * Smooth content (< 15 Hz, well inside the anti-alias band) with image- and rep-specific phases.
   */
  private static double value(int image, int rep, int channel, int t) {
    double time = t / 100.0;
    return 20 * Math.sin(2 * Math.PI * (3 + 0.5 * channel) * time + image + 0.3 * rep)
        + 10 * Math.cos(2 * Math.PI * (7 + image) * time + channel)
        + 5 * channel
        - 2 * rep;
  }

  @BeforeAll
  static void writeDataset() throws IOException {
    writeDataset(dataset);
  }

  /** The test split of {@link #value} as a THINGS-format dataset in {@code dataset}. */
  static void writeDataset(Path dataset) throws IOException {
    source = new double[IMAGES * REPS * CHANNELS.size() * 100];
    int i = 0;
    for (int image = 0; image < IMAGES; image++) {
      for (int rep = 0; rep < REPS; rep++) {
        for (int c = 0; c < CHANNELS.size(); c++) {
          for (int t = 0; t < 100; t++) {
            source[i++] = value(image, rep, c, t);
          }
        }
      }
    }
    Path subject = dataset.resolve("sub-01");
    Files.createDirectories(subject);
    Map<String, Object> eeg = new LinkedHashMap<>();
    eeg.put(ThingsFormat.KEY_EEG, NdArray.of(source, IMAGES, REPS, CHANNELS.size(), 100));
    eeg.put(ThingsFormat.KEY_CH_NAMES, CHANNELS);
    eeg.put(ThingsFormat.KEY_TIMES, NdArray.of(ThingsFormat.releaseTimes(), 100));
    NpyWriter.writeObject(subject.resolve(ThingsFormat.TEST_EEG_FILE), eeg);
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (int image = 0; image < IMAGES; image++) {
      concepts.add(String.format("%05d_thing", image + 1));
      files.add("thing_" + image + ".jpg");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(ThingsFormat.KEY_TRAIN_CONCEPTS, List.of());
    metadata.put(ThingsFormat.KEY_TRAIN_CONCEPTS_THINGS, List.of());
    metadata.put(ThingsFormat.KEY_TRAIN_FILES, List.of());
    metadata.put(ThingsFormat.KEY_TEST_CONCEPTS, concepts);
    metadata.put(ThingsFormat.KEY_TEST_CONCEPTS_THINGS, concepts);
    metadata.put(ThingsFormat.KEY_TEST_FILES, files);
    NpyWriter.writeObject(dataset.resolve(ThingsFormat.METADATA_FILE), metadata);
  }

  /** One received epoch. */
  record Received(long index, String marker, float[] data) {}

  /** What one simulated session produced. */
  record Run(
      List<Received> epochs,
      JsonNode summary,
      AmplifierSimulator.Summary simulator,
      AmplifierSimulator simulatorHandle,
      Config config) {
    long dropped(String reason) {
      return summary.get("dropped").get(reason).asLong();
    }

    long droppedEpochs() {
      long sum = 0;
      for (String reason :
          List.of(
              "gap",
              "timestamp_jump",
              "outage",
              "non_finite",
              "epoch_ring_full",
              "incomplete_at_stop",
              "pending_full")) {
        sum += dropped(reason);
      }
      return sum;
    }
  }

  private static Run run(String... overrides) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> all = new ArrayList<>();
    all.add("dataset_dir=" + dataset);
    all.add("simulate.eeg_name=eeg-" + id);
    all.add("simulate.marker_name=markers-" + id);
    all.add("simulate.source_id=sim-" + id);
    all.add("channels=" + CHANNELS);
    all.addAll(List.of(overrides));
    Config config = Config.load(null, all);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    List<Received> received = new ArrayList<>();
    EventHandler<EpochEvent> collector =
        (event, sequence, endOfBatch) -> {
          synchronized (received) {
            received.add(
                new Received(event.epochIndex(), event.markerText(), event.data().clone()));
          }
        };
    LiveAcquisition live =
        LiveAcquisition.start(
            config,
            StreamQuery.byName(settings.eegName()),
            StreamQuery.byName(settings.markerName()),
            null,
            collector);
    AmplifierSimulator.Summary streamed;
    try {
      streamed = streaming.get(90, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (live.pipeline().epocherCounters().pending() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      live.close();
    }
    return new Run(List.copyOf(received), live.summary(), streamed, simulator, config);
  }

  /** The documented chain applied offline to the exact signal the simulator streamed. */
  private static double[][] reference(Run run, int trial) {
    AmplifierSimulator sim = run.simulatorHandle();
    SimulatedSignal signal = sim.signal();
    double fs = signal.nativeRate();
    double lead = run.config().getDouble("simulate.lead_s");
    int from = (int) sim.onsetSample(trial) - (int) Math.round(0.5 * fs);
    int to = (int) sim.onsetSample(trial) + (int) Math.round(1.2 * fs);
    float[][] x = new float[to - from][signal.channels()];
    double[] ts = new double[to - from];
    for (int n = from; n < to; n++) {
      signal.sample(n / fs - lead, n, x[n - from], 0);
      ts[n - from] = n / fs;
    }
    SyntheticStream stream = SyntheticStream.of(fs, signal.channelLabels(), x, ts);
    double marker = (sim.onsetSample(trial) - AmplifierSimulator.MARKER_LEAD_SAMPLES) / fs;
    return ReferenceEpoch.compute(
        stream,
        marker,
        -0.2,
        0.8,
        100,
        CHANNELS,
        run.config().getDouble("acquisition.antialias_cutoff"),
        run.config().getDouble("acquisition.antialias_half_width_s"),
        null);
  }

  private static void assertMatchesReference(Run run, Received epoch) {
    int trial = (int) epoch.index();
    TrialSchedule schedule = run.simulatorHandle().signal().schedule();
    assertEquals(
        String.format("%05d_thing/thing_%d.jpg", schedule.image(trial) + 1, schedule.image(trial)),
        epoch.marker());
    double error = ReferenceEpoch.relativeError(epoch.data(), reference(run, trial));
    assertTrue(error < TOLERANCE, "epoch " + trial + ": relative error " + error);
  }

  @ParameterizedTest
  @ValueSource(doubles = {250.0, 1000.0})
  void overlappingEpochsWithShuffledExtraChannelsAndJitterMatchTheOfflineChain(double rate)
      throws Exception {
    Run run =
        run(
            "simulate.native_rate=" + rate,
            "simulate.soa=0.2",
            "simulate.trials=12",
            "simulate.extra_channels=3",
            "simulate.shuffle_channels=true",
            "simulate.jitter_ms=0.2");
    assertEquals(12, run.epochs().size(), run.summary().toString());
    assertEquals(0, run.droppedEpochs(), run.summary().toString());
    assertEquals(20, run.summary().get("eeg").get("channels").asInt());
    for (Received epoch : run.epochs()) {
      assertMatchesReference(run, epoch);
    }
  }

  @Test
  void nonOverlappingEpochsAtTheModelRateAreTheSourceEpochs() throws Exception {
    Run run = run("simulate.native_rate=100", "simulate.soa=1.0", "simulate.trials=6");
    assertEquals(6, run.epochs().size(), run.summary().toString());
    TrialSchedule schedule = run.simulatorHandle().signal().schedule();
    for (Received epoch : run.epochs()) {
      int trial = (int) epoch.index();
      int base =
          (schedule.image(trial) * REPS + schedule.repetition(trial)) * CHANNELS.size() * 100;
      for (int c = 0; c < CHANNELS.size(); c++) {
        double baseline = 0;
        for (int t = 0; t <= 20; t++) {
          baseline += (float) source[base + c * 100 + t];
        }
        baseline /= 21;
        for (int t = 0; t < 100; t++) {
          double expected = (float) source[base + c * 100 + t] - baseline;
          assertEquals(expected, epoch.data()[c * 100 + t], 1e-4, "trial " + trial + " c" + c);
        }
      }
    }
  }

  @Test
  void outageDropoutsLateAndDuplicateMarkersAreCountedExactly() throws Exception {
    Run run =
        run(
            "simulate.native_rate=500",
            "simulate.soa=0.2",
            "simulate.trials=50",
            "simulate.outage_at_s=3.0",
            "simulate.outage_s=5.0",
            "simulate.dropouts=3",
            "simulate.duplicate_markers=2",
            "simulate.marker_lag_ms=150",
            "acquisition.stall_timeout_s=1.0");
    JsonNode s = run.summary();
    String emitted = run.epochs().stream().map(e -> Long.toString(e.index())).toList().toString();
    // The outage; the end of the stream may be reported as a second stall before the pipeline
    // stops.
    long stalls = s.get("eeg").get("stalls").asLong();
    assertTrue(stalls == 1 || stalls == 2, s.toString());
    assertEquals(1, s.get("eeg").get("reconnects").asLong(), s.toString());
    assertEquals(52, s.get("markers_seen").asLong(), s.toString());
    assertEquals(2, run.dropped("duplicate_marker"), s.toString());
    assertEquals(50, s.get("markers_accepted").asLong(), s.toString());
    assertTrue(run.dropped("outage") + run.dropped("gap") >= 25, emitted + s);
    assertEquals(0, run.dropped("incomplete_at_stop"), s.toString());
    assertEquals(
        s.get("markers_accepted").asLong(),
        s.get("epochs_emitted").asLong() + run.droppedEpochs(),
        "every accepted marker ends as one epoch or one drop: " + s);
    assertTrue(run.epochs().size() >= 10, "epochs before and after the outage: " + emitted + s);
    for (Received epoch : run.epochs()) {
      assertMatchesReference(run, epoch);
    }
  }

  @Test
  void droppedSamplesDropTheEpochsThatSpanThem() throws Exception {
    Run run =
        run(
            "simulate.native_rate=500",
            "simulate.soa=0.2",
            "simulate.trials=20",
            "simulate.lead_s=1.5",
            "simulate.dropouts=2");
    JsonNode s = run.summary();
    assertEquals(2, run.simulator().samplesDropped());
    assertTrue(run.dropped("gap") >= 1, s.toString());
    assertEquals(20, run.epochs().size() + run.dropped("gap"), s.toString());
    for (Received epoch : run.epochs()) {
      assertMatchesReference(run, epoch);
    }
  }

  @Test
  void markersOlderThanTheBufferAreCounted() throws Exception {
    Run run =
        run(
            "simulate.native_rate=250",
            "simulate.soa=0.2",
            "simulate.trials=6",
            "simulate.marker_lag_ms=2500",
            "acquisition.buffer_seconds=1.5");
    assertEquals(0, run.epochs().size(), run.summary().toString());
    assertEquals(6, run.dropped("marker_too_old"), run.summary().toString());
  }
}
