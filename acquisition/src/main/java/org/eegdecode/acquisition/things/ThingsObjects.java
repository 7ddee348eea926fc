package org.eegdecode.acquisition.things;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.npy.NpyReader;

/**
 * Typed access to the dicts inside THINGS object {@code .npy} files, with errors naming the file.
 */
public final class ThingsObjects {
  private ThingsObjects() {}

  /** Reads an object {@code .npy} that must hold a dict. */
  public static Map<?, ?> readDict(Path file) throws IOException {
    Object value = NpyReader.read(file);
    if (!(value instanceof Map)) {
      throw new NpyFormatException(
          file + ": expected a pickled dict (np.save of a dict), found " + describe(value));
    }
    return (Map<?, ?>) value;
  }

  public static NdArray array(Path file, Map<?, ?> dict, String key) throws NpyFormatException {
    Object value = require(file, dict, key);
    if (!(value instanceof NdArray)) {
      throw new NpyFormatException(
          file + ": '" + key + "' should be a numpy array, found " + describe(value));
    }
    return (NdArray) value;
  }

  public static List<String> strings(Path file, Map<?, ?> dict, String key)
      throws NpyFormatException {
    Object value = require(file, dict, key);
    List<?> items;
    if (value instanceof List) {
      items = (List<?>) value;
    } else if (value instanceof Object[]) {
      items = Arrays.asList((Object[]) value);
    } else {
      throw new NpyFormatException(
          file + ": '" + key + "' should be a list of strings, found " + describe(value));
    }
    List<String> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String)) {
        throw new NpyFormatException(
            file
                + ": '"
                + key
                + "'["
                + i
                + "] should be a string, found "
                + describe(items.get(i)));
      }
      out.add((String) items.get(i));
    }
    return out;
  }

  private static Object require(Path file, Map<?, ?> dict, String key) throws NpyFormatException {
    if (!dict.containsKey(key)) {
      throw new NpyFormatException(
          file + ": missing key '" + key + "' (keys found: " + keysText(dict) + ")");
    }
    return dict.get(key);
  }

  public static String keysText(Map<?, ?> dict) {
    return dict.keySet().stream().map(ThingsObjects::describeKey).collect(Collectors.joining(", "));
  }

  public static String describeKey(Object key) {
    if (key instanceof Object[]) {
      return Arrays.stream((Object[]) key)
          .map(ThingsObjects::describeKey)
          .collect(Collectors.joining(", ", "(", ")"));
    }
    return key instanceof String ? "'" + key + "'" : String.valueOf(key);
  }

  public static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof NdArray) {
      NdArray a = (NdArray) value;
      return "array " + a.dtype().descr() + " " + shapeText(a.shape());
    }
    return value.getClass().getSimpleName();
  }

  /** A shape as numpy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
  public static String shapeText(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.stream(shape)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
