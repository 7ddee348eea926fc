package org.eegdecode.acquisition.npy;

import java.nio.ByteBuffer;

/**
 * Converts runs of raw numpy elements to Java primitives and back. Each method switches on the
 * element type once and then runs a tight loop with absolute reads, so converting a chunk allocates
 * nothing beyond, for the same-type bulk copies, a buffer view.
 */
final class ElementCodec {
  private ElementCodec() {}

  /** Decodes {@code n} elements starting at byte {@code at} of {@code src} (in its order). */
  static void toFloat(DType.Type t, ByteBuffer src, int at, int n, float[] dst, int off) {
    switch (t) {
      case F4:
        src.slice(at, n * 4).order(src.order()).asFloatBuffer().get(dst, off, n);
        break;
      case F8:
        for (int i = 0; i < n; i++) {
          dst[off + i] = (float) src.getDouble(at + 8 * i);
        }
        break;
      case F2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = Float16.toFloat(src.getShort(at + 2 * i));
        }
        break;
      case I1:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.get(at + i);
        }
        break;
      case U1:
      case BOOL:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.get(at + i) & 0xff;
        }
        break;
      case I2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getShort(at + 2 * i);
        }
        break;
      case U2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getShort(at + 2 * i) & 0xffff;
        }
        break;
      case I4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getInt(at + 4 * i);
        }
        break;
      case U4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getInt(at + 4 * i) & 0xffffffffL;
        }
        break;
      case I8:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getLong(at + 8 * i);
        }
        break;
      case U8:
        for (int i = 0; i < n; i++) {
          dst[off + i] = unsignedToFloat(src.getLong(at + 8 * i));
        }
        break;
      default:
        throw new IllegalStateException("not numeric: " + t);
    }
  }

  static void toDouble(DType.Type t, ByteBuffer src, int at, int n, double[] dst, int off) {
    switch (t) {
      case F8:
        src.slice(at, n * 8).order(src.order()).asDoubleBuffer().get(dst, off, n);
        break;
      case F4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getFloat(at + 4 * i);
        }
        break;
      case F2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = Float16.toFloat(src.getShort(at + 2 * i));
        }
        break;
      case I1:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.get(at + i);
        }
        break;
      case U1:
      case BOOL:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.get(at + i) & 0xff;
        }
        break;
      case I2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getShort(at + 2 * i);
        }
        break;
      case U2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getShort(at + 2 * i) & 0xffff;
        }
        break;
      case I4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getInt(at + 4 * i);
        }
        break;
      case U4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getInt(at + 4 * i) & 0xffffffffL;
        }
        break;
      case I8:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getLong(at + 8 * i);
        }
        break;
      case U8:
        for (int i = 0; i < n; i++) {
          dst[off + i] = unsignedToDouble(src.getLong(at + 8 * i));
        }
        break;
      default:
        throw new IllegalStateException("not numeric: " + t);
    }
  }

  /** Integers exactly (uint64 as its two's-complement bits); floats truncated toward zero. */
  static void toLong(DType.Type t, ByteBuffer src, int at, int n, long[] dst, int off) {
    switch (t) {
      case I8:
      case U8:
        src.slice(at, n * 8).order(src.order()).asLongBuffer().get(dst, off, n);
        break;
      case F8:
        for (int i = 0; i < n; i++) {
          dst[off + i] = (long) src.getDouble(at + 8 * i);
        }
        break;
      case F4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = (long) src.getFloat(at + 4 * i);
        }
        break;
      case F2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = (long) Float16.toFloat(src.getShort(at + 2 * i));
        }
        break;
      case I1:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.get(at + i);
        }
        break;
      case U1:
      case BOOL:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.get(at + i) & 0xff;
        }
        break;
      case I2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getShort(at + 2 * i);
        }
        break;
      case U2:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getShort(at + 2 * i) & 0xffff;
        }
        break;
      case I4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getInt(at + 4 * i);
        }
        break;
      case U4:
        for (int i = 0; i < n; i++) {
          dst[off + i] = src.getInt(at + 4 * i) & 0xffffffffL;
        }
        break;
      default:
        throw new IllegalStateException("not numeric: " + t);
    }
  }

  /** Raw half bits; only for {@code F2}. */
  static void toHalfBits(ByteBuffer src, int at, int n, short[] dst, int off) {
    src.slice(at, n * 2).order(src.order()).asShortBuffer().get(dst, off, n);
  }

  /**
   * Encodes doubles as elements of type {@code t} at byte {@code at} of {@code dst} (in its order),
   * with numpy's {@code astype} conventions for floats and bool; integers are truncated toward zero
   * and then wrapped to the width (out-of-range values are undefined in numpy too).
   */
  static void fromDoubles(DType.Type t, double[] src, int off, int n, ByteBuffer dst, int at) {
    switch (t) {
      case F8:
        for (int i = 0; i < n; i++) {
          dst.putDouble(at + 8 * i, src[off + i]);
        }
        break;
      case F4:
        for (int i = 0; i < n; i++) {
          dst.putFloat(at + 4 * i, (float) src[off + i]);
        }
        break;
      case F2:
        for (int i = 0; i < n; i++) {
          dst.putShort(at + 2 * i, Float16.fromDouble(src[off + i]));
        }
        break;
      case I1:
      case U1:
        for (int i = 0; i < n; i++) {
          dst.put(at + i, (byte) (long) src[off + i]);
        }
        break;
      case BOOL:
        for (int i = 0; i < n; i++) {
          dst.put(at + i, (byte) (src[off + i] != 0 ? 1 : 0));
        }
        break;
      case I2:
      case U2:
        for (int i = 0; i < n; i++) {
          dst.putShort(at + 2 * i, (short) (long) src[off + i]);
        }
        break;
      case I4:
      case U4:
        for (int i = 0; i < n; i++) {
          dst.putInt(at + 4 * i, (int) (long) src[off + i]);
        }
        break;
      case I8:
        for (int i = 0; i < n; i++) {
          dst.putLong(at + 8 * i, (long) src[off + i]);
        }
        break;
      case U8:
        for (int i = 0; i < n; i++) {
          double v = src[off + i];
          dst.putLong(at + 8 * i, v >= 0x1p63 ? (long) (v - 0x1p63) + Long.MIN_VALUE : (long) v);
        }
        break;
      default:
        throw new IllegalStateException("not numeric: " + t);
    }
  }

  /** Correctly rounded uint64 to double: halve with a sticky bit, convert, double. */
  static double unsignedToDouble(long x) {
    return x >= 0 ? x : ((double) ((x >>> 1) | (x & 1))) * 2.0;
  }

  static float unsignedToFloat(long x) {
    return x >= 0 ? x : ((float) ((x >>> 1) | (x & 1))) * 2.0f;
  }
}
