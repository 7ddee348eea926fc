package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Element bytes left in a region of a file and read in chunks when asked for. This is what keeps
 * loading a 3.3 GB EEG array as float32 at the cost of the float32 result: the raw bytes are never
 * all in the heap. The file must not change while the array is in use.
 */
final class FileStorage implements Storage {
  private final Path file;
  private final long offset;
  private final long length;

  FileStorage(Path file, long offset, long length) {
    this.file = file;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public long byteLength() {
    return length;
  }

  @Override
  public boolean fileBacked() {
    return true;
  }

  @Override
  public Cursor open() throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return new Cursor() {
      private ByteBuffer buffer;

      @Override
      public ByteBuffer read(long at, int count) throws IOException {
        if (buffer == null || buffer.capacity() < count) {
          buffer = ByteBuffer.allocate(count);
        }
        buffer.clear().limit(count);
        long pos = offset + at;
        while (buffer.hasRemaining()) {
          int n = channel.read(buffer, pos);
          if (n < 0) {
            throw NpyFormatException.of(
                file.toString(),
                "file ended at byte " + pos + " while reading array data (was it truncated?)");
          }
          pos += n;
        }
        return buffer.flip();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
