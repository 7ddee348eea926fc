package org.eegdecode.acquisition.xdf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eegdecode.acquisition.lsl.StreamInfo;

/**
 * Writes XDF files that LabRecorder's readers (pyxdf, {@link XdfReader}, MATLAB's load_xdf) read,
 * chunk by chunk, so that a recording of any length is exported without holding it in memory.
 *
 * <pre>{@code
 * try (XdfWriter w = XdfWriter.create(target)) {
 *   w.streamHeader(1, XdfWriter.headerXml(eegInfo, createdAt));
 *   w.numericSamples(1, channels, n, timestamps, values);      // repeatedly, in time order
 *   w.clockOffset(1, collectionTime, offset);                   // about every 5 s
 * } // close(): boundary, one StreamFooter per stream, then the file appears under its name
 * }</pre>
 *
 * <p><b>Chunks.</b> {@link #create} writes {@code XDF:} and a FileHeader; {@link #streamHeader} a
 * StreamHeader (tag 2); {@link #numericSamples}/{@link #stringSamples} Samples chunks (tag 3) in
 * the stream's declared {@code channel_format}, every sample with an explicit f64 time stamp (time
 * stamp byte 8: never deduced, so time stamps read back bit for bit); {@link #clockOffset} a
 * ClockOffset chunk (tag 4); {@link #close} one StreamFooter (tag 6) per stream with what was
 * actually written (first/last time stamp, sample count, clock offsets), as LabRecorder does.
 * Lengths and sample counts use the smallest length-of-length (1, 4 or 8) that fits.
 *
 * <p><b>Boundaries.</b> A Boundary chunk (tag 5) lets readers resynchronise after corruption.
 * LabRecorder writes one every 10 s of wall clock; this writer has no wall clock, so it writes one
 * before the first sample of any stream lying {@link Limits#boundaryIntervalSeconds} or more (by
 * that stream's time stamps) after its first sample since the previous boundary, and whenever
 * {@link Limits#boundaryIntervalBytes} have been written since the previous one; one more precedes
 * the footers. Long sample writes are split into chunks of at most {@link Limits#maxChunkBytes} so
 * that boundaries can fall inside them.
 *
 * <p><b>Atomicity.</b> Everything goes to a temporary {@code <target>.partial} file in the target's
 * directory, which {@link #close} fsyncs and renames to the target (replacing an existing file). A
 * writer that is never closed (crash, or an exception that skips close) leaves no file named {@code
 * target}; {@link #abort} deletes the temporary file. A writer method that fails (invalid arguments
 * or an I/O error) marks the writer failed: later writes throw {@link IllegalStateException} and
 * {@code close()} deletes the temporary file and throws, so a try-with-resources block ended by
 * such an exception publishes nothing. Exceptions of the caller's own code inside the block are
 * invisible to the writer: call {@link #abort} for them.
 *
 * <p>Validation (before anything of a chunk is written): the stream must be declared; numeric and
 * string writes must match its format and channel count; values must fit the format (see {@link
 * #numericSamples(long, int, int, double[], double[])}); time stamps and clock offsets must be
 * finite. Not thread-safe: one thread writes a file, and one writer writes a target at a time.
 */
public final class XdfWriter implements AutoCloseable {
  private static final int TAG_FILE_HEADER = 1;
  private static final int TAG_STREAM_HEADER = 2;
  private static final int TAG_SAMPLES = 3;
  private static final int TAG_CLOCK_OFFSET = 4;
  private static final int TAG_BOUNDARY = 5;
  private static final int TAG_STREAM_FOOTER = 6;
  private static final int BUFFER_BYTES = 1 << 16;
  private static final long MAX_STREAM_ID = 0xFFFF_FFFFL;

  /**
   * When the writer inserts boundary chunks and how large a Samples chunk may grow.
   *
   * @param boundaryIntervalSeconds a boundary at least this often in any stream's time stamps
   * @param boundaryIntervalBytes a boundary at least every this many bytes
   * @param maxChunkBytes Samples chunks are split above this size (one sample always fits)
   */
  public record Limits(
      double boundaryIntervalSeconds, long boundaryIntervalBytes, int maxChunkBytes) {
    /** LabRecorder's 10 s boundary interval, at most 8 MiB between boundaries, 1 MiB chunks. */
    public static final Limits DEFAULT = new Limits(10.0, 8L << 20, 1 << 20);

    public Limits {
      if (!(boundaryIntervalSeconds > 0) || boundaryIntervalBytes <= 0 || maxChunkBytes <= 0) {
        throw new IllegalArgumentException(
            "XDF writer limits must be positive: "
                + boundaryIntervalSeconds
                + " s, "
                + boundaryIntervalBytes
                + " bytes, "
                + maxChunkBytes
                + " bytes per chunk");
      }
    }
  }

