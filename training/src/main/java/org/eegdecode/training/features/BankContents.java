package org.eegdecode.training.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eegdecode.acquisition.npy.DType;
import org.eegdecode.acquisition.npy.Float16;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.things.ThingsObjects;

/**
 * A feature bank being built: (concept, file) → (layers, dim) in float16 (held as the half
 * precision bits numpy writes) or float32, in insertion order. {@link #write} saves it in the
 * seed's format, {@code np.save(path, {(concept, file): array})}, atomically.
 */
final class BankContents {
  private final int layers;
  private final int dim;
  private final boolean float16;
  private final Map<String, Object[]> keys = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();

  BankContents(int layers, int dim, boolean float16) {
    this.layers = layers;
    this.dim = dim;
    this.float16 = float16;
  }

  private static String key(String concept, String file) {
    return concept + '\u0000' + file;
  }

  boolean contains(String concept, String file) {
    return keys.containsKey(key(concept, file));
  }

  int size() {
    return keys.size();
  }

  /** Stores {@code layers × dim} float32 values from {@code src} at {@code offset}. */
  void put(String concept, String file, float[] src, int offset) {
    int n = layers * dim;
    Object value;
    if (float16) {
      short[] bits = new short[n];
      for (int i = 0; i < n; i++) {
        bits[i] = Float16.fromFloat(src[offset + i]);
      }
      value = bits;
    } else {
      float[] copy = new float[n];
      System.arraycopy(src, offset, copy, 0, n);
      value = copy;
    }
    String k = key(concept, file);
    keys.put(k, new Object[] {concept, file});
    values.put(k, value);
  }

  /**
   * Adds the entries of an existing bank that this one lacks (for {@code --resume}).
   *
   * @return how many were added
   * @throws NpyFormatException naming the file when its entries are not (layers, dim) of this
   *     bank's dtype
   */
  int addFrom(Path file) throws IOException {
    Map<?, ?> dict = ThingsObjects.readDict(file);
    int added = 0;
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getKey() instanceof Object[] tuple)
          || tuple.length != 2
          || !(tuple[0] instanceof String concept)
          || !(tuple[1] instanceof String name)) {
        throw new NpyFormatException(
            file
                + ": key "
                + ThingsObjects.describeKey(e.getKey())
                + " is not a (concept, image file) tuple of strings");
      }
      if (!(e.getValue() instanceof NdArray array)) {
        throw new NpyFormatException(
            file
                + ": entry "
                + ThingsObjects.describeKey(e.getKey())
                + " is "
                + ThingsObjects.describe(e.getValue())
                + ", not an array");
      }
      int[] shape = array.shape();
      DType dtype = array.dtype();
      if (shape.length != 2
          || shape[0] != layers
          || shape[1] != dim
          || dtype.kind() != 'f'
          || dtype.itemSize() != (float16 ? 2 : 4)) {
        throw new NpyFormatException(
            file
                + ": entry "
                + ThingsObjects.describeKey(e.getKey())
                + " is "
                + dtype.descr()
                + " "
                + ThingsObjects.shapeText(shape)
                + " but this run makes "
                + (float16 ? "float16" : "float32")
                + " ("
                + layers
                + ", "
                + dim
                + "): use another --out, or run without --resume to replace it");
      }
      if (contains(concept, name)) {
        continue;
      }
      String k = key(concept, name);
      keys.put(k, new Object[] {concept, name});
      values.put(k, float16 ? array.toFloat16Bits() : array.toFloat32());
      added++;
    }
    return added;
  }

  /** Writes the bank atomically (a temporary file renamed over {@code file} when complete). */
  void write(Path file) throws IOException {
    Map<Object, Object> dict = new LinkedHashMap<>(keys.size() * 2);
    for (Map.Entry<String, Object[]> e : keys.entrySet()) {
      Object v = values.get(e.getKey());
      dict.put(
          e.getValue(),
          float16
              ? NdArray.ofFloat16((short[]) v, layers, dim)
              : NdArray.of((float[]) v, layers, dim));
    }
    NpyWriter.writeObject(file, dict);
  }
}
