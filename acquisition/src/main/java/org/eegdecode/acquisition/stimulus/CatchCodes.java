package org.eegdecode.acquisition.stimulus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Integer marker codes that open no epoch ({@code stimulus.catch_codes}; THINGS-EEG2 sends 99999
 * for its catch trials, a target image the subject responds to, which is no stimulus of interest).
 * Immutable; {@link #indexOf} is allocation-free (the list is short: a linear scan).
 */
public final class CatchCodes {
  /** THINGS-EEG2's catch-trial code, the default. */
  public static final long THINGS_CATCH = 99999;

  private final long[] codes;

  private CatchCodes(long[] codes) {
    this.codes = codes;
  }

  /** The codes, duplicates removed, in the given order. */
  public static CatchCodes of(List<? extends Number> codes) {
    LinkedHashSet<Long> distinct = new LinkedHashSet<>();
    for (Number n : codes) {
      double v = n.doubleValue();
      if (v != Math.rint(v) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            "stimulus.catch_codes holds " + n + ": catch codes are integers");
      }
      distinct.add(n.longValue());
    }
    long[] out = new long[distinct.size()];
    int i = 0;
    for (long c : distinct) {
      out[i++] = c;
    }
    return new CatchCodes(out);
  }

  /** {@code [99999]}, the default of {@code configs/default.yaml}. */
  public static CatchCodes defaults() {
    return new CatchCodes(new long[] {THINGS_CATCH});
  }

  public static CatchCodes none() {
    return new CatchCodes(new long[0]);
  }

  /** Position of {@code code} in the list, or -1 (also for {@link MarkerCode#NONE} etc.). */
  public int indexOf(long code) {
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] == code) {
        return i;
      }
    }
    return -1;
  }

  /** Position of the marker's code in the list, or -1. Allocation-free. */
  public int indexOf(byte[] text, int length, double number) {
    return codes.length == 0 ? -1 : indexOf(MarkerCode.of(text, length, number));
  }

  public int size() {
    return codes.length;
  }

  public long code(int index) {
    return codes[index];
  }

  public List<Long> codes() {
    List<Long> out = new ArrayList<>(codes.length);
    for (long c : codes) {
      out.add(c);
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return codes().toString();
  }
}
