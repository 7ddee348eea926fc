package org.eegdecode.acquisition.npy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Java twin of {@code describe} in {@code check_written.py}: the same JSON for the same value,
 * so a value written by Java and the value numpy loads can be compared exactly.
 */
final class NumpyDescribe {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private NumpyDescribe() {}

  static JsonNode of(Object v) {
    return of(v, false);
  }

  /**
   * As numpy describes {@code v} after unpickling it: numpy turns pickled non-native (big-endian)
   * arrays into native ones with the same values, so their dtype is reported little-endian.
   */
  static JsonNode ofUnpickled(Object v) {
    return of(v, true);
  }

  private static JsonNode of(Object v, boolean unpickled) {
    ObjectNode node = JSON.objectNode();
    if (v == null) {
      return node.put("t", "none");
    }
    if (v instanceof Boolean) {
      return node.put("t", "bool").put("v", (Boolean) v);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return node.put("t", "int").put("v", v.toString());
    }
    if (v instanceof Double || v instanceof Float) {
      long bits = Double.doubleToRawLongBits(((Number) v).doubleValue());
      return node.put("t", "float").put("bits", Long.toString(bits));
    }
    if (v instanceof String) {
      return node.put("t", "str").put("v", (String) v);
    }
    if (v instanceof byte[]) {
      return node.put("t", "bytes").put("hex", HexFormat.of().formatHex((byte[]) v));
    }
    if (v instanceof List || v instanceof Object[]) {
      ArrayNode items = node.put("t", v instanceof List ? "list" : "tuple").putArray("items");
      for (Object item : v instanceof List ? (List<?>) v : Arrays.asList((Object[]) v)) {
        items.add(of(item, unpickled));
      }
      return node;
    }
    if (v instanceof Map) {
      node.put("t", "dict");
      ArrayNode keys = node.putArray("keys");
      ArrayNode values = node.putArray("values");
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        keys.add(of(e.getKey(), unpickled));
        values.add(of(e.getValue(), unpickled));
      }
      return node;
    }
    if (v instanceof NdArray) {
      NdArray a = (NdArray) v;
      DType dtype = unpickled ? a.dtype().withOrder(ByteOrder.LITTLE_ENDIAN) : a.dtype();
      node.put("t", "ndarray").put("dtype", dtype.descr());
      ArrayNode shape = node.putArray("shape");
      int longAxes = 0;
      for (int d : a.shape()) {
        shape.add(d);
        longAxes += d > 1 ? 1 : 0;
      }
      node.put("fortran", a.fortranOrder() && longAxes > 1);
      return node.put("sha256", sha256(littleEndianBytes(a)));
    }
    throw new IllegalArgumentException("cannot describe " + v.getClass());
  }

  /** Fails with the first path where the two descriptions differ (the whole JSON is unreadable). */
  static void assertSame(JsonNode expected, JsonNode actual, String label) {
    String diff = firstDifference(expected, actual, "$");
    if (diff != null) {
      org.junit.jupiter.api.Assertions.fail(label + ": " + diff);
    }
  }

  private static String firstDifference(JsonNode e, JsonNode a, String path) {
    if (e == null || a == null || e.getNodeType() != a.getNodeType()) {
      return path + ": expected " + abbreviate(e) + " but was " + abbreviate(a);
    }
    if (e.isArray() || e.isObject()) {
      if (e.size() != a.size()) {
        return path + ": expected " + e.size() + " entries but was " + a.size();
      }
      if (e.isArray()) {
        for (int i = 0; i < e.size(); i++) {
          String d = firstDifference(e.get(i), a.get(i), path + "[" + i + "]");
          if (d != null) {
            return d;
          }
        }
      } else {
        for (java.util.Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          String d = firstDifference(e.get(name), a.get(name), path + "." + name);
          if (d != null) {
            return d;
          }
        }
      }
      return null;
    }
    return e.equals(a) ? null : path + ": expected " + abbreviate(e) + " but was " + abbreviate(a);
  }

  private static String abbreviate(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** The elements in C order, little-endian, as Java reads them. */
  static byte[] littleEndianBytes(NdArray a) {
    int n = (int) a.size();
    ByteBuffer b = ByteBuffer.allocate(n * a.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (a.dtype().kind() + "" + a.dtype().itemSize()) {
      case "f8":
        b.asDoubleBuffer().put(a.toFloat64());
        break;
      case "f4":
        b.asFloatBuffer().put(a.toFloat32());
        break;
      case "f2":
        b.asShortBuffer().put(a.toFloat16Bits());
        break;
      default:
        for (long x : a.toInt64()) {
          switch (a.dtype().itemSize()) {
            case 1:
              b.put((byte) x);
              break;
            case 2:
              b.putShort((short) x);
              break;
            case 4:
              b.putInt((int) x);
              break;
            default:
              b.putLong(x);
          }
        }
    }
    return b.array();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
