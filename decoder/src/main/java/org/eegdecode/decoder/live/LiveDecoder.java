package org.eegdecode.decoder.live;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.lmax.disruptor.EventHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.eegdecode.acquisition.epoch.DueHintConsumer;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.lsl.Lsl;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.gallery.DeviceGallery;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.SupaEegModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live decoder: a consumer of the epoch ring that encodes every Disruptor batch of completed
 * epochs in one forward pass (a natural batch: one epoch when they come one at a time, several when
 * the decoder fell behind or epochs completed together; at most {@code decoder.max_batch}), ranks
 * the whole batch against the gallery on the model's device in one matrix product and one top-k
 * ({@link DeviceGallery}), scores each epoch against its marker ({@link LiveAccuracy}), records its
 * latencies ({@link LatencyStats}) and hands one {@link DecodedEpoch} per epoch to the sinks, in
 * epoch order.
 *
 * <p>Hot path without allocation of its own: epochs are copied into a preallocated direct input
 * buffer that the input tensor aliases, each batch's tensors live in a sub-manager closed at the
 * end of the batch, only the top-k indices and scores are read back, into reused arrays, and
 * results go into preallocated {@link DecodedEpoch} slots. (DJL itself creates a few small wrapper
 * objects per forward pass; sinks allocate what their output needs.)
 *
 * <p>Threading: {@link #onEvent} runs on the ring's consumer thread; {@link #warmUp()} on the
 * caller's before the ring starts. Counters are single-writer volatiles, readable from any thread.
 */
public final class LiveDecoder implements EventHandler<EpochEvent>, DueHintConsumer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveDecoder.class);

  /** A warm phase ends at the latest this long after the epoch was due (its chunk may be late). */
  static final long WARM_OVERRUN_NANOS = 25_000_000L;

  /** Longest park while waiting for a warm phase to start: the ring is checked in between. */
  private static final long WARM_PARK_NANOS = 200_000L;

  /**
   * The stages of {@link #stageMeansMs()}: closing sample → epoch published (epocher: filter,
   * decimation, checks) → taken off the epoch ring → forward pass started (waiting for the batch) →
   * forward pass and gallery top-k done (the batch's, on the device) → result published (accuracy,
   * earlier epochs' sinks).
   */
  public static final List<String> STAGES =
      List.of("epocher", "epoch_ring", "batching", "encode_score", "publish");

  private final SupaEegModel model;
  private final Gallery gallery;
  private final DeviceGallery deviceGallery;
  private final DecoderSettings settings;
  private final Device device;
  private final NDManager manager;
  private final ParameterStore store;
  private final int channels;
  private final int times;
  private final int length;
  private final int maxBatch;
  private final int rankDepth;
  private final long warmLeadNanos;
  private final ByteBuffer[] inputViews;
  private final FloatBuffer inputFloats;
  private final Shape[] shapes;
  private final int[] rankedRows;
  private final float[] rankedScores;
  private final DecodedEpoch[] slots;
  private final ResultSink[] sinks;
  private final boolean[] sinkFailed;
  private final LiveAccuracy accuracy;
  private final LatencyStats latency = new LatencyStats();
  private final DoubleSupplier lslClock;

  private int pending;
  private volatile long limit = Long.MAX_VALUE;
  private volatile long seen;
  private volatile long decoded;
  private volatile long beyondLimit;
  private volatile long shapeErrors;
  private volatile long encodeErrors;
  private volatile long sinkErrors;
  private volatile long batches;
  private volatile int largestBatch;
  private volatile long lastEpochNanos;
  private volatile long dueHints;
  private volatile long warmPasses;
  private volatile long warmSkipped;
  private volatile long warmOverlaps;
  private volatile long warmNanos;
  private volatile long warmPhases;
  private volatile LongSupplier ringCursor;
  private long warmStart;
  private long warmEnd;
  private volatile Throwable lastError;
  private final long[] stageNanos = new long[STAGES.size()];
  private volatile CountDownLatch resultGate;
  private boolean closed;

  /**
   * A decoder for {@code bundle}'s model and gallery, on the bundle's device.
   *
   * @param sinks receive every decoded epoch (may be empty)
   */
  public LiveDecoder(ModelBundle bundle, DecoderSettings settings, List<ResultSink> sinks) {
    this(bundle, settings, sinks, null);
  }

  /**
   * As {@link #LiveDecoder(ModelBundle, DecoderSettings, List)}, reading markers with {@code
   * stimuli} (built on the bundle's gallery; null: the default conventions).
   */
  public LiveDecoder(
      ModelBundle bundle,
      DecoderSettings settings,
      List<ResultSink> sinks,
      StimulusResolver stimuli) {
    this(
        bundle.block(),
        bundle.model().getNDManager(),
        bundle.gallery(),
        settings,
        sinks,
        () -> Lsl.get().localClock(),
        stimuli);
  }

  /** The general form with the default marker conventions. */
  public LiveDecoder(
      SupaEegModel model,
      NDManager parent,
      Gallery gallery,
      DecoderSettings settings,
      List<ResultSink> sinks,
      DoubleSupplier lslClock) {
    this(model, parent, gallery, settings, sinks, lslClock, null);
  }

  /**
   * The general form (tests, other model sources).
   *
   * @param parent the manager the model's parameters live in (its device is used)
   * @param lslClock the local LSL clock, for the marker-to-result latency
   * @param stimuli reads the markers against the gallery's image list (null: default conventions)
   */
  public LiveDecoder(
      SupaEegModel model,
      NDManager parent,
      Gallery gallery,
      DecoderSettings settings,
      List<ResultSink> sinks,
      DoubleSupplier lslClock,
      StimulusResolver stimuli) {
    this.model = Objects.requireNonNull(model, "model");
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.lslClock = Objects.requireNonNull(lslClock, "lslClock");
    if (gallery.dim() != model.config().featureDim()) {
      throw new IllegalArgumentException(
          "the gallery holds "
              + gallery.dim()
              + "-dimensional embeddings but the model's feature_dim is "
              + model.config().featureDim());
    }
    if (gallery.size() == 0) {
      throw new IllegalArgumentException("the gallery is empty: nothing to decode against");
    }
    this.channels = model.config().channels();
    this.times = model.config().timepoints();
    this.length = model.config().eegInputDim();
    this.maxBatch = settings.maxBatch();
    this.rankDepth = settings.rankDepth();
    this.manager = parent.newSubManager();
    this.device = manager.getDevice();
    this.warmLeadNanos =
        settings.warm().activeOn(device) ? (long) (settings.warmLeadMs() * 1e6) : 0;
    this.store = new ParameterStore(manager, false);

    ByteBuffer input =
        ByteBuffer.allocateDirect(Math.multiplyExact(maxBatch, length) * Float.BYTES)
            .order(ByteOrder.nativeOrder());
    this.inputFloats = input.asFloatBuffer();
    this.inputViews = new ByteBuffer[maxBatch + 1];
    this.shapes = new Shape[maxBatch + 1];
    for (int n = 1; n <= maxBatch; n++) {
      inputViews[n] = input.slice(0, n * length * Float.BYTES).order(ByteOrder.nativeOrder());
      shapes[n] = new Shape(n, length);
    }
    this.rankedRows = new int[maxBatch * rankDepth];
    this.rankedScores = new float[maxBatch * rankDepth];
    this.deviceGallery = new DeviceGallery(gallery, manager);
    this.slots = new DecodedEpoch[maxBatch];
    for (int i = 0; i < maxBatch; i++) {
      slots[i] = new DecodedEpoch(gallery, settings.topK(), rankDepth);
    }
    this.sinks = sinks.toArray(new ResultSink[0]);
    this.sinkFailed = new boolean[this.sinks.length];
    this.accuracy = new LiveAccuracy(stimuli == null ? stimuliFor(gallery) : stimuli);
    if (accuracy.resolver().size() != gallery.size()) {
      throw new IllegalArgumentException(
          "the marker resolver lists "
              + accuracy.resolver().size()
              + " images but the gallery has "
              + gallery.size());
    }
  }

  // ------------------------------------------------------------------ life cycle

  /**
   * Dummy forward passes ({@code decoder.warmup} each at batch 1 and at {@code max_batch}) and
   * rankings, so that the first live epoch does not pay for lazy initialisation (allocator, kernel
   * selection, JIT).
   *
   * @return the last batch-1 forward pass in ms (NaN with warmup = 0)
   */
  public double warmUp() {
    double last = Double.NaN;
    for (int size : maxBatch == 1 ? new int[] {1} : new int[] {1, maxBatch}) {
      for (int r = 0; r < settings.warmup(); r++) {
        for (int i = 0; i < size * length; i++) {
          inputFloats.put(i, 0f);
        }
        long t0 = System.nanoTime();
        encode(size);
        if (size == 1) {
          last = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    return last;
  }

  /**
   * On the consumer thread, before the first epoch: applies {@code decoder.threads} to this thread
   * (PyTorch keeps OpenMP's count per thread) and warms its forward pass once.
   */
  @Override
  public void onStart() {
    applyThreads(settings.threads(), device);
    if (settings.warmup() > 0) {
      try {
        encode(1);
      } catch (RuntimeException e) {
        LOG.warn("warm-up forward pass on the decoder thread failed: {}", e.toString());
      }
    }
  }

  /** The default marker conventions on a gallery's image list. */
  private static StimulusResolver stimuliFor(Gallery gallery) {
    return StimulusResolver.of(gallery.concepts(), gallery.files());
  }

  /** Sets PyTorch's intra-op threads on the CPU (0 = leave as is); returns the previous count. */
  static int applyThreads(int threads, Device device) {
    if (threads <= 0 || !Device.Type.CPU.equals(device.getDeviceType())) {
      return -1;
    }
    Engine.getEngine(Devices.ENGINE); // loads the natives JniUtils needs
    int before = JniUtils.getNumThreads();
    if (before != threads) {
      JniUtils.setNumThreads(threads);
    }
    return before;
  }

  /**
   * Holds results back (the decoder keeps encoding, then waits before its first publication) until
   * {@link #releaseResults()}: lets a session open its sinks after acquisition started without a
   * first epoch racing them.
   */
  public void holdResults() {
    resultGate = new CountDownLatch(1);
  }

  /** Lets results through to the sinks (see {@link #holdResults()}). */
  public void releaseResults() {
    CountDownLatch gate = resultGate;
    if (gate != null) {
      gate.countDown();
    }
  }

  private void awaitGate() {
    CountDownLatch gate = resultGate;
    if (gate == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        gate.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    resultGate = null;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Epochs beyond this many decoded ones are counted ({@link #beyondLimit()}), not decoded. */
  public void limit(long maxEpochs) {
    this.limit = maxEpochs <= 0 ? Long.MAX_VALUE : maxEpochs;
  }

  // ------------------------------------------------------------------ hot path

  /**
   * {@code decoder.warm_lead_ms} when the warm phase is on for this device ({@code decoder.warm}):
   * the epocher sends due hints this long (plus one chunk) before epochs complete; else 0, none.
   */
  @Override
  public double dueLeadSeconds() {
    return warmLeadNanos / 1e9;
  }

  @Override
  public void onEvent(EpochEvent event, long sequence, boolean endOfBatch) {
    if (event.isDueHint()) {
      onDueHint(event, sequence, endOfBatch);
      return;
    }
    long now = System.nanoTime();
    seen = seen + 1;
    if (event.publishedNanos() >= warmStart && event.publishedNanos() < warmEnd) {
      warmOverlaps = warmOverlaps + 1;
    }
    lastEpochNanos = now;
    if (event.channels() != channels || event.times() != times) {
      shapeErrors = shapeErrors + 1;
      if (shapeErrors == 1) {
        LOG.error(
            "epochs are {}×{} but the model takes {}×{}: not decoded",
            event.channels(),
            event.times(),
            channels,
            times);
      }
    } else if (decoded + pending >= limit) {
      beyondLimit = beyondLimit + 1;
    } else {
      slots[pending].capture(event, sequence, now);
      inputFloats.put(pending * length, event.data(), 0, length);
      pending++;
    }
    if (pending == maxBatch || (endOfBatch && pending > 0)) {
      decodeBatch();
    }
  }

  /**
   * Lets warm phases end as soon as the next event is on the ring (the ring's cursor); without it a
   * due hint gets a single warm pass.
   */
  public void watchRing(LongSupplier cursor) {
    this.ringCursor = cursor;
  }

  /**
   * An epoch completes soon ({@link DueHintConsumer}): a warm phase of dummy forward passes and
   * rankings (of whatever the input buffer holds; results discarded) so that the real pass runs
   * like a back-to-back one. Measured on a 2-core VM: after any sleep of the decoder thread, even 1
   * ms, the next pass takes about twice as long, and neither one dummy pass nor passes that stop
   * before the epoch arrives undo it (the thread sleeps again in between); passes right up to the
   * epoch do. So the phase parks (in short steps, watching the ring) until {@code warm_lead_ms}
   * before the due time, then passes until the next event is on the ring, or at most {@link
   * #WARM_OVERRUN_NANOS} past the due time. Skipped when real work is already waiting (an epoch in
   * this batch or more events behind the hint). The epoch then waits for the rest of the pass in
   * flight (at most one batch-1 pass), counted ({@link #warmOverlaps()}). Without {@link
   * #watchRing} one pass.
   */
  private void onDueHint(EpochEvent hint, long sequence, boolean endOfBatch) {
    dueHints = dueHints + 1;
    long lead = warmLeadNanos;
    if (pending > 0 || !endOfBatch || lead <= 0 || decoded >= limit) {
      warmSkipped = warmSkipped + 1;
    } else {
      LongSupplier cursor = ringCursor;
      long due = hint.dueNanos();
      long deadline = due + WARM_OVERRUN_NANOS;
      long now = System.nanoTime();
      while (cursor != null && now < due - lead && cursor.getAsLong() <= sequence) {
        LockSupport.parkNanos(Math.min(due - lead - now, WARM_PARK_NANOS));
        now = System.nanoTime();
      }
      long passes = 0;
      do {
        if (cursor != null && cursor.getAsLong() > sequence) {
          break; // the epoch is already there
        }
        long start = System.nanoTime();
        try {
          encode(1);
        } catch (RuntimeException e) {
          break;
        }
        long end = System.nanoTime();
        warmStart = start;
        warmEnd = end;
        warmNanos = warmNanos + (end - start);
        passes++;
        now = end;
      } while (cursor != null && now < deadline);
      if (passes == 0) {
        warmSkipped = warmSkipped + 1;
      } else {
        warmPhases = warmPhases + 1;
        warmPasses = warmPasses + passes;
      }
    }
    if (endOfBatch && pending > 0) {
      decodeBatch();
    }
  }

  /** Encodes, ranks and publishes the {@code pending} epochs. */
  private void decodeBatch() {
    int n = pending;
    pending = 0;
    long batch = batches;
    long start = System.nanoTime();
    try {
      encode(n);
    } catch (RuntimeException e) {
      encodeErrors = encodeErrors + n;
      lastError = e;
      LOG.error("forward pass of {} epoch(s) failed; they are counted as decode errors", n, e);
      return;
    }
    long end = System.nanoTime();
    latency.recordEncode(end - start);
    batches = batch + 1;
    awaitGate();
    if (n > largestBatch) {
      largestBatch = n;
    }
    for (int i = 0; i < n; i++) {
      DecodedEpoch slot = slots[i];
      slot.batch(batch, n, i, start, end);
      System.arraycopy(rankedRows, i * rankDepth, slot.rowsArray(), 0, rankDepth);
      System.arraycopy(rankedScores, i * rankDepth, slot.scoresArray(), 0, rankDepth);
      slot.scored(end);
      accuracy.score(slot);
      long published = System.nanoTime();
      double publishedLsl = lslClock.getAsDouble();
      slot.published(published, publishedLsl);
      latency.recordCompleteToResult(published - slot.closingArrivalNanos());
      latency.recordMarkerToResult(publishedLsl - slot.markerTimestamp());
      stageNanos[0] += slot.epochPublishedNanos() - slot.closingArrivalNanos();
      stageNanos[1] += slot.receivedNanos() - slot.epochPublishedNanos();
      stageNanos[2] += start - slot.receivedNanos();
      stageNanos[3] += end - start;
      stageNanos[4] += published - end;
      decoded = decoded + 1;
      for (int s = 0; s < sinks.length; s++) {
        try {
          sinks[s].accept(slot);
        } catch (Exception | Error e) {
          sinkFailure(s, e);
        }
      }
    }
    for (int s = 0; s < sinks.length; s++) {
      try {
        sinks[s].endOfBatch();
      } catch (Exception | Error e) {
        sinkFailure(s, e);
      }
    }
  }

  private void sinkFailure(int s, Throwable e) {
    if (e instanceof VirtualMachineError vm) {
      throw vm;
    }
    sinkErrors = sinkErrors + 1;
    lastError = e;
    if (!sinkFailed[s]) {
      sinkFailed[s] = true;
      LOG.error("sink {} failed (further failures are only counted): {}", sinks[s].name(), e);
    }
  }

  /**
   * One forward pass over the first {@code n} epochs of the input buffer (one host-to-device copy),
   * scored against the device-resident gallery with the top {@code rankDepth} taken on the device:
   * only their indices and scores come back, into {@link #rankedRows} / {@link #rankedScores}.
   */
  private void encode(int n) {
    try (NDManager batch = manager.newSubManager()) {
      NDArray x = batch.create(inputViews[n], shapes[n], DataType.FLOAT32);
      if (!device.equals(x.getDevice())) {
        x = x.toDevice(device, false);
      }
      NDArray e = model.encodeEeg(store, x, false);
      deviceGallery.topK(e, rankDepth, rankedRows, rankedScores);
    }
  }

  // ------------------------------------------------------------------ state for summaries

  /**
   * Mean time per decoded epoch in each of {@link #STAGES}, in ms (summing to the mean
   * complete-to-result latency). Read after the decoder stopped, or as an approximation while it
   * runs.
   */
  public double[] stageMeansMs() {
    long n = decoded;
    double[] out = new double[STAGES.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n == 0 ? Double.NaN : stageNanos[i] / 1e6 / n;
    }
    return out;
  }

  /** Due hints received from the epocher ({@link DueHintConsumer}). */
  public long dueHints() {
    return dueHints;
  }

  /** Dummy forward passes run in warm phases. */
  public long warmPasses() {
    return warmPasses;
  }

  /** Warm phases (due hints acted on). */
  public long warmPhases() {
    return warmPhases;
  }

  /** Due hints without a warm phase: real work was waiting, or warming is off. */
  public long warmSkipped() {
    return warmSkipped;
  }

  /**
   * Epochs published while a warm pass ran (each waited at most the rest of that pass): the cost of
   * warming, which a long enough lead keeps at 0.
   */
  public long warmOverlaps() {
    return warmOverlaps;
  }

  /** Mean duration of a warm pass in ms (NaN before the first). */
  public double warmMeanMs() {
    long n = warmPasses;
    return n == 0 ? Double.NaN : warmNanos / 1e6 / n;
  }

  /** Epochs taken off the ring. */
  public long seen() {
    return seen;
  }

  /** Epochs decoded and published to the sinks. */
  public long decoded() {
    return decoded;
  }

  /** Epochs that arrived after the limit was reached (not decoded). */
  public long beyondLimit() {
    return beyondLimit;
  }

  /** Epochs whose forward pass failed. */
  public long encodeErrors() {
    return encodeErrors;
  }

  /** Epochs whose shape did not fit the model (not decoded). */
  public long shapeErrors() {
    return shapeErrors;
  }

  /** Exceptions thrown by sinks. */
  public long sinkErrors() {
    return sinkErrors;
  }

  /** Forward passes of live epochs. */
  public long batches() {
    return batches;
  }

  /** The most epochs encoded in one forward pass. */
  public int largestBatch() {
    return largestBatch;
  }

  /** {@link System#nanoTime()} of the last epoch taken off the ring (0 before the first). */
  public long lastEpochNanos() {
    return lastEpochNanos;
  }

  /** The last decoder or sink error, or null. */
  public Throwable lastError() {
    return lastError;
  }

  public boolean limitReached() {
    return decoded >= limit;
  }

  public LiveAccuracy accuracy() {
    return accuracy;
  }

  public LatencyStats latency() {
    return latency;
  }

  public DecoderSettings settings() {
    return settings;
  }

  public Device device() {
    return device;
  }

  public Gallery gallery() {
    return gallery;
  }

  public List<ResultSink> sinks() {
    return List.of(sinks);
  }

  /** Frees the decoder's tensors (not the model's). Call after the ring stopped. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
