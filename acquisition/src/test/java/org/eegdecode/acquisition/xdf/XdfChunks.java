package org.eegdecode.acquisition.xdf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-side walk over an XDF file's chunks exactly as the spec lays them out, to check what the
 * reader does not expose: length encodings, time stamp bytes, boundaries and footers.
 */
final class XdfChunks {
  /** One chunk: where it starts, its length-of-length byte, its length, tag and content. */
  record Chunk(long offset, int lengthBytes, long length, int tag, ByteBuffer content) {
    long streamId() {
      return Integer.toUnsignedLong(content.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    /** The XML of a FileHeader, StreamHeader or StreamFooter chunk. */
    String xml() {
      ByteBuffer c = content.duplicate();
      if (tag != 1) {
        c.position(4);
      }
      byte[] b = new byte[c.remaining()];
      c.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private XdfChunks() {}

  static List<Chunk> read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[4];
    b.get(magic);
    if (!"XDF:".equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IOException(file + ": no XDF magic");
    }
    List<Chunk> chunks = new ArrayList<>();
    while (b.hasRemaining()) {
      long offset = b.position();
      int lengthBytes = Byte.toUnsignedInt(b.get(b.position()));
      long length = varLen(b);
      int tag = Short.toUnsignedInt(b.getShort());
      ByteBuffer content = b.slice(b.position(), (int) length - 2).order(ByteOrder.LITTLE_ENDIAN);
      b.position(b.position() + (int) length - 2);
      chunks.add(new Chunk(offset, lengthBytes, length, tag, content));
    }
    return chunks;
  }

  static long varLen(ByteBuffer b) {
    int n = Byte.toUnsignedInt(b.get());
    switch (n) {
      case 1:
        return Byte.toUnsignedInt(b.get());
      case 4:
        return Integer.toUnsignedLong(b.getInt());
      case 8:
        return b.getLong();
      default:
        throw new IllegalStateException("length-of-length " + n);
    }
  }

  /** The smallest length-of-length byte that holds {@code v}. */
  static int minimalLengthBytes(long v) {
    return v <= 0xFF ? 1 : v <= 0xFFFF_FFFFL ? 4 : 8;
  }

  /**
   * The time stamp bytes of every sample in a Samples chunk of {@code s}, checking that the sample
   * count uses the smallest length-of-length; the chunk must be consumed exactly.
   */
  static List<Integer> timestampBytes(Chunk c, XdfStream s) {
    ByteBuffer b = c.content().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.getInt();
    int countBytes = Byte.toUnsignedInt(b.get(b.position()));
    long n = varLen(b);
    if (countBytes != minimalLengthBytes(n)) {
      throw new IllegalStateException("sample count " + n + " with length-of-length " + countBytes);
    }
    List<Integer> out = new ArrayList<>();
    for (long k = 0; k < n; k++) {
      int tsBytes = Byte.toUnsignedInt(b.get());
      out.add(tsBytes);
      b.position(b.position() + tsBytes);
      for (int ch = 0; ch < s.channelCount(); ch++) {
        if (s.isString()) {
          int lenBytes = Byte.toUnsignedInt(b.get(b.position()));
          long len = varLen(b);
          if (lenBytes != minimalLengthBytes(len)) {
            throw new IllegalStateException("string length " + len + " with " + lenBytes);
          }
          b.position(b.position() + (int) len);
        } else {
          b.position(b.position() + width(s.channelFormat()));
        }
      }
    }
    if (b.hasRemaining()) {
      throw new IllegalStateException(b.remaining() + " bytes left in a samples chunk");
    }
    return out;
  }

  private static int width(String format) {
    switch (format) {
      case "int8":
        return 1;
      case "int16":
        return 2;
      case "int32":
      case "float32":
        return 4;
      default:
        return 8;
    }
  }
}
