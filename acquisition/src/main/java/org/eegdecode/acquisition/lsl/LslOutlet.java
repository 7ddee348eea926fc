package org.eegdecode.acquisition.lsl;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.Objects;

/**
 * An LSL outlet (simulator, results stream, tests). Pushes are synchronised, so one outlet may be
 * shared by threads; every push is sent at once ({@code pushthrough}).
 */
public final class LslOutlet implements AutoCloseable {
  private static final int MAX_BUFFERED_SECONDS = 360;

  private final Lsl lsl;
  private final StreamInfo info;
  private Pointer handle;
  private Memory dataBuffer;
  private Memory timestampBuffer;

  private LslOutlet(Lsl lsl, Pointer handle, StreamInfo info) {
    this.lsl = lsl;
    this.handle = handle;
    this.info = info;
  }

  /**
   * A float32 EEG outlet, type {@code EEG}; each label goes to {@code desc/channels/channel/label}
   * with unit {@code microvolts} and type {@code EEG}.
   */
  public static LslOutlet eeg(
      String name, String sourceId, List<String> channelLabels, double rate) {
    if (channelLabels.isEmpty()) {
      throw new IllegalArgumentException("an EEG outlet needs at least one channel label");
    }
    if (!(rate > 0)) {
      throw new IllegalArgumentException("an EEG outlet needs a positive rate, got " + rate);
    }
    return create(
        name,
        "EEG",
        channelLabels.size(),
        rate,
        "float32",
        sourceId,
        channelLabels,
        "microvolts",
        "EEG");
  }

  /** A one-channel string outlet with irregular rate, type {@code Markers}. */
  public static LslOutlet markers(String name, String sourceId) {
    return strings(name, "Markers", sourceId);
  }

  /**
   * A one-channel marker outlet with irregular rate, type {@code Markers}, in any channel format
   * ({@code string}, {@code int32}, {@code float32} … as stimulus programs use them).
   */
  public static LslOutlet markers(String name, String sourceId, String channelFormat) {
    return create(name, "Markers", 1, 0.0, channelFormat, sourceId, List.of(), null, null);
  }

  /** A one-channel string outlet with irregular rate and the given type (e.g. JSON results). */
  public static LslOutlet strings(String name, String type, String sourceId) {
    return create(name, type, 1, 0.0, "string", sourceId, List.of(), null, null);
  }

  /**
   * Any outlet. {@code channelLabels} may be empty (no description); otherwise it must have one
   * label per channel, written with {@code unit} and {@code channelType} when those are non-null.
   */
  public static LslOutlet create(
      String name,
      String type,
      int channelCount,
      double rate,
      String channelFormat,
      String sourceId,
      List<String> channelLabels,
      String unit,
      String channelType) {
    Objects.requireNonNull(name, "name");
    if (channelCount < 1) {
      throw new IllegalArgumentException("channel count must be >= 1, got " + channelCount);
    }
    if (!channelLabels.isEmpty() && channelLabels.size() != channelCount) {
      throw new IllegalArgumentException(
          channelLabels.size() + " channel labels for " + channelCount + " channels");
    }
    Lsl lsl = Lsl.get();
    LslApi api = lsl.api;
    Pointer infoHandle =
        api.lsl_create_streaminfo(
            name,
            type == null ? "" : type,
            channelCount,
            rate,
            StreamInfos.formatCode(channelFormat),
            sourceId == null ? "" : sourceId);
    if (infoHandle == null) {
      throw new IllegalStateException("liblsl could not create a stream info for '" + name + "'");
    }
    try {
      if (!channelLabels.isEmpty()) {
        StreamInfos.writeChannels(api, infoHandle, channelLabels, unit, channelType);
      }
      Pointer outlet = api.lsl_create_outlet(infoHandle, 0, MAX_BUFFERED_SECONDS);
      if (outlet == null) {
        throw new IllegalStateException("liblsl could not create an outlet for '" + name + "'");
      }
      Pointer outletInfo = api.lsl_get_info(outlet);
      StreamInfo info;
      try {
        info = StreamInfos.read(api, outletInfo == null ? infoHandle : outletInfo);
      } finally {
        if (outletInfo != null) {
          api.lsl_destroy_streaminfo(outletInfo);
        }
      }
      return new LslOutlet(lsl, outlet, info);
    } finally {
      // The outlet keeps its own copy of the info.
      api.lsl_destroy_streaminfo(infoHandle);
    }
  }

  /** The outlet's info, uid and hostname included. */
  public StreamInfo info() {
    return info;
  }

  /**
   * Pushes {@code samples} samples from {@code data} (row-major: samples × channels) with one
   * timestamp each (local LSL clock). {@code timestamps == null} stamps the chunk with the current
   * time (the last sample gets now, earlier ones are deduced from the rate).
   */
  public synchronized void pushChunk(float[] data, int samples, double[] timestamps) {
    Pointer out = requireOpen();
    int channels = info.channelCount();
    if (samples <= 0) {
      return;
    }
    long values = (long) samples * channels;
    if (data.length < values) {
      throw new IllegalArgumentException(
          "data holds " + data.length + " values, need " + samples + " × " + channels);
    }
    if (timestamps != null && timestamps.length < samples) {
      throw new IllegalArgumentException(
          timestamps.length + " timestamps for " + samples + " samples");
    }
    Memory dataMem = dataBuffer(values * Float.BYTES);
    dataMem.write(0, data, 0, (int) values);
    int ec;
    if (timestamps == null) {
      ec = lsl.api.lsl_push_chunk_ftp(out, dataMem, new NativeLong(values), 0.0, 1);
    } else {
      Memory tsMem = timestampBuffer((long) samples * Double.BYTES);
      tsMem.write(0, timestamps, 0, samples);
      ec =
          lsl.lp64
              ? LslDirectLp64.lsl_push_chunk_ftnp(out, dataMem, values, tsMem, 1)
              : lsl.api.lsl_push_chunk_ftnp(out, dataMem, new NativeLong(values), tsMem, 1);
    }
    check(ec, "push_chunk");
  }

