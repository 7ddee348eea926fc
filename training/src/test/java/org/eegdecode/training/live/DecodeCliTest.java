package org.eegdecode.training.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eegdecode.acquisition.lsl.LslOutlet;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.decoder.live.LiveDecoding;
import org.eegdecode.training.run.TinyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code eegdecode decode} on the command line: bad inputs are one line on stderr and exit 2 (a
 * stream without the bundle's channels, at an unusable rate, not found; a missing bundle); markers
 * without labels are decoded with a null accuracy; an EEG outlet that disappears mid-run is a stall
 * the run survives with exact counts.
 */
class DecodeCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> EPOCH_DROPS =
      List.of(
          "gap",
          "timestamp_jump",
          "outage",
          "non_finite",
          "epoch_ring_full",
          "incomplete_at_stop",
          "pending_full");

  @TempDir Path tmp;

  private static List<String> decode(String eeg, String markers, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "decode",
                "--model",
                LiveTesting.bundle().toString(),
                "--eeg",
                eeg,
                "--markers",
                markers));
    args.addAll(LiveTesting.overrides(more));
    return args;
  }

  private static void assertOneLineExitTwo(LiveTesting.Cli run, String... fragments) {
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("eegdecode decode: "), run.err());
    for (String fragment : fragments) {
      assertTrue(run.err().contains(fragment), "'" + fragment + "' in " + run.err());
    }
    assertEquals("", run.out());
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aStreamWithoutTheBundlesChannelsIsOneLineNamingStreamBundleAndChannels() {
    String eeg = unique("eeg");
    String markers = unique("mk");
    try (LslOutlet e = LslOutlet.eeg(eeg, unique("src"), List.of("Fz", "Cz", "Pz", "O1"), 100);
        LslOutlet m = LslOutlet.markers(markers, unique("src"))) {
      LiveTesting.Cli run = LiveTesting.cli(decode(eeg, markers));
      assertOneLineExitTwo(
          run, "'" + eeg + "'", "lacks channels", "P3", LiveTesting.bundle().toString());
    }
  }

  @Test
  void aStreamAtAnUnusableRateIsOneLineNamingTheRate() {
    String eeg = unique("eeg");
    String markers = unique("mk");
    try (LslOutlet e = LslOutlet.eeg(eeg, unique("src"), ThingsFormat.CHANNELS_17, 64);
        LslOutlet m = LslOutlet.markers(markers, unique("src"))) {
      LiveTesting.Cli run = LiveTesting.cli(decode(eeg, markers));
      assertOneLineExitTwo(
          run, "'" + eeg + "'", "64 Hz", "model rate", LiveTesting.bundle().toString());
    }
  }

  @Test
  void missingStreamsBundlesAndBadOptionsAreOneLine() {
    assertOneLineExitTwo(
        LiveTesting.cli(
            decode(unique("absent"), unique("absent"), "acquisition.resolve_timeout_s=0.5")),
        "no LSL stream matching");
    List<String> args = decode("x", "y");
    args.set(2, tmp.resolve("no-bundle").toString());
    assertOneLineExitTwo(LiveTesting.cli(args), "no-bundle");
    assertOneLineExitTwo(
        LiveTesting.cli(List.of("decode", "device=cpu")), "no model bundle", "--model");
    assertOneLineExitTwo(LiveTesting.cli(decode("x", "y", "top_k=0")), "decoder.top_k");
    List<String> zero = decode("x", "y");
    zero.add(1, "--max-epochs=0");
    assertOneLineExitTwo(LiveTesting.cli(zero), "--max-epochs");
  }

  /** Runs the simulator (with these overrides) against {@code decode} with the same ones. */
  private LiveTesting.Cli simulateAndDecode(
      Path dataset, List<String> decodeOptions, String... overrides) throws Exception {
    List<String> all = LiveTesting.overrides(overrides);
    all.add("dataset_dir=" + dataset);
    return LiveTesting.decodeSimulated(decodeOptions, all);
  }

  private static JsonNode summary(LiveTesting.Cli run) throws Exception {
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.lines();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static void assertCountsExact(JsonNode s) {
    long drops = 0;
    for (String reason : EPOCH_DROPS) {
      drops += s.get("dropped").get(reason).asLong();
    }
    assertEquals(
        s.get("markers_accepted").asLong(),
        s.get("epochs_emitted").asLong() + drops,
        "every accepted marker is one epoch or one drop: " + s);
    assertEquals(s.get("epochs_emitted").asLong(), s.get("epochs_seen").asLong(), s.toString());
    assertEquals(
        s.get("epochs_seen").asLong(),
        s.get("epochs_decoded").asLong()
            + s.get("not_decoded_beyond_limit").asLong()
            + s.get("decode_errors").asLong(),
        s.toString());
  }

  @Test
  void markersWithoutLabelsAreDecodedWithANullAccuracy() throws Exception {
    // the tiny subject without image_metadata.npy: the simulator sends image-N markers
    Path dataset = tmp.resolve("unlabelled");
    Files.createDirectories(dataset);
    Files.createSymbolicLink(
        dataset.resolve("sub-01"), TinyDataset.root().resolve("sub-01").toAbsolutePath());
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger decoding = (Logger) LoggerFactory.getLogger(LiveDecoding.class);
    decoding.addAppender(log);
    log.start();
    LiveTesting.Cli run;
    try {
      run =
          simulateAndDecode(
              dataset,
              List.of("--max-epochs", "4", "decoder.jsonl=-"),
              "simulate.native_rate=250",
              "simulate.soa=0.3",
              "simulate.trials=8");
    } finally {
      decoding.detachAppender(log);
    }
    JsonNode s = summary(run);
    // ... and so does the log line
    String last = log.list.get(log.list.size() - 1).getFormattedMessage();
    assertTrue(last.startsWith("final: ") && last.contains("| markers unknown 4 ('image-"), last);
    List<String> lines = run.lines();
    assertEquals(5, lines.size(), "4 JSON lines, then the summary: " + run.out());
    for (int i = 0; i < 4; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertTrue(line.get("marker").asText().startsWith("image-"), line.toString());
      assertEquals(5, line.get("topk").size());
      assertTrue(line.get("latency_ms").get("complete_to_result").asDouble() > 0);
    }
    assertEquals(4, s.get("epochs_decoded").asLong(), s.toString());
    assertTrue(s.get("top1").isNull(), s.toString());
    assertTrue(s.get("top5").isNull(), s.toString());
    assertEquals(0, s.get("labelled").asLong());
    assertEquals(4, s.get("unlabelled").asLong());
    // the summary shows what the markers were, so a user sees the convention is not understood
    JsonNode unknown = s.get("stimuli").get("unknown_values");
    assertEquals(4, s.get("stimuli").get("unknown").asLong(), s.toString());
    assertTrue(unknown.size() >= 1 && unknown.size() <= 4, s.toString());
    unknown.forEach(v -> assertTrue(v.asText().startsWith("image-"), s.toString()));
    assertEquals("max_epochs", s.get("stopped_by").asText());
    for (String key : List.of("complete_to_result", "marker_to_result")) {
      JsonNode h = s.get("latency_ms").get(key);
      for (String p : List.of("p50", "p99", "max")) {
        assertTrue(h.get(p).isNumber(), key + "." + p + " in " + s);
      }
    }
    assertEquals(250.0, s.get("eeg").get("rate").asDouble());
    assertCountsExact(s);
  }

  @Test
  void anEegOutletThatDisappearsMidRunIsAStallAndTheCountsStayExact() throws Exception {
    LiveTesting.Cli run =
        simulateAndDecode(
            TinyDataset.root(),
            List.of("decoder.jsonl=-"),
            "simulate.native_rate=250",
            "simulate.soa=0.5",
            "simulate.trials=10",
            "simulate.outage_at_s=2.0",
            "simulate.outage_s=1.0",
            "acquisition.stall_timeout_s=0.5",
            "decoder.end_idle_s=1.5");
    JsonNode s = summary(run);
    List<Long> decoded = new ArrayList<>();
    for (String line : run.lines().subList(0, run.lines().size() - 1)) {
      decoded.add(JSON.readTree(line).get("epoch").asLong());
    }
    assertEquals(s.get("epochs_decoded").asLong(), decoded.size(), run.out());
    assertEquals("streams_ended", s.get("stopped_by").asText(), s.toString());
    assertTrue(s.get("eeg").get("stalls").asLong() >= 1, s.toString());
    assertEquals(1, s.get("eeg").get("reconnects").asLong(), s.toString());
    assertEquals(10, s.get("markers_accepted").asLong(), s.toString());
    long lost = s.get("dropped").get("outage").asLong() + s.get("dropped").get("gap").asLong();
    assertTrue(lost >= 2, "epochs spanning the outage are dropped: " + s);
    // trial 0 ends before the outage (2 s), the last ones start well after the reconnection
    assertTrue(decoded.contains(0L), "before the outage: " + decoded + " " + s);
    assertTrue(decoded.contains(9L), "after the outage: " + decoded + " " + s);
    assertEquals(
        s.get("epochs_decoded").asLong(), s.get("labelled").asLong(), "all labelled: " + s);
    assertCountsExact(s);
  }
}
