package org.eegdecode.acquisition.stimulus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running counts of how a consumer's markers resolved, for summaries and progress lines: images and
 * concepts by convention, unknown markers and non-integer numbers with their first few distinct
 * values, so that a user sees at once when the stimulus program's convention is not understood.
 *
 * <p>{@link #record} is allocation-free (the kept values live in preallocated buffers) and is
 * called by one thread; the readers ({@link #toJson}, {@link #preview}) may run on any thread. The
 * first non-integer number is logged once, as one line.
 */
public final class MarkerTally {
  /** Distinct unknown (and non-integer) values kept for display. */
  public static final int KEEP = 5;

  private static final Logger LOG = LoggerFactory.getLogger(MarkerTally.class);
  private static final int IMAGES = 0;
  private static final int CONCEPTS = 1;
  private static final int UNKNOWN = 2;
  private static final int NOT_INTEGER = 3;
  private static final int CATCH = 4;

  private final AtomicLongArray counts = new AtomicLongArray(5);
  private final AtomicLongArray byConvention =
      new AtomicLongArray(MarkerConvention.values().length);
  private final Values unknownValues = new Values();
  private final Values notIntegerValues = new Values();
  private volatile String source = "marker stream";
  private boolean warnedNotInteger;

  /** Names the marker source in the warning line (e.g. the stream name). */
  public void source(String name) {
    this.source = name;
  }

  /** Counts one resolved marker. Allocation-free but for the one-time warning. */
  public void record(Resolution r, byte[] text, int length) {
    switch (r.outcome()) {
      case IMAGE -> add(IMAGES, r);
      case CONCEPT -> add(CONCEPTS, r);
      case CATCH -> increment(counts, CATCH);
      case UNKNOWN -> {
        increment(counts, UNKNOWN);
        unknownValues.offer(text, length);
      }
      case NOT_INTEGER -> {
        increment(counts, NOT_INTEGER);
        notIntegerValues.offer(text, length);
        if (!warnedNotInteger) {
          warnedNotInteger = true;
          LOG.warn(
              "{}: marker '{}' is a number but not an integer, so no trigger code; its epoch is"
                  + " decoded without a label and counted as not_integer (further ones are only"
                  + " counted)",
              source,
              new String(text, 0, length, StandardCharsets.UTF_8));
        }
      }
    }
  }

  private void add(int slot, Resolution r) {
    increment(counts, slot);
    increment(byConvention, r.convention().ordinal());
  }

  /** Single writer: an ordered store, no locked instruction. */
  private static void increment(AtomicLongArray a, int i) {
    a.lazySet(i, a.get(i) + 1);
  }

  /** Markers that named one image. */
  public long images() {
    return counts.get(IMAGES);
  }

  /** Markers that named a concept with several images (not which one). */
  public long conceptsOnly() {
    return counts.get(CONCEPTS);
  }

  /** Markers that named nothing of the list. */
  public long unknown() {
    return counts.get(UNKNOWN);
  }

  /** Numeric markers that were not integers. */
  public long notInteger() {
    return counts.get(NOT_INTEGER);
  }

  /** Catch codes seen here (the epocher normally keeps them from opening epochs at all). */
  public long catches() {
    return counts.get(CATCH);
  }

  /** Markers resolved by {@code convention}. */
  public long by(MarkerConvention convention) {
    return byConvention.get(convention.ordinal());
  }

  /** The first {@link #KEEP} distinct unknown markers. */
  public List<String> unknownValues() {
    return unknownValues.list();
  }

  public List<String> notIntegerValues() {
    return notIntegerValues.list();
  }

  /**
   * {@code {"images":…,"concepts_only":…,"by":{"code":…},"unknown":…,"unknown_values":[…],
   * "not_integer":…,"not_integer_values":[…]}} (conventions with no marker are left out).
   */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("images", images());
    out.put("concepts_only", conceptsOnly());
    ObjectNode by = out.putObject("by");
    for (MarkerConvention c : MarkerConvention.values()) {
      long n = by(c);
      if (n > 0) {
        by.put(c.key(), n);
      }
    }
    out.put("unknown", unknown());
    ArrayNode unknownList = out.putArray("unknown_values");
    unknownValues().forEach(unknownList::add);
    out.put("not_integer", notInteger());
    ArrayNode notIntegerList = out.putArray("not_integer_values");
    notIntegerValues().forEach(notIntegerList::add);
    if (catches() > 0) {
      out.put("catch", catches());
    }
    return out;
  }

  /**
   * For a progress line: "" when every marker resolved, else e.g. {@code unknown 12 ('fixation',
   * '0')} and/or {@code not_integer 1 ('12.5')}.
   */
  public String preview() {
    StringBuilder out = new StringBuilder();
    if (unknown() > 0) {
      out.append("unknown ").append(unknown()).append(" (").append(quoted(unknownValues()));
      out.append(unknown() > unknownValues().size() ? ", …)" : ")");
    }
    if (notInteger() > 0) {
      out.append(out.length() == 0 ? "" : ", ")
          .append("not_integer ")
          .append(notInteger())
          .append(" (")
          .append(quoted(notIntegerValues()))
          .append(')');
    }
    return out.toString();
  }

  private static String quoted(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (String v : values) {
      out.append(out.length() == 0 ? "" : ", ").append('\'').append(v).append('\'');
    }
    return out.toString();
  }

  /** The first {@link #KEEP} distinct values, written once each (so readers need no lock). */
  private static final class Values {
    private final byte[][] values = new byte[KEEP][SampleEvent.MAX_MARKER_BYTES];
    private final int[] lengths = new int[KEEP];
    private volatile int stored;

    void offer(byte[] text, int length) {
      int n = stored;
      if (n == KEEP) {
        return;
      }
      int len = Math.min(length, SampleEvent.MAX_MARKER_BYTES);
      for (int i = 0; i < n; i++) {
        if (lengths[i] == len && Arrays.equals(values[i], 0, len, text, 0, len)) {
          return;
        }
      }
      System.arraycopy(text, 0, values[n], 0, len);
      lengths[n] = len;
      stored = n + 1; // publishes the bytes above
    }

    List<String> list() {
      int n = stored;
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new String(values[i], 0, lengths[i], StandardCharsets.UTF_8));
      }
      return out;
    }
  }
}
