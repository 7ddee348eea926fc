package org.eegdecode.acquisition.lsl;

import static org.eegdecode.acquisition.lsl.LslTesting.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.cli.LslInfoCommand;
import org.eegdecode.acquisition.cli.StreamsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code eegdecode lsl-info} and {@code eegdecode streams}. */
@Timeout(60)
class LslCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, String out, String err) {}

  private static Run run(Object command, String... args) {
    CommandLine cmd = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void lslInfoPrintsOneJsonObject() throws Exception {
    Run run = run(new LslInfoCommand());
    assertEquals(0, run.exit(), run.err());
    JsonNode info = JSON.readTree(run.out());
    Lsl lsl = Lsl.get();
    assertEquals(lsl.libraryPath().toString(), info.get("library_path").asText());
    assertEquals(lsl.source(), info.get("source").asText());
    assertEquals(lsl.libraryVersion(), info.get("library_version").asInt());
    assertEquals(110, info.get("protocol_version").asInt());
    assertEquals(
        lsl.optionalSymbols().get("lsl_set_postprocessing"),
        info.get("optional_symbols").get("lsl_set_postprocessing").asBoolean());
    assertEquals(lsl.optionalSymbols().size(), info.get("optional_symbols").size());
    assertTrue(info.get("local_clock").asDouble() > 0);
  }

  @Test
  void streamsListsOutletsAsJsonLinesWithLabelsOnRequest() throws Exception {
    String name = unique("listed");
    try (LslOutlet eeg = LslOutlet.eeg(name, unique("src"), List.of("O1", "Oz", "O2"), 256);
        LslOutlet markers = LslOutlet.markers(name + "-markers", unique("src"))) {
      Run run = run(new StreamsCommand(), "--wait", "0.6", "--labels");
      assertEquals(0, run.exit(), run.err());
      List<JsonNode> mine = new ArrayList<>();
      for (String line : run.out().split("\n")) {
        JsonNode node = JSON.readTree(line);
        if (node.get("name").asText().startsWith(name)) {
          mine.add(node);
        }
      }
      assertEquals(2, mine.size(), run.out());
      JsonNode first = mine.get(0);
      assertEquals(name, first.get("name").asText());
      assertEquals("EEG", first.get("type").asText());
      assertEquals(3, first.get("channels").asInt());
      assertEquals(256.0, first.get("rate").asDouble());
      assertEquals("float32", first.get("format").asText());
      assertEquals(eeg.info().sourceId(), first.get("source_id").asText());
      assertEquals(eeg.info().uid(), first.get("uid").asText());
      assertEquals(eeg.info().hostname(), first.get("hostname").asText());
      assertEquals(
          List.of("O1", "Oz", "O2"), JSON.convertValue(first.get("channel_labels"), List.class));
      assertEquals("Markers", mine.get(1).get("type").asText());
      assertEquals(0.0, mine.get(1).get("rate").asDouble());

      Run asArray = run(new StreamsCommand(), "--wait", "0.5", "--array");
      JsonNode array = JSON.readTree(asArray.out());
      assertTrue(array.isArray());
      assertTrue(array.size() >= 2);
    }
  }
}
