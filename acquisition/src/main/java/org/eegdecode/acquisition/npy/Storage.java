package org.eegdecode.acquisition.npy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the raw element bytes of an {@link NdArray} live: in memory, in a region of a file (read on
 * demand so that multi-GB arrays never sit whole in the heap), in caller-owned primitive arrays, or
 * nowhere at all (generated on the fly). Bytes are always in the array's dtype order.
 */
interface Storage {
  /** Bytes a cursor hands out at most per {@link Cursor#read} call from the array code. */
  int CHUNK_BYTES = 1 << 20;

  long byteLength();

  /** Opens a reader; cursors are not shared between threads, storages may be. */
  Cursor open() throws IOException;

  /** True when the bytes stay in a file and are read on demand. */
  default boolean fileBacked() {
    return false;
  }

  interface Cursor extends Closeable {
    /**
     * Returns bytes {@code [offset, offset + length)} in a buffer whose position is 0 and limit is
     * {@code length}. The buffer may be reused by the next call.
     */
    ByteBuffer read(long offset, int length) throws IOException;

    @Override
    default void close() throws IOException {}
  }
}
