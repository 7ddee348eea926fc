package org.eegdecode.acquisition.npy;

/**
 * IEEE 754 half precision (numpy {@code float16}) conversions; Java 17 has none. Decoding is exact
 * for every half value (subnormals, signed zeros, infinities, NaN payloads). Encoding rounds to
 * nearest, ties to even, directly from the double (as numpy's {@code astype(float16)} does), so
 * there is no double rounding through float.
 */
public final class Float16 {
  private Float16() {}

  /** The float value of raw half bits. */
  public static float toFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // exact: mant < 2^10
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Raw half bits of a float, rounded to nearest even; overflow gives infinity. */
  public static short fromFloat(float value) {
    if (Float.isNaN(value)) { // from the bits: widening to double would quiet a signalling NaN
      int x = Float.floatToRawIntBits(value);
      int m = (x >>> 13) & 0x3ff;
      return (short) (((x >>> 16) & 0x8000) | 0x7c00 | (m == 0 ? 1 : m));
    }
    return fromDouble(value);
  }

  /** Raw half bits of a double, rounded to nearest even; overflow gives infinity. */
  public static short fromDouble(double value) {
    long x = Double.doubleToRawLongBits(value);
    int sign = (int) (x >>> 48) & 0x8000;
    double a = Math.abs(value);
    if (Double.isNaN(value)) {
      int m = (int) ((x >>> 42) & 0x3ff);
      return (short) (sign | 0x7c00 | (m == 0 ? 1 : m));
    }
    if (a >= 65520.0) { // halfway between 65504 (max half) and 2^16: ties to even go up
      return (short) (sign | 0x7c00);
    }
    if (a < 0x1p-14) { // subnormal (or zero): a multiple of 2^-24; 1024 * 2^-24 is the min normal
      return (short) (sign | (int) Math.rint(a * 0x1p24));
    }
    int e = Math.getExponent(a);
    int m = (int) Math.rint(Math.scalb(a, 10 - e)); // in [1024, 2048]; 2048 carries into e + 1
    return (short) (sign | (((e + 15) << 10) + (m - 1024)));
  }
}
