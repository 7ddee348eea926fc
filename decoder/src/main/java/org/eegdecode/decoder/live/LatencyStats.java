package org.eegdecode.decoder.live;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The decoder's latency histograms (HdrHistogram, microseconds, 3 significant digits, up to one
 * hour; larger values are clamped, negative ones recorded as 0):
 *
 * <ul>
 *   <li>{@code complete_to_result}: the epoch's closing sample reached the ingest thread → result
 *       published ({@link System#nanoTime()} on both ends);
 *   <li>{@code marker_to_result}: the marker's timestamp → result published, on the local LSL clock
 *       (includes the epoch window after the marker, 0.8 s by default);
 *   <li>{@code encode}: one forward pass (per batch, not per epoch).
 * </ul>
 *
 * Recording is wait-free and allocation-free (single writer: the decoder thread); {@link
 * #snapshot()} may be called from any thread and accumulates the intervals into totals.
 */
public final class LatencyStats {
  static final long MAX_MICROS = 3_600_000_000L;
  private static final int DIGITS = 3;

  /** One histogram's cumulative figures. */
  public record Figures(long count, double p50Ms, double p99Ms, double maxMs, double meanMs) {
    static Figures of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Figures(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Figures(
          h.getTotalCount(),
          h.getValueAtPercentile(50) / 1e3,
          h.getValueAtPercentile(99) / 1e3,
          h.getMaxValue() / 1e3,
          h.getMean() / 1e3);
    }

    /** {@code {"p50":…,"p99":…,"max":…}} in ms (nulls when empty), plus count and mean. */
    public ObjectNode toJson() {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      put(out, "p50", p50Ms);
      put(out, "p99", p99Ms);
      put(out, "max", maxMs);
      put(out, "mean", meanMs);
      out.put("count", count);
      return out;
    }

    private static void put(ObjectNode out, String key, double ms) {
      if (Double.isFinite(ms)) {
        out.put(key, Math.rint(ms * 1e3) / 1e3);
      } else {
        out.putNull(key);
      }
    }
  }

  /** Cumulative figures of all three histograms at one moment. */
  public record Snapshot(Figures completeToResult, Figures markerToResult, Figures encode) {}

  private final SingleWriterRecorder completeToResult = recorder();
  private final SingleWriterRecorder markerToResult = recorder();
  private final SingleWriterRecorder encode = recorder();
  private final Histogram completeTotal = histogram();
  private final Histogram markerTotal = histogram();
  private final Histogram encodeTotal = histogram();
  private final Histogram interval = histogram();

  private static SingleWriterRecorder recorder() {
    return new SingleWriterRecorder(1, MAX_MICROS, DIGITS);
  }

  private static Histogram histogram() {
    return new Histogram(1, MAX_MICROS, DIGITS);
  }

  static long clamp(long micros) {
    return micros < 0 ? 0 : Math.min(micros, MAX_MICROS);
  }

  void recordCompleteToResult(long nanos) {
    completeToResult.recordValue(clamp(nanos / 1_000));
  }

  void recordMarkerToResult(double seconds) {
    double micros = seconds * 1e6;
    long v = Double.isNaN(micros) ? 0 : micros >= MAX_MICROS ? MAX_MICROS : Math.round(micros);
    markerToResult.recordValue(clamp(v));
  }

  void recordEncode(long nanos) {
    encode.recordValue(clamp(nanos / 1_000));
  }

  /** The totals so far (thread-safe). */
  public synchronized Snapshot snapshot() {
    drain(completeToResult, completeTotal);
    drain(markerToResult, markerTotal);
    drain(encode, encodeTotal);
    return new Snapshot(
        Figures.of(completeTotal), Figures.of(markerTotal), Figures.of(encodeTotal));
  }

  private void drain(SingleWriterRecorder recorder, Histogram total) {
    recorder.getIntervalHistogramInto(interval);
    total.add(interval);
  }

  /** Copies of the cumulative histograms (for reports and plots), after a snapshot. */
  public synchronized Histogram[] histograms() {
    snapshot();
    return new Histogram[] {completeTotal.copy(), markerTotal.copy(), encodeTotal.copy()};
  }
}
