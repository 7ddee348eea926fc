package org.eegdecode.decoder.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The last few seconds of the model's channels, stitched from the epochs the decoder took (view
 * thread only). Overlapping epochs (an epoch every SOA, each a second long) add only their samples
 * past the newest one held. Each epoch is baseline-corrected on its own (and maybe whitened, a
 * linear map), so consecutive epochs differ by a constant per channel: the new part is shifted by
 * the mean difference over the overlap, which joins the pieces without steps. Where no epoch covers
 * a stretch (no markers, dropped epochs) the trace has a gap (NaN).
 *
 * <p>Samples sit on one grid at the model rate, index g = round((t − t₀)·rate) from the first
 * epoch's first sample; for display only every {@code stride}-th index (g divisible by it) is sent.
 */
final class TraceBuffer {
  /** Overlapping samples compared to join a new epoch to the trace. */
  private static final int JOIN_SAMPLES = 8;

  private final int channels;
  private final int times;
  private final double rate;
  private final double tmin;
  private final int stride;
  private final int window;
  private final int capacity;
  private final float[][] values;
  private final double[] offset;
  private boolean started;
  private double t0;
  private long last = -1;
  private long sent = -1;

  TraceBuffer(UiFeed.Layout layout, double seconds, int maxRateHz) {
    this.channels = layout.channels();
    this.times = layout.times();
    this.rate = layout.rate();
    this.tmin = layout.tmin();
    this.stride = Math.max(1, (int) Math.ceil(rate / maxRateHz - 1e-9));
    this.window = Math.max(1, (int) Math.ceil(seconds * rate));
    this.capacity = window + times;
    this.values = new float[channels][capacity];
    for (float[] v : values) {
      Arrays.fill(v, Float.NaN);
    }
    this.offset = new double[channels];
  }

  /** Appends the part of one epoch (channels × times, C order) newer than what is held. */
  void add(double onsetTimestamp, float[] data) {
    double first = onsetTimestamp + tmin;
    if (!started) {
      started = true;
      t0 = first;
    }
    long g0 = Math.round((first - t0) * rate);
    long from = Math.max(0, last + 1 - g0); // first sample of this epoch not held yet
    if (from >= times) {
      return; // older than the trace: nothing new
    }
    join(g0, (int) from, data);
    long gap = g0 + from - (last + 1);
    if (gap > 0) {
      for (long g = Math.max(last + 1, g0 + from - capacity); g < g0 + from; g++) {
        for (int c = 0; c < channels; c++) {
          values[c][slot(g)] = Float.NaN;
        }
      }
    }
    for (int j = (int) from; j < times; j++) {
      int s = slot(g0 + j);
      for (int c = 0; c < channels; c++) {
        values[c][s] = (float) (data[c * times + j] + offset[c]);
      }
    }
    last = g0 + times - 1;
  }

  /** The offsets that continue the held trace into the epoch starting at index g0. */
  private void join(long g0, int from, float[] data) {
    int lo = Math.max(0, from - JOIN_SAMPLES);
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      int n = 0;
      for (int j = lo; j < from; j++) {
        long g = g0 + j;
        if (g > last - capacity) {
          float held = values[c][slot(g)];
          if (!Float.isNaN(held)) {
            sum += held - data[c * times + j];
            n++;
          }
        }
      }
      offset[c] = n == 0 ? 0 : sum / n;
    }
  }

  private int slot(long g) {
    return (int) Math.floorMod(g, (long) capacity);
  }

  /** Whether samples arrived since the last {@link #delta}. */
  boolean hasNew() {
    return last > sent;
  }

  /** The samples added since the last call (at most the window), marking them sent. */
  ObjectNode delta() {
    ObjectNode out = range(Math.max(sent + 1, last - window + 1), last);
    sent = last;
    return out;
  }

  /** The whole window (for a browser that just connected); does not change what is sent. */
  ObjectNode snapshot() {
    return range(last - window + 1, last);
  }

  /**
   * {@code {"t0":…,"rate":…,"g":[first index],"step":stride,"data":[[channel 0…],…]}}: sample i of
   * a channel row is index g + i·step at time t0 + index / rate; null where there is a gap.
   */
  private ObjectNode range(long from, long to) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("t0", t0);
    out.put("rate", rate);
    out.put("step", stride);
    long g = Math.max(0, from);
    g += Math.floorMod(-g, (long) stride); // first index on the display grid
    out.put("g", g);
    ArrayNode rows = out.putArray("data");
    for (int c = 0; c < channels; c++) {
      ArrayNode row = rows.addArray();
      for (long i = g; i <= to; i += stride) {
        float v = values[c][slot(i)];
        if (Float.isNaN(v)) {
          row.addNull();
        } else {
          row.add(v);
        }
      }
    }
    return out;
  }

  int stride() {
    return stride;
  }

  /** Newest index held (−1 before the first epoch). */
  long last() {
    return last;
  }

  /** Time of index g on the local LSL clock. */
  double time(long g) {
    return t0 + g / rate;
  }
}
