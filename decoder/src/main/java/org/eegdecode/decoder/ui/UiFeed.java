package org.eegdecode.decoder.ui;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import java.util.List;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.live.DecodedEpoch;
import org.eegdecode.decoder.live.DecoderSettings;
import org.eegdecode.decoder.live.EpochTap;
import org.eegdecode.decoder.live.ResultSink;

/**
 * The decoder's side of the live view: a {@link ResultSink} and {@link EpochTap} that copies each
 * decoded epoch (and each epoch's samples, for the traces) into a preallocated slot of a bounded
 * single-producer ring and returns. The view thread polls the rings; when a ring is full (no view
 * thread, or one that fell behind) the item is dropped and counted, never waited for, so a slow or
 * closed browser cannot delay decoding. Both calls run on the decoder thread and allocate nothing.
 */
public final class UiFeed implements ResultSink, EpochTap {
  /** The model's input layout, for the traces. */
  record Layout(int channels, int times, double rate, double tmin, List<String> labels) {}

  private final RingBuffer<ResultSlot> results;
  private final RingBuffer<EpochSlot> epochs;
  private final EventPoller<ResultSlot> resultPoller;
  private final EventPoller<EpochSlot> epochPoller;
  private final Layout layout;
  private final Gallery gallery;
  private final int topK;
  private volatile long resultsQueued;
  private volatile long resultsDropped;
  private volatile long epochsQueued;
  private volatile long epochsDropped;
  private volatile boolean closed;

  UiFeed(Layout layout, Gallery gallery, int topK, UiSettings settings) {
    this.layout = layout;
    this.gallery = gallery;
    this.topK = Math.max(1, Math.min(topK, gallery.size()));
    int length = layout.channels() * layout.times();
    int k = this.topK;
    this.results =
        RingBuffer.createSingleProducer(
            () -> new ResultSlot(k), UiSettings.ringSize(settings.queue()));
    this.epochs =
        RingBuffer.createSingleProducer(
            () -> new EpochSlot(length), UiSettings.ringSize(settings.epochQueue()));
    this.resultPoller = results.newPoller();
    results.addGatingSequences(resultPoller.getSequence());
    this.epochPoller = epochs.newPoller();
    epochs.addGatingSequences(epochPoller.getSequence());
  }

  /** A feed for {@code bundle}'s model input and gallery, ranking {@code decoder.top_k}. */
  static UiFeed forBundle(ModelBundle bundle, DecoderSettings decoder, UiSettings settings) {
    var contract = bundle.contract();
    Layout layout =
        new Layout(
            bundle.config().channels(),
            bundle.config().timepoints(),
            contract.modelRate(),
            contract.tmin(),
            contract.channels());
    return new UiFeed(layout, bundle.gallery(), decoder.topK(), settings);
  }

  // ------------------------------------------------------------------ decoder thread

  @Override
  public void accept(DecodedEpoch result) {
    if (!results.hasAvailableCapacity(1)) {
      resultsDropped = resultsDropped + 1;
      return;
    }
    long seq = results.next();
    try {
      results.get(seq).copy(result);
    } finally {
      results.publish(seq);
    }
    resultsQueued = resultsQueued + 1;
  }

  @Override
  public void onEpoch(EpochEvent epoch) {
    if (epoch.channels() != layout.channels() || epoch.times() != layout.times()) {
      return; // the decoder counts (and reports) epochs of the wrong shape
    }
    if (!epochs.hasAvailableCapacity(1)) {
      epochsDropped = epochsDropped + 1;
      return;
    }
    long seq = epochs.next();
    try {
      epochs.get(seq).copy(epoch);
    } finally {
      epochs.publish(seq);
    }
    epochsQueued = epochsQueued + 1;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String name() {
    return "ui";
  }

  // ------------------------------------------------------------------ view thread

  /** Hands every queued decoded epoch to {@code handler}, oldest first. */
  void drainResults(EventPoller.Handler<ResultSlot> handler) throws Exception {
    resultPoller.poll(handler);
  }

  /** Hands every queued epoch to {@code handler}, oldest first. */
  void drainEpochs(EventPoller.Handler<EpochSlot> handler) throws Exception {
    epochPoller.poll(handler);
  }

  Layout layout() {
    return layout;
  }

  Gallery gallery() {
    return gallery;
  }

  int topK() {
    return topK;
  }

  /** Whether the session closed its sinks (no more results will come). */
  boolean closed() {
    return closed;
  }

  /** Decoded epochs handed to the view. */
  public long resultsQueued() {
    return resultsQueued;
  }

  /** Decoded epochs dropped because the view's queue was full. */
  public long resultsDropped() {
    return resultsDropped;
  }

  /** Epochs handed to the traces. */
  public long epochsQueued() {
    return epochsQueued;
  }

  /** Epochs not drawn because the traces' queue was full. */
  public long epochsDropped() {
    return epochsDropped;
  }
}
