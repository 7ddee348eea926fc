package org.eegdecode.acquisition.session;

import com.lmax.disruptor.EventHandler;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.ring.SampleEvent;

/**
 * The recording consumer of the sample ring: runs beside the epocher (never in front of it) and
 * appends everything it sees to a {@link SessionWriter}, in ring order. EEG samples are gathered
 * into chunks of up to {@code chunkSamples}, written at the end of each ring batch (so a chunk is
 * what one pull delivered) and before any other event, so that a replay sees markers and samples
 * interleaved exactly as the epocher did. Allocation-free per event.
 *
 * <p>Stream ids: {@link SampleEvent#EEG_STREAM} (0) and {@link SampleEvent#MARKER_STREAM} (1);
 * {@link #streams} records both descriptions before the first sample. A failed writer (disk full)
 * makes every later event a counted loss ({@link SessionWriter#recordsLost()}); the ring, and so
 * the decoder, never waits for the disk beyond one append.
 */
public final class SessionRecorder implements EventHandler<SampleEvent> {
  private final SessionWriter writer;
  private final int chunkSamples;
  private int channels;
  private long[] index;
  private double[] raw;
  private double[] corrected;
  private float[] values;
  private int pending;
  private volatile long samples;
  private volatile long markers;
  private volatile long clockOffsets;

  public SessionRecorder(SessionWriter writer, int chunkSamples) {
    if (chunkSamples < 1) {
      throw new IllegalArgumentException("chunk must hold >= 1 sample, got " + chunkSamples);
    }
    this.writer = writer;
    this.chunkSamples = chunkSamples;
  }

  /**
   * Records both stream descriptions; call before the first event is published (the chunk buffers
   * are sized from the EEG channel count here).
   */
  public void streams(StreamInfo eeg, String eegXml, StreamInfo markers, String markerXml) {
    this.channels = eeg.channelCount();
    this.index = new long[chunkSamples];
    this.raw = new double[chunkSamples];
    this.corrected = new double[chunkSamples];
    this.values = new float[chunkSamples * channels];
    writer.stream(new SessionStream(SampleEvent.EEG_STREAM, SessionFormat.ROLE_EEG, eeg, eegXml));
    writer.stream(
        new SessionStream(
            SampleEvent.MARKER_STREAM, SessionFormat.ROLE_MARKERS, markers, markerXml));
  }

  @Override
  public void onEvent(SampleEvent event, long sequence, boolean endOfBatch) {
    switch (event.kind()) {
      case EEG -> addSample(event);
      case MARKER -> {
        flush();
        writer.string(
            SampleEvent.MARKER_STREAM,
            event.rawTimestamp(),
            event.timestamp(),
            event.markerNumber(),
            event.markerBytes(),
            event.markerLength());
        markers++;
      }
      case STALL, RESUMED -> {
        flush();
        writer.state(
            event.stream(),
            event.kind() == SampleEvent.Kind.STALL
                ? SessionFormat.STATE_STALL
                : SessionFormat.STATE_RESUMED,
            event.timestamp());
      }
      case CLOCK_OFFSET -> {
        flush();
        writer.clock(event.stream(), event.timestamp(), event.clockOffset());
        clockOffsets++;
      }
    }
    if (endOfBatch) {
      flush();
    }
  }

  private void addSample(SampleEvent event) {
    if (values == null) {
      throw new IllegalStateException("SessionRecorder.streams(...) was not called");
    }
    int n = Math.min(event.channelCount(), channels);
    int base = pending * channels;
    System.arraycopy(event.values(), 0, values, base, n);
    for (int c = n; c < channels; c++) {
      values[base + c] = Float.NaN; // a malformed short sample: the epocher skips it too
    }
    index[pending] = event.sampleIndex();
    raw[pending] = event.rawTimestamp();
    corrected[pending] = event.timestamp();
    pending++;
    samples++;
    if (pending == chunkSamples) {
      flush();
    }
  }

  private void flush() {
    if (pending > 0) {
      writer.numeric(SampleEvent.EEG_STREAM, channels, pending, index, raw, corrected, values);
      pending = 0;
    }
  }

  @Override
  public void onShutdown() {
    flush();
  }

  public SessionWriter writer() {
    return writer;
  }

  /** EEG samples seen (recorded unless the writer failed). */
  public long samples() {
    return samples;
  }

  public long markers() {
    return markers;
  }

  public long clockOffsets() {
    return clockOffsets;
  }
}
