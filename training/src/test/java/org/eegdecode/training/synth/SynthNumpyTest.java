package org.eegdecode.training.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.testing.PythonNumpy;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real numpy reads every file the generator writes, as the public THINGS-EEG2 code does. */
class SynthNumpyTest {
  @TempDir static Path tmp;
  static Path root;
  static SynthCatalog catalog;

  @BeforeAll
  static void generate() throws IOException {
    root = tmp.resolve("tiny");
    SynthGenerator generator = new SynthGenerator(SynthTestSupport.TINY);
    generator.generate(root, false);
    catalog = generator.catalog();
  }

  @Test
  void numpyReadsTheTinyDatasetAsWritten() throws IOException {
    JsonNode py = readWithNumpy(root);
    SynthSpec spec = SynthTestSupport.TINY;
    assertEquals(List.of("sub-01", "sub-02"), names(py.get("subjects")));
    for (int s = 1; s <= spec.subjects(); s++) {
      for (Split split : Split.values()) {
        String what = "sub-0" + s + " " + split;
        JsonNode e =
            py.get("subjects").get("sub-0" + s).get(split == Split.TRAINING ? "training" : "test");
        int[] shape = split == Split.TRAINING ? spec.trainShape() : spec.testShape();
        checkEegFile(e, shape, ThingsFormat.CHANNELS_17, what);
        NdArray java = SynthTestSupport.eeg(root, spec, s, split);
        double[] values = java.toFloat64();
        double sum = 0;
        for (double v : values) {
          sum += v;
        }
        assertEquals(sum, e.get("sum").asDouble(), 1e-9 * values.length, what);
        for (int i = 0; i < 5; i++) {
          assertEquals(values[i], e.get("first").get(i).asDouble(), what);
        }
        assertEquals(values[values.length - 1], e.get("last").asDouble(), what);
        assertEquals(0, e.get("baseline_mean").asDouble(), 0.02, what);
        assertEquals(1, e.get("baseline_std").asDouble(), 0.05, what);
      }
    }

    JsonNode meta = py.get("metadata");
    assertEquals(ThingsFormat.METADATA_KEYS, strings(meta.get("keys")));
    for (String key : ThingsFormat.METADATA_KEYS) {
      assertEquals("list", meta.get("types").get(key).asText(), key);
      assertEquals(catalog.metadata().get(key), strings(meta.get("values").get(key)), key);
    }

    JsonNode features = py.get("features");
    assertEquals(212, features.get("count").asInt());
    assertEquals("[\"tuple\"]", features.get("key_types").toString());
    assertTrue(features.get("keys_match_metadata").asBoolean());
    assertEquals("[\"(5, 3200)\"]", features.get("shapes").toString());
    assertEquals("[\"<f2\"]", features.get("dtypes").toString());
    assertTrue(features.get("finite").asBoolean());
    Map<String, NdArray> bank = SynthTestSupport.features(root);
    double[] first = bank.values().iterator().next().toFloat64();
    for (int i = 0; i < 5; i++) {
      assertEquals(first[i], features.get("first_values").get(i).asDouble());
    }
    double total = 0;
    for (NdArray entry : bank.values()) {
      for (double v : entry.toFloat64()) {
        total += v;
      }
    }
    assertEquals(total, features.get("total_sum").asDouble(), 1e-6 * 212 * 16000);

    assertEquals(192, py.get("images").get("training_images").get("present").asInt());
    assertEquals(20, py.get("images").get("test_images").get("present").asInt());
  }

  @Test
  void numpyReadsThe63ChannelLayout() throws IOException {
    Path out = tmp.resolve("micro63");
    SynthSpec spec = SynthTestSupport.micro(63);
    new SynthGenerator(spec).generate(out, false);
    JsonNode py = readWithNumpy(out);
    assertEquals(List.of("sub-01_63"), names(py.get("subjects")));
    JsonNode subject = py.get("subjects").get("sub-01_63");
    checkEegFile(subject.get("training"), spec.trainShape(), ThingsFormat.CHANNELS_63, "train");
    checkEegFile(subject.get("test"), spec.testShape(), ThingsFormat.CHANNELS_63, "test");
    assertEquals(6 * 2 + 3, py.get("features").get("count").asInt());
  }

  private static void checkEegFile(JsonNode e, int[] shape, List<String> channels, String what) {
    assertEquals("|O", e.get("outer_dtype").asText(), what);
    assertEquals(0, e.get("outer_shape").size(), what);
    assertEquals("dict", e.get("type").asText(), what);
    assertEquals(
        List.of(ThingsFormat.KEY_EEG, ThingsFormat.KEY_CH_NAMES, ThingsFormat.KEY_TIMES),
        strings(e.get("keys")),
        what);
    assertEquals(toList(shape), ints(e.get("shape")), what);
    assertEquals("<f8", e.get("dtype").asText(), what);
    assertTrue(e.get("c_contiguous").asBoolean(), what);
    assertEquals(channels, strings(e.get("ch_names")), what);
    assertEquals("list", e.get("ch_names_type").asText(), what);
    assertEquals("<f8", e.get("times_dtype").asText(), what);
    double[] times = ThingsFormat.releaseTimes();
    assertEquals(times.length, e.get("times").size(), what);
    for (int i = 0; i < times.length; i++) {
      assertEquals(times[i], e.get("times").get(i).asDouble(), what + " times[" + i + "]");
    }
    assertEquals(-0.2, e.get("times").get(0).asDouble(), what);
    assertEquals(0.79, e.get("times").get(99).asDouble(), what);
    assertEquals(20, e.get("onset_index").asInt(), what);
    assertTrue(e.get("finite").asBoolean(), what);
  }

  private static JsonNode readWithNumpy(Path dataset) throws IOException {
    PythonNumpy.Interpreter python = PythonNumpy.any();
    String out = PythonNumpy.run(python, "/python/read_synth.py", dataset.toString());
    return new ObjectMapper().readTree(out);
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static List<Integer> toList(int[] values) {
    List<Integer> out = new ArrayList<>();
    for (int v : values) {
      out.add(v);
    }
    return out;
  }
}
