package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the records of {@link SessionFormat} to a new session directory. Any thread may write;
 * each gets its own Chronicle appender (an appender is single-threaded), and records land in append
 * order. Writing allocates nothing in steady state: fields go straight into the excerpt's bytes.
 *
 * <p>Every write returns whether its record is complete on disk (in the page cache: it survives a
 * killed process, not a power cut). The first failure (an I/O error, free space below {@link
 * Options#minFreeBytes}, checked every {@value #SPACE_CHECK_BYTES} bytes because a full disk under
 * a memory-mapped file would crash the JVM rather than raise an error) is logged once, marks the
 * session {@code failed} in its manifest and turns every later write into a counted no-op: the
 * caller (live decoding) carries on without a recording.
 */
public final class SessionWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final long SPACE_CHECK_BYTES = 8L << 20;

  /**
   * @param minFreeBytes stop recording (failed: disk full) when the file system has less free
   */
  public record Options(long minFreeBytes) {
    public static Options defaults() {
      return new Options(200L << 20);
    }
  }

  private final Path dir;
  private final Options options;
  private final LongSupplier usableSpace;
  private final SingleChronicleQueue queue;
  private final ThreadLocal<ExcerptAppender> appenders;
  private final List<ExcerptAppender> allAppenders = new ArrayList<>();
  private final ObjectNode manifest;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong recordsLost = new AtomicLong();
  private final AtomicLong bytesSinceCheck = new AtomicLong();
  private final List<SessionStream> streams = new ArrayList<>();
  private volatile String failure;
  private boolean closed;

  private SessionWriter(
      Path dir,
      Options options,
      LongSupplier usableSpace,
      SingleChronicleQueue queue,
      ObjectNode manifest) {
    this.dir = dir;
    this.options = options;
    this.usableSpace = usableSpace;
    this.queue = queue;
    this.manifest = manifest;
    this.appenders =
        ThreadLocal.withInitial(
            () -> {
              ExcerptAppender appender = queue.createAppender();
              synchronized (allAppenders) {
                allAppenders.add(appender);
              }
              return appender;
            });
  }

  /**
   * Creates the session directory (it must not exist, or be empty), its manifest ({@code state:
   * recording}) and the START record.
   *
   * @param recorder who records, e.g. {@code "eegdecode record"}; goes to the manifest
   * @throws IOException the directory cannot be created or written, or too little space is free
   */
  public static SessionWriter create(Path dir, Options options, String recorder, ObjectNode start)
      throws IOException {
    return create(dir, options, recorder, start, null);
  }

  /**
   * As {@link #create(Path, Options, String, ObjectNode)}, with the free-space probe replaced
   * (tests simulate a disk filling up; null = the file system's usable space).
   */
  public static SessionWriter create(
      Path dir, Options options, String recorder, ObjectNode start, LongSupplier usableSpace)
      throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + ": exists and is not a directory");
      }
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(dir + ": not empty (a session needs a new directory)");
        }
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException(dir + ": cannot create the session directory (" + e + ")", e);
    }
    LongSupplier space = usableSpace != null ? usableSpace : () -> fileStoreSpace(dir);
    checkSpace(dir, options, space);
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("format", SessionFormat.FORMAT);
    manifest.put("version", SessionFormat.VERSION);
    manifest.put("state", "recording");
    manifest.put("recorder", recorder);
    manifest.put("created", Instant.now().toString());
    manifest.putArray("streams");
    writeManifest(dir, manifest);
    SingleChronicleQueue queue;
    try {
      queue =
          SingleChronicleQueueBuilder.binary(dir.resolve(SessionFormat.QUEUE))
              .rollCycle(RollCycles.FAST_DAILY)
              .build();
    } catch (RuntimeException e) {
      throw new IOException(dir + ": cannot open the session queue (" + e + ")", e);
    }
    SessionWriter writer = new SessionWriter(dir, options, space, queue, manifest);
    String json = start == null ? "{}" : start.toString();
    if (!writer.start(System.currentTimeMillis(), json)) {
      String why = writer.failure();
      writer.close();
      throw new IOException(dir + ": " + why);
    }
    return writer;
  }

  private boolean start(long wallMillis, String json) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.START);
      b.writeLong(wallMillis);
      b.writeDouble(localClockOrNaN());
      b.writeUtf8(json);
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 64 + json.length());
  }

  private static double localClockOrNaN() {
    try {
      return org.eegdecode.acquisition.lsl.Lsl.get().localClock();
    } catch (RuntimeException | LinkageError e) {
      return Double.NaN; // no liblsl (an XDF import, say): the start has no LSL time
    }
  }

  /** The session's directory. */
  public Path directory() {
    return dir;
  }

  /** Records a stream's description (before its samples). */
  public boolean stream(SessionStream stream) {
    synchronized (streams) {
      streams.add(stream);
    }
    synchronized (manifest) {
      ArrayNode list = (ArrayNode) manifest.get("streams");
      ObjectNode s = list.addObject();
      s.put("id", stream.id());
      s.put("role", stream.role());
      s.put("name", stream.info().name());
      s.put("type", stream.info().type());
      s.put("channel_count", stream.info().channelCount());
      s.put("nominal_srate", stream.info().nominalRate());
      s.put("channel_format", stream.info().channelFormat());
      s.put("source_id", stream.info().sourceId());
    }
    if (failure == null) {
      try {
        writeManifest(dir, manifest);
      } catch (IOException e) {
        return failed(e);
      }
    }
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    StreamInfo info = stream.info();
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.STREAM);
      b.writeInt(stream.id());
      b.writeUtf8(stream.role());
      b.writeUtf8(info.name());
      b.writeUtf8(info.type());
      b.writeUtf8(info.channelFormat());
      b.writeUtf8(info.sourceId());
      b.writeUtf8(info.hostname());
      b.writeUtf8(info.uid());
      b.writeDouble(info.nominalRate());
      b.writeInt(info.channelCount());
      b.writeInt(info.channelLabels().size());
      for (String label : info.channelLabels()) {
        b.writeUtf8(label);
      }
      b.writeUtf8(stream.xml());
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 256 + stream.xml().length());
  }

  /**
   * {@code n} float32 samples: {@code values} row-major (n × channels), one index and two stamps
   * per sample.
   */
  public boolean numeric(
      int stream,
      int channels,
      int n,
      long[] index,
      double[] raw,
      double[] corrected,
      float[] values) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = numericHeader(dc, stream, 4, channels, n);
      for (int i = 0; i < n; i++) {
        b.writeLong(index[i]);
        b.writeDouble(raw[i]);
        b.writeDouble(corrected[i]);
        int base = i * channels;
        for (int c = 0; c < channels; c++) {
          b.writeFloat(values[base + c]);
        }
      }
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 16 + (long) n * (24 + 4L * channels));
  }

  /** As {@link #numeric} for float64 values (imported int32/int64/double64 streams, exactly). */
  public boolean numeric64(
      int stream,
      int channels,
      int n,
      long[] index,
      double[] raw,
      double[] corrected,
      double[] values) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = numericHeader(dc, stream, 8, channels, n);
      for (int i = 0; i < n; i++) {
        b.writeLong(index[i]);
        b.writeDouble(raw[i]);
        b.writeDouble(corrected[i]);
        int base = i * channels;
        for (int c = 0; c < channels; c++) {
          b.writeDouble(values[base + c]);
        }
      }
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 16 + (long) n * (24 + 8L * channels));
  }

  private static Bytes<?> numericHeader(
      DocumentContext dc, int stream, int valueBytes, int channels, int n) {
    Bytes<?> b = dc.wire().bytes();
    b.writeByte(SessionFormat.NUMERIC);
    b.writeInt(stream);
    b.writeByte((byte) valueBytes);
    b.writeInt(channels);
    b.writeInt(n);
    return b;
  }

  /** One single-channel string sample (a marker) from {@code text[0 … length)} UTF-8 bytes. */
  public boolean string(
      int stream, double raw, double corrected, double number, byte[] text, int length) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = stringHeader(dc, stream, raw, corrected, number, 1);
      b.writeInt(length);
      b.write(text, 0, length);
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 48 + length);
  }

  /** One string sample of any channel count (imported streams; allocates). */
  public boolean strings(int stream, double raw, double corrected, double number, String[] values) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    long size = 48;
    try {
      Bytes<?> b = stringHeader(dc, stream, raw, corrected, number, values.length);
      for (String value : values) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        b.writeInt(bytes.length);
        b.write(bytes);
        size += 4 + bytes.length;
      }
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, size);
  }

  private static Bytes<?> stringHeader(
      DocumentContext dc, int stream, double raw, double corrected, double number, int channels) {
    Bytes<?> b = dc.wire().bytes();
    b.writeByte(SessionFormat.STRING);
    b.writeInt(stream);
    b.writeDouble(raw);
    b.writeDouble(corrected);
    b.writeDouble(number);
    b.writeInt(channels);
    return b;
  }

  /** A stall ({@link SessionFormat#STATE_STALL}) or resumption of {@code stream}. */
  public boolean state(int stream, byte state, double corrected) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.STATE);
      b.writeInt(stream);
      b.writeByte(state);
      b.writeDouble(corrected);
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 24);
  }

  /** A clock-offset measurement of {@code stream}, taken at local time {@code collectedAt}. */
  public boolean clock(int stream, double collectedAt, double offset) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.CLOCK);
      b.writeInt(stream);
      b.writeDouble(collectedAt);
      b.writeDouble(offset);
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 24);
  }

  /** What decodes (bundle, fingerprint, gallery): once, before the first result. */
  public boolean decoder(ObjectNode json) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    String text = json.toString();
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.DECODER);
      b.writeUtf8(text);
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 8 + text.length());
  }

  /** One decoded epoch: the marker, and the best {@code k} gallery rows with their scores. */
  public boolean result(
      long epoch,
      double markerTimestamp,
      double onsetTimestamp,
      double publishedLsl,
      double completeToResultMs,
      byte[] marker,
      int markerLength,
      int k,
      int[] rows,
      float[] scores) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.RESULT);
      b.writeLong(epoch);
      b.writeDouble(markerTimestamp);
      b.writeDouble(onsetTimestamp);
      b.writeDouble(publishedLsl);
      b.writeDouble(completeToResultMs);
      b.writeInt(markerLength);
      b.write(marker, 0, markerLength);
      b.writeInt(k);
      for (int r = 0; r < k; r++) {
        b.writeInt(rows[r]);
        b.writeFloat(scores[r]);
      }
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 48 + markerLength + 8L * k);
  }

  /** Opens an excerpt on this thread's appender; null once the recording has failed. */
  private DocumentContext begin() {
    ExcerptAppender appender = appender();
    if (appender == null) {
      return null;
    }
    try {
      return appender.writingDocument();
    } catch (Throwable t) {
      failed(t);
      return null;
    }
  }

  /** Discards a half-written excerpt (readers never see it) and fails the recording. */
  private boolean abort(DocumentContext dc, Throwable t) {
    try {
      dc.rollbackOnClose();
      dc.close();
    } catch (Throwable ignored) {
      // the recording fails either way
    }
    return failed(t);
  }

  /** Completes an excerpt: from here on it is visible to readers and survives a crash. */
  private boolean commit(DocumentContext dc, long bytes) {
    try {
      dc.close();
    } catch (Throwable t) {
      return failed(t);
    }
    return acknowledged(bytes);
  }

  private ExcerptAppender appender() {
    if (failure != null) {
      recordsLost.incrementAndGet();
      return null;
    }
    try {
      return appenders.get();
    } catch (Throwable t) {
      failed(t);
      recordsLost.incrementAndGet();
      return null;
    }
  }

  private boolean acknowledged(long bytes) {
    records.incrementAndGet();
    if (bytesSinceCheck.addAndGet(bytes) >= SPACE_CHECK_BYTES) {
      bytesSinceCheck.set(0);
      try {
        checkSpace(dir, options, usableSpace);
      } catch (IOException e) {
        failed(e);
      }
    }
    return true;
  }

  private static long fileStoreSpace(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // cannot tell: the next write reports a real failure, if any
    }
  }

  private static void checkSpace(Path dir, Options options, LongSupplier usableSpace)
      throws IOException {
    long free = usableSpace.getAsLong();
    if (free < options.minFreeBytes()) {
      throw new IOException(
          "disk full: "
              + (free >> 20)
              + " MiB free on the file system of "
              + dir
              + ", below the minimum of "
              + (options.minFreeBytes() >> 20)
              + " MiB");
    }
  }

  /** Marks the session failed: one ERROR line, the manifest updated, later writes counted lost. */
  private boolean failed(Throwable t) {
    String reason =
        t instanceof IOException && t.getMessage() != null ? t.getMessage() : t.toString();
    synchronized (this) {
      if (failure != null) {
        recordsLost.incrementAndGet();
        return false;
      }
      failure = reason;
    }
    synchronized (manifest) {
      manifest.put("state", "failed");
      manifest.put("failure", reason);
    }
    recordsLost.incrementAndGet();
    LOG.error("recording {} failed, continuing without it: {}", dir, reason);
    try {
      writeManifest(dir, manifest);
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not mark {} failed in its manifest: {}", dir, e.toString());
    }
    return false;
  }

  /** Why recording stopped, or null while it works. */
  public String failure() {
    return failure;
  }

  /** Records written completely. */
  public long records() {
    return records.get();
  }

  /** Records not written because the recording had failed (or failed while writing them). */
  public long recordsLost() {
    return recordsLost.get();
  }

  /** The streams recorded so far. */
  public List<SessionStream> streams() {
    synchronized (streams) {
      return List.copyOf(streams);
    }
  }

  private boolean end(String json) {
    DocumentContext dc = begin();
    if (dc == null) {
      return false;
    }
    try {
      Bytes<?> b = dc.wire().bytes();
      b.writeByte(SessionFormat.END);
      b.writeLong(System.currentTimeMillis());
      b.writeUtf8(json);
    } catch (Throwable t) {
      return abort(dc, t);
    }
    return commit(dc, 16 + json.length());
  }

  /** Writes the END record with {@code summary}, marks the manifest closed, closes the queue. */
  public synchronized void close(ObjectNode summary) {
    if (closed) {
      return;
    }
    closed = true;
    boolean ended = failure == null && end(summary == null ? "{}" : summary.toString());
    synchronized (allAppenders) {
      for (ExcerptAppender appender : allAppenders) {
        try {
          appender.close();
        } catch (RuntimeException e) {
          LOG.debug("closing an appender of {}: {}", dir, e.toString());
        }
      }
    }
    try {
      queue.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the queue of {}: {}", dir, e.toString());
    }
    synchronized (manifest) {
      if (ended) {
        manifest.put("state", "closed");
      }
      manifest.put("records", records.get());
      manifest.put("records_lost", recordsLost.get());
      manifest.put("closed", Instant.now().toString());
    }
    try {
      writeManifest(dir, manifest);
    } catch (IOException e) {
      LOG.warn("could not update the manifest of {}: {}", dir, e.getMessage());
    }
  }

  @Override
  public void close() {
    close(null);
  }

  /** Writes the manifest to a temporary file and renames it: readers never see half of one. */
  static void writeManifest(Path dir, ObjectNode manifest) throws IOException {
    Path target = dir.resolve(SessionFormat.MANIFEST);
    Path temp = dir.resolve(SessionFormat.MANIFEST + ".tmp");
    byte[] bytes;
    synchronized (manifest) {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    }
    Files.write(temp, bytes);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
