package org.eegdecode.training.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.training.cli.EegDecode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The synth config section, presets, validation and the {@code eegdecode synth} command. */
class SynthSettingsTest {
  @TempDir Path tmp;

  @Test
  void defaultsAreTheTinyPresetWithTheConfiguredSeed() {
    SynthSpec spec = SynthSettings.from(Config.defaults()).resolve();
    assertEquals(SynthPreset.TINY.spec(), spec);
  }

  @Test
  void nullKeysTakeThePresetsValueOthersOverrideIt() {
    Config config =
        Config.load(null, List.of("synth.preset=full", "synth.subjects=1", "synth.snr=0.5"));
    SynthSpec spec = SynthSettings.from(config).resolve();
    SynthSpec full = SynthPreset.FULL.spec();
    assertEquals("full", spec.preset());
    assertEquals(1, spec.subjects());
    assertEquals(0.5, spec.snr());
    assertEquals(full.trainConcepts(), spec.trainConcepts());
    assertEquals(1654, spec.trainConcepts());
    assertEquals(10, spec.trainImagesPerConcept());
    assertEquals(200, spec.testConcepts());
    assertEquals(80, spec.testRepetitions());
    assertEquals(17, spec.channels());
    assertEquals("", spec.subjectSuffix());
  }

  @Test
  void invalidValuesNameTheirKey() {
    assertMessage("synth.channels", "synth.channels=18");
    assertMessage("synth.subjects", "synth.subjects=0");
    assertMessage("synth.train_repetitions", "synth.train_repetitions=-4");
    assertMessage("synth.preset", "synth.preset=huge");
    assertMessage("synth.snr", "synth.snr=-1");
    assertMessage("synth.image_size", "synth.image_size=2");
  }

  private static void assertMessage(String key, String override) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> SynthSettings.from(Config.load(null, List.of(override))).resolve());
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void commandWritesTheFolderAndPrintsOneJsonLine() throws Exception {
    Path out = tmp.resolve("ds");
    StringWriter stdout = new StringWriter();
    CommandLine cmd = EegDecode.commandLine();
    cmd.setOut(new PrintWriter(stdout));
    int code =
        cmd.execute(
            "synth",
            out.toString(),
            "subjects=1",
            "train_concepts=5",
            "train_images_per_concept=2",
            "test_concepts=3",
            "synth.test_repetitions=3",
            "channels=63",
            "image_size=16");
    assertEquals(0, code);
    String[] lines = stdout.toString().strip().split("\\R");
    assertEquals(1, lines.length, stdout.toString());
    JsonNode json = new ObjectMapper().readTree(lines[0]);
    assertEquals(out.toString(), json.get("out").asText());
    assertEquals("tiny", json.get("preset").asText());
    assertEquals(63, json.get("channels").asInt());
    assertEquals("[10,4,63,100]", json.get("train_shape").toString());
    assertEquals("[3,3,63,100]", json.get("test_shape").toString());
    assertEquals("[5,3200]", json.get("feature_shape").toString());
    assertEquals(13, json.get("feature_entries").asInt());
    assertEquals(4 + 13, json.get("files").asInt());
    assertTrue(json.get("bytes").asLong() > 10 * 4 * 63 * 100 * 8);
    assertTrue(json.has("seconds"));
    assertFalse(json.get("reused").asBoolean());
    assertTrue(Files.isRegularFile(out.resolve("sub-01_63/preprocessed_eeg_training.npy")));
    assertFalse(Files.exists(out.resolve("sub-01")));
    assertTrue(Files.isRegularFile(out.resolve(SynthFolder.COMPLETE_MARKER)));
  }

  @Test
  void commandReportsBadSettingsAsBadInput() {
    StringWriter stderr = new StringWriter();
    CommandLine cmd = EegDecode.commandLine();
    cmd.setErr(new PrintWriter(stderr));
    cmd.setOut(new PrintWriter(new StringWriter()));
    int code = cmd.execute("synth", tmp.resolve("x").toString(), "channels=18");
    assertEquals(2, code);
    assertTrue(stderr.toString().contains("synth.channels"), stderr.toString());

    stderr.getBuffer().setLength(0);
    code = cmd.execute("synth", tmp.resolve("x").toString(), "bogus=1");
    assertEquals(2, code);
    assertTrue(stderr.toString().contains("unknown config key 'bogus'"), stderr.toString());

    stderr.getBuffer().setLength(0);
    code = cmd.execute("synth", tmp.resolve("x").toString(), "synth.bogus=1");
    assertEquals(2, code);
    assertTrue(stderr.toString().contains("unknown config key 'synth.bogus'"), stderr.toString());
  }
}
