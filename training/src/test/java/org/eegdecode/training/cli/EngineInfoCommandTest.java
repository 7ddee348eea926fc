package org.eegdecode.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code eegdecode engine-info} on this machine's CPU engine (DJL's shipped PyTorch 2.5.1). */
class EngineInfoCommandTest {
  @Test
  void reportsTheEngineAndChecksAMatmulPerDevice() throws Exception {
    CliRun run = CliRun.of("engine-info");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode info = new ObjectMapper().readTree(run.out().strip());
    assertEquals("PyTorch", info.get("engine").asText());
    assertEquals("2.5.1", info.get("version").asText());
    assertEquals("0.32.0", info.get("djl_version").asText());
    assertTrue(Files.isDirectory(Path.of(info.get("library_folder").asText())), info.toString());
    JsonNode devices = info.get("devices");
    assertEquals(1 + info.get("gpu_count").asInt(), devices.size());
    JsonNode cpu = devices.get(0);
    assertEquals("cpu()", cpu.get("device").asText());
    assertTrue(cpu.get("ok").asBoolean(), cpu.toString());
    assertTrue(cpu.get("matmul_max_abs_error").asDouble() < 1e-3, cpu.toString());
    assertTrue(info.has("environment") && info.get("environment").has("PYTORCH_LIBRARY_PATH"));
  }
}
