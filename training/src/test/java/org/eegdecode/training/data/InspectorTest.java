package org.eegdecode.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorTest {
  @TempDir static Path dir;

  @BeforeAll
  static void writeFixture() {
    MiniThings.write(dir);
  }

  @Test
  void eegFile() throws IOException {
    JsonNode eeg = Inspector.inspect(dir.resolve("sub-01/preprocessed_eeg_test.npy"));
    assertEquals("eeg", eeg.get("kind").asText());
    assertEquals("[3,6,17,100]", eeg.get("shape").toString());
    assertEquals("<f8", eeg.get("dtype").asText());
    assertEquals("Pz", eeg.get("ch_names").get(0).asText());
    assertEquals(17, eeg.get("ch_names").size());
    assertEquals(-0.2, eeg.get("times").get("first").asDouble(), 1e-12);
    assertEquals(0.79, eeg.get("times").get("last").asDouble(), 1e-12);
    assertEquals(100, eeg.get("times").get("count").asInt());
  }

  @Test
  void metadataAndFeatures() throws IOException {
    JsonNode metadata = Inspector.inspect(dir.resolve("image_metadata.npy"));
    assertEquals("metadata", metadata.get("kind").asText());
    assertEquals(10, metadata.get("keys").get("train_img_files").get("length").asInt());
    assertEquals(
        "thing0_01b.jpg", metadata.get("keys").get("train_img_files").get("first").get(0).asText());
    assertEquals(6, metadata.get("keys").size());

    JsonNode features =
        Inspector.inspect(
            dir.resolve(
                "image_feature/internvit_multilevel_20_24_28_32_36/internvit_features.npy"));
    assertEquals("features", features.get("kind").asText());
    assertEquals(13, features.get("count").asInt());
    assertEquals("[5,8]", features.get("shape").toString());
    assertEquals("<f2", features.get("dtype").asText());
    assertEquals(2, features.get("first_key").size());
  }

  @Test
  void folderSummary() throws IOException {
    JsonNode folder = Inspector.inspect(dir);
    assertEquals("dataset", folder.get("kind").asText());
    assertEquals(2, folder.get("subjects").size());
    assertEquals(
        "[10,4,17,100]", folder.get("subjects").get(0).get("training").get("shape").toString());
    assertEquals(5, folder.get("metadata").get("training_concepts").asInt());
    assertEquals(13, folder.get("features").get("count").asInt());
    assertEquals(10, folder.get("images").get("training").asInt());
    assertEquals(0, folder.get("missing").size());
  }
}
