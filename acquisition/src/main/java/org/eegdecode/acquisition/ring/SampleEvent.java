package org.eegdecode.acquisition.ring;

import java.nio.charset.StandardCharsets;

/**
 * One slot of the sample ring: an EEG sample, a marker, or a stream-state change. Slots are
 * preallocated once and overwritten in place by the publishers, so steady-state ingest allocates
 * nothing. All timestamps are in the local LSL clock after clock correction.
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
    RESUMED
  }

  /** Longest marker text kept (UTF-8 bytes); longer markers are cut and counted by the ingest. */
  public static final int MAX_MARKER_BYTES = 256;

  private Kind kind;
  private double timestamp;
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

  /** Fills this slot with an EEG sample copied from {@code source[offset … offset+channels)}. */
  public void setEeg(
      double timestamp,
      long arrivalNanos,
      long sampleIndex,
      float[] source,
      int offset,
      int channels) {
    this.kind = Kind.EEG;
    this.timestamp = timestamp;
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
    this.kind = Kind.MARKER;
    this.timestamp = timestamp;
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
    this.timestamp = timestamp;
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
