package org.eegdecode.acquisition.ingest;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.lsl.Lsl;
import org.eegdecode.acquisition.lsl.LslInlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.lsl.StreamResolver;
import org.eegdecode.acquisition.lsl.TimestampCorrector;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EEG inlet thread: pulls chunks from one LSL stream into reused buffers, corrects their
 * timestamps (clock sync, dejitter, monotonise: liblsl's post-processing where it has it, else
 * {@link TimestampCorrector}) and publishes each sample into the shared sample ring.
 *
 * <ul>
 *   <li><b>Never blocks on the ring.</b> A sample that finds the ring full is counted ({@link
 *       DropReason#RING_FULL}) and skipped; the running sample index still advances, so the
 *       consumer sees the gap.
 *   <li><b>Allocation-free in steady state</b>: buffers, ring slots and the native pull path are
 *       reused; nothing is allocated per sample or per chunk.
 *   <li><b>Stalls.</b> No data for {@link Options#stallTimeoutSeconds} (or the connection lost):
 *       one {@link SampleEvent.Kind#STALL} event (timestamp = the last corrected sample's), one
 *       WARN line; then the stream is re-resolved by its source_id with exponential backoff. A
 *       stream that reappears with a new uid gets a fresh inlet; the same uid keeps the current one
 *       (the source was only silent). {@link SampleEvent.Kind#RESUMED} is published when data flows
 *       again, with the first new sample's corrected timestamp, just before that sample. The sample
 *       index continues across the outage; timestamps jump (the epocher drops epochs that span it).
 * </ul>
 *
 * The inlet is opened with liblsl's own recovery off, so that reconnection is this class's alone
 * (and counted), and destroyed without {@code lsl_close_stream}.
 */
public final class EegIngest extends IngestThread {
  private static final Logger log = LoggerFactory.getLogger(EegIngest.class);

  /** Longest a single resolve blocks the thread while stalled. */
  private static final double RESOLVE_WAIT_SECONDS = 0.5;

  /** How long state events (STALL/RESUMED) may wait for ring space before being counted dropped. */
  private static final long STATE_EVENT_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /**
   * Settings.
   *
   * @param stallTimeoutSeconds no data for this long is a stall
   * @param maxBufferSeconds the inlet's queue (liblsl drops the oldest samples beyond it)
   * @param openTimeoutSeconds waits of opening an inlet and of the first clock-offset measurement
   * @param maxChunkSamples most samples taken per pull
   * @param initialBackoffSeconds first wait between re-resolve attempts while stalled (doubles)
   * @param maxBackoffSeconds longest wait between attempts
   * @param preferLiblslPostprocessing use liblsl's post-processing where it exists (1.11+)
   */
  public record Options(
      double stallTimeoutSeconds,
      double maxBufferSeconds,
      double openTimeoutSeconds,
      int maxChunkSamples,
      double initialBackoffSeconds,
      double maxBackoffSeconds,
      boolean preferLiblslPostprocessing) {
    public Options {
      if (!(stallTimeoutSeconds > 0)) {
        throw new IllegalArgumentException(
            "stall timeout must be > 0 s, got " + stallTimeoutSeconds);
      }
      if (maxChunkSamples < 1) {
        throw new IllegalArgumentException("max chunk must be >= 1 sample, got " + maxChunkSamples);
      }
    }

    public static Options defaults() {
      return new Options(2.0, 60.0, 5.0, 512, 0.25, 5.0, true);
    }

    /** Defaults with {@code acquisition.stall_timeout_s} from the configuration. */
    public static Options fromConfig(Config config) {
      return defaults().withStallTimeout(config.getDouble("acquisition.stall_timeout_s"));
    }

    public Options withStallTimeout(double seconds) {
      return new Options(
          seconds,
          maxBufferSeconds,
          openTimeoutSeconds,
          maxChunkSamples,
          initialBackoffSeconds,
          maxBackoffSeconds,
          preferLiblslPostprocessing);
    }

    public Options withPreferLiblslPostprocessing(boolean prefer) {
      return new Options(
          stallTimeoutSeconds,
          maxBufferSeconds,
          openTimeoutSeconds,
          maxChunkSamples,
          initialBackoffSeconds,
          maxBackoffSeconds,
          prefer);
    }

    public Options withMaxChunkSamples(int samples) {
      return new Options(
          stallTimeoutSeconds,
          maxBufferSeconds,
          openTimeoutSeconds,
          samples,
          initialBackoffSeconds,
          maxBackoffSeconds,
          preferLiblslPostprocessing);
    }
  }

  /**
   * A snapshot for summaries.
   *
   * @param samplesPulled every sample pulled (published or not)
   * @param published samples placed in the ring
   * @param ringFull samples (and state events) that found the ring full
   * @param clockOffset the time-correction offset in use (seconds; NaN before one is known)
   * @param lastTimestamp the last corrected sample timestamp (NaN before the first)
   * @param timestamps who post-processes timestamps: {@code java} or {@code liblsl}
   */
  public record Stats(
      String stream,
      String sourceId,
      long samplesPulled,
      long chunks,
      long published,
      long ringFull,
      long stalls,
      long reconnects,
      double clockOffset,
      double lastTimestamp,
      boolean stalled,
      String timestamps) {}

  private final RingBuffer<SampleEvent> ring;
  private final DropCounters drops;
  private final Options options;
  private final int channels;
  private final float[] data;
  private final double[] stamps;
  private final double[] rawStamps;
  private final long stallNanos;
  private final double pullTimeoutSeconds;

  private LslInlet inlet;
  private TimestampCorrector corrector;
  private boolean liblslPostprocessing;
  private long lastOffsetReadNanos;

  // Statistics: written by the ingest thread only, read by anyone.
  private volatile long samplesPulled;
  private volatile long chunks;
  private volatile long published;
  private volatile long ringFull;
  private volatile long stalls;
  private volatile long reconnects;
  private volatile double clockOffset = Double.NaN;
  private volatile double lastTimestamp = Double.NaN;
  private volatile boolean stalled;

  // Thread-confined state.
  private long nextSampleIndex;

  /** Restarts the stall timer: last data, or the last (re)connection. */
  private long lastDataNanos;

  /** When the last sample arrived (for the outage length in the log). */
  private long lastSampleNanos;

  private boolean inletLost;
  private long nextResolveNanos;
  private double backoffSeconds;

  private EegIngest(
      LslInlet inlet, RingBuffer<SampleEvent> ring, DropCounters drops, Options options) {
    super(inlet);
    this.inlet = inlet;
    this.ring = ring;
    this.drops = drops;
    this.options = options;
    this.channels = stream.channelCount();
    this.data = new float[options.maxChunkSamples() * channels];
    this.stamps = new double[options.maxChunkSamples()];
    this.rawStamps = new double[options.maxChunkSamples()];
    this.stallNanos = (long) (options.stallTimeoutSeconds() * 1e9);
    this.pullTimeoutSeconds = Math.min(0.1, options.stallTimeoutSeconds() / 4);
    setUpTimestamps();
  }

  /**
   * Opens an inlet on {@code stream} (from {@link StreamResolver}) and prepares the ingest; call
   * {@link #start()} to begin pulling.
   *
   * @throws IOException when the stream cannot be opened, or is not numeric
   * @throws IllegalArgumentException when the ring's slots hold fewer values than the stream's
   *     channels
   */
  public static EegIngest open(
      StreamInfo stream, RingBuffer<SampleEvent> ring, DropCounters drops, Options options)
      throws IOException {
    return open(stream, drops, options, fullInfo -> ring);
  }

  /**
   * Opens the inlet first, then asks {@code ringFor} for the ring given the stream's full info:
   * channel labels are only known once an inlet is open, and the pipeline behind the ring needs
   * them to pick the model's channels.
   *
   * @throws IOException when the stream cannot be opened, or is not numeric
   * @throws IllegalArgumentException when {@code ringFor} rejects the stream, or the ring's slots
   *     hold fewer values than the stream's channels
   */
  public static EegIngest open(
      StreamInfo stream,
      DropCounters drops,
      Options options,
      Function<StreamInfo, RingBuffer<SampleEvent>> ringFor)
      throws IOException {
    if (stream.isString()) {
      throw new IOException("EEG stream " + stream.describe() + " carries strings, not samples");
    }
    LslInlet inlet =
        LslInlet.open(
            stream, options.maxBufferSeconds(), options.openTimeoutSeconds(), /* recover= */ false);
    try {
      RingBuffer<SampleEvent> ring = ringFor.apply(inlet.fullInfo());
      int slotChannels = ring.get(0).values().length;
      if (slotChannels < stream.channelCount()) {
        throw new IllegalArgumentException(
            "ring slots hold "
                + slotChannels
                + " channels, stream "
                + stream.describe()
                + " has "
                + stream.channelCount());
      }
      return new EegIngest(inlet, ring, drops, options);
    } catch (RuntimeException e) {
      inlet.close();
      throw e;
    }
  }

  @Override
  protected String threadName() {
    return "lsl-eeg-" + stream.name();
  }

  @Override
  protected void beforeStart() {
    lastDataNanos = System.nanoTime();
    lastSampleNanos = lastDataNanos;
  }

  @Override
  protected void closeInlet() {
    LslInlet current = inlet;
    if (current != null) {
      current.close();
    }
  }

  @Override
  protected void pull() throws Exception {
    if (lastDataNanos == 0) { // run() called directly rather than through start()
      lastDataNanos = System.nanoTime();
      lastSampleNanos = lastDataNanos;
    }
    while (running()) {
      if (stalled && inletLost) {
        waitForNextResolve();
        if (running()) {
          tryReconnect();
        }
        continue;
      }
      int n;
      try {
        n = inlet.pullChunk(data, stamps, pullTimeoutSeconds);
      } catch (IOException e) {
        inletLost = true;
        n = 0;
        if (!stalled) {
          log.debug("EEG inlet lost: {}", e.getMessage());
        }
      }
      long arrival = System.nanoTime();
      if (n > 0) {
        onData(n, arrival);
      } else if (!stalled && (inletLost || arrival - lastDataNanos >= stallNanos)) {
        enterStall(arrival);
      } else if (stalled && arrival - nextResolveNanos >= 0) {
        tryReconnect();
      }
    }
  }

  private void onData(int n, long arrival) {
    long previousSample = lastSampleNanos;
    lastDataNanos = arrival;
    lastSampleNanos = arrival;
    chunks++;
    samplesPulled += n;
    // liblsl's post-processing hands out corrected stamps only: raw ≈ corrected − offset.
    double toRaw = liblslPostprocessing && !Double.isNaN(clockOffset) ? clockOffset : 0.0;
    for (int i = 0; i < n; i++) {
      rawStamps[i] = stamps[i] - toRaw;
      stamps[i] = corrector.correct(stamps[i]);
    }
    if (stalled) {
      resume(arrival - previousSample);
    }
    long base = nextSampleIndex;
    nextSampleIndex = base + n;
    publishSamples(n, arrival, base);
    lastTimestamp = stamps[n - 1];
    if (liblslPostprocessing) {
      if (arrival - lastOffsetReadNanos > 1_000_000_000L) {
        lastOffsetReadNanos = arrival;
        clockOffset = inlet.timeCorrection(0.0);
      }
    } else {
      clockOffset = corrector.offsetKnown() ? corrector.offset() : Double.NaN;
    }
    publishClockOffset(ring, SampleEvent.EEG_STREAM, clockOffset, arrival, drops);
  }

  private void publishSamples(int n, long arrival, long baseIndex) {
    if (n <= ring.getBufferSize()) {
      try {
        long hi = ring.tryNext(n);
        long lo = hi - (n - 1);
        for (int i = 0; i < n; i++) {
          ring.get(lo + i)
              .setEeg(
                  stamps[i], rawStamps[i], arrival, baseIndex + i, data, i * channels, channels);
        }
        ring.publish(lo, hi);
        published += n;
        return;
      } catch (InsufficientCapacityException full) {
        // Place what fits, one by one.
      }
    }
    for (int i = 0; i < n; i++) {
      try {
        long seq = ring.tryNext();
        ring.get(seq)
            .setEeg(stamps[i], rawStamps[i], arrival, baseIndex + i, data, i * channels, channels);
        ring.publish(seq);
        published++;
      } catch (InsufficientCapacityException full) {
        drops.increment(DropReason.RING_FULL);
        ringFull++;
      }
    }
  }

  private void enterStall(long now) {
    stalled = true;
    stalls++;
    backoffSeconds = options.initialBackoffSeconds();
    nextResolveNanos = now; // first attempt at once
    double last = lastTimestamp;
    log.warn(
        "EEG stream '{}' (source_id '{}') stalled: {} after sample {}{}; re-resolving by source_id",
        stream.name(),
        stream.sourceId(),
        inletLost
            ? "connection lost"
            : String.format("no data for %.1f s", (now - lastDataNanos) / 1e9),
        nextSampleIndex - 1,
        Double.isNaN(last) ? "" : String.format(" (t=%.3f)", last));
    publishState(SampleEvent.Kind.STALL, last);
  }

  private void resume(long silentNanos) {
    stalled = false;
    inletLost = false;
    log.info(
        "EEG stream '{}' resumed at sample {} after {} s without data ({} reconnect(s) so far)",
        stream.name(),
        nextSampleIndex,
        String.format("%.1f", silentNanos / 1e9),
        reconnects);
    publishState(SampleEvent.Kind.RESUMED, stamps[0]);
  }

  private void publishState(SampleEvent.Kind kind, double timestamp) {
    long deadline = System.nanoTime() + STATE_EVENT_PATIENCE_NANOS;
    while (true) {
      try {
        long seq = ring.tryNext();
        ring.get(seq).setState(kind, timestamp, System.nanoTime());
        ring.publish(seq);
        return;
      } catch (InsufficientCapacityException full) {
        if (System.nanoTime() - deadline > 0 || !running()) {
          drops.increment(DropReason.RING_FULL);
          ringFull++;
          log.warn("sample ring full: {} event of '{}' dropped", kind, stream.name());
          return;
        }
        Thread.onSpinWait();
      }
    }
  }

  private void waitForNextResolve() throws InterruptedException {
    while (running()) {
      long left = nextResolveNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }

  /** One re-resolve attempt by source_id; on success the current or a new inlet continues. */
  private void tryReconnect() {
    StreamQuery query =
        stream.sourceId().isEmpty()
            ? new StreamQuery(stream.name(), stream.type(), null, null)
            : StreamQuery.bySourceId(stream.sourceId());
    try {
      List<StreamInfo> found = StreamResolver.resolveMatching(query, 1, RESOLVE_WAIT_SECONDS);
      StreamInfo candidate = null;
      for (StreamInfo info : found) {
        if (info.channelCount() != channels || info.isString()) {
          log.debug("ignoring {}: does not match the original stream", info.describe());
          continue;
        }
        if (!inletLost && info.uid().equals(inlet.fullInfo().uid())) {
          // Same outlet, still there: it was only silent; keep pulling from the current inlet.
          candidate = null;
          break;
        }
        candidate = info;
      }
      if (candidate != null && running()) {
        LslInlet fresh =
            LslInlet.open(
                candidate, options.maxBufferSeconds(), options.openTimeoutSeconds(), false);
        LslInlet old = inlet;
        inlet = fresh;
        old.close();
        inletLost = false;
        reconnects++;
        setUpTimestamps();
        lastDataNanos = System.nanoTime();
        log.info(
            "EEG stream '{}' reconnected to {} (uid {})",
            stream.name(),
            candidate.hostname(),
            candidate.uid());
      }
    } catch (IOException | RuntimeException e) {
      log.debug("re-resolve of '{}' failed: {}", stream.name(), e.toString());
    }
    // Back off between attempts whatever the outcome: a silent source found again is not data.
    nextResolveNanos = System.nanoTime() + (long) (backoffSeconds * 1e9);
    backoffSeconds = Math.min(backoffSeconds * 2, options.maxBackoffSeconds());
  }

  /** (Re)initialises timestamp post-processing for the current inlet. */
  private void setUpTimestamps() {
    liblslPostprocessing = options.preferLiblslPostprocessing() && inlet.enablePostprocessing();
    if (liblslPostprocessing) {
      corrector = new TimestampCorrector(stream.nominalRate(), 0, 0, null, null, System::nanoTime);
    } else {
      corrector = TimestampCorrector.forInlet(inlet, TimestampCorrector.ALL);
    }
    // The first measurement takes a few probe round trips; do it now, not on the first sample.
    double offset = inlet.timeCorrection(options.openTimeoutSeconds());
    if (Double.isNaN(offset)) {
      log.warn(
          "no clock offset for '{}' within {} s: timestamps stay uncorrected until one is measured",
          stream.name(),
          options.openTimeoutSeconds());
    } else {
      corrector.setOffset(offset);
    }
    clockOffset = offset;
    lastOffsetReadNanos = System.nanoTime();
  }

  /** Counters and state for summaries. */
  public Stats stats() {
    return new Stats(
        stream.name(),
        stream.sourceId(),
        samplesPulled,
        chunks,
        published,
        ringFull,
        stalls,
        reconnects,
        clockOffset,
        lastTimestamp,
        stalled,
        liblslPostprocessing ? "liblsl" : "java");
  }

  /** For logs: what this ingest reads and whether local LSL post-processing is used. */
  @Override
  public String toString() {
    return "EegIngest["
        + stream.describe()
        + ", timestamps="
        + (liblslPostprocessing ? "liblsl" : "java")
        + ", liblsl "
        + Lsl.get().libraryVersion()
        + "]";
  }
}
