package org.eegdecode.training.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Uploads host floats through one reused direct buffer. {@code NDManager.create(float[])} allocates
 * a fresh direct buffer per call that only the garbage collector frees (the CPU tensor aliases it),
 * so per-batch uploads would pile up hundreds of MB of native memory between collections. Here the
 * staging buffer is allocated once and every upload is copied into tensor-owned memory.
 */
public final class Staging {
  private ByteBuffer buffer;

  /** {@code count} floats of {@code src} from {@code offset} as a new array of {@code shape}. */
  public NDArray upload(NDManager manager, float[] src, int offset, int count, Shape shape) {
    if (shape.size() != count) {
      throw new IllegalArgumentException(count + " values for shape " + shape);
    }
    long bytes = 4L * count;
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }
    ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
    view.clear();
    view.asFloatBuffer().put(src, offset, count);
    view.limit((int) bytes);
    try (NDArray alias = manager.create(view, shape, DataType.FLOAT32)) {
      return alias.duplicate();
    }
  }
}
