package org.eegdecode.acquisition.ring;

import java.nio.charset.StandardCharsets;

/**
 * One slot of the sample ring: an EEG sample, a marker, a stream-state change or a clock-offset
 * measurement. Slots are preallocated once and overwritten in place by the publishers, so
 * steady-state ingest allocates nothing. {@link #timestamp()} is in the local LSL clock after clock
 * correction (what the epocher uses); {@link #rawTimestamp()} is the stream's own stamp as pulled,
 * kept for recordings (LabRecorder stores raw stamps plus clock offsets, and so do we).
 */
public final class SampleEvent {
  /** What a slot carries. */
  public enum Kind {
    /** One multichannel EEG sample in {@link #values}. */
    EEG,
    /** One marker: text in {@link #markerBytes}, and {@link #markerNumber} when numeric. */
    MARKER,
    /** The EEG stream stalled ({@link #timestamp} = last sample seen) or resumed. */
    STALL,
    RESUMED,
    /**
     * A clock-offset measurement of stream {@link #stream()}: {@link #timestamp} = when it was
     * taken (local clock), {@link #clockOffset()} = local minus remote clock. The epocher ignores
     * it.
     */
    CLOCK_OFFSET
  }

  /** {@link #stream()} of the EEG stream's events. */
  public static final int EEG_STREAM = 0;

  /** {@link #stream()} of the marker stream's events. */
  public static final int MARKER_STREAM = 1;

  /** Longest marker text kept (UTF-8 bytes); longer markers are cut and counted by the ingest. */
  public static final int MAX_MARKER_BYTES = 256;

  private Kind kind;
  private double timestamp;
  private double rawTimestamp;
  private double clockOffset = Double.NaN;
  private int stream;
  private long arrivalNanos;
  private long sampleIndex;
  private int channelCount;
  private final float[] values;
  private final byte[] markerBytes = new byte[MAX_MARKER_BYTES];
  private int markerLength;
  private double markerNumber = Double.NaN;

  public SampleEvent(int maxChannels) {
    this.values = new float[maxChannels];
  }

  /** {@link #setEeg(double, double, long, long, float[], int, int)} with raw = corrected. */
  public void setEeg(
      double timestamp,
      long arrivalNanos,
      long sampleIndex,
      float[] source,
      int offset,
      int channels) {
    setEeg(timestamp, timestamp, arrivalNanos, sampleIndex, source, offset, channels);
  }

  /** Fills this slot with an EEG sample copied from {@code source[offset … offset+channels)}. */
  public void setEeg(
      double timestamp,
      double rawTimestamp,
      long arrivalNanos,
      long sampleIndex,
      float[] source,
      int offset,
      int channels) {
    this.kind = Kind.EEG;
    this.stream = EEG_STREAM;
    this.timestamp = timestamp;
    this.rawTimestamp = rawTimestamp;
    this.clockOffset = Double.NaN;
    this.arrivalNanos = arrivalNanos;
    this.sampleIndex = sampleIndex;
    this.channelCount = channels;
    System.arraycopy(source, offset, values, 0, channels);
    this.markerLength = 0;
    this.markerNumber = Double.NaN;
  }

  /**
   * Fills this slot with a marker; {@code number} is the marker's numeric value, or NaN for string
   * markers. The text is copied (truncated to {@link #MAX_MARKER_BYTES}).
   */
  public void setMarker(
      double timestamp, long arrivalNanos, byte[] text, int length, double number) {
    setMarker(timestamp, timestamp, arrivalNanos, text, length, number);
  }

  /** As {@link #setMarker(double, long, byte[], int, double)}, with the marker's raw stamp. */
  public void setMarker(
      double timestamp,
      double rawTimestamp,
      long arrivalNanos,
      byte[] text,
      int length,
      double number) {
    this.kind = Kind.MARKER;
    this.stream = MARKER_STREAM;
    this.timestamp = timestamp;
    this.rawTimestamp = rawTimestamp;
    this.clockOffset = Double.NaN;
    this.arrivalNanos = arrivalNanos;
    this.sampleIndex = -1;
    this.channelCount = 0;
    this.markerLength = Math.min(length, MAX_MARKER_BYTES);
    System.arraycopy(text, 0, markerBytes, 0, markerLength);
    this.markerNumber = number;
  }

  /** Fills this slot with a stream-state change ({@link Kind#STALL} or {@link Kind#RESUMED}). */
  public void setState(Kind state, double timestamp, long arrivalNanos) {
    if (state != Kind.STALL && state != Kind.RESUMED) {
      throw new IllegalArgumentException("not a state: " + state);
    }
    this.kind = state;
    this.stream = EEG_STREAM;
    this.timestamp = timestamp;
    this.rawTimestamp = timestamp;
    this.clockOffset = Double.NaN;
    this.arrivalNanos = arrivalNanos;
    this.sampleIndex = -1;
    this.channelCount = 0;
    this.markerLength = 0;
    this.markerNumber = Double.NaN;
  }

  /**
   * Fills this slot with a clock-offset measurement of {@code stream} ({@link #EEG_STREAM} or
   * {@link #MARKER_STREAM}) taken at local time {@code collectedAt}.
   */
  public void setClockOffset(int stream, double collectedAt, double offset, long arrivalNanos) {
    this.kind = Kind.CLOCK_OFFSET;
    this.stream = stream;
    this.timestamp = collectedAt;
    this.rawTimestamp = collectedAt;
    this.clockOffset = offset;
    this.arrivalNanos = arrivalNanos;
    this.sampleIndex = -1;
    this.channelCount = 0;
    this.markerLength = 0;
    this.markerNumber = Double.NaN;
  }

  public Kind kind() {
    return kind;
  }

  /** Corrected timestamp, seconds in the local LSL clock. */
  public double timestamp() {
    return timestamp;
  }

  /** The stream's own timestamp as pulled, before clock correction and dejitter. */
  public double rawTimestamp() {
    return rawTimestamp;
  }

  /** Which stream the event belongs to: {@link #EEG_STREAM} or {@link #MARKER_STREAM}. */
  public int stream() {
    return stream;
  }

  /** For {@link Kind#CLOCK_OFFSET}: local minus remote clock, seconds; NaN otherwise. */
  public double clockOffset() {
    return clockOffset;
  }

  /** {@link System#nanoTime()} when the ingest thread pulled this sample (latency accounting). */
  public long arrivalNanos() {
    return arrivalNanos;
  }

  /** Running index of EEG samples since the inlet opened; a jump means samples were lost. */
  public long sampleIndex() {
    return sampleIndex;
  }

  public int channelCount() {
    return channelCount;
  }

  /** EEG values; only the first {@link #channelCount()} are valid. Do not keep a reference. */
  public float[] values() {
    return values;
  }

  public byte[] markerBytes() {
    return markerBytes;
  }

  public int markerLength() {
    return markerLength;
  }

  public double markerNumber() {
    return markerNumber;
  }

  /** The marker text (allocates: for logging, tests and rare paths only). */
  public String markerText() {
    return new String(markerBytes, 0, markerLength, StandardCharsets.UTF_8);
  }
}
