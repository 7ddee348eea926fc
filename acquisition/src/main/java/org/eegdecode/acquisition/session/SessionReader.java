package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.eegdecode.acquisition.lsl.StreamInfo;

/**
 * Reads a session directory record by record, in the order written, handing each to a {@link
 * Visitor}. Opens the queue read-only, so a session can be read while (or after) it is recorded;
 * reading stops at the last complete record — after a crash, that is where the recording ended.
 * Array views handed to the visitor are reused for the next record: copy what you keep.
 */
public final class SessionReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Receives the records of a session; every method defaults to ignoring its record. */
  public interface Visitor {
    default void start(long wallMillis, double lslClock, ObjectNode info) {}

    default void stream(SessionStream stream) {}

    /**
     * {@code n} samples of a numeric stream: values row-major (n × channels), as float64 whatever
     * was stored ({@code valueBytes} 4 = float32, 8 = float64).
     */
    default void numeric(
        int stream,
        int valueBytes,
        int channels,
        int n,
        long[] index,
        double[] raw,
        double[] corrected,
        double[] values) {}

    /** One string sample; {@code values} has one entry per channel. */
    default void string(int stream, double raw, double corrected, double number, String[] values) {}

    default void state(int stream, byte state, double corrected) {}

    default void clock(int stream, double collectedAt, double offset) {}

    default void decoder(ObjectNode info) {}

    /** One decoded epoch; {@code rows}/{@code scores} hold {@code k} entries. */
    default void result(
        long epoch,
        double markerTimestamp,
        double onsetTimestamp,
        double publishedLsl,
        double completeToResultMs,
        String marker,
        int k,
        int[] rows,
        float[] scores) {}

    default void end(long wallMillis, ObjectNode summary) {}

    /** A record of a type this version does not know (a newer writer): skipped. */
    default void unknown(byte type) {}

    /** Asked before each record: false stops reading there. */
    default boolean proceed() {
      return true;
    }
  }

  private final Path dir;
  private final ObjectNode manifest;

  private SessionReader(Path dir, ObjectNode manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Opens a session directory.
   *
   * @throws IOException not a session (no manifest or queue), or an unreadable manifest
   */
  public static SessionReader open(Path dir) throws IOException {
    Path manifestFile = dir.resolve(SessionFormat.MANIFEST);
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a session directory (no such directory)");
    }
    if (!Files.isRegularFile(manifestFile)) {
      throw new IOException(dir + ": not a session directory (no " + SessionFormat.MANIFEST + ")");
    }
    ObjectNode manifest;
    try {
      manifest = (ObjectNode) JSON.readTree(manifestFile.toFile());
    } catch (IOException | ClassCastException e) {
      throw new IOException(
          manifestFile + ": unreadable session manifest (" + e.getMessage() + ")");
    }
    if (!SessionFormat.FORMAT.equals(manifest.path("format").asText())) {
      throw new IOException(manifestFile + ": not an eegdecode session manifest");
    }
    int version = manifest.path("version").asInt();
    if (version > SessionFormat.VERSION) {
      throw new IOException(
          manifestFile
              + ": session format version "
              + version
              + " is newer than this eegdecode reads ("
              + SessionFormat.VERSION
              + ")");
    }
    if (!Files.isDirectory(dir.resolve(SessionFormat.QUEUE))) {
      throw new IOException(dir + ": session has no " + SessionFormat.QUEUE + "/ directory");
    }
    return new SessionReader(dir, manifest);
  }

  public Path directory() {
    return dir;
  }

  /** The manifest as last written ({@code state}: recording, closed or failed). */
  public ObjectNode manifest() {
    return manifest.deepCopy();
  }

  /**
   * The stream descriptions, read from the head of the session (a recorder writes them before any
   * sample; an import writes all of them first).
   */
  public List<SessionStream> streams() throws IOException {
    List<SessionStream> streams = new ArrayList<>();
    boolean[] pastHeader = {false};
    read(
        new Visitor() {
          @Override
          public void stream(SessionStream stream) {
            streams.add(stream);
          }

          @Override
          public void unknown(byte type) {
            pastHeader[0] = true;
          }

          @Override
          public void numeric(
              int stream,
              int valueBytes,
              int channels,
              int n,
              long[] index,
              double[] raw,
              double[] corrected,
              double[] values) {
            pastHeader[0] = true;
          }

          @Override
          public void string(
              int stream, double raw, double corrected, double number, String[] values) {
            pastHeader[0] = true;
          }

          @Override
          public boolean proceed() {
            return !pastHeader[0];
          }
        });
    return streams;
  }

  /** Reads every complete record in order (until the visitor stops it); returns how many. */
  public long read(Visitor visitor) throws IOException {
    Buffers buffers = new Buffers();
    long count = 0;
    try (SingleChronicleQueue queue =
            SingleChronicleQueueBuilder.binary(dir.resolve(SessionFormat.QUEUE))
                .rollCycle(RollCycles.FAST_DAILY)
                .readOnly(true)
                .build();
        ExcerptTailer tailer = queue.createTailer()) {
      while (visitor.proceed()) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          if (dc.isMetaData()) {
            continue;
          }
          dispatch(dc.wire().bytes(), visitor, buffers);
          count++;
        }
      }
    } catch (RuntimeException e) {
      throw new IOException(dir + ": unreadable session record after " + count + " (" + e + ")", e);
    }
    return count;
  }

  /** Reusable arrays for numeric chunks. */
  private static final class Buffers {
    long[] index = new long[0];
    double[] raw = new double[0];
    double[] corrected = new double[0];
    double[] values = new double[0];
    int[] rows = new int[0];
    float[] scores = new float[0];

    void ensure(int n, int channels) {
      if (index.length < n) {
        index = new long[n];
        raw = new double[n];
        corrected = new double[n];
      }
      if (values.length < n * channels) {
        values = new double[n * channels];
      }
    }
  }

  private static void dispatch(Bytes<?> b, Visitor visitor, Buffers buf) throws IOException {
    byte type = b.readByte();
    switch (type) {
      case SessionFormat.START -> {
        long wall = b.readLong();
        double lsl = b.readDouble();
        visitor.start(wall, lsl, json(b.readUtf8()));
      }
      case SessionFormat.STREAM -> visitor.stream(readStream(b));
      case SessionFormat.NUMERIC -> {
        int stream = b.readInt();
        int valueBytes = b.readByte();
        int channels = b.readInt();
        int n = b.readInt();
        buf.ensure(n, channels);
        for (int i = 0; i < n; i++) {
          buf.index[i] = b.readLong();
          buf.raw[i] = b.readDouble();
          buf.corrected[i] = b.readDouble();
          int base = i * channels;
          for (int c = 0; c < channels; c++) {
            buf.values[base + c] = valueBytes == 4 ? b.readFloat() : b.readDouble();
          }
        }
        visitor.numeric(
            stream, valueBytes, channels, n, buf.index, buf.raw, buf.corrected, buf.values);
      }
      case SessionFormat.STRING -> {
        int stream = b.readInt();
        double raw = b.readDouble();
        double corrected = b.readDouble();
        double number = b.readDouble();
        int channels = b.readInt();
        String[] values = new String[channels];
        for (int c = 0; c < channels; c++) {
          byte[] bytes = new byte[b.readInt()];
          b.read(bytes);
          values[c] = new String(bytes, StandardCharsets.UTF_8);
        }
        visitor.string(stream, raw, corrected, number, values);
      }
      case SessionFormat.STATE -> {
        int stream = b.readInt();
        byte state = b.readByte();
        visitor.state(stream, state, b.readDouble());
      }
      case SessionFormat.CLOCK -> {
        int stream = b.readInt();
        double at = b.readDouble();
        visitor.clock(stream, at, b.readDouble());
      }
      case SessionFormat.DECODER -> visitor.decoder(json(b.readUtf8()));
      case SessionFormat.RESULT -> {
        long epoch = b.readLong();
        double markerTs = b.readDouble();
        double onsetTs = b.readDouble();
        double published = b.readDouble();
        double complete = b.readDouble();
        byte[] marker = new byte[b.readInt()];
        b.read(marker);
        int k = b.readInt();
        if (buf.rows.length < k) {
          buf.rows = new int[k];
          buf.scores = new float[k];
        }
        for (int r = 0; r < k; r++) {
          buf.rows[r] = b.readInt();
          buf.scores[r] = b.readFloat();
        }
        visitor.result(
            epoch,
            markerTs,
            onsetTs,
            published,
            complete,
            new String(marker, StandardCharsets.UTF_8),
            k,
            buf.rows,
            buf.scores);
      }
      case SessionFormat.END -> {
        long wall = b.readLong();
        visitor.end(wall, json(b.readUtf8()));
      }
      default -> visitor.unknown(type);
    }
  }

  private static SessionStream readStream(Bytes<?> b) {
    int id = b.readInt();
    String role = b.readUtf8();
    String name = b.readUtf8();
    String type = b.readUtf8();
    String format = b.readUtf8();
    String sourceId = b.readUtf8();
    String hostname = b.readUtf8();
    String uid = b.readUtf8();
    double rate = b.readDouble();
    int channels = b.readInt();
    int labelCount = b.readInt();
    List<String> labels = new ArrayList<>(labelCount);
    for (int i = 0; i < labelCount; i++) {
      labels.add(b.readUtf8());
    }
    String xml = b.readUtf8();
    return new SessionStream(
        id,
        role,
        new StreamInfo(name, type, channels, rate, format, sourceId, hostname, uid, labels),
        xml);
  }

  private static ObjectNode json(String text) throws IOException {
    if (text == null || text.isEmpty()) {
      return JSON.createObjectNode();
    }
    return (ObjectNode) JSON.readTree(text);
  }
}
