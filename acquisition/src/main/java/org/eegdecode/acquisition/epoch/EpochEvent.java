package org.eegdecode.acquisition.epoch;

import java.nio.charset.StandardCharsets;

/**
 * One slot of the epoch ring: a completed, model-ready epoch (channels × times at the model rate, C
 * order) with the marker that opened it and the timing the decoder's latency report needs.
 * Preallocated for the model's shape and overwritten in place.
 */
public final class EpochEvent {
  private final float[] data;
  private final int channels;
  private final int times;
  private final byte[] markerBytes =
      new byte[org.eegdecode.acquisition.ring.SampleEvent.MAX_MARKER_BYTES];
  private int markerLength;
  private double markerNumber;
  private double markerTimestamp;
  private double onsetTimestamp;
  private long epochIndex;
  private long closingArrivalNanos;
  private long publishedNanos;
  private boolean dueHint;
  private long dueNanos;

  public EpochEvent(int channels, int times) {
    this.channels = channels;
    this.times = times;
    this.data = new float[channels * times];
  }

  /** Sets the bookkeeping fields; the caller fills {@link #data()} itself. */
  public void set(
      long epochIndex,
      byte[] marker,
      int markerLength,
      double markerNumber,
      double markerTimestamp,
      double onsetTimestamp,
      long closingArrivalNanos,
      long publishedNanos) {
    set(
        epochIndex,
        marker,
        0,
        markerLength,
        markerNumber,
        markerTimestamp,
        onsetTimestamp,
        closingArrivalNanos,
        publishedNanos);
  }

  /**
   * Like {@link #set(long, byte[], int, double, double, double, long, long)}, with the marker text
   * at {@code marker[markerOffset … markerOffset + markerLength)}.
   */
  public void set(
      long epochIndex,
      byte[] marker,
      int markerOffset,
      int markerLength,
      double markerNumber,
      double markerTimestamp,
      double onsetTimestamp,
      long closingArrivalNanos,
      long publishedNanos) {
    this.dueHint = false;
    this.epochIndex = epochIndex;
    this.markerLength = markerLength;
    System.arraycopy(marker, markerOffset, markerBytes, 0, markerLength);
    this.markerNumber = markerNumber;
    this.markerTimestamp = markerTimestamp;
    this.onsetTimestamp = onsetTimestamp;
    this.closingArrivalNanos = closingArrivalNanos;
    this.publishedNanos = publishedNanos;
  }

  /**
   * Turns this slot into a due hint ({@link DueHintConsumer}): no data, only the epoch that is due
   * ({@code epochIndex}) and the expected {@link System#nanoTime()} of its completion.
   */
  public void setDueHint(long epochIndex, long dueNanos, long publishedNanos) {
    this.dueHint = true;
    this.epochIndex = epochIndex;
    this.markerLength = 0;
    this.markerNumber = Double.NaN;
    this.markerTimestamp = Double.NaN;
    this.onsetTimestamp = Double.NaN;
    this.closingArrivalNanos = 0;
    this.dueNanos = dueNanos;
    this.publishedNanos = publishedNanos;
  }

  /**
   * True for a due hint: a pending epoch will complete soon (at about {@link #dueNanos()}); {@link
   * #data()} holds nothing meaningful. Only {@link DueHintConsumer}s receive hints.
   */
  public boolean isDueHint() {
    return dueHint;
  }

  /** For a due hint, the expected {@link System#nanoTime()} of the epoch's completion. */
  public long dueNanos() {
    return dueNanos;
  }

  /** Channels × times, C order, at the model rate, in the model's channel order. */
  public float[] data() {
    return data;
  }

  public int channels() {
    return channels;
  }

  public int times() {
    return times;
  }

  /**
   * The epocher's running number of the accepted marker that opened this epoch (0 for the first
   * accepted marker); a gap between consecutive epochs means epochs were dropped (counted).
   */
  public long epochIndex() {
    return epochIndex;
  }

  public byte[] markerBytes() {
    return markerBytes;
  }

  public int markerLength() {
    return markerLength;
  }

  /** The marker's numeric value, NaN for string markers. */
  public double markerNumber() {
    return markerNumber;
  }

  /** The marker as sent (allocates: for sinks and tests). */
  public String markerText() {
    return new String(markerBytes, 0, markerLength, StandardCharsets.UTF_8);
  }

  /** The marker's corrected timestamp (local LSL clock). */
  public double markerTimestamp() {
    return markerTimestamp;
  }

  /** Timestamp of the first EEG sample at or after the marker (t = 0 of the epoch). */
  public double onsetTimestamp() {
    return onsetTimestamp;
  }

  /** {@link System#nanoTime()} when the last sample this epoch needed reached the ingest thread. */
  public long closingArrivalNanos() {
    return closingArrivalNanos;
  }

  /** {@link System#nanoTime()} when the epocher published this epoch. */
  public long publishedNanos() {
    return publishedNanos;
  }
}
