package org.eegdecode.acquisition.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a recording process killed with SIGKILL mid-stream leaves a session readable up to
 * its last complete record, with every record it acknowledged intact.
 */
class SessionCrashTest {
  @TempDir Path tmp;

  @Test
  void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
    Path dir = tmp.resolve("crashed");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
        command.add(arg); // Chronicle's JVM flags, as surefire passed them
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashingRecorder.class.getName());
    command.add(dir.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    long lastAck = -1;
    long acks = 0;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          lastAck = Long.parseLong(line.substring(4));
          if (++acks == 20_000) {
            // SIGKILL on Unix: no shutdown hook, no close, possibly mid-record
            process.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(20_000, acks, "the recorder died before it was killed");
    assertEquals(137, process.exitValue(), "killed by SIGKILL");

    SessionFixture.Collected c = SessionFixture.read(dir);
    assertTrue(c.index.size() > lastAck, "samples up to the last acknowledged one are there");
    for (int i = 0; i < c.index.size(); i++) {
      long s = c.index.get(i);
      assertEquals(i, s, "no sample missing or repeated");
      assertEquals(SessionFixture.corrected(s), c.corrected.get(i));
      for (int ch = 0; ch < SessionFixture.CHANNELS; ch++) {
        assertEquals(SessionFixture.value(s, ch), (float) c.values.get(i)[ch]);
      }
    }
    assertEquals(c.index.size() % SessionFixture.CHUNK, 0, "only whole chunks");
    assertFalse(c.ended);
    ObjectNode info = SessionInfo.describe(dir);
    assertFalse(info.get("closed_cleanly").asBoolean());
    assertEquals("recording", info.get("state").asText());
    assertEquals(c.index.size(), info.get("streams").get(0).get("sample_count").asLong());
  }
}
