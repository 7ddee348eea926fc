package org.eegdecode.acquisition.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  /** The seed's keys the issue names; each must exist with the seed's name. */
  private static final List<String> SEED_KEYS =
      List.of(
          "dataset_dir",
          "device",
          "data_average",
          "data_average_test",
          "eeg_suffix",
          "eeg_t_start",
          "eeg_t_end",
          "protocol",
          "subject",
          "layer_ids",
          "n_channels",
          "n_timepoints",
          "feature_dim",
          "eeg_feature_dim",
          "image_input_dim",
          "image_mid_dim",
          "router_temperature",
          "subject_dropout_rate",
          "layer_dropout_rate",
          "epochs",
          "batch_size",
          "eval_every",
          "lr",
          "weight_decay",
          "grad_clip",
          "stage1_epochs",
          "stage2_lr",
          "mmd_start",
          "mmd_end",
          "smooth_prob",
          "smooth_kernel_size",
          "smooth_sigma",
          "early_stop_patience",
          "warmup_epochs");

  @Test
  void defaultsHoldEverySeedKeyWithTheSeedValues() {
    Config config = Config.defaults();
    for (String key : SEED_KEYS) {
      config.get(key);
    }
    assertEquals(1e-4, config.getDouble("lr"));
    assertEquals(1024, config.getInt("batch_size"));
    assertEquals(20, config.getInt("stage1_epochs"));
    assertEquals(0.9, config.getDouble("mmd_start"));
    assertEquals(0.2, config.getDouble("mmd_end"));
    assertEquals(0.3, config.getDouble("subject_dropout_rate"));
    assertEquals(0.1, config.getDouble("layer_dropout_rate"));
    assertEquals(5, config.getInt("smooth_kernel_size"));
    assertEquals("[20,24,28,32,36]", config.get("layer_ids").toString());
    assertTrue(config.getBoolean("data_average"));
    assertFalse(config.getBoolean("data_average_test"));
  }

  @Test
  void overridesParseByTheDefaultsType() {
    Config config =
        Config.load(
            null,
            List.of(
                "lr=3e-4",
                "epochs=7",
                "data_average=false",
                "eeg_suffix=_63",
                "layer_ids=[28]",
                "mmd_end=1",
                "synth.snr=0.5",
                "acquisition.eeg_stream=amp 1"));
    assertEquals(3e-4, config.getDouble("lr"));
    assertEquals(7, config.getInt("epochs"));
    assertFalse(config.getBoolean("data_average"));
    assertEquals("_63", config.getString("eeg_suffix"));
    assertEquals("[28]", config.get("layer_ids").toString());
    assertEquals(1.0, config.getDouble("mmd_end"));
    assertTrue(config.get("mmd_end").isDouble(), "an integer given for a number is stored as one");
    assertEquals(0.5, config.getDouble("synth.snr"));
    assertEquals("amp 1", config.getString("acquisition.eeg_stream"));
    assertNull(Config.defaults().getString("synth.subjects"));
  }

  @Test
  void unknownKeysAndWrongTypesAreErrorsNamingTheKey() {
    assertMessage("override 'lr=abc': key 'lr' expects a number, got 'abc'", "lr=abc");
    assertMessage("override 'epochs=2.5': key 'epochs' expects an integer, got 2.5", "epochs=2.5");
    assertMessage(
        "override 'data_average=maybe': key 'data_average' expects true or false, got 'maybe'",
        "data_average=maybe");
    assertMessage(
        "override 'learning_rate=1': unknown config key 'learning_rate'", "learning_rate=1");
    assertMessage("override 'synth.nope=1': unknown config key 'synth.nope'", "synth.nope=1");
    assertMessage(
        "override 'layer_ids=[20, x]': key 'layer_ids[1]' expects an integer, got 'x'",
        "layer_ids=[20, x]");
    assertMessage("override 'synth=1': key 'synth' is a section, not a value", "synth=1");
    assertMessage("override 'lr': expected key=value", "lr");
  }

  @Test
  void configFileIsMergedAndCheckedLikeOverrides(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, "lr: 0.001\nsynth:\n  snr: 2.0\n");
    Config config = Config.load(file, List.of("lr=0.002"));
    assertEquals(0.002, config.getDouble("lr"), "overrides win over the file");
    assertEquals(2.0, config.getDouble("synth.snr"));
    assertEquals(1024, config.getInt("batch_size"), "keys the file lacks keep their default");

    Files.writeString(file, "synth:\n  bogus: 1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, List.of()));
    assertEquals("config file " + file + ": unknown config key 'synth.bogus'", e.getMessage());

    Files.writeString(file, "epochs: [1, 2\n");
    e = assertThrows(ConfigException.class, () -> Config.load(file, List.of()));
    assertTrue(e.getMessage().startsWith("config file " + file + ": not valid YAML"));

    Path missing = dir.resolve("missing.yaml");
    e = assertThrows(ConfigException.class, () -> Config.load(missing, List.of()));
    assertTrue(e.getMessage().startsWith("config file " + missing + ": cannot read"));
  }

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Acquisition(
      String eegStream,
      String markerStream,
      double resolveTimeoutS,
      double stallTimeoutS,
      double modelRate,
      String markerFilter,
      int ringSize,
      double bufferSeconds) {}

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record SynthSnr(Double snr) {}

  @Test
  void sectionsBindToRecordsAndYamlRoundTrips() {
    Acquisition a =
        Config.load(null, List.of("acquisition.ring_size=1024"))
            .section("acquisition", Acquisition.class);
    assertEquals(1024, a.ringSize());
    assertEquals(100.0, a.modelRate());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.load(null, List.of("synth.snr=abc")).section("synth", SynthSnr.class));
    assertEquals("key 'synth.snr' expects a number, got 'abc'", e.getMessage());
    String yaml = Config.defaults().with("epochs", 3).toYaml();
    assertTrue(yaml.contains("epochs: 3\n"), yaml);
  }

  private static void assertMessage(String expected, String override) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.load(null, List.of(override)));
    assertEquals(expected, e.getMessage());
  }
}
