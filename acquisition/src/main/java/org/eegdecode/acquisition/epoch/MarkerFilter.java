package org.eegdecode.acquisition.epoch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.eegdecode.acquisition.ring.SampleEvent;

/**
 * Which markers open an epoch: an optional set of exact marker texts and an optional regex that
 * must match the whole text; a marker must pass both, and an empty set / empty regex passes
 * everything. Matching works on the slot's UTF-8 bytes without allocating: the set is an
 * open-addressing table of byte strings, the regex runs on a reused {@link CharSequence} view and a
 * reused {@link Matcher}. Single-threaded (one per epocher).
 */
public final class MarkerFilter {
  private final String regex;
  private final List<String> values;
  private final Matcher matcher;
  private final Utf8CharSequence view = new Utf8CharSequence(SampleEvent.MAX_MARKER_BYTES);
  private final byte[][] table;
  private final int mask;

  private MarkerFilter(String regex, List<String> values) {
    this.regex = regex == null ? "" : regex;
    this.values = List.copyOf(new LinkedHashSet<>(values == null ? List.of() : values));
    if (this.regex.isEmpty()) {
      this.matcher = null;
    } else {
      try {
        this.matcher = Pattern.compile(this.regex).matcher("");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "acquisition.marker_filter: not a valid regex: " + e.getMessage(), e);
      }
    }
    if (this.values.isEmpty()) {
      this.table = null;
      this.mask = 0;
    } else {
      int size = Integer.highestOneBit(Math.max(2, this.values.size() * 4) - 1) << 1;
      this.table = new byte[size][];
      this.mask = size - 1;
      for (String value : this.values) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int i = hash(bytes, bytes.length) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = bytes;
      }
    }
  }

  /**
   * @param regex must match the whole marker text; "" = any
   * @param values exact marker texts; empty = any
   */
  public static MarkerFilter of(String regex, List<String> values) {
    return new MarkerFilter(regex, values);
  }

  public static MarkerFilter acceptAll() {
    return new MarkerFilter("", List.of());
  }

  /** True when no marker is ever rejected. */
  public boolean acceptsAll() {
    return matcher == null && table == null;
  }

  public boolean accepts(SampleEvent marker) {
    return accepts(marker.markerBytes(), marker.markerLength());
  }

  /** Whether the UTF-8 text {@code bytes[0 … length)} opens an epoch. Allocation-free. */
  public boolean accepts(byte[] bytes, int length) {
    if (table != null && !inTable(bytes, length)) {
      return false;
    }
    return matcher == null || matcher.reset(view.set(bytes, length)).matches();
  }

  private boolean inTable(byte[] bytes, int length) {
    int i = hash(bytes, length) & mask;
    byte[] entry;
    while ((entry = table[i]) != null) {
      if (entry.length == length && Arrays.equals(entry, 0, length, bytes, 0, length)) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  private static int hash(byte[] bytes, int length) {
    int h = 0x811C9DC5;
    for (int i = 0; i < length; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  public String regex() {
    return regex;
  }

  public List<String> values() {
    return values;
  }

  @Override
  public String toString() {
    if (acceptsAll()) {
      return "every marker";
    }
    return (values.isEmpty() ? "" : "markers in " + values)
        + (values.isEmpty() || regex.isEmpty() ? "" : " and ")
        + (regex.isEmpty() ? "" : "markers matching /" + regex + "/");
  }
}
