package org.eegdecode.acquisition.npy;

import java.nio.ByteBuffer;

/** Element bytes held in memory: a pickle payload, an {@code .npz} entry, a small array. */
final class HeapStorage implements Storage {
  private final ByteBuffer bytes;

  HeapStorage(ByteBuffer bytes) {
    this.bytes = bytes.slice();
  }

  HeapStorage(byte[] bytes) {
    this(ByteBuffer.wrap(bytes));
  }

  @Override
  public long byteLength() {
    return bytes.remaining();
  }

  @Override
  public Cursor open() {
    return (offset, length) -> bytes.slice((int) offset, length);
  }
}
