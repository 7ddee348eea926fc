package org.eegdecode.acquisition.epoch;

import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.SampleEvent;

/**
 * The recent native-rate signal of the model's channels: a circular buffer addressed by a running
 * position (0 for the first EEG sample seen, +1 per sample), with each sample's timestamp, stream
 * sample index and arrival time.
 *
 * <p>Values are stored channel-major and <em>mirrored</em> (each sample is written at slot s and s
 * + capacity), so any run of at most {@code capacity} consecutive samples of a channel is one
 * contiguous stretch of the array: the filter's inner loop never checks for wrap-around.
 *
 * <p>Continuity is tracked as each sample arrives: a sample that does not follow its predecessor
 * (index jump, timestamp gap over 1.5/fs, timestamp going backwards or jumping far, first sample
 * after a stall) is a <em>break</em>. A running count of breaks per slot makes "does this range
 * hold a break" one subtraction. Single-threaded (the epocher's thread); allocation-free.
 */
public final class SampleHistory {
  /** {@link #findOnset}: no buffered sample is at or after the marker yet. */
  public static final long NOT_YET = -1;

  /** {@link #findOnset}: the onset may lie before the oldest buffered sample. */
  public static final long TOO_OLD = -2;

  static final byte NO_BREAK = 0;
  static final byte BREAK_GAP = 1;
  static final byte BREAK_JUMP = 2;
  static final byte BREAK_OUTAGE = 3;

  private final int capacity;
  private final int channels;
  private final int[] streamChannel;
  private final int minChannels;
  private final float[] values;
  private final int rowStride;
  private final double[] timestamps;
  private final long[] sampleIndex;
  private final long[] arrivalNanos;
  private final long[] breaksUpTo;
  private final byte[] breakKind;
  private final double rate;
  private final double gapLimit;
  private final double jumpLimit;

  private long newest = -1;
  private int writeSlot;
  private long breakTotal;
  private boolean stalled;
  private boolean lastBreakBackwards;
  private double lastTimestamp;
  private long lastSampleIndex;

  /**
   * @param capacity samples kept
   * @param streamChannels for each kept channel, its index in {@link SampleEvent#values()}
   * @param rate the stream's native rate (Hz)
   * @param jumpSeconds a timestamp step that differs from the sample-index step by more than this
   *     is a clock jump rather than a gap
   */
  public SampleHistory(int capacity, int[] streamChannels, double rate, double jumpSeconds) {
    if (capacity < 2) {
      throw new IllegalArgumentException("history capacity must be >= 2, got " + capacity);
    }
    this.capacity = capacity;
    this.channels = streamChannels.length;
    this.streamChannel = streamChannels.clone();
    int max = -1;
    for (int c : streamChannels) {
      max = Math.max(max, c);
    }
    this.minChannels = max + 1;
    this.rowStride = 2 * capacity;
    this.values = new float[Math.multiplyExact(channels, rowStride)];
    this.timestamps = new double[capacity];
    this.sampleIndex = new long[capacity];
    this.arrivalNanos = new long[capacity];
    this.breaksUpTo = new long[capacity];
    this.breakKind = new byte[capacity];
    this.rate = rate;
    this.gapLimit = 1.5 / rate;
    this.jumpLimit = jumpSeconds;
  }

  /**
   * Appends one EEG sample.
   *
   * @return the break this sample starts ({@link #NO_BREAK} when it follows its predecessor), or -1
   *     when the event is malformed (fewer channels than the picked ones need) and was skipped
   */
  public int append(SampleEvent event) {
    if (event.channelCount() < minChannels) {
      return -1;
    }
    double ts = event.timestamp();
    long index = event.sampleIndex();
    byte kind = NO_BREAK;
    if (newest >= 0) {
      if (stalled) {
        kind = BREAK_OUTAGE;
      } else {
        double dt = ts - lastTimestamp;
        long di = index - lastSampleIndex;
        double expected = di >= 1 ? di / rate : 1 / rate;
        if (!(dt > 0)) {
          kind = BREAK_JUMP;
        } else if (Math.abs(dt - expected) > jumpLimit) {
          kind = BREAK_JUMP;
        } else if (di != 1 || dt > gapLimit) {
          kind = BREAK_GAP;
        }
      }
      lastBreakBackwards = kind == BREAK_JUMP && !(ts - lastTimestamp > 0);
    }
    stalled = false;
    if (kind != NO_BREAK) {
      breakTotal++;
    }
    int s = writeSlot;
    float[] src = event.values();
    for (int c = 0, row = s; c < channels; c++, row += rowStride) {
      float v = src[streamChannel[c]];
      values[row] = v;
      values[row + capacity] = v;
    }
    timestamps[s] = ts;
    sampleIndex[s] = index;
    arrivalNanos[s] = event.arrivalNanos();
    breaksUpTo[s] = breakTotal;
    breakKind[s] = kind;
    lastTimestamp = ts;
    lastSampleIndex = index;
    newest++;
    writeSlot = s + 1 == capacity ? 0 : s + 1;
    return kind;
  }

