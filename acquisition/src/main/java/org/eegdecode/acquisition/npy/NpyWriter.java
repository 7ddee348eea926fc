package org.eegdecode.acquisition.npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes {@code .npy} files that numpy 1.x and 2.x load: plain arrays with exactly the header
 * {@code np.save} writes, and object files like {@code np.save(path, value)} with numpy 1.x (a
 * protocol 3 pickle, see {@link PickleWriter}). Values accepted by {@link #writeObject}: {@code
 * Map} (iteration order kept), {@code List}, {@code Object[]} (tuple), {@code String}, {@code
 * Integer}/{@code Long}/{@code BigInteger}, {@code Double}/{@code Float}, {@code Boolean}, {@code
 * byte[]} (bytes), {@code null} and {@link NdArray} (generated arrays are streamed block by block).
 *
 * <p>Writes are atomic: the data goes to a temporary file in the same directory, is forced to disk,
 * then renamed over the target, so a crash never leaves a partial file under the final name.
 */
public final class NpyWriter {
  private NpyWriter() {}

  /** Writes a plain {@code .npy}; {@code numpy.load(file)} gives the array back. */
  public static void writeArray(Path file, NdArray array) throws IOException {
    atomicWrite(file, sink -> writeArray(sink, array));
  }

  /**
   * Writes an object {@code .npy}; {@code numpy.load(file, allow_pickle=True).item()} gives the
   * value back.
   *
   * @throws IllegalArgumentException for a value of a type that cannot be pickled (nothing is left
   *     behind)
   */
  public static void writeObject(Path file, Object value) throws IOException {
    atomicWrite(file, sink -> writeObject(sink, value));
  }

  /** The bytes {@link #writeArray(Path, NdArray)} would write. */
  static byte[] arrayBytes(NdArray array) throws IOException {
    return toBytes(sink -> writeArray(sink, array));
  }

  /** The bytes {@link #writeObject(Path, Object)} would write. */
  static byte[] objectBytes(Object value) throws IOException {
    return toBytes(sink -> writeObject(sink, value));
  }

  private static void writeArray(ByteSink sink, NdArray array) throws IOException {
    sink.put(NpyHeader.format(array.dtype(), array.fortranOrder(), array.shape()));
    Storage storage = array.storage();
    long length = storage.byteLength();
    try (Storage.Cursor cursor = storage.open()) {
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(Storage.CHUNK_BYTES, length - done);
        sink.write(cursor.read(done, n));
        done += n;
      }
    }
  }

  static void writeObject(ByteSink sink, Object value) throws IOException {
    sink.put(NpyHeader.format(DType.OBJECT, false, new int[0]));
    new PickleWriter(sink).writeNpyObject(value);
  }

  private interface Body {
    void write(ByteSink sink) throws IOException;
  }

  private static byte[] toBytes(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteSink sink = new ByteSink(Channels.newChannel(bytes));
    body.write(sink);
    sink.flush();
    return bytes.toByteArray();
  }

  private static void atomicWrite(Path file, Body body) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp =
        target.resolveSibling(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    boolean done = false;
    try {
      try (FileChannel channel =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteSink sink = new ByteSink(channel);
        body.write(sink);
        sink.flush();
        channel.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
