package org.eegdecode.acquisition.lsl;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * An LSL inlet. Pulls return the stream's raw timestamps (the sender's clock, no post-processing)
 * unless {@link #enablePostprocessing()} succeeded.
 *
 * <p>The numeric pull path allocates nothing in steady state: liblsl writes into off-heap {@link
 * Memory} buffers kept by the inlet (grown only when a caller passes larger arrays), the calls go
 * through JNA direct mapping, and the values are copied into the caller's arrays.
 *
 * <p>Methods are synchronised: a {@link #close()} from another thread waits for a pull in progress
 * (at most its timeout) instead of freeing the inlet under it.
 */
public final class LslInlet implements AutoCloseable {
  private final Lsl lsl;
  private final StreamInfo fullInfo;
  private final String fullInfoXml;
  private final int channels;
  private final Memory errorCode = new Memory(4);
  private Pointer handle;

  // Pull buffers: data/timestamps, and views starting at the second sample (made once, reused).
  private int capacitySamples;
  private Memory dataMemory;
  private Memory timestampMemory;
  private Pointer dataAfterFirst;
  private Pointer timestampsAfterFirst;
  private Memory stringPointers;
  private Memory markerValues;

  private LslInlet(Lsl lsl, Pointer handle, StreamInfo fullInfo, String fullInfoXml) {
    this.lsl = lsl;
    this.handle = handle;
    this.fullInfo = fullInfo;
    this.fullInfoXml = fullInfoXml;
    this.channels = fullInfo.channelCount();
  }

  /**
   * Opens an inlet with liblsl's recovery on (a lost outlet is reconnected silently by source_id);
   * see {@link #open(StreamInfo, double, double, boolean)}.
   */
  public static LslInlet open(StreamInfo info, double maxBufferSeconds, double timeoutSeconds)
      throws IOException {
    return open(info, maxBufferSeconds, timeoutSeconds, true);
  }

  /**
   * Creates an inlet for {@code info}, connects it and reads the full info (with the channel
   * description), each step waiting up to {@code timeoutSeconds}.
   *
   * <p>The outlet registers the new inlet a moment after this returns: samples pushed in between
   * are not delivered to it (a sender that must not lose the first samples waits for {@link
   * LslOutlet#waitForConsumers}).
   *
   * @param maxBufferSeconds the inlet's queue: seconds for regular streams, hundreds of samples for
   *     irregular ones (liblsl's convention); when full, liblsl silently drops the OLDEST samples
   * @param recover false: a lost outlet makes pulls fail with {@link StreamLostException} instead
   *     of being reconnected behind the caller's back
   */
  public static LslInlet open(
      StreamInfo info, double maxBufferSeconds, double timeoutSeconds, boolean recover)
      throws IOException {
    Lsl lsl = Lsl.get();
    LslApi api = lsl.api;
    int bufferLength = (int) Math.max(1, Math.ceil(maxBufferSeconds));
    Pointer infoHandle = StreamResolver.nativeInfo(info, timeoutSeconds);
    Pointer inlet;
    try {
      inlet = api.lsl_create_inlet(infoHandle, bufferLength, 0, recover ? 1 : 0);
    } finally {
      api.lsl_destroy_streaminfo(infoHandle);
    }
    if (inlet == null) {
      throw new IOException("liblsl could not create an inlet for stream " + info.describe());
    }
    boolean ok = false;
    try {
      Memory ec = new Memory(4);
      ec.setInt(0, 0);
      api.lsl_open_stream(inlet, timeoutSeconds, ec);
      if (ec.getInt(0) != 0) {
        throw new IOException(
            "cannot open LSL stream "
                + info.describe()
                + ": "
                + LslErrors.describe(ec.getInt(0))
                + " after "
                + timeoutSeconds
                + " s");
      }
      ec.setInt(0, 0);
      Pointer full = api.lsl_get_fullinfo(inlet, timeoutSeconds, ec);
      if (full == null || ec.getInt(0) != 0) {
        throw new IOException(
            "cannot read the full info of LSL stream "
                + info.describe()
                + ": "
                + LslErrors.describe(ec.getInt(0)));
      }
      StreamInfo fullInfo;
      String xml;
      try {
        fullInfo = StreamInfos.read(api, full);
        xml = StreamInfos.xml(api, full);
      } finally {
        api.lsl_destroy_streaminfo(full);
      }
      LslInlet result = new LslInlet(lsl, inlet, fullInfo, xml);
      ok = true;
      return result;
    } finally {
      if (!ok) {
        api.lsl_destroy_inlet(inlet);
      }
    }
  }

  /** The full info read at open time: channel labels from the stream's description. */
  public StreamInfo fullInfo() {
    return fullInfo;
  }

  /** The full info as liblsl's XML ({@code <info>…<desc>…</desc></info>}), for recordings. */
  public String fullInfoXml() {
    return fullInfoXml;
  }

  /**
   * Pulls the samples available now into {@code data} (row-major, samples × channels) and their raw
   * timestamps into {@code timestamps}; when none is available, waits up to {@code timeoutSeconds}
   * for the first one and then takes whatever else has arrived (it does not wait to fill the
   * arrays, unlike {@code lsl_pull_chunk} with a timeout, which would add up to the timeout to the
   * latency).
   *
   * @return the number of SAMPLES written (liblsl's own count is of values), at most {@code
   *     min(timestamps.length, data.length / channels)}; 0 on timeout
   * @throws StreamLostException when the outlet is gone and recovery is off
   * @throws IOException for any other liblsl error
   */
  public synchronized int pullChunk(float[] data, double[] timestamps, double timeoutSeconds)
      throws IOException {
    Pointer in = requireOpen();
    if (fullInfo.isString()) {
      throw new IllegalStateException(
          "stream '" + fullInfo.name() + "' carries strings: use pullMarkers");
    }
    int maxSamples = Math.min(timestamps.length, data.length / channels);
    if (maxSamples <= 0) {
      throw new IllegalArgumentException(
          "buffers hold no whole sample (" + data.length + " values, " + channels + " channels)");
    }
    ensureCapacity(maxSamples);
    int n = pullChunkNative(in, dataMemory, timestampMemory, maxSamples);
    if (n == 0 && timeoutSeconds > 0) {
      errorCode.setInt(0, 0);
      double t = LslDirect.lsl_pull_sample_f(in, dataMemory, channels, timeoutSeconds, errorCode);
      checkError("pull_sample");
      if (t != 0.0) {
        timestampMemory.setDouble(0, t);
        n = 1;
        if (maxSamples > 1) {
          n += pullChunkNative(in, dataAfterFirst, timestampsAfterFirst, maxSamples - 1);
        }
      }
    }
    if (n > 0) {
      dataMemory.read(0, data, 0, n * channels);
      timestampMemory.read(0, timestamps, 0, n);
    }
    return n;
  }

  /** One non-blocking {@code lsl_pull_chunk_f}; returns samples (the C call returns values). */
  private int pullChunkNative(Pointer in, Pointer data, Pointer stamps, int maxSamples)
      throws IOException {
    long valuesCapacity = (long) maxSamples * channels;
    errorCode.setInt(0, 0);
    long values;
    if (lsl.lp64) {
      values =
          LslDirectLp64.lsl_pull_chunk_f(
              in, data, stamps, valuesCapacity, maxSamples, 0.0, errorCode);
    } else {
      values =
          lsl.api
              .lsl_pull_chunk_f(
                  in,
                  data,
                  stamps,
                  new NativeLong(valuesCapacity),
                  new NativeLong(maxSamples),
                  0.0,
                  errorCode)
              .longValue();
    }
    checkError("pull_chunk");
    if (values % channels != 0) {
      throw new IOException(
          "liblsl returned " + values + " values, not a multiple of " + channels + " channels");
    }
    return (int) (values / channels);
  }

  /**
   * Pulls up to {@code texts.length} markers (channel 0 of each sample) with their raw timestamps;
   * waits up to {@code timeoutSeconds} for the first and then takes only those already there.
   * Numeric streams are formatted as text ({@link #formatNumber}). Allocates (markers are rare).
   *
   * @return the number of markers written; 0 on timeout
   */
  public synchronized int pullMarkers(String[] texts, double[] timestamps, double timeoutSeconds)
      throws IOException {
    Pointer in = requireOpen();
    int max = Math.min(texts.length, timestamps.length);
    int n = 0;
    while (n < max) {
      double wait = n == 0 ? Math.max(0.0, timeoutSeconds) : 0.0;
      double t;
      String text;
      errorCode.setInt(0, 0);
      if (fullInfo.isString()) {
        if (stringPointers == null) {
          stringPointers = new Memory((long) channels * Native.POINTER_SIZE);
        }
        stringPointers.clear();
        t = lsl.api.lsl_pull_sample_str(in, stringPointers, channels, wait, errorCode);
        text = t == 0.0 ? null : takeStrings();
      } else {
        if (markerValues == null) {
          markerValues = new Memory((long) channels * Double.BYTES);
        }
        t = lsl.api.lsl_pull_sample_d(in, markerValues, channels, wait, errorCode);
        text = t == 0.0 ? null : formatNumber(markerValues.getDouble(0));
      }
      checkError("pull_sample");
      if (t == 0.0) {
        break;
      }
      texts[n] = text;
      timestamps[n] = t;
      n++;
    }
    return n;
  }

  /** Reads channel 0's string and frees every string liblsl allocated for the sample. */
  private String takeStrings() {
    String first = null;
    for (int c = 0; c < channels; c++) {
      Pointer s = stringPointers.getPointer((long) c * Native.POINTER_SIZE);
      if (s != null) {
        if (c == 0) {
          first = s.getString(0, "UTF-8");
        }
        lsl.api.lsl_destroy_string(s);
      }
    }
    return first == null ? "" : first;
  }

  /**
   * A number as marker text: integral values without a trailing {@code .0} ({@code 7}, not {@code
   * 7.0}), others as {@link Double#toString(double)}.
   */
  public static String formatNumber(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /**
   * {@code lsl_time_correction}: add to this stream's timestamps to get local-clock times. The
   * first call measures (about half a second); later ones return liblsl's running estimate at once.
   *
   * @return the offset in seconds, or NaN when none could be measured within the timeout
   */
  public synchronized double timeCorrection(double timeoutSeconds) {
    Pointer in = requireOpen();
    errorCode.setInt(0, 0);
    double offset = LslDirect.lsl_time_correction(in, timeoutSeconds, errorCode);
    return errorCode.getInt(0) == 0 ? offset : Double.NaN;
  }

  /** Whether the sender's clock was (possibly) reset since the last call. */
  public synchronized boolean wasClockReset() {
    return LslDirect.lsl_was_clock_reset(requireOpen()) != 0;
  }

  /** Samples waiting in the inlet's queue (liblsl 1.10 reports at most whether any are there). */
  public synchronized int samplesAvailable() {
    return LslDirect.lsl_samples_available(requireOpen());
  }

  /**
   * Asks liblsl (1.11+) to clock-sync, dejitter and monotonise this inlet's timestamps itself.
   *
   * @return false where {@code lsl_set_postprocessing} is absent (liblsl 1.10): timestamps stay raw
   */
  public synchronized boolean enablePostprocessing() {
    return lsl.setPostprocessing(
        requireOpen(), Lsl.PROC_CLOCKSYNC | Lsl.PROC_DEJITTER | Lsl.PROC_MONOTONIZE);
  }

  /** True once closed. */
  public synchronized boolean isClosed() {
    return handle == null;
  }

  /**
   * Destroys the inlet (without {@code lsl_close_stream} first: that races with liblsl's recovery
   * machinery). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (handle != null) {
      Pointer in = handle;
      handle = null;
      lsl.api.lsl_destroy_inlet(in);
    }
  }

  private void ensureCapacity(int samples) {
    if (samples <= capacitySamples) {
      return;
    }
    int capacity = Math.max(samples, 16);
    dataMemory = new Memory((long) capacity * channels * Float.BYTES);
    timestampMemory = new Memory((long) capacity * Double.BYTES);
    dataAfterFirst = dataMemory.share((long) channels * Float.BYTES);
    timestampsAfterFirst = timestampMemory.share(Double.BYTES);
    capacitySamples = capacity;
  }

  private void checkError(String what) throws IOException {
    int ec = errorCode.getInt(0);
    if (ec == 0 || ec == LslErrors.TIMEOUT) {
      return;
    }
    String message =
        what + " on LSL stream " + fullInfo.describe() + " failed: " + LslErrors.describe(ec);
    if (ec == LslErrors.LOST) {
      throw new StreamLostException(message);
    }
    throw new IOException(message);
  }

  private Pointer requireOpen() {
    if (handle == null) {
      throw new IllegalStateException("inlet for '" + fullInfo.name() + "' is closed");
    }
    return handle;
  }

  @Override
  public String toString() {
    return "LslInlet[" + fullInfo.describe() + (handle == null ? ", closed]" : "]");
  }
}