  private enum State {
    OPEN,
    FAILED,
    CLOSED,
    ABORTED
  }

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final XdfChunkOutput out;
  private final Limits limits;
  private final Map<Long, Stream> streams = new LinkedHashMap<>();
  private long lastBoundaryEnd;
  private State state = State.OPEN;
  private String failure;

  private XdfWriter(Path target, Path temp, FileChannel channel, Limits limits) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.limits = limits;
    this.out = new XdfChunkOutput(channel, BUFFER_BYTES);
  }

  /** Starts {@code target} with {@link Limits#DEFAULT}; see {@link #create(Path, Limits)}. */
  public static XdfWriter create(Path target) throws IOException {
    return create(target, Limits.DEFAULT);
  }

  /**
   * Starts an XDF file: creates the temporary file beside {@code target} and writes the magic code
   * and the FileHeader (version 1.0 and the current UTC date and time, as LabRecorder does).
   */
  public static XdfWriter create(Path target, Limits limits) throws IOException {
    Path temp = partialFile(target);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              temp,
              StandardOpenOption.WRITE,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING);
      XdfWriter w = new XdfWriter(target, temp, channel, limits);
      w.out.putBytes("XDF:".getBytes(StandardCharsets.US_ASCII));
      w.chunk(TAG_FILE_HEADER, -1, XdfXml.fileHeader(ZonedDateTime.now(ZoneOffset.UTC)));
      return w;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        closeQuietly(channel);
        Files.deleteIfExists(temp);
      }
      throw new IOException(target + ": cannot write XDF file: " + e, e);
    }
  }

  /**
   * LabRecorder-style stream header XML for {@code info}: name, type, channel_count, nominal_srate,
   * channel_format, source_id, version, created_at, uid, session_id, hostname and, when the info
   * has channel labels, {@code desc/channels/channel/label}.
   *
   * @param createdAt when the outlet was created, in its LSL clock (liblsl's {@code created_at})
   * @throws IllegalArgumentException for a channel format XDF cannot store, a label count that
   *     differs from the channel count, or text XML cannot carry
   */
  public static String headerXml(StreamInfo info, double createdAt) {
    return XdfXml.streamHeader(info, createdAt);
  }

  /**
   * Where the file is written until {@link #close}: {@code <target>.partial} beside the target (a
   * stale one, left by a crash, is overwritten by the next writer).
   */
  public static Path partialFile(Path target) {
    Path abs = target.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + ".partial");
  }

  /** The file this writer produces on {@link #close}. */
  public Path target() {
    return target;
  }

  /**
   * Declares stream {@code streamId} (0 … 2³²−1) with its header XML, written verbatim. Its {@code
   * channel_format} and {@code channel_count} are read from the XML and govern every later write to
   * the stream.
   *
   * @throws IllegalArgumentException when the id is out of range or already declared, or the XML
   *     lacks a valid channel_count/nominal_srate/channel_format
   */
  public void streamHeader(long streamId, String headerXml) throws IOException {
    begin();
    try {
      if (streamId < 0 || streamId > MAX_STREAM_ID) {
        throw invalid(streamId, "stream id out of range 0.." + MAX_STREAM_ID);
      }
      if (streams.containsKey(streamId)) {
        throw invalid(streamId, "stream header already written");
      }
      XdfStream parsed;
      try {
        parsed = XdfReader.parseHeader(streamId, headerXml);
      } catch (XdfReader.Corrupt e) {
        throw new IllegalArgumentException(target + ": " + e.getMessage(), e);
      }
      streams.put(
          streamId,
          new Stream(streamId, XdfValueFormat.of(parsed.channelFormat()), parsed.channelCount()));
      chunk(TAG_STREAM_HEADER, streamId, headerXml);
    } catch (IOException | RuntimeException e) {
      markFailed(e);
      throw e;
    }
  }

  /**
   * Appends {@code n} samples of a numeric stream.
   *
   * <p>Values are converted to the stream's channel format on write. Integer formats take whole
   * numbers within their range; float32 takes any value that does not overflow to ±Inf (NaN, ±Inf
   * and rounding are kept); double64 takes anything; int64 values are exact up to 2⁵³.
   *
   * @param channels must equal the stream's channel_count
   * @param timestamps the first {@code n} entries are used; finite, in the stream's clock
   * @param valuesRowMajor sample after sample, {@code channels} values each; the first {@code n ×
   *     channels} entries are used
   * @throws IllegalArgumentException (naming the stream) for an undeclared or string stream, a
   *     wrong channel count, arrays shorter than {@code n}, a non-finite time stamp or a value that
   *     does not fit; nothing is written then
   */
  public void numericSamples(
      long streamId, int channels, int n, double[] timestamps, double[] valuesRowMajor)
      throws IOException {
    begin();
    try {
      Stream s = numeric(streamId, channels);
      checkCounts(s, n, timestamps, valuesRowMajor.length);
      int total = n * channels;
      for (int i = 0; i < total; i++) {
        String misfit = s.format.misfit(valuesRowMajor[i]);
        if (misfit != null) {
          throw invalid(
              streamId, misfit + " at sample " + i / channels + ", channel " + i % channels);
        }
      }
      XdfValueFormat format = s.format;
      int rowBytes = channels * format.width;
      writeSamples(
          s,
          n,
          timestamps,
          new Rows() {
            @Override
            public long bytes(int sample) {
              return rowBytes;
            }

            @Override
            public void write(int sample) throws IOException {
              int base = sample * channels;
              for (int c = 0; c < channels; c++) {
                format.write(out, valuesRowMajor[base + c]);
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      markFailed(e);
      throw e;
    }
  }

  /**
   * Appends {@code n} samples of a numeric stream from {@code float} values (EEG chunks as LSL
   * delivers them). Written without conversion to a float32 stream; other formats convert and
   * validate as {@link #numericSamples(long, int, int, double[], double[])}.
   */
  public void numericSamples(
      long streamId, int channels, int n, double[] timestamps, float[] valuesRowMajor)
      throws IOException {
    begin();
    try {
      Stream s = numeric(streamId, channels);
      checkCounts(s, n, timestamps, valuesRowMajor.length);
      XdfValueFormat format = s.format;
      boolean direct = format == XdfValueFormat.FLOAT32;
      if (!direct) {
        int total = n * channels;
        for (int i = 0; i < total; i++) {
          String misfit = format.misfit(valuesRowMajor[i]);
          if (misfit != null) {
            throw invalid(
                streamId, misfit + " at sample " + i / channels + ", channel " + i % channels);
          }
        }
      }
      int rowBytes = channels * format.width;
      writeSamples(
          s,
          n,
          timestamps,
          new Rows() {
            @Override
            public long bytes(int sample) {
              return rowBytes;
            }

            @Override
            public void write(int sample) throws IOException {
              int base = sample * channels;
              for (int c = 0; c < channels; c++) {
                if (direct) {
                  out.putFloat(valuesRowMajor[base + c]);
                } else {
                  format.write(out, valuesRowMajor[base + c]);
                }
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      markFailed(e);
      throw e;
    }
  }

  /**
   * Appends {@code n} samples of a string stream, written as UTF-8.
   *
   * @param valuesRowMajor sample after sample, channel_count strings each (none null); the first
   *     {@code n × channel_count} entries are used
   * @throws IllegalArgumentException (naming the stream) for an undeclared or numeric stream,
   *     arrays shorter than {@code n}, a non-finite time stamp or a null string
   */
  public void stringSamples(long streamId, int n, double[] timestamps, String[] valuesRowMajor)
      throws IOException {
    begin();
    try {
      Stream s = declared(streamId);
      if (s.format != XdfValueFormat.STRING) {
        throw invalid(streamId, "string samples for a " + s.format.xmlName + " stream");
      }
      int channels = s.channels;
      checkCounts(s, n, timestamps, valuesRowMajor.length);
      byte[][] utf8 = new byte[n * channels][];
      for (int i = 0; i < utf8.length; i++) {
        if (valuesRowMajor[i] == null) {
          throw invalid(
              streamId, "null string at sample " + i / channels + ", channel " + i % channels);
        }
        utf8[i] = valuesRowMajor[i].getBytes(StandardCharsets.UTF_8);
      }
      writeSamples(
          s,
          n,
          timestamps,
          new Rows() {
            @Override
            public long bytes(int sample) {
              long b = 0;
              for (int c = 0; c < channels; c++) {
                int len = utf8[sample * channels + c].length;
                b += XdfChunkOutput.varLenSize(len) + len;
              }
              return b;
            }

            @Override
            public void write(int sample) throws IOException {
              for (int c = 0; c < channels; c++) {
                byte[] v = utf8[sample * channels + c];
                out.putVarLen(v.length);
                out.putBytes(v);
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      markFailed(e);
      throw e;
    }
  }

  /**
   * Writes a ClockOffset chunk and remembers it for the stream's footer.
   *
   * @param collectionTime when the offset was measured, in the stream's clock (LabRecorder writes
   *     {@code local_clock() − offset})
   * @param offsetValue what to add to the stream's time stamps to map them onto the recorder's
   *     clock
   */
  public void clockOffset(long streamId, double collectionTime, double offsetValue)
      throws IOException {
    begin();
    try {
      Stream s = declared(streamId);
      if (!Double.isFinite(collectionTime) || !Double.isFinite(offsetValue)) {
        throw invalid(
            streamId,
            "clock offset must be finite: time " + collectionTime + ", value " + offsetValue);
      }
      out.chunkHeader(TAG_CLOCK_OFFSET, 4 + 16);
      out.putInt((int) streamId);
      out.putDouble(collectionTime);
      out.putDouble(offsetValue);
      s.addOffset(collectionTime, offsetValue);
    } catch (IOException | RuntimeException e) {
      markFailed(e);
      throw e;
    }
  }

  /** Writes a Boundary chunk now (besides the automatic ones). */
  public void boundary() throws IOException {
    begin();
    try {
      writeBoundary();
    } catch (IOException | RuntimeException e) {
      markFailed(e);
      throw e;
    }
  }

  /**
   * Finishes the file: a Boundary chunk, one StreamFooter per stream in header order, then fsync
   * and rename of the temporary file to the target. Does nothing once closed or aborted. When an
   * earlier write failed, or finishing fails, the temporary file is deleted and an IOException
   * names the target: no file is published.
   */
  @Override
  public void close() throws IOException {
    if (state == State.CLOSED || state == State.ABORTED) {
      return;
    }
    if (state == State.FAILED) {
      abort();
      throw new IOException(target + ": not written: an earlier write failed: " + failure);
    }
    try {
      writeBoundary();
      for (Stream s : streams.values()) {
        chunk(TAG_STREAM_FOOTER, s.id, s.footerXml());
      }
      out.flush();
      channel.force(true);
      channel.close();
      publish();
      state = State.CLOSED;
    } catch (IOException | RuntimeException e) {
      abort();
      throw new IOException(target + ": cannot finish XDF file: " + e, e);
    }
  }

  /**
   * Discards the file: closes and deletes the temporary file, so that nothing named {@code target}
   * is created. Does nothing after {@link #close} succeeded or after an earlier abort.
   *
   * @throws UncheckedIOException when the temporary file cannot be deleted
   */
  public void abort() {
    if (state == State.CLOSED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    closeQuietly(channel);
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot delete temporary file " + temp, e);
    }
  }

  private void publish() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Splits the samples into chunks, with boundaries where due, and writes them. */
  private void writeSamples(Stream s, int n, double[] ts, Rows rows) throws IOException {
    double interval = limits.boundaryIntervalSeconds();
    int from = 0;
    while (from < n) {
      if (out.position() - lastBoundaryEnd >= limits.boundaryIntervalBytes()
          || (!Double.isNaN(s.boundaryMark) && Math.abs(ts[from] - s.boundaryMark) >= interval)) {
        writeBoundary();
      }
      if (Double.isNaN(s.boundaryMark)) {
        s.boundaryMark = ts[from];
      }
      long size = 9 + rows.bytes(from);
      int end = from + 1;
      while (end < n && Math.abs(ts[end] - s.boundaryMark) < interval) {
        long next = 9 + rows.bytes(end);
        if (size + next > limits.maxChunkBytes()) {
          break;
        }
        size += next;
        end++;
      }
      int count = end - from;
      out.chunkHeader(TAG_SAMPLES, 4 + XdfChunkOutput.varLenSize(count) + size);
      out.putInt((int) s.id);
      out.putVarLen(count);
      for (int k = from; k < end; k++) {
        out.putByte(8);
        out.putDouble(ts[k]);
        rows.write(k);
      }
      if (s.sampleCount == 0) {
        s.firstTimestamp = ts[from];
      }
      s.sampleCount += count;
      s.lastTimestamp = ts[end - 1];
      from = end;
    }
  }

  private void writeBoundary() throws IOException {
    out.chunkHeader(TAG_BOUNDARY, XdfReader.BOUNDARY.length);
    out.putBytes(XdfReader.BOUNDARY);
    lastBoundaryEnd = out.position();
    for (Stream s : streams.values()) {
      s.boundaryMark = Double.NaN;
    }
  }

  /** A chunk of XML content, preceded by the stream id when {@code streamId >= 0}. */
  private void chunk(int tag, long streamId, String xml) throws IOException {
    byte[] content = xml.getBytes(StandardCharsets.UTF_8);
    out.chunkHeader(tag, content.length + (streamId >= 0 ? 4 : 0));
    if (streamId >= 0) {
      out.putInt((int) streamId);
    }
    out.putBytes(content);
  }

  private Stream declared(long streamId) {
    Stream s = streams.get(streamId);
    if (s == null) {
      throw invalid(streamId, "no stream header written for this stream id");
    }
    return s;
  }

  private Stream numeric(long streamId, int channels) {
    Stream s = declared(streamId);
    if (s.format == XdfValueFormat.STRING) {
      throw invalid(streamId, "numeric samples for a string stream");
    }
    if (channels != s.channels) {
      throw invalid(streamId, channels + " channels given, the header declares " + s.channels);
    }
    return s;
  }

  private void checkCounts(Stream s, int n, double[] timestamps, int values) {
    if (n < 0) {
      throw invalid(s.id, "negative sample count " + n);
    }
    if (timestamps.length < n) {
      throw invalid(s.id, timestamps.length + " time stamps for " + n + " samples");
    }
    long needed = (long) n * s.channels;
    if (values < needed) {
      throw invalid(s.id, values + " values for " + n + " samples of " + s.channels + " channels");
    }
    if (needed > Integer.MAX_VALUE) {
      throw invalid(s.id, "too many values in one call: " + needed);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(timestamps[i])) {
        throw invalid(s.id, "time stamp " + timestamps[i] + " at sample " + i + " is not finite");
      }
    }
  }

  private IllegalArgumentException invalid(long streamId, String problem) {
    return new IllegalArgumentException(target + ": stream " + streamId + ": " + problem);
  }

  private void begin() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          target
              + ": XDF writer is "
              + state.name().toLowerCase(java.util.Locale.ROOT)
              + (failure != null ? " (" + failure + ")" : ""));
    }
  }

  /** Marks the writer failed (see the class comment); the caller rethrows {@code e}. */
  private void markFailed(Exception e) {
    if (state == State.OPEN) {
      state = State.FAILED;
      failure = e.getMessage();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the temporary file is deleted or reported next; nothing more to do here
    }
  }

  /** One sample row's size and its encoding, supplied once per write call. */
  private interface Rows {
    long bytes(int sample);

    void write(int sample) throws IOException;
  }

  /** What the writer knows of a declared stream: its format and what the footer reports. */
  private static final class Stream {
    final long id;
    final XdfValueFormat format;
    final int channels;
    long sampleCount;
    double firstTimestamp;
    double lastTimestamp;
    double boundaryMark = Double.NaN;
    double[] offsetTimes = new double[8];
    double[] offsetValues = new double[8];
    int offsets;

    Stream(long id, XdfValueFormat format, int channels) {
      this.id = id;
      this.format = format;
      this.channels = channels;
    }

    void addOffset(double time, double value) {
      if (offsets == offsetTimes.length) {
        offsetTimes = Arrays.copyOf(offsetTimes, offsets * 2);
        offsetValues = Arrays.copyOf(offsetValues, offsets * 2);
      }
      offsetTimes[offsets] = time;
      offsetValues[offsets] = value;
      offsets++;
    }

    String footerXml() {
      return XdfXml.footer(
          firstTimestamp, lastTimestamp, sampleCount, offsetTimes, offsetValues, offsets);
    }
  }
}
