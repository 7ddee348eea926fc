package org.eegdecode.decoder.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.eegdecode.decoder.gallery.Gallery;

/**
 * What the page shows, kept by the view thread (and only touched by it): the session's description,
 * the recent decoded epochs, marker ticks and traces, latency histograms and the last status. It
 * hands out a full snapshot (a browser that just connected or fell behind) or the changes since the
 * previous push.
 */
final class ViewState {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int HISTOGRAM_BINS = 40;
  private static final int MAX_TICKS = 4096;

  private final UiSettings settings;
  private final ImageFolder images;
  private final ArrayDeque<ObjectNode> recent = new ArrayDeque<>();
  private final ArrayDeque<ArrayNode> ticks = new ArrayDeque<>();
  private final Histogram completeToResult = new Histogram(3_600_000_000L, 3);
  private final Histogram markerToResult = new Histogram(3_600_000_000L, 3);
  private ArrayNode fresh = NODES.arrayNode();
  private UiFeed feed;
  private TraceBuffer trace;
  private ObjectNode info = NODES.objectNode();
  private ObjectNode status = NODES.objectNode();
  private String phase = "starting";
  private boolean ended;
  private long results;

  ViewState(UiSettings settings, ImageFolder images) {
    this.settings = settings;
    this.images = images;
  }

  /** A new decoding session: its feed and description; what an earlier one showed is cleared. */
  void attach(UiFeed newFeed, ObjectNode description) {
    this.feed = newFeed;
    UiFeed.Layout layout = newFeed.layout();
    this.trace = new TraceBuffer(layout, settings.traceSeconds(), settings.traceMaxRateHz());
    this.info = description;
    recent.clear();
    ticks.clear();
    fresh = NODES.arrayNode();
    completeToResult.reset();
    markerToResult.reset();
    results = 0;
  }

  UiFeed feed() {
    return feed;
  }

  void phase(String text) {
    this.phase = text;
  }

  /** The session is over: {@code summary} is its final status. */
  void end(ObjectNode summary) {
    this.status = summary;
    this.ended = true;
    this.phase = "ended";
  }

  boolean ended() {
    return ended;
  }

  void status(ObjectNode now) {
    this.status = now;
  }

  /** Decoded epochs the view took from the feed. */
  long results() {
    return results;
  }

  // ------------------------------------------------------------------ taking from the feed

  /** Moves everything queued by the decoder into the state. */
  void drain() throws Exception {
    if (feed == null) {
      return;
    }
    feed.drainEpochs(
        (slot, seq, end) -> {
          trace.add(slot.onsetTimestamp, slot.data);
          return true;
        });
    feed.drainResults(
        (slot, seq, end) -> {
          add(slot);
          return true;
        });
  }

  private void add(ResultSlot r) {
    results++;
    Gallery gallery = feed.gallery();
    ObjectNode e = NODES.objectNode();
    e.put("epoch", r.epochIndex);
    e.put("marker", r.markerText());
    e.put("marker_ts", r.markerTimestamp);
    // what the marker named, by any convention (code, name, file, mapping): an image or a concept
    String truth = r.shownConcept;
    if (truth == null) {
      e.putNull("shown");
    } else {
      ObjectNode s = e.putObject("shown");
      s.put("concept", truth);
      if (r.shownRow >= 0) {
        String file = gallery.files().get(r.shownRow);
        s.put("file", file);
        s.put("image", images.url(truth, file));
      } else {
        s.putNull("file");
        s.putNull("image");
      }
    }
    e.put("labelled", r.labelled);
    e.put("top1", r.top1);
    e.put("top5", r.top5);
    ArrayNode topk = e.putArray("topk");
    for (int i = 0; i < r.k; i++) {
      String concept = gallery.concepts().get(r.rows[i]);
      String file = gallery.files().get(r.rows[i]);
      ObjectNode t = topk.addObject();
      t.put("concept", concept);
      t.put("file", file);
      t.put("score", Math.rint(r.scores[i] * 1e4) / 1e4);
      t.put("image", images.url(concept, file));
      t.put("hit", r.labelled && concept.equals(truth));
    }
    ObjectNode latency = e.putObject("latency_ms");
    putMs(latency, "complete_to_result", r.completeToResultMs);
    putMs(latency, "marker_to_result", r.markerToResultMs);
    record(completeToResult, r.completeToResultMs);
    record(markerToResult, r.markerToResultMs);

    fresh.add(e);
    recent.addLast(e);
    while (recent.size() > settings.recentEpochs()) {
      recent.removeFirst();
    }
    ArrayNode tick = NODES.arrayNode();
    tick.add(r.markerTimestamp);
    tick.add(r.epochIndex);
    tick.add(!r.labelled ? "-" : r.top1 ? "1" : r.top5 ? "5" : "0");
    ticks.addLast(tick);
    double oldest = r.markerTimestamp - 2 * settings.traceSeconds();
    while (!ticks.isEmpty()
        && (ticks.size() > MAX_TICKS || ticks.getFirst().get(0).asDouble() < oldest)) {
      ticks.removeFirst();
    }
  }

