package org.eegdecode.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsObjects;

/**
 * The offline image-feature bank ({@code internvit_features.npy}): a dict keyed by the tuple
 * (concept, image file) of float16 arrays (layers, dim), e.g. (5, 3200) for InternViT-6B layers 20,
 * 24, 28, 32 and 36. Held as one float32 array, row i = entry i.
 */
public final class FeatureBank {
  private final Path file;
  private final String dtype;
  private final int layers;
  private final int dim;
  private final Map<String, Integer> rowByKey;
  private final float[] values;

  private FeatureBank(
      Path file, String dtype, int layers, int dim, Map<String, Integer> rowByKey, float[] values) {
    this.file = file;
    this.dtype = dtype;
    this.layers = layers;
    this.dim = dim;
    this.rowByKey = rowByKey;
    this.values = values;
  }

  public static FeatureBank read(Path file) throws IOException {
    return from(file, ThingsObjects.readDict(file));
  }

  /** Checks and converts an already unpickled bank: every entry the same (layers, dim), finite. */
  public static FeatureBank from(Path file, Map<?, ?> dict) throws NpyFormatException {
    if (dict.isEmpty()) {
      throw new NpyFormatException(file + ": the feature bank is empty");
    }
    String dtype = null;
    int layers = -1;
    int dim = -1;
    int row = 0;
    Map<String, Integer> rowByKey = new HashMap<>(dict.size() * 2);
    float[] values = null;
    for (Map.Entry<?, ?> entry : dict.entrySet()) {
      String key = keyOf(file, entry.getKey());
      if (!(entry.getValue() instanceof NdArray)) {
        throw entryError(
            file, entry, "should be an array, found " + ThingsObjects.describe(entry.getValue()));
      }
      NdArray array = (NdArray) entry.getValue();
      int[] shape = array.shape();
      if (shape.length != 2) {
        throw entryError(
            file,
            entry,
            "has shape " + ThingsObjects.shapeText(shape) + ", expected (layers, dim)");
      }
      if (layers < 0) {
        dtype = array.dtype().descr();
        layers = shape[0];
        dim = shape[1];
        values = new float[Math.multiplyExact(dict.size(), layers * dim)];
      } else if (shape[0] != layers || shape[1] != dim) {
        throw entryError(
            file,
            entry,
            "has shape "
                + ThingsObjects.shapeText(shape)
                + " but the first entry has ("
                + layers
                + ", "
                + dim
                + ")");
      }
      int offset = row * layers * dim;
      array.readFloat32(0, values, offset, layers * dim);
      for (int i = offset; i < offset + layers * dim; i++) {
        if (!Float.isFinite(values[i])) {
          throw entryError(file, entry, "holds the non-finite value " + values[i]);
        }
      }
      rowByKey.put(key, row);
      row++;
    }
    return new FeatureBank(file, dtype, layers, dim, rowByKey, values);
  }

  private static NpyFormatException entryError(Path file, Map.Entry<?, ?> entry, String problem) {
    return new NpyFormatException(
        file + ": entry " + ThingsObjects.describeKey(entry.getKey()) + " " + problem);
  }

  private static String keyOf(Path file, Object key) throws NpyFormatException {
    if (key instanceof Object[]) {
      Object[] tuple = (Object[]) key;
      if (tuple.length == 2 && tuple[0] instanceof String && tuple[1] instanceof String) {
        return key((String) tuple[0], (String) tuple[1]);
      }
    }
    throw new NpyFormatException(
        file
            + ": key "
            + ThingsObjects.describeKey(key)
            + " is not a (concept, image file) tuple of strings");
  }

  private static String key(String concept, String imageFile) {
    return concept + '\u0000' + imageFile;
  }

  public Path file() {
    return file;
  }

  /** The numpy dtype of the entries in the file (e.g. {@code <f2}); held here as float32. */
  public String dtype() {
    return dtype;
  }

  public int size() {
    return rowByKey.size();
  }

  public int layers() {
    return layers;
  }

  public int dim() {
    return dim;
  }

  public boolean contains(String concept, String imageFile) {
    return rowByKey.containsKey(key(concept, imageFile));
  }

  /**
   * Features of the images of one split, in metadata order: float32 (images, layers, dim).
   *
   * @throws NpyFormatException naming the first (concept, file) the bank lacks
   */
  public float[] gather(ImageMetadata metadata, boolean training) throws NpyFormatException {
    List<String> concepts = metadata.concepts(training);
    List<String> files = metadata.files(training);
    int stride = layers * dim;
    float[] out = new float[Math.multiplyExact(concepts.size(), stride)];
    for (int i = 0; i < concepts.size(); i++) {
      Integer row = rowByKey.get(key(concepts.get(i), files.get(i)));
      if (row == null) {
        throw new NpyFormatException(
            file
                + ": no features for ('"
                + concepts.get(i)
                + "', '"
                + files.get(i)
                + "'), "
                + (training ? "training" : "test")
                + " image "
                + i
                + " of "
                + metadata.file());
      }
      System.arraycopy(values, row * stride, out, i * stride, stride);
    }
    return out;
  }
}
