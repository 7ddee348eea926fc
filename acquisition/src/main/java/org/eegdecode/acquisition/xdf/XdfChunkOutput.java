package org.eegdecode.acquisition.xdf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Little-endian, buffered output for {@link XdfWriter}: one reused buffer in front of a {@link
 * FileChannel}, so that writing samples allocates nothing. Counts every byte handed to it, so that
 * the writer can place boundary chunks by size.
 */
final class XdfChunkOutput {
  private final FileChannel channel;
  private final ByteBuffer buf;
  private long position;

  XdfChunkOutput(FileChannel channel, int capacity) {
    this.channel = channel;
    this.buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Bytes written so far, including those still buffered. */
  long position() {
    return position;
  }

  void putByte(int b) throws IOException {
    ensure(1);
    buf.put((byte) b);
    position++;
  }

  void putShort(short v) throws IOException {
    ensure(2);
    buf.putShort(v);
    position += 2;
  }

  void putInt(int v) throws IOException {
    ensure(4);
    buf.putInt(v);
    position += 4;
  }

  void putLong(long v) throws IOException {
    ensure(8);
    buf.putLong(v);
    position += 8;
  }

  void putFloat(float v) throws IOException {
    ensure(4);
    buf.putFloat(v);
    position += 4;
  }

  void putDouble(double v) throws IOException {
    ensure(8);
    buf.putDouble(v);
    position += 8;
  }

  void putBytes(byte[] bytes) throws IOException {
    int off = 0;
    while (off < bytes.length) {
      if (!buf.hasRemaining()) {
        flush();
      }
      int n = Math.min(buf.remaining(), bytes.length - off);
      buf.put(bytes, off, n);
      off += n;
    }
    position += bytes.length;
  }

  /**
   * XDF's variable-length integer: a length-of-length byte (1, 4 or 8, the smallest that fits) and
   * the value, little endian.
   */
  void putVarLen(long v) throws IOException {
    if (v < 0) {
      throw new IllegalArgumentException("negative XDF length " + v);
    }
    if (v <= 0xFFL) {
      putByte(1);
      putByte((int) v);
    } else if (v <= 0xFFFF_FFFFL) {
      putByte(4);
      putInt((int) v);
    } else {
      putByte(8);
      putLong(v);
    }
  }

  /** How many bytes {@link #putVarLen} writes for {@code v}. */
  static int varLenSize(long v) {
    return v <= 0xFFL ? 2 : v <= 0xFFFF_FFFFL ? 5 : 9;
  }

  /** A chunk's length (tag plus {@code contentBytes}, as a variable-length integer) and its tag. */
  void chunkHeader(int tag, long contentBytes) throws IOException {
    putVarLen(contentBytes + 2);
    putShort((short) tag);
  }

  void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    buf.clear();
  }

  private void ensure(int n) throws IOException {
    if (buf.remaining() < n) {
      flush();
    }
  }
}
