package org.eegdecode.acquisition.xdf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads XDF files (LabRecorder's format) the way pyxdf's {@code load_xdf} does.
 *
 * <p>Every chunk is parsed within its declared length: FileHeader (1), StreamHeader (2), Samples
 * (3), ClockOffset (4), Boundary (5), StreamFooter (6); unknown tags are skipped. Stream footers
 * are read but ignored (their values are known to be wrong in some files). A chunk that cannot be
 * parsed (bad length-of-length byte, length past the end of file, content not filling its declared
 * length) is discarded and the reader scans forward for the next boundary signature; each such
 * recovery is counted ({@link XdfFile#recoveredCorruptions()}). Where no boundary follows, loading
 * fails with a one-line {@link IOException} naming the file and the byte offset of the bad chunk.
 *
 * <p>Differences from pyxdf: pyxdf silently stops at a truncated last chunk, this reader reports
 * it; the whole file is read into memory (files up to 2 GiB); gzip-compressed {@code .xdfz} is not
 * supported. Synchronisation and dejittering are done by {@link XdfSync}.
 */
public final class XdfReader {
  static final byte[] BOUNDARY =
      new byte[] {
        0x43,
        (byte) 0xA5,
        0x46,
        (byte) 0xDC,
        (byte) 0xCB,
        (byte) 0xF5,
        0x41,
        0x0F,
        (byte) 0xB3,
        0x0E,
        (byte) 0xD5,
        0x46,
        0x73,
        (byte) 0x83,
        (byte) 0xCB,
        (byte) 0xE4
      };

  private XdfReader() {}

  /** Loads and post-processes like pyxdf's defaults (clock sync and dejitter on). */
  public static XdfFile load(Path path) throws IOException {
    return load(path, true, true);
  }

  /** Loads a file, then synchronises clocks and/or dejitters as requested. */
  public static XdfFile load(Path path, boolean synchronizeClocks, boolean dejitter)
      throws IOException {
    XdfFile file = readRaw(path);
    XdfSync.process(file, synchronizeClocks, dejitter);
    return file;
  }

  /** Reads the file with raw time stamps; segments and effective rate are not yet computed. */
  public static XdfFile readRaw(Path path) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IOException(path + ": cannot read XDF file: " + e.getMessage(), e);
    }
    if (data.length < 4 || data[0] != 'X' || data[1] != 'D' || data[2] != 'F' || data[3] != ':') {
      throw new IOException(path + ": not an XDF file (no 'XDF:' magic at byte offset 0)");
    }
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    Map<Long, XdfStream> streams = new LinkedHashMap<>();
    String fileHeader = null;
    int recovered = 0;
    int pos = 4;
    while (pos < data.length) {
      int chunkStart = pos;
      try {
        buf.position(pos);
        long len = readVarLen(buf);
        if (len < 2 || len > buf.remaining()) {
          throw new Corrupt(
              len < 2
                  ? "chunk length " + len + " too small"
                  : "chunk length " + len + " runs past the end of the file");
        }
        int contentEnd = buf.position() + (int) len;
        int tag = Short.toUnsignedInt(buf.getShort());
        ByteBuffer content = buf.slice(buf.position(), contentEnd - buf.position());
        content.order(ByteOrder.LITTLE_ENDIAN);
        String header = parseChunk(tag, content, streams);
        if (header != null) {
          fileHeader = header;
        }
        pos = contentEnd;
      } catch (Corrupt | RuntimeException e) {
        String reason =
            e instanceof Corrupt
                ? e.getMessage()
                : "malformed chunk (" + e.getClass().getSimpleName() + ")";
        int resume = indexOf(data, BOUNDARY, chunkStart + 1);
        if (resume < 0) {
          throw new IOException(
              path + ": corrupt or truncated XDF at byte offset " + chunkStart + ": " + reason);
        }
        recovered++;
        pos = resume + BOUNDARY.length;
      }
    }
    for (XdfStream s : streams.values()) {
      s.timestamps = Arrays.copyOf(s.timestamps, s.sampleCount);
      if (s.isString()) {
        s.strings = Arrays.copyOf(s.strings, s.sampleCount);
      } else {
        s.numeric = Arrays.copyOf(s.numeric, s.sampleCount);
      }
    }
    return new XdfFile(path, fileHeader, streams, recovered);
  }

  /** Parses one chunk; returns the file header XML for tag 1, otherwise null. */
  private static String parseChunk(int tag, ByteBuffer c, Map<Long, XdfStream> streams)
      throws Corrupt {
    switch (tag) {
      case 1:
        return utf8(c, c.remaining());
      case 2:
        {
          long id = Integer.toUnsignedLong(c.getInt());
          String xml = utf8(c, c.remaining());
          XdfStream s = parseHeader(id, xml);
          if (!streams.containsKey(id)) {
            streams.put(id, s);
          }
          return null;
        }
      case 3:
        {
          long id = Integer.toUnsignedLong(c.getInt());
          XdfStream s = streams.get(id);
          if (s == null) {
            throw new Corrupt("samples for stream " + id + " before its header");
          }
          readSamples(c, s);
          return null;
        }
      case 4:
        {
          long id = Integer.toUnsignedLong(c.getInt());
          double time = c.getDouble();
          double value = c.getDouble();
          if (c.hasRemaining()) {
            throw new Corrupt("clock offset chunk longer than 20 bytes");
          }
          XdfStream s = streams.get(id);
          if (s != null) {
            s.clockTimes.add(time);
            s.clockValues.add(value);
            s.clockSampleCounts.add(s.sampleCount);
          }
          return null;
        }
      case 5:
        {
          byte[] sig = new byte[c.remaining()];
          c.get(sig);
          if (!Arrays.equals(sig, BOUNDARY)) {
            throw new Corrupt("boundary chunk without the boundary signature");
          }
          return null;
        }
      default:
        // 6 StreamFooter: not relied on (known to be wrong); other tags: unknown, skipped.
        return null;
    }
  }

  /** Reads a Samples chunk and appends it to the stream only when it parses completely. */
  private static void readSamples(ByteBuffer c, XdfStream s) throws Corrupt {
    long n = readVarLen(c);
    int nch = s.channelCount;
    int width = valueWidth(s.channelFormat);
    long minBytes = s.isString() ? n * (1 + nch * 2L) : n * (1 + (long) nch * width);
    if (n < 0 || minBytes > c.remaining()) {
      throw new Corrupt("sample count " + n + " does not fit in the chunk");
    }
    int count = (int) n;
    double tdiff = s.nominalSrate > 0 ? 1.0 / s.nominalSrate : 0.0;
    double last = s.lastTimestamp;
    double[] stamps = new double[count];
    double[][] nums = s.isString() ? null : new double[count][];
    String[][] strs = s.isString() ? new String[count][] : null;
    for (int k = 0; k < count; k++) {
      int tsBytes = Byte.toUnsignedInt(c.get());
      if (tsBytes == 8) {
        stamps[k] = c.getDouble();
      } else if (tsBytes == 0) {
        stamps[k] = last + tdiff;
      } else {
        throw new Corrupt("invalid time stamp byte " + tsBytes);
      }
      last = stamps[k];
      if (strs != null) {
        String[] row = new String[nch];
        for (int ch = 0; ch < nch; ch++) {
          long len = readVarLen(c);
          if (len > c.remaining()) {
            throw new Corrupt("string length " + len + " runs past the chunk");
          }
          row[ch] = utf8(c, (int) len);
        }
        strs[k] = row;
      } else {
        double[] row = new double[nch];
        for (int ch = 0; ch < nch; ch++) {
          row[ch] = readValue(c, s.channelFormat);
        }
        nums[k] = row;
      }
    }
    if (c.hasRemaining()) {
      throw new Corrupt(c.remaining() + " unread bytes at the end of a samples chunk");
    }
    int old = s.sampleCount;
    int needed = old + count;
    if (needed > s.timestamps.length) {
      int cap = Math.max(needed, s.timestamps.length * 2);
      s.timestamps = Arrays.copyOf(s.timestamps, cap);
      if (strs != null) {
        s.strings = Arrays.copyOf(s.strings, cap);
      } else {
        s.numeric = Arrays.copyOf(s.numeric, cap);
      }
    }
    System.arraycopy(stamps, 0, s.timestamps, old, count);
    if (strs != null) {
      System.arraycopy(strs, 0, s.strings, old, count);
    } else {
      System.arraycopy(nums, 0, s.numeric, old, count);
    }
    s.sampleCount = needed;
    s.lastTimestamp = last;
  }

  private static int valueWidth(String format) throws Corrupt {
    switch (format) {
      case "float32":
      case "int32":
        return 4;
      case "double64":
      case "int64":
        return 8;
      case "int16":
        return 2;
      case "int8":
        return 1;
      case "string":
        return 0;
      default:
        throw new Corrupt("unsupported channel_format '" + format + "'");
    }
  }

  private static double readValue(ByteBuffer c, String format) {
    switch (format) {
      case "float32":
        return c.getFloat();
      case "double64":
        return c.getDouble();
      case "int8":
        return c.get();
      case "int16":
        return c.getShort();
      case "int32":
        return c.getInt();
      case "int64":
        return (double) c.getLong();
      default:
        throw new IllegalStateException(format);
    }
  }

  private static long readVarLen(ByteBuffer b) throws Corrupt {
    if (!b.hasRemaining()) {
      throw new Corrupt("unexpected end of data");
    }
    int n = Byte.toUnsignedInt(b.get());
    switch (n) {
      case 1:
        return Byte.toUnsignedInt(b.get());
      case 4:
        return Integer.toUnsignedLong(b.getInt());
      case 8:
        {
          long v = b.getLong();
          if (v < 0 || v > Integer.MAX_VALUE) {
            throw new Corrupt("length " + Long.toUnsignedString(v) + " too large");
          }
          return v;
        }
      default:
        throw new Corrupt("invalid length-of-length byte " + n);
    }
  }

  private static String utf8(ByteBuffer c, int len) {
    byte[] bytes = new byte[len];
    c.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static XdfStream parseHeader(long id, String xml) throws Corrupt {
    Element info;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Document doc = b.parse(new ByteArrayInputStream(xml.trim().getBytes(StandardCharsets.UTF_8)));
      info = doc.getDocumentElement();
    } catch (Exception e) {
      throw new Corrupt("stream " + id + " header is not valid XML: " + e.getMessage());
    }
    String name = text(info, "name");
    String type = text(info, "type");
    String format = text(info, "channel_format");
    int channels;
    double srate;
    try {
      channels = Integer.parseInt(text(info, "channel_count").trim());
      srate = Double.parseDouble(text(info, "nominal_srate").trim());
    } catch (RuntimeException e) {
      throw new Corrupt("stream " + id + " header lacks a valid channel_count/nominal_srate");
    }
    if (format == null || channels < 0) {
      throw new Corrupt("stream " + id + " header lacks channel_format");
    }
    valueWidth(format.trim());
    List<String> labels = new ArrayList<>();
    Element desc = child(info, "desc");
    Element chans = desc == null ? null : child(desc, "channels");
    if (chans != null) {
      for (Node n = chans.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element && "channel".equals(n.getNodeName())) {
          String label = text((Element) n, "label");
          labels.add(label == null ? "" : label);
        }
      }
    }
    return new XdfStream(
        id,
        name == null ? "" : name,
        type == null ? "" : type,
        channels,
        format.trim(),
        srate,
        labels,
        xml);
  }

  private static Element child(Element parent, String name) {
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      Node n = list.item(i);
      if (n instanceof Element && name.equals(n.getNodeName())) {
        return (Element) n;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent();
  }

  /** A chunk that cannot be parsed; triggers resynchronisation or the one-line error. */
  static final class Corrupt extends Exception {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message);
    }
  }
}
