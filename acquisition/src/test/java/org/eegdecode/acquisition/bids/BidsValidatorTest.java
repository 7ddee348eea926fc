package org.eegdecode.acquisition.bids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
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
import javax.imageio.ImageIO;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.session.SessionReader;
import org.eegdecode.acquisition.session.SessionRecorder;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.acquisition.session.XdfExport;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.acquisition.xdf.XdfFile;
import org.eegdecode.acquisition.xdf.XdfReader;
import org.eegdecode.acquisition.xdf.XdfReaderTest;
import org.eegdecode.acquisition.xdf.XdfStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test. One BIDS dataset gets three recordings from sources eegdecode did
 * not shape by hand: a session recorded live from the amplifier simulator over loopback LSL with
 * the real liblsl (with dropped samples, so the file has gaps), the XDF file exported from that
 * session, and the shared LabRecorder recording {@code clock_resets.xdf} (a clock reset and a
 * five-minute gap). The reference validator (npm {@code bids-validator} 1.15.0) must report no
 * error; the BrainVision samples must equal the sources' float32 samples bit for bit; and
 * MNE-Python's BrainVision reader must read the same samples, channel names, units and marker
 * positions.
 */
class BidsValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IMAGES = 4;
  private static final int REPS = 2;
  private static final int TRIALS = 8;
  private static final List<String> BIOSEMI =
      List.of("Fp1", "Fp2", "C3", "C4", "P3", "P4", "O1", "O2");

  @TempDir static Path tmp;
  private static Path dataset;
  private static Path session;
  private static Path root;
  private static Path clockResets;
  private static final Map<String, ObjectNode> summaries = new LinkedHashMap<>();

  /** Per exported recording (its stem), the source's samples as float32 rows, in file order. */
  private static final Map<String, List<float[]>> sources = new LinkedHashMap<>();

  @BeforeAll
  static void recordAndExport() throws Exception {
    dataset = tmp.resolve("things");
    writeDataset(dataset);
    long t0 = System.nanoTime();
    session = record(tmp.resolve("session"));
    System.out.printf("recorded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    root = tmp.resolve("bids");
    Path xdf = tmp.resolve("simulated.xdf");
    XdfExport.export(session, xdf);
    clockResets = XdfReaderTest.shared("clock_resets.xdf");

    BidsExport.Options live =
        options(new BidsEntities("01", null, "rsvp", "1"), null, dataset, "50");
    summaries.put("live", BidsExport.export(session, root, live));
    BidsExport.Options fromXdf =
        options(new BidsEntities("01", null, "rsvp", "2"), null, dataset, "50");
    summaries.put("xdf", BidsExport.export(xdf, root, fromXdf));
    BidsExport.Options labRecorder =
        options(new BidsEntities("02", null, "rsvp", null), BIOSEMI, null, null);
    summaries.put("labrecorder", BidsExport.export(clockResets, root, labRecorder));
    // every corner case of the export (before/in/after-data markers, a gap, a clock reset, a
    // stall, commas, a channel without unit, decoded results) through the validator and MNE too
    Path fixture = BidsFixture.write(tmp.resolve("fixture"));
    BidsExport.Options corners =
        options(new BidsEntities("03", null, "rsvp", "1"), null, null, null);
    summaries.put("fixture", BidsExport.export(fixture, root, corners));
    System.out.printf("exported in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, summaries);
    sources.put("sub-01/eeg/sub-01_task-rsvp_run-1", sessionSamples(session));
    sources.put("sub-01/eeg/sub-01_task-rsvp_run-2", sessionSamples(session));
    List<float[]> biosemi = new ArrayList<>();
    for (double[] row : eegStream(XdfReader.load(clockResets)).numericValues()) {
      float[] f = new float[row.length];
      for (int c = 0; c < row.length; c++) {
        f[c] = (float) row[c];
      }
      biosemi.add(f);
    }
    sources.put("sub-02/eeg/sub-02_task-rsvp", biosemi);
    List<float[]> fixtureSamples = new ArrayList<>();
    for (int i = 0; i < BidsFixture.SAMPLES; i++) {
      float[] f = new float[BidsFixture.LABELS.size()];
      for (int c = 0; c < f.length; c++) {
        f[c] = BidsFixture.value(i, c);
      }
      fixtureSamples.add(f);
    }
    sources.put("sub-03/eeg/sub-03_task-rsvp_run-1", fixtureSamples);
  }

  /** The EEG samples of a session as its reader hands them out, float32 rows. */
  private static List<float[]> sessionSamples(Path dir) throws IOException {
    List<float[]> recorded = new ArrayList<>();
    SessionReader.open(dir)
        .read(
            new SessionReader.Visitor() {
              @Override
              public void numeric(
                  int stream,
                  int valueBytes,
                  int channels,
                  int n,
                  long[] index,
                  double[] raw,
                  double[] corrected,
                  double[] values) {
                for (int i = 0; i < n; i++) {
                  float[] row = new float[channels];
                  for (int c = 0; c < channels; c++) {
                    row[c] = (float) values[i * channels + c];
                  }
                  recorded.add(row);
                }
              }
            });
    return recorded;
  }

  private static XdfStream eegStream(XdfFile xdf) {
    for (long id : xdf.streamIds()) {
      if (xdf.stream(id).type().equals("EEG")) {
        return xdf.stream(id);
      }
    }
    throw new AssertionError("no EEG stream");
  }

  /** The file's samples equal the source's, bit for bit. */
  private static void assertSameSamples(String stem, BrainVisionFiles bv) {
    List<float[]> source = sources.get(stem);
    assertEquals(source.size(), bv.samples(), stem);
    for (int i = 0; i < source.size(); i++) {
      for (int c = 0; c < bv.channels; c++) {
        assertEquals(
            Float.floatToRawIntBits(source.get(i)[c]),
            Float.floatToRawIntBits(bv.value(i, c)),
            stem + " sample " + i + " channel " + c);
      }
    }
  }

  private static BidsExport.Options options(
      BidsEntities e, List<String> channels, Path stimuli, String powerLine) {
    return new BidsExport.Options(
        e, false, powerLine, null, channels, stimuli, null, null, null, "eegdecode test");
  }

  @Test
  void theReferenceValidatorFindsNoError() throws Exception {
    BidsTools.Validation v = BidsTools.validate(root);
    System.out.println("bids-validator warnings (" + v.warnings().size() + "):");
    v.warnings().forEach(w -> System.out.println("  " + w));
    assertEquals(List.of(), v.errors(), v.raw());
    assertEquals(
        "participant_id\nsub-01\nsub-02\nsub-03\n",
        Files.readString(root.resolve("participants.tsv")));
    assertTrue(
        Files.isRegularFile(
            root.resolve(
                "derivatives/eegdecode/sub-03/eeg/sub-03_task-rsvp_run-1_desc-decoded_events.tsv")));
    assertTrue(
        Files.isRegularFile(root.resolve("sourcedata/sub-01/eeg/sub-01_task-rsvp_run-2_eeg.xdf")));
    assertTrue(Files.isRegularFile(root.resolve("sourcedata/sub-02/eeg/sub-02_task-rsvp_eeg.xdf")));
  }

  @Test
  void theLiveSessionsSamplesAreInTheFileBitForBit() throws Exception {
    String stem = "sub-01/eeg/sub-01_task-rsvp_run-1";
    BrainVisionFiles bv = BrainVisionFiles.read(vhdr(stem));
    assertSameSamples(stem, bv);
    assertEquals(ThingsFormat.CHANNELS_17, bv.names.subList(0, 17));
    assertTrue(bv.units.stream().allMatch(u -> u.equals("µV")), bv.units.toString());
    ObjectNode s = summaries.get("live");
    assertEquals(TRIALS, s.get("markers").asInt());
    assertEquals(TRIALS, s.get("stimulus_markers").asInt());
    assertEquals(0, s.get("stim_file_missing").asInt(), s.toString());
    assertTrue(s.get("gaps").asInt() >= 1, "the simulator dropped samples: " + s);
    // The XDF path's timeline is pyxdf's, whose dejitter runs one line over short gaps: the
    // dropouts the live path marks as boundaries show there as timestamp jumps, at the same
    // samples.
    assertEquals(
        rowsOf("sub-01/eeg/sub-01_task-rsvp_run-1", "boundary"),
        rowsOf("sub-01/eeg/sub-01_task-rsvp_run-2", "timestamp_jump"));
    // The XDF of the same session holds the same samples: the two data files are identical.
    assertArrayEquals(
        Files.readAllBytes(root.resolve("sub-01/eeg/sub-01_task-rsvp_run-1_eeg.eeg")),
        Files.readAllBytes(root.resolve("sub-01/eeg/sub-01_task-rsvp_run-2_eeg.eeg")));
  }

  @Test
  void theLabRecorderFileIsExportedExactlyWithItsClockResetNoted() throws Exception {
    String stem = "sub-02/eeg/sub-02_task-rsvp";
    BrainVisionFiles bv = BrainVisionFiles.read(vhdr(stem));
    assertSameSamples(stem, bv);
    XdfFile xdf = XdfReader.load(clockResets);
    XdfStream eeg = eegStream(xdf);
    assertEquals(BIOSEMI, bv.names);
    // pyxdf's clock segments of the EEG stream are where the export breaks the file
    List<int[]> clockSegments = eeg.clockSegments();
    assertEquals(2, clockSegments.size());
    int resetAt = clockSegments.get(1)[0];
    assertEquals(
        List.of(0L, (long) resetAt),
        bv.markers("New Segment").stream().map(BrainVisionFiles.Marker::position).toList());
    Tsv events = Tsv.read(root.resolve("sub-02/eeg/sub-02_task-rsvp_events.tsv"));
    int type = events.header().indexOf("trial_type");
    int sample = events.header().indexOf("sample");
    int gap = events.header().indexOf("gap_s");
    List<List<String>> breaks =
        events.rows().stream()
            .filter(r -> r.get(type).equals("boundary") || r.get(type).equals("clock_reset"))
            .toList();
    assertEquals(2, breaks.size(), breaks.toString());
    for (List<String> r : breaks) {
      assertEquals(Integer.toString(resetAt), r.get(sample));
    }
    double[] t = eeg.timestamps();
    double missing = t[resetAt] - t[resetAt - 1] - 1 / eeg.nominalSrate();
    assertEquals(missing, Double.parseDouble(breaks.get(0).get(gap)), 1e-5);
    assertTrue(missing > 60, "the recording paused for minutes: " + missing);
    ObjectNode s = summaries.get("labrecorder");
    assertEquals(xdf.stream(markerId(xdf)).sampleCount(), s.get("markers").asInt());
    JsonNode sidecar = JSON.readTree(root.resolve("sub-02/eeg/sub-02_task-rsvp_eeg.json").toFile());
    assertEquals("discontinuous", sidecar.get("RecordingType").asText());
  }

  @Test
  void mneReadsTheSameSamplesNamesAndMarkers() throws Exception {
    String python = BidsTools.mnePython();
    Path script = tmp.resolve("read_brainvision_mne.py");
    try (var in = BidsValidatorTest.class.getResourceAsStream("/bids/read_brainvision_mne.py")) {
      Files.copy(in, script);
    }
    List<String> stems =
        List.of(
            "sub-01/eeg/sub-01_task-rsvp_run-1",
            "sub-01/eeg/sub-01_task-rsvp_run-2",
            "sub-02/eeg/sub-02_task-rsvp",
            "sub-03/eeg/sub-03_task-rsvp_run-1");
    List<String> command = new ArrayList<>(List.of(python, script.toString()));
    List<Path> outs = new ArrayList<>();
    for (String stem : stems) {
      Path out = Files.createTempDirectory(tmp, "mne");
      outs.add(out);
      command.add(vhdr(stem).toString());
      command.add(out.toString());
    }
    BidsTools.Result r = BidsTools.run(command, 300);
    assertEquals(0, r.exit(), r.err());
    for (int f = 0; f < stems.size(); f++) {
      String stem = stems.get(f);
      Path out = outs.get(f);
      JsonNode info = JSON.readTree(out.resolve("info.json").toFile());
      BrainVisionFiles bv = BrainVisionFiles.read(vhdr(stem));
      assertEquals(bv.rate, info.get("sfreq").asDouble(), stem);
      List<String> names = new ArrayList<>();
      info.get("ch_names").forEach(n -> names.add(n.asText()));
      assertEquals(bv.names, names, stem);
      List<String> units = new ArrayList<>();
      info.get("orig_units").forEach(n -> units.add(n.asText()));
      assertEquals(bv.units, units, stem);
      NdArray data = NpyReader.readArray(out.resolve("data.npy"));
      List<float[]> source = sources.get(stem);
      assertArrayEquals(new int[] {bv.channels, source.size()}, data.shape(), stem);
      double[] mne = data.toFloat64();
      for (int c = 0; c < bv.channels; c++) {
        for (int i = 0; i < source.size(); i++) {
          double m = mne[c * source.size() + i];
          // MNE scales to volts in float64; back in the file's unit it rounds to the very float32
          assertEquals(
              source.get(i)[c], (float) m, stem + " sample " + i + " channel " + c + ": " + m);
        }
      }
      // every marker where the export put it: MNE's annotations against events.tsv samples
      Tsv events = Tsv.read(root.resolve(stem + "_events.tsv"));
      int type = events.header().indexOf("trial_type");
      int value = events.header().indexOf("value");
      int sample = events.header().indexOf("sample");
      List<String> expected = new ArrayList<>();
      for (List<String> row : events.rows()) {
        String t = row.get(type);
        if ((t.equals("stimulus") || t.equals("marker") || t.equals("catch"))
            && !row.get(sample).equals("n/a")) {
          expected.add(row.get(sample) + " Stimulus/" + row.get(value));
        } else if (t.equals("boundary")) {
          expected.add(row.get(sample) + " New Segment/");
        }
      }
      List<String> read = new ArrayList<>();
      for (JsonNode a : info.get("annotations")) {
        String d = a.get("description").asText();
        long at = Math.round(a.get("onset").asDouble() * bv.rate);
        if (d.startsWith("Stimulus/") || (d.startsWith("New Segment/") && at > 0)) {
          read.add(at + " " + d);
        }
      }
      expected.sort(null);
      read.sort(null);
      assertEquals(expected, read, stem);
    }
  }

  /** The samples of the events.tsv rows of one trial_type. */
  private static List<String> rowsOf(String stem, String trialType) throws IOException {
    Tsv events = Tsv.read(root.resolve(stem + "_events.tsv"));
    int type = events.header().indexOf("trial_type");
    int sample = events.header().indexOf("sample");
    return events.rows().stream()
        .filter(r -> r.get(type).equals(trialType))
        .map(r -> r.get(sample))
        .toList();
  }

  private static Path vhdr(String stem) {
    return root.resolve(stem + "_eeg.vhdr");
  }

  private static long markerId(XdfFile xdf) {
    for (long id : xdf.streamIds()) {
      if (xdf.stream(id).isString()) {
        return id;
      }
    }
    throw new AssertionError("no marker stream");
  }

  /** A THINGS-format test split (and its images) for the simulator. */
  private static void writeDataset(Path dataset) throws IOException {
    List<String> channels = ThingsFormat.CHANNELS_17;
    double[] eeg = new double[IMAGES * REPS * channels.size() * 100];
    int i = 0;
    for (int image = 0; image < IMAGES; image++) {
      for (int rep = 0; rep < REPS; rep++) {
        for (int c = 0; c < channels.size(); c++) {
          for (int t = 0; t < 100; t++) {
            eeg[i++] = 15 * Math.sin(0.3 * t + image + 0.5 * c) + rep - 0.25 * c;
          }
        }
      }
    }
    Path subject = dataset.resolve("sub-01");
    Files.createDirectories(subject);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put(ThingsFormat.KEY_EEG, NdArray.of(eeg, IMAGES, REPS, channels.size(), 100));
    file.put(ThingsFormat.KEY_CH_NAMES, channels);
    file.put(ThingsFormat.KEY_TIMES, NdArray.of(ThingsFormat.releaseTimes(), 100));
    NpyWriter.writeObject(subject.resolve(ThingsFormat.TEST_EEG_FILE), file);
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (int image = 0; image < IMAGES; image++) {
      String concept = String.format("%05d_thing", image + 1);
      String name = "thing_" + image + ".jpg";
      concepts.add(concept);
      files.add(name);
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      img.setRGB(image, image, 0xff8800);
      Path jpg = dataset.resolve("test_images").resolve(concept).resolve(name);
      Files.createDirectories(jpg.getParent());
      ImageIO.write(img, "jpg", jpg.toFile());
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

  /** Records the simulator over loopback LSL (real liblsl) into a session, as `record` does. */
  private static Path record(Path dir) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Config config =
        Config.load(
            null,
            List.of(
                "dataset_dir=" + dataset,
                "simulate.eeg_name=bids-eeg-" + id,
                "simulate.marker_name=bids-markers-" + id,
                "simulate.source_id=bids-sim-" + id,
                "channels=" + ThingsFormat.CHANNELS_17,
                "simulate.native_rate=250",
                "simulate.soa=0.2",
                "simulate.lead_s=0.5",
                "simulate.dropouts=2",
                "simulate.extra_channels=1",
                "simulate.trials=" + TRIALS));
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    SessionWriter writer = SessionWriter.create(dir, new SessionWriter.Options(0), "test", null);
    SessionRecorder recorder = new SessionRecorder(writer, 64);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    LiveAcquisition acquisition =
        LiveAcquisition.start(
            config,
            StreamQuery.byName(settings.eegName()),
            StreamQuery.byName(settings.markerName()),
            null,
            recorder);
    AmplifierSimulator.Summary sent;
    try {
      sent = streaming.get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < deadline
          && (acquisition.summary().get("samples").asLong() < sent.samplesSent()
              || acquisition.summary().get("markers").get("received").asLong()
                  < sent.markersSent())) {
        Thread.sleep(20);
      }
    } finally {
      acquisition.close();
    }
    ObjectNode summary = acquisition.summary();
    writer.close(summary);
    assertEquals(sent.samplesSent(), summary.get("samples").asLong(), summary.toString());
    assertTrue(sent.samplesDropped() > 0, "the simulator dropped samples");
    return dir;
  }
}
