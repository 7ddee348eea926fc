package org.eegdecode.training.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.session.SessionInfo;
import org.eegdecode.acquisition.session.XdfExport;
import org.eegdecode.acquisition.xdf.XdfReader;
import org.eegdecode.acquisition.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decode --record} then {@code decode --replay}: replaying the recorded session reproduces
 * the original run's decoded results (same epochs, same rankings, scores to float rounding); the
 * recording holds those results; a recording that cannot be written does not stop decoding.
 */
class RecordReplayDecodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIALS = 16;

  @TempDir Path tmp;

  private static LiveTesting.Cli decodeLive(List<String> options, List<String> overrides)
      throws Exception {
    List<String> all = new ArrayList<>(List.of("--max-epochs", Integer.toString(TRIALS)));
    all.addAll(options);
    return LiveTesting.decodeSimulated(all, overrides);
  }

  private static JsonNode summary(LiveTesting.Cli run) throws Exception {
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.lines();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static List<JsonNode> jsonLines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static void assertSameResults(List<JsonNode> expected, List<JsonNode> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode a = expected.get(i);
      JsonNode b = actual.get(i);
      assertEquals(a.get("epoch"), b.get("epoch"));
      assertEquals(a.get("marker"), b.get("marker"));
      assertEquals(a.get("marker_ts").asDouble(), b.get("marker_ts").asDouble(), 0.0);
      JsonNode ta = a.get("topk");
      JsonNode tb = b.get("topk");
      assertEquals(ta.size(), tb.size());
      for (int r = 0; r < ta.size(); r++) {
        assertEquals(ta.get(r).get("concept"), tb.get(r).get("concept"), "epoch " + i);
        assertEquals(ta.get(r).get("file"), tb.get(r).get("file"), "epoch " + i);
        assertEquals(ta.get(r).get("score").asDouble(), tb.get(r).get("score").asDouble(), 1e-4);
      }
    }
  }

  @Test
  void replayingARecordedSessionReproducesItsResults() throws Exception {
    Path session = tmp.resolve("session");
    Path liveJsonl = tmp.resolve("live.jsonl");
    List<String> overrides =
        LiveTesting.overrides(
            "simulate.native_rate=1000",
            "simulate.soa=0.2",
            "simulate.jitter_ms=0.3",
            "simulate.trials=" + (TRIALS + 4));
    List<String> live = new ArrayList<>(overrides);
    live.add("decoder.jsonl=" + liveJsonl);
    JsonNode liveSummary = summary(decodeLive(List.of("--record", session.toString()), live));
    assertEquals(TRIALS, liveSummary.get("epochs_decoded").asLong(), liveSummary.toString());
    assertEquals("closed", liveSummary.get("recording").get("state").asText());

    JsonNode info = SessionInfo.describe(session);
    assertTrue(info.get("closed_cleanly").asBoolean(), info.toString());
    assertEquals(TRIALS, info.get("decoded_results").asLong());
    assertEquals(liveSummary.get("fingerprint").asText(), info.get("fingerprint").asText());

    Path replayJsonl = tmp.resolve("replay.jsonl");
    List<String> replay =
        new ArrayList<>(
            List.of(
                "decode",
                "--model",
                LiveTesting.bundle().toString(),
                "--replay",
                session.toString(),
                "--max-epochs",
                Integer.toString(TRIALS)));
    replay.addAll(overrides);
    replay.add("decoder.jsonl=" + replayJsonl);
    JsonNode replaySummary = summary(LiveTesting.cli(replay));
    assertEquals(TRIALS, replaySummary.get("epochs_decoded").asLong(), replaySummary.toString());
    assertEquals(liveSummary.get("top1"), replaySummary.get("top1"));
    List<JsonNode> liveResults = jsonLines(liveJsonl);
    assertSameResults(liveResults, jsonLines(replayJsonl));

    // the recording's own results, exported to XDF, are the live ones
    Path xdf = tmp.resolve("session.xdf");
    XdfExport.export(session, xdf);
    XdfStream results = null;
    for (XdfStream s : XdfReader.readRaw(xdf).streams().values()) {
      if (s.name().equals(XdfExport.RESULTS_NAME)) {
        results = s;
      }
    }
    assertTrue(results != null, "results stream exported");
    List<JsonNode> recorded = new ArrayList<>();
    for (String[] sample : results.stringValues()) {
      JsonNode r = JSON.readTree(sample[0]);
      // the recording ranks as deep as the live accuracy needs; compare the published top-k
      com.fasterxml.jackson.databind.node.ObjectNode copy =
          (com.fasterxml.jackson.databind.node.ObjectNode) r;
      ArrayNode top = JSON.createArrayNode();
      for (int k = 0; k < liveResults.get(0).get("topk").size(); k++) {
        top.add(r.get("topk").get(k));
      }
      copy.set("topk", top);
      recorded.add(copy);
    }
    assertSameResults(liveResults, recorded);
  }

  @Test
  void anUnwritableRecordingIsReportedAndDecodingGoesOn() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    JsonNode summary =
        summary(
            decodeLive(
                List.of("--record", file.resolve("session").toString()),
                LiveTesting.overrides(
                    "simulate.native_rate=100", "simulate.soa=0.5", "simulate.trials=" + TRIALS)));
    assertEquals(TRIALS, summary.get("epochs_decoded").asLong(), summary.toString());
    assertEquals("failed", summary.get("recording").get("state").asText());
    assertTrue(
        summary.get("recording").get("failure").asText().contains("cannot create"),
        summary.toString());
  }
}
