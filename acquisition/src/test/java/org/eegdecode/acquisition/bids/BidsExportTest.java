package org.eegdecode.acquisition.bids;

import static org.eegdecode.acquisition.bids.BidsFixture.GAP;
import static org.eegdecode.acquisition.bids.BidsFixture.GAP_AT;
import static org.eegdecode.acquisition.bids.BidsFixture.MARKER_FRACTION;
import static org.eegdecode.acquisition.bids.BidsFixture.MARKER_SAMPLES;
import static org.eegdecode.acquisition.bids.BidsFixture.RATE;
import static org.eegdecode.acquisition.bids.BidsFixture.SAMPLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eegdecode.acquisition.cli.CliErrors;
import org.eegdecode.acquisition.cli.ExportBidsCommand;
import org.eegdecode.acquisition.cli.VerboseOption;
import org.eegdecode.acquisition.session.SessionReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The BIDS export of a session built to hold every case (gap, clock reset, stall, markers before,
 * in and after the data, a code, commas, decoded results): the exact samples, where each event
 * lands, the tables, and that bad input or an existing recording leaves ROOT exactly as it was.
 */
class BidsExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  private static Path session;
  @TempDir Path tmp;

  @BeforeAll
  static void writeSession() throws IOException {
    session = BidsFixture.write(shared.resolve("session"));
  }

  private static BidsExport.Options options(String subject, String run) {
    return BidsExport.Options.of(new BidsEntities(subject, null, "rsvp", run));
  }

  private static List<Map<String, String>> table(Path tsv) throws IOException {
    Tsv t = Tsv.read(tsv);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : t.rows()) {
      Map<String, String> m = new TreeMap<>();
      for (int c = 0; c < r.size(); c++) {
        m.put(t.header().get(c), r.get(c));
      }
      rows.add(m);
    }
    return rows;
  }

  /** Every file under {@code root} with its bytes, for "left exactly as it was". */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String rel = root.relativize(p).toString();
        out.put(
            rel,
            Files.isDirectory(p)
                ? "dir"
                : Arrays.hashCode(Files.readAllBytes(p)) + ":" + Files.size(p));
      }
    }
    return out;
  }

  private static void noStagingLeft(Path root) throws IOException {
    try (Stream<Path> list = Files.list(root.toAbsolutePath().getParent())) {
      assertTrue(
          list.noneMatch(p -> p.getFileName().toString().contains("eegdecode-staging")),
          "a staging folder was left beside " + root);
    }
  }

  @Test
  void samplesAreTheSessionsBitForBitWithNamesAndUnits() throws IOException {
    Path root = tmp.resolve("bids");
    ObjectNode summary = BidsExport.export(session, root, options("01", null));
    BrainVisionFiles bv =
        BrainVisionFiles.read(root.resolve("sub-01/eeg/sub-01_task-rsvp_eeg.vhdr"));
    assertEquals(RATE, bv.rate);
    assertEquals(BidsFixture.LABELS, bv.names);
    assertEquals(List.of("µV", "µV", "µV", "µV", "n/a"), bv.units);
    assertEquals(SAMPLES, bv.samples());
    // the session as its reader hands it out, against the file
    List<float[]> recorded = new ArrayList<>();
    SessionReader.open(session)
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
    assertEquals(SAMPLES, recorded.size());
    for (int i = 0; i < SAMPLES; i++) {
      for (int c = 0; c < bv.channels; c++) {
        assertEquals(
            Float.floatToRawIntBits(recorded.get(i)[c]),
            Float.floatToRawIntBits(bv.value(i, c)),
            "sample " + i + " channel " + c);
        assertEquals(BidsFixture.value(i, c), bv.value(i, c));
      }
    }
    assertEquals(0, summary.get("float64_values_rounded").asLong());

    List<Map<String, String>> channels =
        table(root.resolve("sub-01/eeg/sub-01_task-rsvp_channels.tsv"));
    assertEquals("HEOG,left", channels.get(3).get("name"));
    assertEquals("EOG", channels.get(3).get("type"));
    assertEquals("µV", channels.get(0).get("units"));
    assertEquals("MISC", channels.get(4).get("type"));
    assertEquals("n/a", channels.get(4).get("units"));
    JsonNode sidecar = JSON.readTree(root.resolve("sub-01/eeg/sub-01_task-rsvp_eeg.json").toFile());
    assertEquals("rsvp", sidecar.get("TaskName").asText());
    assertEquals(RATE, sidecar.get("SamplingFrequency").asDouble());
    assertEquals("n/a", sidecar.get("PowerLineFrequency").asText());
    assertEquals(3, sidecar.get("EEGChannelCount").asInt());
    assertEquals(1, sidecar.get("EOGChannelCount").asInt());
    assertEquals(1, sidecar.get("MiscChannelCount").asInt());
    assertEquals(SAMPLES / RATE, sidecar.get("RecordingDuration").asDouble());
    assertEquals("discontinuous", sidecar.get("RecordingType").asText());
    assertTrue(sidecar.get("SoftwareVersions").asText().startsWith("eegdecode"));
    noStagingLeft(root);
  }

  @Test
  void eventsLandOnTheWrittenSamplesWithGapsAndClockResetsNoted() throws IOException {
    Path root = tmp.resolve("bids");
    Path images = tmp.resolve("images");
    // only the first concept's image exists: the second stays stim_file n/a
    Files.createDirectories(images.resolve("test_images/00001_aardvark"));
    Files.writeString(images.resolve("test_images/00001_aardvark/aardvark_0.jpg"), "jpeg bytes");
    BidsExport.Options o = options("01", "1");
    o =
        new BidsExport.Options(
            o.entities(), false, "50", "Cz", null, images, null, null, null, "Test set");
    ObjectNode summary = BidsExport.export(session, root, o);
    String stem = "sub-01/eeg/sub-01_task-rsvp_run-1";
    List<Map<String, String>> events = table(root.resolve(stem + "_events.tsv"));

    // 1. the gap: one boundary row at the first sample after it, and a New Segment marker
    List<Map<String, String>> boundaries =
        events.stream().filter(e -> e.get("trial_type").equals("boundary")).toList();
    assertEquals(1, boundaries.size(), events.toString());
    assertEquals(Integer.toString(GAP_AT), boundaries.get(0).get("sample"));
    assertEquals(GAP / RATE, Double.parseDouble(boundaries.get(0).get("gap_s")), 1e-6);
    assertEquals(GAP_AT / RATE, Double.parseDouble(boundaries.get(0).get("onset")), 1e-6);
    // 2. the clock reset
    List<Map<String, String>> resets =
        events.stream().filter(e -> e.get("trial_type").equals("clock_reset")).toList();
    assertEquals(1, resets.size());
    assertEquals(Integer.toString(BidsFixture.CLOCK_AT), resets.get(0).get("sample"));
    // 3. the stall, from its last sample before the gap until the first after it
    List<Map<String, String>> stalls =
        events.stream().filter(e -> e.get("trial_type").equals("stall")).toList();
    assertEquals(1, stalls.size());
    assertEquals(Integer.toString(GAP_AT - 1), stalls.get(0).get("sample"));
    assertEquals((GAP + 1) / RATE, Double.parseDouble(stalls.get(0).get("duration")), 1e-6);

    // 4. markers: onset interpolated along the written samples, sample = first at or after
    BrainVisionFiles bv = BrainVisionFiles.read(root.resolve(stem + "_eeg.vhdr"));
    for (int k = 0; k < MARKER_SAMPLES.length; k++) {
      int position = BidsFixture.filePosition(MARKER_SAMPLES[k]);
      String text =
          k == 2 ? BidsFixture.CODE : k == 3 ? BidsFixture.COMMA : BidsFixture.conceptMarker(k);
      Map<String, String> row =
          events.stream().filter(e -> e.get("value").equals(text)).findFirst().orElseThrow();
      assertEquals(
          (position + MARKER_FRACTION) / RATE, Double.parseDouble(row.get("onset")), 1e-6, text);
      assertEquals(Integer.toString(position + 1), row.get("sample"), text);
      // 99999 is THINGS-EEG2's catch code (stimulus.catch_codes): the shared resolver says so
      assertEquals(k == 2 ? "catch" : k == 3 ? "marker" : "stimulus", row.get("trial_type"), text);
      assertTrue(
          bv.markers("Stimulus").stream()
              .anyMatch(m -> m.description().equals(text) && m.position() == position + 1),
          text + " in .vmrk at sample " + (position + 1));
    }
    Map<String, String> first =
        events.stream()
            .filter(e -> e.get("value").equals(BidsFixture.conceptMarker(0)))
            .findFirst()
            .orElseThrow();
    assertEquals("00001_aardvark/aardvark_0.jpg", first.get("stim_file"));
    assertTrue(Files.isRegularFile(root.resolve("stimuli/00001_aardvark/aardvark_0.jpg")));
    Map<String, String> second =
        events.stream()
            .filter(e -> e.get("value").equals(BidsFixture.conceptMarker(1)))
            .findFirst()
            .orElseThrow();
    assertEquals("n/a", second.get("stim_file"), "image not available: no dangling stim_file");
    assertEquals(
        2, summary.get("stim_file_missing").asLong(), "markers 1 and 4 name absent images");
    assertEquals(1, summary.get("stimulus_files_copied").asLong());

    // 5. outside the data: before (negative onset, no sample), in the gap, after (no sample)
    Map<String, String> early =
        events.stream().filter(e -> e.get("value").equals("early")).findFirst().orElseThrow();
    assertEquals(-0.5, Double.parseDouble(early.get("onset")), 1e-6);
    assertEquals("n/a", early.get("sample"));
    Map<String, String> inGap =
        events.stream().filter(e -> e.get("value").equals("in-gap")).findFirst().orElseThrow();
    assertEquals(Integer.toString(GAP_AT), inGap.get("sample"));
    Map<String, String> late =
        events.stream().filter(e -> e.get("value").equals("late")).findFirst().orElseThrow();
    assertEquals("n/a", late.get("sample"));
    assertEquals(
        (SAMPLES - 1) / RATE + 2.0 + 1 / RATE, Double.parseDouble(late.get("onset")), 1e-6);
    assertEquals(1, summary.get("markers_before_first_sample").asLong());
    assertEquals(1, summary.get("markers_in_gaps").asLong());
    assertEquals(1, summary.get("markers_after_last_sample").asLong());
    List<Double> onsets = events.stream().map(e -> Double.parseDouble(e.get("onset"))).toList();
    List<Double> sorted = new ArrayList<>(onsets);
    sorted.sort(null);
    assertEquals(sorted, onsets, "events.tsv is in onset order");

    // 6. .vmrk: New Segment at the start and after the gap; the comma survives the \1 coding
    assertEquals(
        List.of(0L, (long) GAP_AT),
        bv.markers("New Segment").stream().map(BrainVisionFiles.Marker::position).toList());
    assertTrue(bv.markers("Stimulus").stream().anyMatch(m -> m.description().equals("go, now")));
    String vmrk = Files.readString(root.resolve(stem + "_eeg.vmrk"), StandardCharsets.UTF_8);
    assertTrue(vmrk.contains("go\\1 now"), vmrk);

    // 7. sidecar options, dataset files
    JsonNode sidecar = JSON.readTree(root.resolve(stem + "_eeg.json").toFile());
    assertEquals(50.0, sidecar.get("PowerLineFrequency").asDouble());
    assertEquals("Cz", sidecar.get("EEGReference").asText());
    JsonNode description = JSON.readTree(root.resolve("dataset_description.json").toFile());
    assertEquals("Test set", description.get("Name").asText());
    assertEquals("raw", description.get("DatasetType").asText());
    assertTrue(Files.isRegularFile(root.resolve("README")));
    assertTrue(Files.isRegularFile(root.resolve("CHANGES")));
    assertTrue(Files.isRegularFile(root.resolve(stem + "_events.json")));
  }

  @Test
  void decodedResultsBecomeADerivative() throws IOException {
    Path root = tmp.resolve("bids");
    BidsExport.export(session, root, options("01", null));
    Path decoded =
        root.resolve("derivatives/eegdecode/sub-01/eeg/sub-01_task-rsvp_desc-decoded_events.tsv");
    List<Map<String, String>> rows = table(decoded);
    assertEquals(2, rows.size());
    for (int k = 0; k < 2; k++) {
      Map<String, String> r = rows.get(k);
      int onsetSample = BidsFixture.filePosition(MARKER_SAMPLES[k] + 1);
      assertEquals(Integer.toString(onsetSample), r.get("sample"));
      assertEquals(onsetSample / RATE, Double.parseDouble(r.get("onset")), 1e-6);
      assertEquals(BidsFixture.conceptMarker(k), r.get("value"));
      assertEquals(BidsFixture.concept(k), r.get("top1_concept"));
      assertEquals(k == 0 ? "aardvark_0.jpg" : "bat_1.jpg", r.get("top1_file"));
      assertEquals("0.75", r.get("top1_score"));
      assertEquals("0.125", r.get("top2_score"));
      assertEquals(3.5 + k, Double.parseDouble(r.get("latency_ms")), 1e-9);
      assertEquals(900.0, Double.parseDouble(r.get("marker_to_result_ms")), 1e-6);
    }
    JsonNode description =
        JSON.readTree(root.resolve("derivatives/eegdecode/dataset_description.json").toFile());
    assertEquals("derivative", description.get("DatasetType").asText());
    assertEquals("eegdecode", description.get("GeneratedBy").get(0).get("Name").asText());
  }

  @Test
  void aSecondSubjectAndRunKeepParticipantsConsistent() throws IOException {
    Path root = tmp.resolve("bids");
    BidsExport.export(session, root, options("01", "1"));
    // the user describes participants by hand between exports
    Files.writeString(
        root.resolve("participants.tsv"),
        "participant_id\tage\nsub-01\t31\n",
        StandardCharsets.UTF_8);
    String readme = Files.readString(root.resolve("README")) + "\nMy own notes.\n";
    Files.writeString(root.resolve("README"), readme);
    BidsExport.export(session, root, options("01", "2"));
    BidsExport.export(session, root, options("02", "1"));
    assertEquals(
        "participant_id\tage\nsub-01\t31\nsub-02\tn/a\n",
        Files.readString(root.resolve("participants.tsv")));
    assertEquals(readme, Files.readString(root.resolve("README")), "README is the user's");
    for (String f :
        List.of(
            "sub-01/eeg/sub-01_task-rsvp_run-1_eeg.eeg",
            "sub-01/eeg/sub-01_task-rsvp_run-2_eeg.eeg",
            "sub-02/eeg/sub-02_task-rsvp_run-1_eeg.eeg")) {
      assertTrue(Files.isRegularFile(root.resolve(f)), f);
    }
  }

  @Test
  void anExistingRecordingIsReplacedOnlyWithOverwrite() throws IOException {
    Path root = tmp.resolve("bids");
    BidsExport.export(session, root, options("01", null));
    Map<String, String> before = snapshot(root);
    IOException e =
        assertThrows(
            IOException.class, () -> BidsExport.export(session, root, options("01", null)));
    assertTrue(
        e.getMessage().contains("exists") && e.getMessage().contains("--overwrite"),
        e.getMessage());
    assertEquals(before, snapshot(root));
    noStagingLeft(root);

    BidsExport.Options o = options("01", null);
    BidsExport.Options overwrite =
        new BidsExport.Options(o.entities(), true, "60", null, null, null, null, null, null, null);
    BidsExport.export(session, root, overwrite);
    JsonNode sidecar = JSON.readTree(root.resolve("sub-01/eeg/sub-01_task-rsvp_eeg.json").toFile());
    assertEquals(60.0, sidecar.get("PowerLineFrequency").asDouble());
    assertEquals("participant_id\nsub-01\n", Files.readString(root.resolve("participants.tsv")));
    noStagingLeft(root);
  }

  @Test
  void badInputLeavesRootExactlyAsItWas() throws IOException {
    Path root = tmp.resolve("bids");
    BidsExport.export(session, root, options("01", null));
    Map<String, String> before = snapshot(root);

    // a label BIDS forbids
    IllegalArgumentException label =
        assertThrows(IllegalArgumentException.class, () -> options("01_a", null));
    assertTrue(label.getMessage().startsWith("--subject '01_a'"), label.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BidsEntities("01", "a-b", "rsvp", null));
    assertThrows(IllegalArgumentException.class, () -> new BidsEntities("01", null, "rs vp", null));
    assertThrows(IllegalArgumentException.class, () -> new BidsEntities("01", null, "rsvp", "x1"));

    // an unreadable session
    Path notASession = tmp.resolve("not-a-session");
    Files.createDirectories(notASession);
    Files.writeString(notASession.resolve("session.json"), "{ broken");
    IOException unreadable =
        assertThrows(
            IOException.class, () -> BidsExport.export(notASession, root, options("02", null)));
    assertTrue(unreadable.getMessage().contains("session.json"), unreadable.getMessage());

    // a stream without channel labels
    Path noLabels = tmp.resolve("no-labels");
    BidsFixture.writeWithoutLabels(noLabels);
    IOException labels =
        assertThrows(
            IOException.class, () -> BidsExport.export(noLabels, root, options("02", null)));
    assertTrue(labels.getMessage().contains("no channel labels"), labels.getMessage());

    // a file that is not XDF
    Path garbage = tmp.resolve("garbage.xdf");
    Files.writeString(garbage, "not an xdf file at all");
    assertThrows(IOException.class, () -> BidsExport.export(garbage, root, options("02", null)));

    // a missing source, a missing stimulus folder
    assertThrows(
        IOException.class,
        () -> BidsExport.export(tmp.resolve("nothing"), root, options("02", null)));
    BidsExport.Options o = options("02", null);
    BidsExport.Options badStimuli =
        new BidsExport.Options(
            o.entities(),
            false,
            null,
            null,
            null,
            tmp.resolve("no-images"),
            null,
            null,
            null,
            null);
    assertThrows(IOException.class, () -> BidsExport.export(session, root, badStimuli));

    assertEquals(before, snapshot(root), "ROOT unchanged by every bad input");
    noStagingLeft(root);

    // a ROOT that does not exist is not created by a failed export
    Path fresh = tmp.resolve("fresh");
    assertThrows(IOException.class, () -> BidsExport.export(noLabels, fresh, options("01", null)));
    assertFalse(Files.exists(fresh));
    noStagingLeft(fresh);

    // a folder that is neither empty nor BIDS is refused
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("notes.txt"), "mine");
    IOException notBids =
        assertThrows(
            IOException.class, () -> BidsExport.export(session, other, options("01", null)));
    assertTrue(notBids.getMessage().contains("not a BIDS dataset"), notBids.getMessage());
    assertEquals(
        List.of("notes.txt"), snapshot(other).keySet().stream().filter(k -> !k.isEmpty()).toList());
  }

  @Test
  void theCommandPrintsOneLineAndExitsTwoOnBadInput() throws IOException {
    Path root = tmp.resolve("bids");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new ExportBidsCommand());
    cmd.setExecutionExceptionHandler(new CliErrors(new VerboseOption()));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(session.toString(), root.toString(), "--subject", "sub_1", "--run", "1");
    assertEquals(CliErrors.BAD_INPUT, exit);
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().startsWith("export-bids: --subject 'sub_1'"), err.toString());
    assertFalse(Files.exists(root));

    exit =
        cmd.execute(
            session.toString(), root.toString(), "--subject", "01", "--session", "2", "--run", "1");
    assertEquals(0, exit, err.toString());
    JsonNode summary = JSON.readTree(out.toString());
    assertEquals(
        "sub-01/ses-2/eeg/sub-01_ses-2_task-rsvp_run-1_eeg", summary.get("recording").asText());
    assertEquals(SAMPLES, summary.get("samples").asInt());
    assertEquals(2, summary.get("decoded_results").asInt());
    assertTrue(
        Files.isRegularFile(
            root.resolve("sub-01/ses-2/eeg/sub-01_ses-2_task-rsvp_run-1_eeg.vhdr")));
  }

  @Test
  void markersAreReadByTheSharedResolverOnTheRecordedGallery() throws IOException {
    // a PsychoPy-style integer code, a bare concept name, a file name without extension, a catch
    // code and a code past the list: the recorded decoder gallery (2 images) is the list
    Path coded =
        BidsFixture.writeWithMarkers(
            tmp.resolve("coded"), List.of("2", "aardvark", "bat_1", "99999", "3"));
    Path images = tmp.resolve("images");
    for (int k = 0; k < 2; k++) {
      Path image = images.resolve(BidsFixture.conceptMarker(k));
      Files.createDirectories(image.getParent());
      Files.writeString(image, "image " + k);
    }
    Path root = tmp.resolve("bids");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new ExportBidsCommand());
    cmd.setExecutionExceptionHandler(new CliErrors(new VerboseOption()));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit =
        cmd.execute(
            coded.toString(),
            root.toString(),
            "--subject",
            "01",
            "--stimuli",
            images.toString(),
            "dataset_dir=" + tmp.resolve("no-dataset"));
    assertEquals(0, exit, err.toString());
    JsonNode summary = JSON.readTree(out.toString());
    assertTrue(summary.get("image_list").asText().contains("gallery (2 images)"), out.toString());
    assertEquals(1, summary.get("catch_markers").asLong(), out.toString());
    List<Map<String, String>> events =
        table(root.resolve("sub-01/eeg/sub-01_task-rsvp_events.tsv"));
    Map<String, String[]> expected = new TreeMap<>();
    expected.put("2", new String[] {"stimulus", "00002_bat/bat_1.jpg"});
    expected.put("aardvark", new String[] {"stimulus", "00001_aardvark/aardvark_0.jpg"});
    expected.put("bat_1", new String[] {"stimulus", "00002_bat/bat_1.jpg"});
    expected.put("99999", new String[] {"catch", "n/a"});
    expected.put("3", new String[] {"marker", "n/a"});
    for (Map.Entry<String, String[]> e : expected.entrySet()) {
      Map<String, String> row =
          events.stream()
              .filter(r -> e.getKey().equals(r.get("value")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(e.getKey() + " not in " + events));
      assertEquals(e.getValue()[0], row.get("trial_type"), e.getKey());
      assertEquals(e.getValue()[1], row.get("stim_file"), e.getKey());
    }
    assertTrue(Files.isRegularFile(root.resolve("stimuli/00002_bat/bat_1.jpg")));
  }
}