  private static void putMs(ObjectNode out, String key, double ms) {
    if (Double.isFinite(ms)) {
      out.put(key, Math.rint(ms * 1e3) / 1e3);
    } else {
      out.putNull(key);
    }
  }

  private static void record(Histogram h, double ms) {
    if (Double.isFinite(ms)) {
      h.recordValue(Math.max(0, Math.min(h.getHighestTrackableValue(), Math.round(ms * 1e3))));
    }
  }

  // ------------------------------------------------------------------ messages

  /** Everything (a browser that just connected, or one that missed messages). */
  ObjectNode snapshot() {
    ObjectNode out = NODES.objectNode();
    out.put("type", "snapshot");
    common(out, true);
    out.set("info", info);
    ArrayNode epochs = out.putArray("epochs");
    recent.forEach(epochs::add);
    ArrayNode allTicks = out.putArray("ticks");
    ticks.forEach(allTicks::add);
    if (trace != null) {
      out.set("trace", trace.snapshot());
    }
    return out;
  }

  /**
   * The changes since the previous call (new epochs, new trace samples; the status, histograms and
   * phase when {@code withStatus}), or null when there is nothing to say; either way they count as
   * sent.
   */
  ObjectNode delta(boolean withStatus) {
    boolean traceNew = trace != null && trace.hasNew();
    if (fresh.isEmpty() && !traceNew && !withStatus) {
      return null;
    }
    ObjectNode out = NODES.objectNode();
    out.put("type", "delta");
    common(out, withStatus);
    out.set("epochs", fresh);
    fresh = NODES.arrayNode();
    if (traceNew) {
      out.set("trace", trace.delta());
    }
    return out;
  }

  /** Drops the pending changes (no browser wants them). */
  void discardDelta() {
    fresh = NODES.arrayNode();
    if (trace != null && trace.hasNew()) {
      trace.delta();
    }
  }

  private void common(ObjectNode out, boolean withStatus) {
    out.put("phase", phase);
    out.put("ended", ended);
    if (withStatus) {
      out.set("status", status);
      ObjectNode latency = out.putObject("latency");
      latency.set("complete_to_result", histogram(completeToResult));
      latency.set("marker_to_result", histogram(markerToResult));
    }
  }

  /**
   * {@code {"count":n,"p50":…,"p99":…,"max":…,"bins":[[from_ms,to_ms,count],…]}}: equal-width bins
   * from the smallest to the largest value the view received (ms).
   */
  static ObjectNode histogram(Histogram h) {
    ObjectNode out = NODES.objectNode();
    long n = h.getTotalCount();
    out.put("count", n);
    ArrayNode bins = out.putArray("bins");
    if (n == 0) {
      return out;
    }
    out.put("p50", h.getValueAtPercentile(50) / 1e3);
    out.put("p99", h.getValueAtPercentile(99) / 1e3);
    out.put("max", h.getMaxValue() / 1e3);
    long lo = h.getMinValue();
    long hi = h.getMaxValue();
    double width = Math.max(1.0, (double) (hi - lo + 1) / HISTOGRAM_BINS);
    long[] counts = new long[HISTOGRAM_BINS];
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = h.medianEquivalentValue(v.getValueIteratedTo());
      int bin = (int) Math.min(HISTOGRAM_BINS - 1, Math.max(0, (value - lo) / width));
      counts[bin] += v.getCountAtValueIteratedTo();
    }
    for (int i = 0; i < HISTOGRAM_BINS; i++) {
      ArrayNode bin = bins.addArray();
      bin.add(Math.rint((lo + i * width) * 10) / 1e4);
      bin.add(Math.rint((lo + (i + 1) * width) * 10) / 1e4);
      bin.add(counts[i]);
    }
    return out;
  }
}
