package org.eegdecode.acquisition.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.EpochsCommand;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.sim.TrialSchedule;
import org.eegdecode.acquisition.testing.PythonNumpy;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A calibration session recorded with integer triggers trains without hand work: the simulator
 * plays a THINGS-style training split with THINGS-EEG2's own convention (an int32 marker stream,
 * code = 1-based index into {@code train_img_files}, 99999 for catch trials) over real loopback
 * LSL, and {@code eegdecode epochs} writes an {@code image_metadata.npy} that real numpy reads as
 * the right concept and file per recorded image, in the order they were first shown. The input list
 * is written by real numpy too.
 */
class EpochsIntegerTriggersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONCEPTS =
      List.of(
          "00001_aardvark",
          "00001_aardvark",
          "00002_abacus",
          "00002_abacus",
          "00003_accordion",
          "00003_accordion");
  private static final List<String> FILES =
      List.of(
          "aardvark_01b.jpg",
          "aardvark_02s.jpg",
          "abacus_01b.jpg",
          "abacus_05s.jpg",
          "accordion_01b.jpg",
          "accordion_03s.jpg");
  private static final int REPS = 2;
  private static final int TRIALS = 12;

  @TempDir Path tmp;

  @Test
  void integerTriggersGiveTheRightConceptAndFilePerImage() throws Exception {
    PythonNumpy.Interpreter python = PythonNumpy.any();
    Path dataset = tmp.resolve("things");
    writeTrainingSplit(dataset);
    Path lists = tmp.resolve("lists.json");
    Map<String, List<String>> input = new LinkedHashMap<>();
    input.put("train_img_concepts", CONCEPTS);
    input.put("train_img_concepts_THINGS", CONCEPTS);
    input.put("train_img_files", FILES);
    Files.writeString(lists, JSON.writeValueAsString(input));
    PythonNumpy.run(
        python,
        "things_metadata.py",
        "write",
        dataset.resolve(ThingsFormat.METADATA_FILE).toString(),
        lists.toString());

    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> overrides =
        List.of(
            "dataset_dir=" + dataset,
            "channels=" + ThingsFormat.CHANNELS_17,
            "simulate.split=training",
            "simulate.eeg_name=eeg-" + id,
            "simulate.marker_name=markers-" + id,
            "simulate.source_id=sim-" + id,
            "simulate.native_rate=100",
            "simulate.soa=0.25",
            "simulate.trials=" + TRIALS,
            "simulate.marker_format=int32",
            "simulate.marker_convention=code",
            "simulate.catch_every=3",
            "acquisition.resolve_timeout_s=5");
    Config config = Config.load(null, overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    Path out = tmp.resolve("calibration");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--eeg",
                settings.eegName(),
                "--markers",
                settings.markerName(),
                "--count",
                Integer.toString(TRIALS),
                "--out",
                out.toString()));
    args.addAll(overrides);
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine cmd = new CommandLine(new EpochsCommand());
    cmd.setOut(new PrintWriter(stdout, true));
    cmd.setErr(new PrintWriter(stderr, true));
    int exit;
    AmplifierSimulator.Summary streamed;
    try {
      exit = cmd.execute(args.toArray(new String[0]));
    } finally {
      simulator.stop();
      streamed = streaming.get(30, TimeUnit.SECONDS);
    }
    assertEquals(0, exit, stderr.toString());
    assertEquals(3, streamed.catchMarkersSent(), "after trials 3, 6 and 9");
    JsonNode summary = JSON.readTree(stdout.toString().strip());
    assertEquals(TRIALS, summary.get("epochs_written").asInt(), summary.toString());
    assertEquals(3, summary.get("catch_markers").get("99999").asLong(), summary.toString());
    assertEquals(TRIALS, summary.get("stimuli").get("images").asLong(), summary.toString());
    assertEquals(TRIALS, summary.get("stimuli").get("by").get("code").asLong());
    assertEquals(0, summary.get("stimuli").get("unknown").asLong());

    // the images in the order first shown, as the schedule showed them
    TrialSchedule schedule = simulator.signal().schedule();
    List<String> expectedConcepts = new ArrayList<>();
    List<String> expectedFiles = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    for (int k = 0; k < TRIALS; k++) {
      int image = schedule.image(k);
      if (!seen.contains(image)) {
        seen.add(image);
        expectedConcepts.add(CONCEPTS.get(image));
        expectedFiles.add(FILES.get(image));
      }
    }
    JsonNode written =
        JSON.readTree(
            PythonNumpy.run(
                python,
                "things_metadata.py",
                "read",
                out.resolve(ThingsFormat.METADATA_FILE).toString()));
    assertEquals(expectedConcepts, strings(written.get("train_img_concepts")));
    assertEquals(expectedFiles, strings(written.get("train_img_files")));
    assertTrue(expectedFiles.size() >= 4, "the schedule shows most images: " + expectedFiles);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** A training split of {@link #CONCEPTS} × {@link #REPS} with smooth per-image signals. */
  private static void writeTrainingSplit(Path dataset) throws Exception {
    int channels = ThingsFormat.CHANNELS_17.size();
    double[] eeg = new double[CONCEPTS.size() * REPS * channels * 100];
    int i = 0;
    for (int image = 0; image < CONCEPTS.size(); image++) {
      for (int rep = 0; rep < REPS; rep++) {
        for (int c = 0; c < channels; c++) {
          for (int t = 0; t < 100; t++) {
            eeg[i++] = 10 * Math.sin(2 * Math.PI * (2 + image) * t / 100.0 + c) + rep;
          }
        }
      }
    }
    Path subject = dataset.resolve(ThingsFormat.subjectDir(1, ""));
    Files.createDirectories(subject);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put(ThingsFormat.KEY_EEG, NdArray.of(eeg, CONCEPTS.size(), REPS, channels, 100));
    file.put(ThingsFormat.KEY_CH_NAMES, ThingsFormat.CHANNELS_17);
    file.put(ThingsFormat.KEY_TIMES, NdArray.of(ThingsFormat.releaseTimes(), 100));
    NpyWriter.writeObject(subject.resolve(ThingsFormat.TRAINING_EEG_FILE), file);
  }
}
