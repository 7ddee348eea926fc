package org.eegdecode.acquisition.stimulus;

/**
 * A marker's integer trigger code, read the same way everywhere (epocher, resolver, exports): the
 * marker's number when it has one (numeric streams, and string markers that are plain decimal
 * numbers: see {@code MarkerIngest.parseNumber}), else its text when that is a plain integer.
 * Allocation-free.
 */
public final class MarkerCode {
  /** The marker is not a number. */
  public static final long NONE = Long.MIN_VALUE;

  /** The marker is a number, but not an integer (e.g. 12.5 on a float32 stream): an error. */
  public static final long NOT_INTEGER = Long.MIN_VALUE + 1;

  /** Integer codes are exact in a double up to 2^53; larger magnitudes are not codes. */
  private static final double LIMIT = 9.007199254740992E15;

  private MarkerCode() {}

  /**
   * The code of a marker.
   *
   * @param text UTF-8 marker text, {@code text[0 … length)}
   * @param number the marker's numeric value, NaN when it has none
   * @return the integer code, {@link #NONE} or {@link #NOT_INTEGER}
   */
  public static long of(byte[] text, int length, double number) {
    if (!Double.isNaN(number)) {
      if (Double.isInfinite(number) || Math.abs(number) >= LIMIT) {
        return NONE;
      }
      return number == Math.rint(number) ? (long) number : NOT_INTEGER;
    }
    return parseInteger(text, 0, length);
  }

  /** {@code text[from … to)} as a plain decimal integer (optional sign, ASCII spaces around). */
  static long parseInteger(byte[] text, int from, int to) {
    int i = from;
    int end = to;
    while (i < end && text[i] == ' ') {
      i++;
    }
    while (end > i && text[end - 1] == ' ') {
      end--;
    }
    boolean negative = false;
    if (i < end && (text[i] == '+' || text[i] == '-')) {
      negative = text[i] == '-';
      i++;
    }
    if (i == end || end - i > 15) {
      return NONE;
    }
    long value = 0;
    for (; i < end; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return NONE;
      }
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }

  /** {@code code} as a marker would carry it in text ({@code 17}), for messages. */
  public static String describe(long code) {
    return code == NONE ? "(not a number)" : code == NOT_INTEGER ? "(not an integer)" : "" + code;
  }
}
