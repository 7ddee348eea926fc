package org.eegdecode.acquisition.ingest;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eegdecode.acquisition.lsl.LslInlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.TimestampCorrector;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marker inlet thread: pulls markers from one LSL stream, corrects their timestamps (clock sync
 * and monotonise; liblsl's post-processing where it exists) and publishes each into the shared
 * sample ring as a {@link SampleEvent.Kind#MARKER} event.
 *
 * <p>String streams: the text is channel 0 of each sample; {@code number} is its value when the
 * text is a plain decimal number ({@code 12}, {@code -3.5}, {@code 1e3}), else NaN. Numeric
 * streams: the text is the number, integral values without a trailing {@code .0}. Text longer than
 * {@link SampleEvent#MAX_MARKER_BYTES} UTF-8 bytes is cut at a character boundary and counted
 * ({@link DropReason#MARKER_TRUNCATED}); a full ring is counted ({@link DropReason#RING_FULL}),
 * never waited for. Markers are rare, so this path may allocate.
 *
 * <p>No stall detection (marker streams are irregular): the inlet is opened with liblsl's recovery
 * on, so a marker source restarted with the same source_id is reconnected by liblsl.
 */
public final class MarkerIngest extends IngestThread {
  private static final Logger log = LoggerFactory.getLogger(MarkerIngest.class);
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final int MAX_PER_PULL = 64;
  private static final double PULL_TIMEOUT_SECONDS = 0.1;

  /**
   * Settings.
   *
   * @param maxBufferHundreds the inlet's queue in hundreds of markers (liblsl's unit for irregular
   *     streams)
   * @param openTimeoutSeconds waits of opening the inlet and of the first clock-offset measurement
   */
  public record Options(
      double maxBufferHundreds, double openTimeoutSeconds, boolean preferLiblslPostprocessing) {
    public static Options defaults() {
      return new Options(100, 5.0, true);
    }
  }

  /** A snapshot for summaries. */
  public record Stats(
      String stream,
      String sourceId,
      long markers,
      long published,
      long truncated,
      long ringFull,
      double clockOffset,
      double lastTimestamp,
      String timestamps) {}

  private final LslInlet inlet;
  private final RingBuffer<SampleEvent> ring;
  private final DropCounters drops;
  private final TimestampCorrector corrector;
  private final boolean liblslPostprocessing;
  private final String[] texts = new String[MAX_PER_PULL];
  private final double[] stamps = new double[MAX_PER_PULL];

  private volatile long markers;
  private volatile long published;
  private volatile long truncated;
  private volatile long ringFull;
  private volatile double clockOffset = Double.NaN;
  private volatile double lastTimestamp = Double.NaN;

  private MarkerIngest(
      LslInlet inlet, RingBuffer<SampleEvent> ring, DropCounters drops, Options options) {
    super(inlet);
    this.inlet = inlet;
    this.ring = ring;
    this.drops = drops;
    this.liblslPostprocessing =
        options.preferLiblslPostprocessing() && inlet.enablePostprocessing();
    this.corrector =
        liblslPostprocessing
            ? new TimestampCorrector(stream.nominalRate(), 0, 0, null, null, System::nanoTime)
            : TimestampCorrector.forInlet(inlet, TimestampCorrector.ALL);
    double offset = inlet.timeCorrection(options.openTimeoutSeconds());
    if (Double.isNaN(offset)) {
      log.warn(
          "no clock offset for marker stream '{}' within {} s: timestamps stay uncorrected until"
              + " one is measured",
          stream.name(),
          options.openTimeoutSeconds());
    } else {
      corrector.setOffset(offset);
    }
    clockOffset = offset;
  }

  /** Opens an inlet on {@code stream} (string or numeric); call {@link #start()} to begin. */
  public static MarkerIngest open(
      StreamInfo stream, RingBuffer<SampleEvent> ring, DropCounters drops, Options options)
      throws IOException {
    LslInlet inlet =
        LslInlet.open(stream, options.maxBufferHundreds(), options.openTimeoutSeconds(), true);
    try {
      return new MarkerIngest(inlet, ring, drops, options);
    } catch (RuntimeException e) {
      inlet.close();
      throw e;
    }
  }

  @Override
  protected String threadName() {
    return "lsl-markers-" + stream.name();
  }

  @Override
  protected void closeInlet() {
    inlet.close();
  }

  @Override
  protected void pull() throws Exception {
    boolean failing = false;
    while (running()) {
      int n;
      try {
        n = inlet.pullMarkers(texts, stamps, PULL_TIMEOUT_SECONDS);
        failing = false;
      } catch (IOException e) {
        if (!failing) { // one line per episode, not one per retry
          log.warn("marker stream '{}': {}; retrying", stream.name(), e.getMessage());
          failing = true;
        }
        TimeUnit.MILLISECONDS.sleep(100);
        continue;
      }
      long arrival = System.nanoTime();
      double toRaw = liblslPostprocessing && !Double.isNaN(clockOffset) ? clockOffset : 0.0;
      for (int i = 0; i < n; i++) {
        double t = corrector.correct(stamps[i]);
        publish(texts[i], t, stamps[i] - toRaw, arrival);
        texts[i] = null;
        lastTimestamp = t;
      }
      if (n > 0) {
        markers += n;
        clockOffset =
            liblslPostprocessing
                ? inlet.timeCorrection(0.0)
                : (corrector.offsetKnown() ? corrector.offset() : Double.NaN);
        publishClockOffset(ring, SampleEvent.MARKER_STREAM, clockOffset, arrival, drops);
      }
    }
  }

  private void publish(String text, double timestamp, double raw, long arrival) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int length = bytes.length;
    if (length > SampleEvent.MAX_MARKER_BYTES) {
      length = utf8Prefix(bytes, SampleEvent.MAX_MARKER_BYTES);
      drops.increment(DropReason.MARKER_TRUNCATED);
      truncated++;
    }
    double number = parseNumber(text);
    try {
      long seq = ring.tryNext();
      ring.get(seq).setMarker(timestamp, raw, arrival, bytes, length, number);
      ring.publish(seq);
      published++;
    } catch (InsufficientCapacityException full) {
      drops.increment(DropReason.RING_FULL);
      ringFull++;
    }
  }

  /** The longest prefix of at most {@code max} bytes that does not cut a UTF-8 character. */
  static int utf8Prefix(byte[] bytes, int max) {
    int length = Math.min(max, bytes.length);
    while (length > 0 && length < bytes.length && (bytes[length] & 0xC0) == 0x80) {
      length--;
    }
    return length;
  }

  /** The marker's value when its text is a plain decimal number, else NaN. */
  public static double parseNumber(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.length() > 64 || !DECIMAL.matcher(trimmed).matches()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public Stats stats() {
    return new Stats(
        stream.name(),
        stream.sourceId(),
        markers,
        published,
        truncated,
        ringFull,
        clockOffset,
        lastTimestamp,
        liblslPostprocessing ? "liblsl" : "java");
  }
}
