package org.eegdecode.decoder.live;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochGeometry;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.live.Acquisition;
import org.eegdecode.acquisition.live.AcquisitionSource;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.session.RecordingSettings;
import org.eegdecode.acquisition.session.SessionRecorder;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live decoding session, reusable by any command ({@code decode}, {@code demo}): a loaded model
 * bundle, the EEG and marker streams, a {@link LiveDecoder} on the epoch ring and the sinks.
 *
 * <pre>{@code
 * ObjectNode summary =
 *     LiveDecoding.run(config, bundle, eegQuery, markerQuery, LiveDecoding.Stop.epochs(200),
 *         LiveDecoding.configuredSinks(config, stdout));
 * }</pre>
 *
 * or, to stop it from elsewhere (Ctrl-C, a UI):
 *
 * <pre>{@code
 * try (LiveDecoding session = LiveDecoding.start(config, bundle, eeg, markers, stop, sinks)) {
 *   session.await();              // until the stop condition, the streams end or requestStop()
 *   ObjectNode summary = session.finish();
 * }
 * }</pre>
 *
 * <p>{@link #start}: applies {@code decoder.threads}, warms the model up, starts {@link
 * LiveAcquisition} with the bundle's epoch contract ({@code contract().toEpochSpec()}: a stream
 * without the model's channels or at an unusable rate is an {@link IllegalArgumentException} naming
 * the stream and the bundle; the marker query never matches a stream named {@code
 * decoder.results_stream}), then opens the sinks (results are held back until they are open). The
 * session ends when {@link Stop} is met, when the streams end (after the first marker: the EEG
 * stalled and no marker came for {@code decoder.end_idle_s}), when the EEG ingest fails, or on
 * {@link #requestStop}. {@link #finish} drains the pipeline (every accepted marker ends as one
 * decoded epoch or one counted drop), closes the sinks and returns the summary; a one-line progress
 * log goes out every {@code decoder.summary_every_s} and at the end. Markers are read by a {@link
 * StimulusResolver} on the bundle's gallery with the {@code stimulus.*} settings (a bad mapping
 * file or an ambiguous marker text fails {@link #start}); the summary's {@code stimuli} says how
 * they resolved, with the first unknown values. The sinks belong to the session from {@link #start}
 * on (closed by it); the bundle stays the caller's.
 */
public final class LiveDecoding implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveDecoding.class);
  private static final long POLL_NANOS = 50_000_000L;

  /**
   * When a session stops by itself; the streams ending and {@link #requestStop} always apply.
   *
   * @param maxEpochs stop once this many epochs were decoded (≤ 0: no limit); later epochs are
   *     counted, not decoded
   * @param durationS stop after this many seconds (≤ 0: no limit)
   */
  public record Stop(long maxEpochs, double durationS) {
    public static Stop never() {
      return new Stop(0, 0);
    }

    public static Stop epochs(long n) {
      return new Stop(n, 0);
    }

    public static Stop duration(double seconds) {
      return new Stop(0, seconds);
    }
  }

  /** Why a session ended ({@code stopped_by} in the summary). */
  public static final String MAX_EPOCHS = "max_epochs";

  public static final String DURATION = "duration";
  public static final String STREAMS_ENDED = "streams_ended";
  public static final String EEG_INGEST_FAILED = "eeg_ingest_failed";
  public static final String REQUESTED = "requested";

  private final Config config;
  private final ModelBundle bundle;
  private final DecoderSettings settings;
  private final Stop stop;
  private final LiveDecoder decoder;
  private final List<ResultSink> sinks;
  private final Acquisition live;
  private final SessionWriter recording;
  private final StreamInfo eegInfo;
  private final StreamInfo markerInfo;
  private final int previousThreads;
  private final double warmupMs;
  private final long startNanos;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile String stopReason;
  private ObjectNode summary;
  private boolean closed;

  private LiveDecoding(
      Config config,
      ModelBundle bundle,
      DecoderSettings settings,
      Stop stop,
      LiveDecoder decoder,
      List<ResultSink> sinks,
      Acquisition live,
      SessionWriter recording,
      StreamInfo eegInfo,
      StreamInfo markerInfo,
      int previousThreads,
      double warmupMs) {
    this.config = config;
    this.bundle = bundle;
    this.settings = settings;
    this.stop = stop;
    this.decoder = decoder;
    this.sinks = sinks;
    this.live = live;
    this.recording = recording;
    this.eegInfo = eegInfo;
    this.markerInfo = markerInfo;
    this.previousThreads = previousThreads;
    this.warmupMs = warmupMs;
    this.startNanos = System.nanoTime();
  }

  /** Starts, waits for the end, drains and returns the summary (see the class comment). */
  public static ObjectNode run(
      Config config,
      ModelBundle bundle,
      StreamQuery eeg,
      StreamQuery markers,
      Stop stop,
      List<ResultSink> sinks)
      throws IOException, InterruptedException {
    try (LiveDecoding session = start(config, bundle, eeg, markers, stop, sinks)) {
      session.await();
      return session.finish();
    }
  }

  /**
   * The sinks {@code decoder.*} asks for: the LSL results outlet ({@code results_stream}, unless
   * "") and JSON lines ({@code jsonl}: "-" = {@code stdout}, else a file).
   */
  public static List<ResultSink> configuredSinks(Config config, PrintWriter stdout)
      throws IOException {
    DecoderSettings s = DecoderSettings.from(config);
    List<ResultSink> out = new ArrayList<>();
    if (!s.resultsStream().isEmpty()) {
      out.add(new LslResultSink(s.resultsStream()));
    }
    if (!s.jsonl().isEmpty()) {
      out.add(JsonLinesSink.forTarget(s.jsonl(), stdout));
    }
    return out;
  }

  /**
   * Warms up, starts acquisition (resolving both streams) with the decoder on the epoch ring, then
   * opens the sinks.
   *
   * @throws IOException a stream not found or not openable, a sink that cannot open
   * @throws IllegalArgumentException a stream that cannot feed the bundle (channels, rate), bad
   *     {@code decoder.*} settings
   */
  public static LiveDecoding start(
      Config config,
      ModelBundle bundle,
      StreamQuery eeg,
      StreamQuery markers,
      Stop stop,
      List<ResultSink> sinks)
      throws IOException {
    StreamQuery markerQuery;
    try {
      markerQuery = notResults(markers, DecoderSettings.from(config).resultsStream());
    } catch (RuntimeException e) {
      closeAll(sinks);
      throw e;
    }
    return start(config, bundle, LiveAcquisition.source(eeg, markerQuery), stop, sinks, null);
  }

  /**
   * Starts decoding what {@code source} delivers (live streams, a replayed session), recording
   * every sample-ring event and every result to {@code recording} when it is not null. The session
   * owns the recording from here on: {@link #finish} closes it with the summary; a recording that
   * fails (disk full) is reported once and decoding goes on.
   *
   * @throws IOException a stream or session not found or not openable, a sink that cannot open
   * @throws IllegalArgumentException a stream that cannot feed the bundle (channels, rate), bad
   *     {@code decoder.*} settings
   */
  public static LiveDecoding start(
      Config config,
      ModelBundle bundle,
      AcquisitionSource source,
      Stop stop,
      List<ResultSink> sinks,
      SessionWriter recording)
      throws IOException {
    Objects.requireNonNull(bundle, "bundle");
    if (recording != null) {
      List<ResultSink> withRecording = new ArrayList<>(sinks);
      withRecording.add(new RecordingSink(recording));
      sinks = withRecording;
    }
    Objects.requireNonNull(stop, "stop");
    List<ResultSink> ownedSinks = List.copyOf(sinks);
    DecoderSettings settings;
    try {
      settings = DecoderSettings.from(config);
    } catch (RuntimeException e) {
      closeAll(ownedSinks);
      closeRecording(recording, null);
      throw e;
    }
    int previousThreads = -1;
    LiveDecoder decoder = null;
    Acquisition live = null;
    try {
      EpochSpec spec = bundle.contract().toEpochSpec();
      previousThreads =
          LiveDecoder.applyThreads(settings.threads(), bundle.model().getNDManager().getDevice());
      StimulusResolver stimuli =
          StimulusResolver.fromConfig(
              config, bundle.gallery().concepts(), bundle.gallery().files());
      decoder = new LiveDecoder(bundle, settings, ownedSinks, stimuli);
      decoder.limit(stop.maxEpochs());
      decoder.holdResults();
      double warmupMs = decoder.warmUp();
      try {
        SessionRecorder recorder =
            recording == null
                ? null
                : new SessionRecorder(
                    recording, RecordingSettings.fromConfig(config).chunkSamples());
        @SuppressWarnings("unchecked")
        EventHandler<? super EpochEvent>[] consumers =
            new EventHandler[] {TappedDecoder.around(decoder, ownedSinks)};
        live = source.start(config, spec, recorder, consumers);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "model bundle "
                + bundleName(bundle)
                + " (channels "
                + spec.modelChannels()
                + " at "
                + spec.modelRateHz()
                + " Hz, "
                + spec.tmin()
                + " .. "
                + spec.tmax()
                + " s) cannot decode the stream: "
                + e.getMessage(),
            e);
      }
      decoder.watchRing(live.pipeline().epochRing()::getCursor);
      StreamInfo eegInfo = live.eegStream();
      StreamInfo markerInfo = live.markerStream();
      decoder.accuracy().tally().source("marker stream '" + markerInfo.name() + "'");
      // Outlets open only now, so that the marker query above could not resolve one of them.
      ResultSink.Context context =
          new ResultSink.Context(bundleName(bundle), bundle.fingerprint(), eegInfo, markerInfo);
      for (ResultSink sink : ownedSinks) {
        sink.open(context);
      }
      decoder.releaseResults();
      EpochGeometry geometry = live.pipeline().geometry();
      LOG.info(
          "decoding '{}' ({} ch at {} Hz) with markers '{}' through {} on {} ({} thread(s)),"
              + " epochs {}×{}, warm-up {} ms per batch-1 forward pass",
          eegInfo.name(),
          eegInfo.channelCount(),
          geometry.nativeRate(),
          markerInfo.name(),
          bundleName(bundle),
          decoder.device(),
          threads(),
          geometry.channels(),
          geometry.times(),
          String.format(Locale.ROOT, "%.3f", warmupMs));
      return new LiveDecoding(
          config,
          bundle,
          settings,
          stop,
          decoder,
          ownedSinks,
          live,
          recording,
          eegInfo,
          markerInfo,
          previousThreads,
          warmupMs);
    } catch (IOException | RuntimeException | Error e) {
      if (live != null) {
        decoder.releaseResults();
        live.close();
      }
      closeAll(ownedSinks);
      closeRecording(recording, null);
      if (decoder != null) {
        decoder.close();
      }
      restoreThreads(previousThreads);
      throw e;
    }
  }

  /** The marker query, never matching a results stream called {@code results} (also Markers). */
  public static StreamQuery notResults(StreamQuery markers, String results) {
    if (results.isEmpty() || markers.name() != null || results.contains("'")) {
      return markers;
    }
    String exclude = "name!='" + results + "'";
    String predicate =
        markers.predicate() == null ? exclude : "(" + markers.predicate() + ") and " + exclude;
    return new StreamQuery(null, markers.type(), markers.sourceId(), predicate);
  }

  private static String bundleName(ModelBundle bundle) {
    return bundle.directory() == null ? "(unsaved bundle)" : bundle.directory().toString();
  }

  private static int threads() {
    try {
      return JniUtils.getNumThreads();
    } catch (RuntimeException | LinkageError e) {
      return -1;
    }
  }

  private static void restoreThreads(int previous) {
    if (previous > 0 && JniUtils.getNumThreads() != previous) {
      JniUtils.setNumThreads(previous);
    }
  }

  private static void closeRecording(SessionWriter recording, ObjectNode summary) {
    if (recording != null) {
      recording.close(summary);
    }
  }

  private ObjectNode recordingSummary() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("directory", recording.directory().toString());
    out.put("records", recording.records());
    out.put("records_lost", recording.recordsLost());
    out.put("state", recording.failure() == null ? "closed" : "failed");
    if (recording.failure() != null) {
      out.put("failure", recording.failure());
    }
    return out;
  }

  /** The recording this session writes, or null. */
  public SessionWriter recording() {
    return recording;
  }

  private static void closeAll(List<ResultSink> sinks) {
    for (ResultSink sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        LOG.warn("closing sink {} failed: {}", sink.name(), e.toString());
      }
    }
  }

  // ------------------------------------------------------------------ running

  /**
   * Blocks until the session should end: the {@link Stop} condition, the streams ended, the EEG
   * ingest failed or {@link #requestStop}. Logs the progress line every {@code
   * decoder.summary_every_s}.
   *
   * @return why it ended ({@link #MAX_EPOCHS}, {@link #DURATION}, {@link #STREAMS_ENDED}, {@link
   *     #EEG_INGEST_FAILED}, or the reason given to {@link #requestStop})
   */
  public String await() throws InterruptedException {
    long summaryEvery = (long) (settings.summaryEveryS() * 1e9);
    long endIdle = (long) (settings.endIdleS() * 1e9);
    long deadline = stop.durationS() > 0 ? startNanos + (long) (stop.durationS() * 1e9) : 0;
    long nextSummary = startNanos + summaryEvery;
    long markers = 0;
    long lastMarkerChange = startNanos;
    while (stopReason == null) {
      long now = System.nanoTime();
      String reason = null;
      if (decoder.limitReached()) {
        reason = MAX_EPOCHS;
      } else if (deadline != 0 && now - deadline >= 0) {
        reason = DURATION;
      } else if (live.failure() != null) {
        reason = EEG_INGEST_FAILED;
      } else if (live.inputEnded()) {
        reason = STREAMS_ENDED; // a replay published everything; finish() drains it
      } else if (!live.eegAlive()) {
        reason = EEG_INGEST_FAILED;
      } else {
        long received = live.markersReceived();
        if (received != markers) {
          markers = received;
          lastMarkerChange = now;
        }
        if (endIdle > 0
            && markers > 0
            && live.eegStalled()
            && now - lastMarkerChange >= endIdle
            && now - Math.max(decoder.lastEpochNanos(), lastMarkerChange) >= endIdle) {
          reason = STREAMS_ENDED;
        }
      }
      if (reason != null) {
        requestStop(reason);
        break;
      }
      if (summaryEvery > 0 && now - nextSummary >= 0) {
        LOG.info(progressLine());
        nextSummary = now + summaryEvery;
      }
      stopSignal.await(POLL_NANOS, TimeUnit.NANOSECONDS);
    }
    return stopReason;
  }

  /** Asks {@link #await} to return (thread-safe; the first reason wins). */
  public void requestStop(String reason) {
    synchronized (stopSignal) {
      if (stopReason == null) {
        stopReason = reason == null ? REQUESTED : reason;
      }
    }
    stopSignal.countDown();
  }

  /** Why the session ended, or null while it runs. */
  public String stopReason() {
    return stopReason;
  }

  /**
   * Stops acquisition (draining both rings through the decoder), logs the final line, closes the
   * sinks and returns the summary. Idempotent.
   */
  public synchronized ObjectNode finish() {
    if (summary != null) {
      return summary;
    }
    requestStop(REQUESTED);
    live.close();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    closeAll(sinks);
    summary = summary(seconds);
    LOG.info("final: " + progressLine());
    closeRecording(recording, summary);
    if (recording != null) {
      summary.set("recording", recordingSummary());
    }
    return summary;
  }

  /** The summary so far, without stopping (for a UI); {@link #finish} gives the final one. */
  public ObjectNode progress() {
    return summary((System.nanoTime() - startNanos) / 1e9);
  }

  private ObjectNode summary(double seconds) {
    ObjectNode acquisition = live.summary();
    LatencyStats.Snapshot lat = decoder.latency().snapshot();
    LiveAccuracy acc = decoder.accuracy();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("epochs_decoded", decoder.decoded());
    out.put("top1", acc.top1());
    out.put("top5", acc.top5());
    ObjectNode latency = out.putObject("latency_ms");
    latency.set("complete_to_result", lat.completeToResult().toJson());
    latency.set("marker_to_result", lat.markerToResult().toJson());
    latency.set("encode_batch", lat.encode().toJson());
    ObjectNode stages = latency.putObject("stage_means");
    double[] means = decoder.stageMeansMs();
    for (int i = 0; i < means.length; i++) {
      if (Double.isFinite(means[i])) {
        stages.put(LiveDecoder.STAGES.get(i), Math.rint(means[i] * 1e3) / 1e3);
      } else {
        stages.putNull(LiveDecoder.STAGES.get(i));
      }
    }
    out.set("dropped", acquisition.get("dropped"));
    out.put("epochs_seen", decoder.seen());
    out.put("epochs_emitted", acquisition.path("epochs_emitted").asLong());
    out.put("markers_seen", acquisition.path("markers_seen").asLong());
    out.put("markers_accepted", acquisition.path("markers_accepted").asLong());
    out.put("labelled", acc.labelled());
    out.put("unlabelled", acc.unlabelled());
    out.set("stimuli", acc.tally().toJson());
    out.set("catch_markers", acquisition.get("catch_markers"));
    out.put("top1_hits", acc.top1Hits());
    out.put("top5_hits", acc.top5Hits());
    out.put("not_decoded_beyond_limit", decoder.beyondLimit());
    out.put("decode_errors", decoder.encodeErrors() + decoder.shapeErrors());
    out.put("sink_errors", decoder.sinkErrors());
    out.put("batches", decoder.batches());
    out.put("largest_batch", decoder.largestBatch());
    out.put("stopped_by", stopReason);
    out.put("seconds", Math.rint(seconds * 1e3) / 1e3);
    out.put("bundle", bundleName(bundle));
    out.put("fingerprint", bundle.fingerprint());
    out.put("gallery_size", decoder.gallery().size());
    out.put("top_k", settings.topK());
    out.put("device", decoder.device().toString());
    out.put("threads", threads());
    out.put("max_batch", settings.maxBatch());
    if (Double.isFinite(warmupMs)) {
      out.put("warmup_batch1_ms", Math.rint(warmupMs * 1e3) / 1e3);
    }
    ObjectNode warm = out.putObject("warm_before_epoch");
    warm.put("mode", settings.warm().key());
    warm.put("active", decoder.dueLeadSeconds() > 0);
    warm.put("lead_ms", settings.warmLeadMs());
    warm.put("hints", decoder.dueHints());
    warm.put("phases", decoder.warmPhases());
    warm.put("passes", decoder.warmPasses());
    warm.put("skipped", decoder.warmSkipped());
    warm.put("epochs_overlapping_a_pass", decoder.warmOverlaps());
    double warmMs = decoder.warmMeanMs();
    if (Double.isFinite(warmMs)) {
      warm.put("pass_mean_ms", Math.rint(warmMs * 1e3) / 1e3);
    } else {
      warm.putNull("pass_mean_ms");
    }
    out.set("eeg", acquisition.get("eeg"));
    ObjectNode markerNode = (ObjectNode) acquisition.get("markers");
    markerNode.put("source_id", markerInfo.sourceId());
    markerNode.put("format", markerInfo.channelFormat());
    out.set("markers", markerNode);
    ArrayNode sinkNames = out.putArray("sinks");
    for (ResultSink sink : sinks) {
      sinkNames.add(sink.name());
    }
    return out;
  }

  /** The one-line progress log. */
  public String progressLine() {
    LatencyStats.Snapshot lat = decoder.latency().snapshot();
    LiveAccuracy acc = decoder.accuracy();
    long dropped = 0;
    JsonNode acquisition = live.summary();
    JsonNode drops = acquisition.get("dropped");
    for (Iterator<Map.Entry<String, JsonNode>> it = drops.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("marker_filtered")) {
        dropped += e.getValue().asLong();
      }
    }
    String unlabelled = acc.tally().preview();
    return String.format(
        Locale.ROOT,
        "decoded %d epoch(s) in %d batch(es) | top1 %s top5 %s of %d labelled%s%s"
            + " | complete→result p50 %.3f p99 %.3f max %.3f ms"
            + " | marker→result p50 %.1f p99 %.1f ms | dropped %d | eeg stalls %d%s",
        decoder.decoded(),
        decoder.batches(),
        fraction(acc.top1()),
        fraction(acc.top5()),
        acc.labelled(),
        unlabelled.isEmpty() ? "" : " | markers " + unlabelled,
        catches(acquisition),
        lat.completeToResult().p50Ms(),
        lat.completeToResult().p99Ms(),
        lat.completeToResult().maxMs(),
        lat.markerToResult().p50Ms(),
        lat.markerToResult().p99Ms(),
        dropped,
        live.eegStalls(),
        live.eegStalled() ? " (stalled)" : "");
  }

  /** " | catch 99999×12" for the catch markers seen (they open no epoch), or "". */
  private static String catches(JsonNode acquisition) {
    StringBuilder out = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = acquisition.path("catch_markers").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().asLong() > 0) {
        out.append(out.length() == 0 ? " | catch " : ", ")
            .append(e.getKey())
            .append('×')
            .append(e.getValue().asLong());
      }
    }
    return out.toString();
  }

  private static String fraction(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  // ------------------------------------------------------------------ access

  public LiveDecoder decoder() {
    return decoder;
  }

  public Acquisition acquisition() {
    return live;
  }

  public StreamInfo eegStream() {
    return eegInfo;
  }

  public StreamInfo markerStream() {
    return markerInfo;
  }

  public Config config() {
    return config;
  }

  /** {@link #finish} if needed, then frees the decoder and restores PyTorch's thread count. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finish();
    } finally {
      decoder.close();
      restoreThreads(previousThreads);
    }
  }
}
