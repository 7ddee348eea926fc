package org.eegdecode.acquisition.epoch;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.PipelineSettings;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.stimulus.CatchCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts marker-locked epochs out of the sample ring and publishes them, model-ready, to the epoch
 * ring. Runs on the sample ring's consumer thread; allocation-free per sample and per epoch.
 *
 * <h2>Geometry (mne-lsl {@code EpochsStream} conventions, see {@link EpochGeometry})</h2>
 *
 * Onset = first EEG sample whose timestamp ≥ the marker's timestamp; window start = onset +
 * round(tmin·fs); native length ceil((tmax − tmin)·fs); T = ceil((tmax − tmin)·modelRate) output
 * samples, output k at native position start + k·fs/modelRate. For −0.2 … 0.8 s: 100 samples, −0.20
 * … 0.79 s, the THINGS-EEG2 layout.
 *
 * <h2>Processing chain (what {@link EpochAssembler} computes)</h2>
 *
 * <ol>
 *   <li>cut at the native rate (never decimate before cutting: marker alignment stays at 1/fs);
 *   <li>baseline: subtract, per channel, the mean of the window's native samples with epoch time ≤
 *       0 (tmin … 0 <em>inclusive</em>, MNE's {@code baseline=(None, 0)}, which THINGS-EEG2 applied
 *       to its 1000 Hz epochs before resampling);
 *   <li>anti-alias low-pass and decimate to the model rate: a zero-phase Hamming-windowed sinc FIR,
 *       cutoff {@code antialias_cutoff}·modelRate (40 Hz), half-length {@code
 *       antialias_half_width_s}, designed once per native rate; only the T output samples are
 *       computed, {@code y[k] = Σ h[j]·x[start + k·q + j]}, j = −half … half. Rates that are not a
 *       multiple of the model rate (250 Hz) use the polyphase rational form ({@link
 *       DecimatingFilter}); at fs = modelRate there is no filter. The taps reach {@code half}
 *       native samples beyond the window, taken from the (continuous) buffer, so an epoch completes
 *       about {@code half} samples after its last window sample;
 *   <li>pick and order the model's channels by label (done on entry to the buffer: only those are
 *       kept);
 *   <li>whitening {@code y = W·x} per time point, when the spec has a matrix;
 *   <li>C×T float32 into a preallocated {@link EpochEvent}.
 * </ol>
 *
 * <h2>Markers and drops</h2>
 *
 * Markers may arrive before or after their EEG. A marker whose onset is buffered is served from the
 * buffer; otherwise it waits in a preallocated table; an epoch is emitted in the very {@code
 * onEvent} call that delivers its last needed sample (or its marker). Each marker is counted as
 * seen; a catch code ({@link CatchCodes}, {@code stimulus.catch_codes}: no stimulus of interest)
 * opens no epoch and is counted by value ({@link #catchCounts()}); otherwise it is rejected by the
 * {@link MarkerFilter} ({@link DropReason#MARKER_FILTERED}) or as a repeat of an accepted marker's
 * timestamp ({@link DropReason#DUPLICATE_MARKER}), or accepted. Every accepted marker then ends as
 * exactly one emitted epoch or one drop in {@link #EPOCH_DROP_REASONS}:
 *
 * <ul>
 *   <li>{@code MARKER_TOO_OLD}: the epoch's first needed sample is no longer (or never was)
 *       buffered;
 *   <li>{@code GAP}: the needed range spans a sample-index jump or a timestamp step over 1.5/fs;
 *   <li>{@code TIMESTAMP_JUMP}: it spans a timestamp going backwards or a step that differs from
 *       what the sample index implies by more than {@code timestamp_jump_s} (a waiting marker is
 *       also dropped when the clock goes backwards, and a marker with a non-finite timestamp);
 *   <li>{@code OUTAGE}: a STALL event drops every pending epoch (none can complete from data before
 *       the stall, or it would have been emitted); epochs spanning the stall found later also end
 *       as OUTAGE;
 *   <li>{@code NON_FINITE}: NaN or infinity in the output;
 *   <li>{@code EPOCH_RING_FULL}: {@code tryNext} on the epoch ring failed (the epocher never
 *       blocks);
 *   <li>{@code PENDING_FULL}: {@code max_pending_epochs} epochs already waiting;
 *   <li>{@code INCOMPLETE_AT_STOP}: still waiting at {@link #onShutdown()}.
 * </ul>
 */
public final class Epocher implements EventHandler<SampleEvent> {
  /** The drops that end an accepted marker's epoch. */
  public static final List<DropReason> EPOCH_DROP_REASONS =
      List.of(
          DropReason.MARKER_TOO_OLD,
          DropReason.GAP,
          DropReason.TIMESTAMP_JUMP,
          DropReason.OUTAGE,
          DropReason.NON_FINITE,
          DropReason.EPOCH_RING_FULL,
          DropReason.PENDING_FULL,
          DropReason.INCOMPLETE_AT_STOP);

  /** Accepted marker timestamps remembered for deduplication. */
  static final int DEDUPE_HISTORY = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Epocher.class);

  private final EpochGeometry geometry;
  private final SampleHistory history;
  private final EpochAssembler assembler;
  private final MarkerFilter filter;
  private final CatchCodes catchCodes;
  private final AtomicLongArray catchCounts;
  private final DropCounters drops;
  private final EpocherCounters counters = new EpocherCounters();
  private final RingBuffer<EpochEvent> epochs;
  private final PendingEpochs pending;
  private final int maxWaiting;
  private final float[] epoch;
  private final int needFirst;
  private final int needLast;
  private final double[] recentMarkers = new double[DEDUPE_HISTORY];
  private int recentCount;
  private int recentNext;
  private long acceptedCount;
  private boolean warnedMalformed;
  private long dueLeadSamples;
  private long batchSamples;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** With the default catch codes ({@link CatchCodes#defaults()}). */
  public Epocher(
      EpochGeometry geometry,
      float[] whitening,
      PipelineSettings settings,
      MarkerFilter filter,
      DropCounters drops,
      RingBuffer<EpochEvent> epochs) {
    this(geometry, whitening, settings, filter, CatchCodes.defaults(), drops, epochs);
  }

  /**
   * @param geometry from {@link #geometry(EpochSpec, StreamLayout, PipelineSettings)}
   * @param whitening C×C row-major, or null
   * @param catchCodes markers that open no epoch
   * @param epochs the epoch ring; its events must have the geometry's C×T shape
   */
  public Epocher(
      EpochGeometry geometry,
      float[] whitening,
      PipelineSettings settings,
      MarkerFilter filter,
      CatchCodes catchCodes,
      DropCounters drops,
      RingBuffer<EpochEvent> epochs) {
    this.geometry = geometry;
    this.filter = filter;
    this.catchCodes = catchCodes;
    this.catchCounts = new AtomicLongArray(catchCodes.size());
    this.drops = drops;
    this.epochs = epochs;
    EpochEvent probe = epochs.get(0);
    if (probe.channels() != geometry.channels() || probe.times() != geometry.times()) {
      throw new IllegalArgumentException(
          "epoch ring events are "
              + probe.channels()
              + "×"
              + probe.times()
              + ", the epochs are "
              + geometry.channels()
              + "×"
              + geometry.times());
    }
    int capacity = historyCapacity(geometry, settings.bufferSeconds());
    int[] picked = new int[geometry.channels()];
    for (int c = 0; c < picked.length; c++) {
      picked[c] = geometry.streamChannel(c);
    }
    this.history =
        new SampleHistory(capacity, picked, geometry.nativeRate(), settings.timestampJumpS());
    this.assembler = new EpochAssembler(geometry, whitening);
    this.maxWaiting = settings.maxPendingEpochs();
    this.pending = new PendingEpochs(maxWaiting + 1); // +1: a marker served at once passes through
    this.epoch = new float[geometry.channels() * geometry.times()];
    this.needFirst = geometry.needFirst();
    this.needLast = geometry.needLast();
  }

  /** The usual construction: geometry, whitening and marker filter from the spec and settings. */
  public static Epocher create(
      EpochSpec spec,
      StreamLayout stream,
      PipelineSettings settings,
      DropCounters drops,
      RingBuffer<EpochEvent> epochs) {
    return create(spec, stream, settings, CatchCodes.defaults(), drops, epochs);
  }

  /** As {@link #create(EpochSpec, StreamLayout, PipelineSettings, DropCounters, RingBuffer)}. */
  public static Epocher create(
      EpochSpec spec,
      StreamLayout stream,
      PipelineSettings settings,
      CatchCodes catchCodes,
      DropCounters drops,
      RingBuffer<EpochEvent> epochs) {
    return new Epocher(
        geometry(spec, stream, settings),
        spec.whiteningMatrix(),
        settings,
        MarkerFilter.of(settings.markerFilter(), settings.markerValues()),
        catchCodes,
        drops,
        epochs);
  }

  /**
   * The geometry for a spec and stream (sizes the epoch ring).
   *
   * @throws IllegalArgumentException for an unusable rate or missing channels, naming the stream
   */
  public static EpochGeometry geometry(
      EpochSpec spec, StreamLayout stream, PipelineSettings settings) {
    return EpochGeometry.of(
        spec, stream, settings.antialiasCutoff(), settings.antialiasHalfWidthS());
  }

  private static int historyCapacity(EpochGeometry geometry, double bufferSeconds) {
    double samples = Math.ceil(bufferSeconds * geometry.nativeRate());
    if (samples > Integer.MAX_VALUE / 4.0) {
      throw new IllegalArgumentException(
          "acquisition.buffer_seconds = " + bufferSeconds + " s is too large");
    }
    int capacity = (int) samples;
    if (capacity < geometry.span() + 1) {
      throw new IllegalArgumentException(
          "acquisition.buffer_seconds = "
              + bufferSeconds
              + " s keeps "
              + capacity
              + " samples at "
              + geometry.nativeRate()
              + " Hz, fewer than one epoch needs ("
              + (geometry.span() + 1)
              + "); give it at least "
              + (double) (geometry.span() + 1) / geometry.nativeRate()
              + " s plus the worst marker lag");
    }
    return capacity;
  }

  @Override
  public void onEvent(SampleEvent event, long sequence, boolean endOfBatch) {
    SampleEvent.Kind kind = event.kind();
    if (kind == SampleEvent.Kind.EEG) {
      onSample(event);
    } else if (kind == SampleEvent.Kind.MARKER) {
      onMarker(event);
    } else if (kind == SampleEvent.Kind.STALL) {
      history.markStall();
      dropAllPending(DropReason.OUTAGE);
    }
    // RESUMED needs nothing: the first sample after a stall already starts a break.
    if (endOfBatch) {
      if (dueLeadSamples > 0 && pending.size() > 0) {
        publishDueHints();
      }
      batchSamples = 0;
    }
  }

  /**
   * Publishes due hints (for {@link DueHintConsumer}s) {@code leadSeconds} before pending epochs
   * complete; 0 or less: none (the default). Call before the ring starts.
   *
   * <p>Samples arrive in chunks, so the epocher can only act when a chunk arrives. At the end of
   * each sample-ring batch (everything that has arrived is processed) it hints every pending epoch
   * that is due within the lead plus one more batch of the size just seen (the next chunk will
   * likely complete it): one hint per batch, then none again for those epochs. The hint's due time
   * counts whole chunks of that size (the closing sample arrives with its chunk, not at its own
   * time). An epoch completed within the batch it would have been hinted in needs no hint: the
   * consumer sees the epoch.
   */
  public void dueHints(double leadSeconds) {
    this.dueLeadSamples =
        leadSeconds > 0 ? Math.max(1, (long) Math.ceil(leadSeconds * geometry.nativeRate())) : 0;
  }

  /** One hint for the pending epochs due within the lead plus the last batch; marks them hinted. */
  private void publishDueHints() {
    long newest = history.newest();
    long window = dueLeadSamples + batchSamples;
    long soonest = Long.MAX_VALUE;
    int soonestId = -1;
    for (int i = 0; i < pending.size(); i++) {
      int id = pending.idAt(i);
      long onset = pending.onset[id];
      if (onset == PendingEpochs.UNRESOLVED || pending.hinted[id]) {
        continue;
      }
      long remaining = onset + needLast - newest;
      if (remaining <= window) {
        pending.hinted[id] = true;
        if (remaining < soonest) {
          soonest = remaining;
          soonestId = id;
        }
      }
    }
    if (soonestId < 0) {
      return;
    }
    long sequence;
    try {
      sequence = epochs.tryNext();
    } catch (InsufficientCapacityException full) {
      counters.addDueHintRingFull();
      return;
    }
    long now = System.nanoTime();
    try {
      // the closing sample comes with a later chunk: whole chunks of the size just seen
      long chunk = Math.max(1, batchSamples);
      long ahead = (soonest + chunk - 1) / chunk * chunk;
      long due = now + (long) (ahead * 1e9 / geometry.nativeRate());
      epochs.get(sequence).setDueHint(pending.epochIndex[soonestId], due, now);
    } finally {
      epochs.publish(sequence);
    }
    counters.addDueHint();
  }

  private void onSample(SampleEvent event) {
    int brk = history.append(event);
    if (brk < 0) {
      counters.addMalformed();
      if (!warnedMalformed) {
        warnedMalformed = true;
        LOG.warn(
            "EEG stream '{}': skipped a sample with {} channels (layout has more); counting"
                + " further ones silently",
            geometry.streamName(),
            event.channelCount());
      }
      return;
    }
    counters.addSample();
    batchSamples++;
    if (pending.size() == 0) {
      return;
    }
    long position = history.newest();
    double ts = event.timestamp();
    boolean backwards = brk == SampleHistory.BREAK_JUMP && history.lastBreakWasBackwards();
    for (int i = 0; i < pending.size(); ) {
      int id = pending.idAt(i);
      long onset = pending.onset[id];
      if (onset == PendingEpochs.UNRESOLVED) {
        if (backwards) {
          dropAt(i, DropReason.TIMESTAMP_JUMP);
          continue;
        }
        if (!(pending.markerTimestamp[id] <= ts)) {
          i++;
          continue;
        }
        onset = position;
        pending.onset[id] = onset;
        if (!history.holds(onset + needFirst)) {
          dropAt(i, DropReason.MARKER_TOO_OLD);
          continue;
        }
        DropReason gap = history.firstBreak(onset + needFirst, position);
        if (gap != null) {
          dropAt(i, gap);
          continue;
        }
      } else if (brk != SampleHistory.NO_BREAK && onset + needFirst < position) {
        dropAt(i, SampleHistory.reason(brk));
        continue;
      }
      if (onset + needLast <= position) {
        complete(id);
        pending.removeAt(i);
        continue;
      }
      i++;
    }
    counters.setPending(pending.size());
  }

  private void onMarker(SampleEvent event) {
    counters.addMarkerSeen();
    int c = catchCodes.indexOf(event.markerBytes(), event.markerLength(), event.markerNumber());
    if (c >= 0) {
      catchCounts.lazySet(c, catchCounts.get(c) + 1);
      counters.addCatch();
      return;
    }
    if (!filter.accepts(event)) {
      drops.increment(DropReason.MARKER_FILTERED);
      return;
    }
    double ts = event.timestamp();
    if (isRecent(ts)) {
      drops.increment(DropReason.DUPLICATE_MARKER);
      return;
    }
    remember(ts);
    long index = acceptedCount++;
    counters.addMarkerAccepted();
    if (!Double.isFinite(ts)) {
      drops.increment(DropReason.TIMESTAMP_JUMP);
      return;
    }
    long onset = history.findOnset(ts);
    if (onset == SampleHistory.TOO_OLD || (onset >= 0 && !history.holds(onset + needFirst))) {
      drops.increment(DropReason.MARKER_TOO_OLD);
      return;
    }
    boolean completeNow = onset >= 0 && onset + needLast <= history.newest();
    if (!completeNow && pending.size() >= maxWaiting) {
      drops.increment(DropReason.PENDING_FULL);
      return;
    }
    if (onset >= 0 && !completeNow) {
      DropReason broken = history.firstBreak(onset + needFirst, history.newest());
      if (broken != null) {
        drops.increment(broken);
        return;
      }
    }
    int id = pending.add(event, index);
    if (onset >= 0) {
      pending.onset[id] = onset;
      if (completeNow) {
        complete(id);
        pending.removeLast();
      }
    }
    counters.setPending(pending.size());
  }

  /** Checks, assembles and publishes the epoch of entry {@code id}; the caller removes it. */
  private void complete(int id) {
    long onset = pending.onset[id];
    DropReason broken = history.firstBreak(onset + needFirst, onset + needLast);
    if (broken != null) {
      drops.increment(broken);
      return;
    }
    if (!assembler.assemble(history, onset, epoch)) {
      drops.increment(DropReason.NON_FINITE);
      return;
    }
    long sequence;
    try {
      sequence = epochs.tryNext();
    } catch (InsufficientCapacityException full) {
      drops.increment(DropReason.EPOCH_RING_FULL);
      return;
    }
    try {
      EpochEvent out = epochs.get(sequence);
      System.arraycopy(epoch, 0, out.data(), 0, epoch.length);
      out.set(
          pending.epochIndex[id],
          pending.markerBytes,
          pending.markerOffset(id),
          pending.markerLength[id],
          pending.markerNumber[id],
          pending.markerTimestamp[id],
          history.timestamp(onset),
          Math.max(history.arrivalNanos(onset + needLast), pending.markerArrivalNanos[id]),
          System.nanoTime());
    } finally {
      epochs.publish(sequence);
    }
    counters.addEpochEmitted();
  }

  private void dropAt(int i, DropReason reason) {
    drops.increment(reason);
    pending.removeAt(i);
  }

  private void dropAllPending(DropReason reason) {
    int n = pending.size();
    if (n > 0) {
      drops.add(reason, n);
      pending.clear();
    }
    counters.setPending(0);
  }

  private boolean isRecent(double ts) {
    for (int i = 0; i < recentCount; i++) {
      if (recentMarkers[i] == ts) {
        return true;
      }
    }
    return false;
  }

  private void remember(double ts) {
    recentMarkers[recentNext] = ts;
    recentNext = recentNext + 1 == DEDUPE_HISTORY ? 0 : recentNext + 1;
    recentCount = Math.min(recentCount + 1, DEDUPE_HISTORY);
  }

  /** Epochs still pending when the ring stops are counted as {@code INCOMPLETE_AT_STOP}. */
  @Override
  public void onShutdown() {
    dropAllPending(DropReason.INCOMPLETE_AT_STOP);
    stopped.countDown();
  }

  /** Waits until {@link #onShutdown()} has run; true when it did within the timeout. */
  public boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  public EpochGeometry geometry() {
    return geometry;
  }

  public EpocherCounters counters() {
    return counters;
  }

  public DropCounters drops() {
    return drops;
  }

  public MarkerFilter markerFilter() {
    return filter;
  }

  public CatchCodes catchCodes() {
    return catchCodes;
  }

  /** Catch markers seen, by code, every configured code listed (readable from any thread). */
  public Map<Long, Long> catchCounts() {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < catchCodes.size(); i++) {
      out.put(catchCodes.code(i), catchCounts.get(i));
    }
    return out;
  }

  /** The native buffer (for benchmarks and diagnostics on the epocher's own thread). */
  public SampleHistory history() {
    return history;
  }

  /** The assembler (for benchmarks on the epocher's own thread). */
  public EpochAssembler assembler() {
    return assembler;
  }
}