  /** Pushes one float sample; {@code timestamp} 0.0 means now. */
  public synchronized void pushSample(float[] sample, double timestamp) {
    Pointer out = requireOpen();
    if (sample.length < info.channelCount()) {
      throw new IllegalArgumentException(
          "sample has " + sample.length + " values for " + info.channelCount() + " channels");
    }
    check(lsl.api.lsl_push_sample_ftp(out, sample, timestamp, 1), "push_sample");
  }

  /** Pushes one double sample (liblsl converts to the stream's format); 0.0 means now. */
  public synchronized void pushSample(double[] sample, double timestamp) {
    Pointer out = requireOpen();
    requireNumeric(sample.length);
    check(lsl.api.lsl_push_sample_dtp(out, sample, timestamp, 1), "push_sample_d");
  }

  /** Pushes one int32 sample (liblsl converts to the stream's format); 0.0 means now. */
  public synchronized void pushSample(int[] sample, double timestamp) {
    Pointer out = requireOpen();
    requireNumeric(sample.length);
    check(lsl.api.lsl_push_sample_itp(out, sample, timestamp, 1), "push_sample_i");
  }

  private void requireNumeric(int values) {
    if (info.isString()) {
      throw new IllegalStateException("outlet '" + info.name() + "' carries strings");
    }
    if (values < info.channelCount()) {
      throw new IllegalArgumentException(
          "sample has " + values + " values for " + info.channelCount() + " channels");
    }
  }

  /**
   * Pushes one marker given as text: as it is on a string stream, parsed as a number on a numeric
   * one (how a recorded marker goes back out in its original format).
   *
   * @throws IllegalArgumentException text that is not a number for a numeric stream
   */
  public synchronized void pushMarkerValue(String text, double timestamp) {
    if (info.isString()) {
      pushMarker(text, timestamp);
      return;
    }
    double value;
    try {
      value = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "marker '"
              + text
              + "' is not a number for "
              + info.channelFormat()
              + " outlet '"
              + info.name()
              + "'");
    }
    double[] sample = new double[info.channelCount()];
    sample[0] = value;
    pushSample(sample, timestamp);
  }

  /** Pushes one string marker (UTF-8) with its timestamp; 0.0 means now. */
  public synchronized void pushMarker(String text, double timestamp) {
    Pointer out = requireOpen();
    if (!info.isString()) {
      throw new IllegalStateException("outlet '" + info.name() + "' is not a string stream");
    }
    String[] sample = new String[info.channelCount()];
    java.util.Arrays.fill(sample, "");
    sample[0] = Objects.requireNonNull(text, "text");
    check(lsl.api.lsl_push_sample_strtp(out, sample, timestamp, 1), "push_sample_str");
  }

  /** Pushes one string sample, one value per channel (missing channels sent empty). */
  public synchronized void pushStrings(String[] values, double timestamp) {
    Pointer out = requireOpen();
    if (!info.isString()) {
      throw new IllegalStateException("outlet '" + info.name() + "' is not a string stream");
    }
    String[] sample = new String[info.channelCount()];
    for (int c = 0; c < sample.length; c++) {
      sample[c] = c < values.length && values[c] != null ? values[c] : "";
    }
    check(lsl.api.lsl_push_sample_strtp(out, sample, timestamp, 1), "push_sample_str");
  }

  /** Whether any inlet is connected. */
  public synchronized boolean haveConsumers() {
    return lsl.api.lsl_have_consumers(requireOpen()) != 0;
  }

  /** Waits until an inlet connects; false on timeout. */
  public boolean waitForConsumers(double timeoutSeconds) {
    Pointer out;
    synchronized (this) {
      out = requireOpen();
    }
    // Not synchronised during the wait, so pushes are not blocked; close() waits for no one, so
    // callers must not close while another thread waits here.
    return lsl.api.lsl_wait_for_consumers(out, timeoutSeconds) != 0;
  }

  /** Destroys the outlet; connected inlets see the stream as lost. Idempotent. */
  @Override
  public synchronized void close() {
    if (handle != null) {
      lsl.api.lsl_destroy_outlet(handle);
      handle = null;
    }
  }

  private Pointer requireOpen() {
    if (handle == null) {
      throw new IllegalStateException("outlet '" + info.name() + "' is closed");
    }
    return handle;
  }

  private Memory dataBuffer(long bytes) {
    if (dataBuffer == null || dataBuffer.size() < bytes) {
      dataBuffer = new Memory(Math.max(bytes, 4096));
    }
    return dataBuffer;
  }

  private Memory timestampBuffer(long bytes) {
    if (timestampBuffer == null || timestampBuffer.size() < bytes) {
      timestampBuffer = new Memory(Math.max(bytes, 1024));
    }
    return timestampBuffer;
  }

  private void check(int ec, String what) {
    if (ec < 0) {
      throw new IllegalStateException(
          what + " on outlet '" + info.name() + "' failed: " + LslErrors.describe(ec));
    }
  }
}
