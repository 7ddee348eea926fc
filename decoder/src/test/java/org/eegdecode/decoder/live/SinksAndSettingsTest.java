package org.eegdecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.lsl.LslInlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.lsl.StreamResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LSL results outlet and JSON-lines file on real liblsl; the decoder.* settings. */
class SinksAndSettingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void lslResultsCarryOneJsonObjectPerEpochStampedWithItsMarker() throws Exception {
    String name = "results-" + UUID.randomUUID();
    LslResultSink lsl = new LslResultSink(name);
    Path file = dir.resolve("out/results.jsonl");
    JsonLinesSink lines = JsonLinesSink.toFile(file);
    lsl.open(null);
    StreamInfo info = StreamResolver.resolve(StreamQuery.byName(name), 5.0);
    assertEquals(LslResultSink.TYPE, info.type());
    assertEquals(name, info.sourceId());
    assertTrue(info.isString());
    try (LslInlet inlet = LslInlet.open(info, 10, 5.0);
        LiveDecoder d =
            LiveDecoderTest.decoder(DecoderSettings.defaults().withTopK(2), lsl, lines)) {
      LiveDecoderTest.feed(
          d,
          List.of(
              LiveDecoderTest.event(1, LiveDecoderTest.label(1), System.nanoTime(), 500.25),
              LiveDecoderTest.event(2, "stim", System.nanoTime(), 500.5)),
          true);
      String[] texts = new String[4];
      double[] stamps = new double[4];
      int got = 0;
      String[] received = new String[2];
      double[] receivedTs = new double[2];
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (got < 2 && System.nanoTime() < deadline) {
        int n = inlet.pullMarkers(texts, stamps, 0.5);
        for (int i = 0; i < n && got < 2; i++, got++) {
          received[got] = texts[i];
          receivedTs[got] = stamps[i];
        }
      }
      assertEquals(2, got);
      JsonNode first = JSON.readTree(received[0]);
      assertEquals(LiveDecoderTest.label(1), first.get("marker").asText());
      assertEquals(2, first.get("topk").size());
      assertEquals(500.25, receivedTs[0], 1e-9);
      assertEquals(500.25, first.get("marker_ts").asDouble(), 1e-9);
      assertEquals("stim", JSON.readTree(received[1]).get("marker").asText());
      assertEquals(500.5, receivedTs[1], 1e-9);
      assertEquals(2, lsl.pushed());
    } finally {
      lsl.close();
      lines.close();
    }
    List<String> written = Files.readAllLines(file);
    assertEquals(2, written.size());
    assertEquals(1, JSON.readTree(written.get(0)).get("epoch").asLong());
  }

  @Test
  void anUnopenedLslSinkFailsLoudly() {
    LslResultSink lsl = new LslResultSink("never-opened-" + UUID.randomUUID());
    assertThrows(
        IllegalArgumentException.class, () -> new LslResultSink(" ")); // a name is required
    try (LiveDecoder d = LiveDecoderTest.decoder(DecoderSettings.defaults(), lsl)) {
      LiveDecoderTest.feed(d, LiveDecoderTest.events(1), true);
      assertEquals(1, d.sinkErrors());
      assertEquals(1, d.decoded());
    }
  }

  @Test
  void settingsComeFromTheDecoderSection() {
    DecoderSettings s =
        DecoderSettings.from(
            Config.load(
                null,
                List.of(
                    "decoder.top_k=3",
                    "decoder.max_batch=8",
                    "decoder.threads=2",
                    "decoder.jsonl=-",
                    "decoder.results_stream=")));
    assertEquals(3, s.topK());
    assertEquals(5, s.rankDepth());
    assertEquals(8, s.maxBatch());
    assertEquals(2, s.threads());
    assertEquals("-", s.jsonl());
    assertEquals("", s.resultsStream());
    DecoderSettings defaults = DecoderSettings.from(Config.defaults());
    assertEquals(5, defaults.topK());
    assertEquals(32, defaults.maxBatch());
    assertEquals(1, defaults.threads());
    assertEquals("eegdecode-results", defaults.resultsStream());
    assertEquals(10, defaults.withTopK(10).rankDepth());
    ConfigException bad =
        assertThrows(
            ConfigException.class,
            () -> DecoderSettings.from(Config.load(null, List.of("decoder.top_k=0"))));
    assertTrue(bad.getMessage().contains("decoder.top_k"), bad.getMessage());
    assertThrows(
        ConfigException.class,
        () -> DecoderSettings.from(Config.load(null, List.of("decoder.max_batch=0"))));
  }

  @Test
  void theMarkerQueryNeverMatchesTheResultsStream() {
    StreamQuery any = StreamQuery.byType("Markers");
    StreamQuery q = LiveDecoding.notResults(any, "eegdecode-results");
    assertEquals("type='Markers' and (name!='eegdecode-results')", q.toPredicate());
    StreamQuery named = StreamQuery.byName("stim");
    assertEquals(named, LiveDecoding.notResults(named, "eegdecode-results"));
    assertEquals(any, LiveDecoding.notResults(any, ""));
    assertNull(LiveDecoding.notResults(any, "x").name());
  }
}
