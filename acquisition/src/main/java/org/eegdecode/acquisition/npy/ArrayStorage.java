package org.eegdecode.acquisition.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Element bytes backed by a caller's primitive array (not copied), encoded little-endian chunk by
 * chunk when read, so wrapping a large Java array for writing costs no second copy.
 */
final class ArrayStorage implements Storage {
  private final Object array; // double[], float[], short[] (half bits) or long[]
  private final int itemSize;
  private final long length;

  ArrayStorage(Object array, int itemSize, int count) {
    this.array = array;
    this.itemSize = itemSize;
    this.length = (long) count * itemSize;
  }

  @Override
  public long byteLength() {
    return length;
  }

  @Override
  public Cursor open() {
    return new Cursor() {
      private ByteBuffer buffer;

      @Override
      public ByteBuffer read(long offset, int count) {
        if (buffer == null || buffer.capacity() < count) {
          buffer = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear().limit(count);
        int first = (int) (offset / itemSize);
        int n = count / itemSize;
        if (array instanceof double[]) {
          buffer.asDoubleBuffer().put((double[]) array, first, n);
        } else if (array instanceof float[]) {
          buffer.asFloatBuffer().put((float[]) array, first, n);
        } else if (array instanceof short[]) {
          buffer.asShortBuffer().put((short[]) array, first, n);
        } else {
          buffer.asLongBuffer().put((long[]) array, first, n);
        }
        return buffer;
      }
    };
  }
}
