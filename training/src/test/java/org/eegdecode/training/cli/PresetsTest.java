package org.eegdecode.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's validated presets, as issue 12 documents them: {@code configs/intra.yaml} (0–0.7 s
 * crop, 70 time points, data_average=false, defaults otherwise) and {@code configs/inter.yaml}
 * (data_average=true, batch_size=1024, epochs=15, stage1_epochs=20, early_stop_patience=2,
 * eval_every=1), selected by {@code --config FILE} or {@code preset=NAME}, printed by {@code
 * eegdecode config}.
 */
class PresetsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The documented values, key by key. */
  private static final Map<String, Object> INTRA =
      Map.of(
          "protocol",
          "intra",
          "eeg_t_start",
          0.0,
          "eeg_t_end",
          0.7,
          "n_timepoints",
          70,
          "data_average",
          false);

  private static final Map<String, Object> INTER =
      Map.of(
          "protocol", "inter",
          "data_average", true,
          "batch_size", 1024,
          "epochs", 15,
          "stage1_epochs", 20,
          "early_stop_patience", 2,
          "eval_every", 1);

  /** Keys a preset must leave at the default ("defaults otherwise"). */
  private static final String[] UNTOUCHED = {
    "lr",
    "weight_decay",
    "grad_clip",
    "mmd_start",
    "mmd_end",
    "smooth_prob",
    "refit",
    "val_fraction"
  };

  private static JsonNode printed(String... args) throws Exception {
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exitCode(), run.err());
    return YAML.readTree(run.out());
  }

  private static void check(JsonNode config, Map<String, Object> expected, String name) {
    expected.forEach(
        (key, value) -> {
          JsonNode got = config.get(key);
          if (value instanceof Double d) {
            assertEquals(d, got.asDouble(), 1e-12, name + ": " + key);
          } else if (value instanceof Integer i) {
            assertEquals(i.intValue(), got.asInt(), name + ": " + key);
          } else if (value instanceof Boolean b) {
            assertEquals(b, got.asBoolean(), name + ": " + key);
          } else {
            assertEquals(value, got.asText(), name + ": " + key);
          }
        });
    assertEquals(name, config.get("preset").asText());
  }

  @Test
  void presetFilesCarryTheSeedsValues() throws Exception {
    Path configs = Path.of("..", "configs");
    JsonNode defaults = printed("config");
    for (var preset : Map.of("intra", INTRA, "inter", INTER).entrySet()) {
      String name = preset.getKey();
      JsonNode byFile = printed("config", "--config", configs.resolve(name + ".yaml").toString());
      JsonNode byKey = printed("config", "preset=" + name);
      check(byFile, preset.getValue(), name);
      assertEquals(byFile, byKey, name + ": --config and preset= give the same configuration");
      for (String key : UNTOUCHED) {
        assertEquals(defaults.get(key), byKey.get(key), name + " leaves " + key);
      }
    }
    // stage 2 never runs under the inter preset
    JsonNode inter = printed("config", "preset=inter");
    assertTrue(inter.get("stage1_epochs").asInt() >= inter.get("epochs").asInt());
  }

  @Test
  void overridesAndFilesApplyOverThePreset() throws Exception {
    JsonNode config = printed("config", "preset=inter", "epochs=3", "subject=2");
    assertEquals(3, config.get("epochs").asInt());
    assertEquals(2, config.get("subject").asInt());
    assertEquals(1024, config.get("batch_size").asInt());
  }

  @Test
  void anUnknownPresetIsOneLine() {
    CliRun run = CliRun.of("config", "preset=intar");
    assertEquals(2, run.exitCode());
    assertEquals(
        "eegdecode config: preset 'intar': no such preset (known: intra, inter)",
        run.err().strip());
  }
}
