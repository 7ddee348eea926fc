package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * A small write buffer over a channel for the writers' headers and opcodes; bulk data passes
 * through.
 */
final class ByteSink {
  private final WritableByteChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

  ByteSink(WritableByteChannel channel) {
    this.channel = channel;
  }

  ByteSink put(int b) throws IOException {
    ensure(1);
    buffer.put((byte) b);
    return this;
  }

  ByteSink putIntLe(int v) throws IOException {
    ensure(4);
    buffer.putInt(v);
    return this;
  }

  ByteSink putLongLe(long v) throws IOException {
    ensure(8);
    buffer.putLong(v);
    return this;
  }

  ByteSink putDoubleBe(double v) throws IOException {
    ensure(8);
    buffer.order(ByteOrder.BIG_ENDIAN).putDouble(v).order(ByteOrder.LITTLE_ENDIAN);
    return this;
  }

  ByteSink put(byte[] bytes) throws IOException {
    return write(ByteBuffer.wrap(bytes));
  }

  /** Writes the remaining bytes of {@code src}, consuming them. */
  ByteSink write(ByteBuffer src) throws IOException {
    if (src.remaining() <= buffer.remaining()) {
      buffer.put(src);
      return this;
    }
    flush();
    while (src.hasRemaining()) {
      channel.write(src);
    }
    return this;
  }

  void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void ensure(int n) throws IOException {
    if (buffer.remaining() < n) {
      flush();
    }
  }
}
