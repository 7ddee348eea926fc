package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A buffered input stream over a file or a byte array that knows its exact position and the length
 * of what it reads, and can jump forward without reading. The unpickler needs all three: to record
 * where a large payload starts, to skip it, and to check declared lengths against what is left
 * before allocating anything.
 */
final class PositionedInput extends InputStream {
  private static final int BUFFER_SIZE = 1 << 16;

  private final FileChannel channel; // null when reading from memory
  private final Path file;
  private final ByteBuffer buffer;
  private final long length;
  private long bufferStart; // stream position of buffer index 0

  private PositionedInput(FileChannel channel, Path file, ByteBuffer buffer, long length) {
    this.channel = channel;
    this.file = file;
    this.buffer = buffer;
    this.length = length;
  }

  static PositionedInput open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
      buffer.flip(); // empty
      return new PositionedInput(channel, file, buffer, channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  static PositionedInput of(byte[] bytes) {
    return new PositionedInput(null, null, ByteBuffer.wrap(bytes), bytes.length);
  }

  /** The file read, or null for an in-memory source. */
  Path file() {
    return file;
  }

  long position() {
    return bufferStart + buffer.position();
  }

  long length() {
    return length;
  }

  long remaining() {
    return length - position();
  }

  /** Moves to an absolute position at or before the end. */
  void seek(long pos) {
    if (pos < 0 || pos > length) {
      throw new IllegalArgumentException("seek to " + pos + " outside [0, " + length + "]");
    }
    if (pos >= bufferStart && pos <= bufferStart + buffer.limit()) {
      buffer.position((int) (pos - bufferStart));
    } else {
      bufferStart = pos;
      buffer.clear().flip();
    }
  }

  @Override
  public int read() throws IOException {
    if (!buffer.hasRemaining() && !refill()) {
      return -1;
    }
    return buffer.get() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!buffer.hasRemaining()) {
      if (channel != null && len >= BUFFER_SIZE) { // large read: straight into the caller's array
        long pos = position();
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, length - pos)), pos);
        if (n <= 0) {
          return -1;
        }
        bufferStart = pos + n;
        buffer.clear().flip();
        return n;
      }
      if (!refill()) {
        return -1;
      }
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) {
    long target = Math.min(length, position() + Math.max(0, n));
    long skipped = target - position();
    seek(target);
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, remaining());
  }

  private boolean refill() throws IOException {
    if (channel == null) {
      return false;
    }
    long pos = position();
    if (pos >= length) {
      return false;
    }
    bufferStart = pos;
    buffer.clear();
    int n = channel.read(buffer, pos);
    buffer.flip();
    return n > 0;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