  /** The stream stalled: the next sample starts a break ({@link DropReason#OUTAGE}). */
  public void markStall() {
    stalled = true;
  }

  /** True when the last break was a timestamp going backwards (a clock reset). */
  public boolean lastBreakWasBackwards() {
    return lastBreakBackwards;
  }

  /**
   * The onset of a marker: the position of the first buffered sample whose timestamp is ≥ {@code
   * markerTimestamp} (scanning back from the newest sample, so after a clock reset the most recent
   * stretch wins).
   *
   * @return a position, {@link #NOT_YET} or {@link #TOO_OLD}
   */
  public long findOnset(double markerTimestamp) {
    if (newest < 0 || !(markerTimestamp <= lastTimestamp)) {
      return NOT_YET;
    }
    long oldest = oldest();
    if (oldest > 0 && markerTimestamp < timestamps[slot(oldest)]) {
      return TOO_OLD;
    }
    long p = newest;
    int s = slot(p);
    while (p > oldest) {
      int prev = s == 0 ? capacity - 1 : s - 1;
      if (!(timestamps[prev] >= markerTimestamp)) {
        break;
      }
      p--;
      s = prev;
    }
    if (p == oldest && oldest > 0) {
      return TOO_OLD; // the sample before the oldest is gone: it might have been the onset
    }
    return p;
  }

  /**
   * The first break among positions {@code from + 1 … to} (both buffered), as a {@link DropReason},
   * or null when the stretch {@code from … to} is continuous.
   */
  public DropReason firstBreak(long from, long to) {
    int a = slot(from);
    int b = slot(to);
    if (breaksUpTo[a] == breaksUpTo[b]) {
      return null;
    }
    for (long p = from + 1; p <= to; p++) {
      byte kind = breakKind[slot(p)];
      if (kind != NO_BREAK) {
        return reason(kind);
      }
    }
    return null;
  }

  static DropReason reason(int kind) {
    return switch (kind) {
      case BREAK_GAP -> DropReason.GAP;
      case BREAK_JUMP -> DropReason.TIMESTAMP_JUMP;
      case BREAK_OUTAGE -> DropReason.OUTAGE;
      default -> null;
    };
  }

  /** Position of the newest sample, -1 before the first. */
  public long newest() {
    return newest;
  }

  /** Position of the oldest sample still buffered (0 before the buffer first wraps). */
  public long oldest() {
    return Math.max(0, newest - capacity + 1);
  }

  /** True when the sample at {@code position} is buffered. */
  public boolean holds(long position) {
    return position >= 0 && position <= newest && position >= newest - capacity + 1;
  }

  public int slot(long position) {
    return (int) (position % capacity);
  }

  public double timestamp(long position) {
    return timestamps[slot(position)];
  }

  public long sampleIndex(long position) {
    return sampleIndex[slot(position)];
  }

  public long arrivalNanos(long position) {
    return arrivalNanos[slot(position)];
  }

  /** Timestamp of the newest sample (undefined before the first). */
  public double newestTimestamp() {
    return lastTimestamp;
  }

  public int capacity() {
    return capacity;
  }

  public int channels() {
    return channels;
  }

  /**
   * The mirrored values: channel c's sample at slot s is at {@code c·rowStride() + s} and {@code
   * c·rowStride() + s + capacity()}.
   */
  float[] values() {
    return values;
  }

  int rowStride() {
    return rowStride;
  }
}
