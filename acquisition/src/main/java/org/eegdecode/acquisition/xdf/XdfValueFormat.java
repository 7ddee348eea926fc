package org.eegdecode.acquisition.xdf;

import java.io.IOException;

/**
 * An XDF/LSL {@code channel_format} as the writer needs it: its byte width, whether a value fits,
 * and how to write it. Values arrive as {@code double} (or {@code float}) and are converted on
 * write; integers must be whole numbers within range, float32 values must not overflow to ±Inf
 * (NaN, ±Inf and rounding are accepted).
 */
enum XdfValueFormat {
  FLOAT32("float32", 4),
  DOUBLE64("double64", 8),
  INT8("int8", 1),
  INT16("int16", 2),
  INT32("int32", 4),
  INT64("int64", 8),
  STRING("string", 0);

  private static final double TWO_63 = 0x1p63;

  final String xmlName;
  final int width;

  XdfValueFormat(String xmlName, int width) {
    this.xmlName = xmlName;
    this.width = width;
  }

  /** The format named {@code name}; IllegalArgumentException for anything XDF cannot store. */
  static XdfValueFormat of(String name) {
    for (XdfValueFormat f : values()) {
      if (f.xmlName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unsupported channel_format '"
            + name
            + "' (float32, double64, int8, int16, int32, int64 or string)");
  }

  /** Null when {@code v} can be stored in this numeric format, otherwise why it cannot. */
  String misfit(double v) {
    switch (this) {
      case FLOAT32:
        return Double.isFinite(v) && Float.isInfinite((float) v)
            ? "value " + v + " is outside the float32 range"
            : null;
      case DOUBLE64:
        return null;
      case INT8:
        return integer(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case INT16:
        return integer(v, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT32:
        return integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT64:
        if (!(v >= -TWO_63 && v < TWO_63)) {
          return "value " + v + " does not fit int64";
        }
        return v == Math.rint(v) ? null : "value " + v + " is not an integer (int64)";
      default:
        return "a string stream takes no numeric values";
    }
  }

  private String integer(double v, long min, long max) {
    if (!(v >= min && v <= max)) {
      return "value " + v + " does not fit " + xmlName + " (" + min + ".." + max + ")";
    }
    return v == Math.rint(v) ? null : "value " + v + " is not an integer (" + xmlName + ")";
  }

  /** Writes one value already accepted by {@link #misfit}. */
  void write(XdfChunkOutput out, double v) throws IOException {
    switch (this) {
      case FLOAT32:
        out.putFloat((float) v);
        break;
      case DOUBLE64:
        out.putDouble(v);
        break;
      case INT8:
        out.putByte((int) v);
        break;
      case INT16:
        out.putShort((short) v);
        break;
      case INT32:
        out.putInt((int) v);
        break;
      case INT64:
        out.putLong((long) v);
        break;
      default:
        throw new IllegalStateException("no numeric values in a string stream");
    }
  }
}
