package org.eegdecode.training.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.npy.NpyReader;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.acquisition.things.ThingsObjects;

/**
 * Describes a THINGS-EEG2 file or folder as one JSON object ({@code eegdecode inspect}). Big arrays
 * are described from their headers; the codec never reads their data for this.
 */
public final class Inspector {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int FIRST_VALUES = 8;

  private Inspector() {}

  public static ObjectNode inspect(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return inspectFolder(path);
    }
    if (!Files.exists(path)) {
      throw new IOException(path + ": no such file or folder");
    }
    if (!Files.isReadable(path)) {
      throw new IOException(path + ": not readable");
    }
    if (path.getFileName().toString().endsWith(".npz")) {
      return inspectNpz(path);
    }
    return inspectNpy(path);
  }

  private static ObjectNode inspectNpy(Path file) throws IOException {
    Object value = NpyReader.read(file);
    ObjectNode out = JSON.objectNode();
    out.put("path", file.toString());
    if (value instanceof NdArray) {
      out.put("kind", "array");
      describeArray(out, (NdArray) value);
      return out;
    }
    if (!(value instanceof Map)) {
      out.put("kind", "object");
      out.put("type", ThingsObjects.describe(value));
      return out;
    }
    Map<?, ?> dict = (Map<?, ?>) value;
    if (dict.containsKey(ThingsFormat.KEY_EEG)) {
      out.put("kind", "eeg");
      describeEeg(out, file, dict);
    } else if (dict.keySet().containsAll(ThingsFormat.METADATA_KEYS)) {
      out.put("kind", "metadata");
      describeMetadata(out, file, dict);
    } else if (!dict.isEmpty() && dict.keySet().iterator().next() instanceof Object[]) {
      out.put("kind", "features");
      describeFeatures(out, file, dict);
    } else {
      out.put("kind", "object");
      ArrayNode keys = out.putArray("keys");
      dict.keySet().forEach(k -> keys.add(ThingsObjects.describeKey(k)));
    }
    return out;
  }

  private static ObjectNode inspectNpz(Path file) throws IOException {
    ObjectNode out = JSON.objectNode();
    out.put("path", file.toString());
    out.put("kind", "array");
    ObjectNode arrays = out.putObject("arrays");
    for (Map.Entry<String, NdArray> e : NpyReader.readNpz(file).entrySet()) {
      describeArray(arrays.putObject(e.getKey()), e.getValue());
    }
    return out;
  }

  private static void describeArray(ObjectNode out, NdArray array) {
    putShape(out, array.shape());
    out.put("dtype", array.dtype().descr());
    out.put("fortran_order", array.fortranOrder());
    ArrayNode first = out.putArray("first");
    int n = (int) Math.min(FIRST_VALUES, array.size());
    if (array.dtype().kind() == 'f') {
      float[] values = new float[n];
      array.readFloat32(0, values, 0, n);
      for (float v : values) {
        first.add(v);
      }
    } else if (n > 0) {
      long[] values = array.toInt64();
      for (int i = 0; i < n; i++) {
        first.add(values[i]);
      }
    }
  }

  private static void describeEeg(ObjectNode out, Path file, Map<?, ?> dict) throws IOException {
    NdArray eeg = ThingsObjects.array(file, dict, ThingsFormat.KEY_EEG);
    putShape(out, eeg.shape());
    out.put("dtype", eeg.dtype().descr());
    ArrayNode names = out.putArray("ch_names");
    ThingsObjects.strings(file, dict, ThingsFormat.KEY_CH_NAMES).forEach(names::add);
    double[] times = ThingsObjects.array(file, dict, ThingsFormat.KEY_TIMES).toFloat64();
    ObjectNode t = out.putObject("times");
    t.put("first", times.length > 0 ? times[0] : Double.NaN);
    t.put("last", times.length > 0 ? times[times.length - 1] : Double.NaN);
    t.put("count", times.length);
  }

  private static void describeMetadata(ObjectNode out, Path file, Map<?, ?> dict)
      throws IOException {
    ObjectNode keys = out.putObject("keys");
    for (String key : ThingsFormat.METADATA_KEYS) {
      List<String> values = ThingsObjects.strings(file, dict, key);
      ObjectNode k = keys.putObject(key);
      k.put("length", values.size());
      ArrayNode first = k.putArray("first");
      values.stream().limit(3).forEach(first::add);
    }
  }

  private static void describeFeatures(ObjectNode out, Path file, Map<?, ?> dict)
      throws IOException {
    FeatureBank bank = FeatureBank.from(file, dict);
    out.put("count", bank.size());
    ArrayNode key = out.putArray("first_key");
    for (Object part : (Object[]) dict.keySet().iterator().next()) {
      key.add(String.valueOf(part));
    }
    putShape(out, new int[] {bank.layers(), bank.dim()});
    out.put("dtype", bank.dtype());
  }

  private static ObjectNode inspectFolder(Path root) throws IOException {
    DatasetFolder folder = DatasetFolder.open(root);
    ObjectNode out = JSON.objectNode();
    out.put("path", root.toString());
    out.put("kind", "dataset");
    List<String> missing = new ArrayList<>();
    ImageMetadata metadata = null;
    Path metadataFile = folder.metadataFile();
    if (Files.isRegularFile(metadataFile)) {
      metadata = ImageMetadata.read(metadataFile);
      ObjectNode m = out.putObject("metadata");
      m.put("training_images", metadata.trainConcepts().size());
      m.put("training_concepts", metadata.trainConcepts().stream().distinct().count());
      m.put("test_images", metadata.testConcepts().size());
      m.put("test_concepts", metadata.testConcepts().stream().distinct().count());
    } else {
      missing.add(root.relativize(metadataFile).toString());
    }
    ArrayNode subjects = out.putArray("subjects");
    for (String suffix : List.of("", "_63")) {
      for (int subject : folder.subjects(suffix)) {
        ObjectNode s = subjects.addObject();
        s.put("subject", subject);
        s.put("folder", ThingsFormat.subjectDir(subject, suffix));
        for (boolean training : new boolean[] {true, false}) {
          Path file = folder.eegFile(subject, suffix, training);
          if (!Files.isRegularFile(file)) {
            missing.add(root.relativize(file).toString());
            continue;
          }
          ObjectNode split = s.putObject(training ? "training" : "test");
          Map<?, ?> dict = ThingsObjects.readDict(file);
          NdArray eeg = ThingsObjects.array(file, dict, ThingsFormat.KEY_EEG);
          putShape(split, eeg.shape());
          split.put("dtype", eeg.dtype().descr());
          split.put(
              "channels", ThingsObjects.strings(file, dict, ThingsFormat.KEY_CH_NAMES).size());
          if (metadata != null && eeg.shape()[0] != metadata.concepts(training).size()) {
            throw new NpyFormatException(
                file
                    + ": "
                    + eeg.shape()[0]
                    + " images but "
                    + metadataFile
                    + " lists "
                    + metadata.concepts(training).size());
          }
        }
      }
    }
    Path featureFile = root.resolve(ThingsFormat.FEATURE_FILE);
    if (Files.isRegularFile(featureFile)) {
      FeatureBank bank = FeatureBank.read(featureFile);
      ObjectNode f = out.putObject("features");
      f.put("count", bank.size());
      f.put("layers", bank.layers());
      f.put("dim", bank.dim());
      if (metadata != null) {
        bank.gather(metadata, true);
        bank.gather(metadata, false);
      }
    } else {
      missing.add(ThingsFormat.FEATURE_FILE);
    }
    ObjectNode images = out.putObject("images");
    for (boolean training : new boolean[] {true, false}) {
      Path dir = folder.imagesDir(training);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          images.put(training ? "training" : "test", files.filter(Files::isRegularFile).count());
        }
      } else {
        missing.add(root.relativize(dir) + "/");
      }
    }
    ArrayNode missingNode = out.putArray("missing");
    missing.forEach(missingNode::add);
    return out;
  }

  private static void putShape(ObjectNode out, int[] shape) {
    ArrayNode node = out.putArray("shape");
    for (int d : shape) {
      node.add(d);
    }
  }
}
