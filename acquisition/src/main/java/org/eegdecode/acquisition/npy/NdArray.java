package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable numeric numpy array: dtype, shape, memory order and the raw element bytes. The bytes
 * may stay in the file they were read from (large arrays are read and converted on demand, chunk by
 * chunk), so element access methods may read the file: they report I/O failures as {@link
 * UncheckedIOException}. Every read method returns elements in C (row-major) order whatever the
 * storage order.
 */
public final class NdArray {
  /** Fills one block of a {@link #generated} array, in C order. */
  @FunctionalInterface
  public interface BlockFiller {
    /**
     * Fills {@code block} with the values of elements {@code blockIndex * blockLength ...}. The
     * last block is shorter when the size is not a multiple of the block length; {@code
     * block.length} is always the number of values wanted. May be called from several threads and
     * more than once per block: it must be a pure function of its arguments.
     */
    void fill(long blockIndex, double[] block);
  }

  /** Reads n elements of {@code src} starting at byte {@code at} into the destination. */
  @FunctionalInterface
  private interface Decode {
    void run(ByteBuffer src, int at, int n, int dstIndex);
  }

  private final DType dtype;
  private final int[] shape;
  private final boolean fortran;
  private final long size;
  private final Storage storage;

  NdArray(DType dtype, int[] shape, boolean fortran, Storage storage) {
    if (!dtype.isNumeric()) {
      throw new IllegalArgumentException("an NdArray holds numbers, not dtype " + dtype);
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.fortran = fortran;
    this.size = sizeOf(this.shape);
    this.storage = storage;
    if (storage.byteLength() != size * dtype.itemSize()) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + size * dtype.itemSize()
              + " bytes, storage has "
              + storage.byteLength());
    }
  }

  /** Number of elements of a shape; rejects negative extents and overflow. */
  static long sizeOf(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** A float64 array in C order; wraps {@code data} without copying (do not modify it). */
  public static NdArray of(double[] data, int... shape) {
    return wrap(DType.FLOAT64, data, data.length, shape);
  }

  /** A float32 array in C order; wraps {@code data} without copying. */
  public static NdArray of(float[] data, int... shape) {
    return wrap(DType.FLOAT32, data, data.length, shape);
  }

  /** A float16 array in C order from raw IEEE half bits; wraps {@code bits} without copying. */
  public static NdArray ofFloat16(short[] bits, int... shape) {
    return wrap(DType.FLOAT16, bits, bits.length, shape);
  }

  /** An int64 array in C order; wraps {@code data} without copying. */
  public static NdArray ofInt64(long[] data, int... shape) {
    return wrap(DType.INT64, data, data.length, shape);
  }

  private static NdArray wrap(DType dtype, Object data, int length, int[] shape) {
    if (sizeOf(shape) != length) {
      throw new IllegalArgumentException(
          length + " values do not fill shape " + Arrays.toString(shape));
    }
    return new NdArray(dtype, shape, false, new ArrayStorage(data, dtype.itemSize(), length));
  }

  /**
   * An array whose values are produced block by block in C order whenever it is read or written,
   * never held whole: for multi-GB synthetic arrays. Values are converted to {@code dtype} like
   * numpy's {@code astype} (floats rounded to nearest, integers truncated toward zero).
   */
  public static NdArray generated(DType dtype, int[] shape, int blockLength, BlockFiller filler) {
    Objects.requireNonNull(filler, "filler");
    if (blockLength <= 0) {
      throw new IllegalArgumentException("blockLength must be positive: " + blockLength);
    }
    long n = sizeOf(shape);
    return new NdArray(dtype, shape, false, new GeneratedStorage(dtype, n, blockLength, filler));
  }

  public int[] shape() {
    return shape.clone();
  }

  public int ndim() {
    return shape.length;
  }

  public long size() {
    return size;
  }

  public DType dtype() {
    return dtype;
  }

  /** True when the elements are stored in Fortran (column-major) order. */
  public boolean fortranOrder() {
    return fortran;
  }

  /** True when the element bytes are read from a file on demand rather than held in memory. */
  boolean isFileBacked() {
    return storage.fileBacked();
  }

  Storage storage() {
    return storage;
  }

  /** All elements as float32 in C order, converted from any numeric dtype. */
  public float[] toFloat32() {
    float[] out = new float[javaArrayLength()];
    readFloat32(0, out, 0, out.length);
    return out;
  }

  /** Elements {@code [first, first + count)} in C order as float32, read in chunks. */
  public void readFloat32(long firstElement, float[] dst, int dstOffset, int count) {
    Objects.checkFromIndexSize(dstOffset, count, dst.length);
    DType.Type t = dtype.type();
    read(
        firstElement,
        count,
        (src, at, n, i) -> ElementCodec.toFloat(t, src, at, n, dst, dstOffset + i));
  }

  /** All elements as float64 in C order. */
  public double[] toFloat64() {
    double[] out = new double[javaArrayLength()];
    readFloat64(0, out, 0, out.length);
    return out;
  }

  /** Elements {@code [first, first + count)} in C order as float64, read in chunks. */
  public void readFloat64(long firstElement, double[] dst, int dstOffset, int count) {
    Objects.checkFromIndexSize(dstOffset, count, dst.length);
    DType.Type t = dtype.type();
    read(
        firstElement,
        count,
        (src, at, n, i) -> ElementCodec.toDouble(t, src, at, n, dst, dstOffset + i));
  }

  /**
   * All elements as int64 in C order: integers exactly (uint64 values above {@code Long.MAX_VALUE}
   * come back as their two's-complement bits), bool as 0/1, floats truncated toward zero with
   * Java's saturating cast.
   */
  public long[] toInt64() {
    long[] out = new long[javaArrayLength()];
    readInt64(0, out, 0, out.length);
    return out;
  }

  /** Elements {@code [first, first + count)} in C order as int64 (see {@link #toInt64()}). */
  public void readInt64(long firstElement, long[] dst, int dstOffset, int count) {
    Objects.checkFromIndexSize(dstOffset, count, dst.length);
    DType.Type t = dtype.type();
    read(
        firstElement,
        count,
        (src, at, n, i) -> ElementCodec.toLong(t, src, at, n, dst, dstOffset + i));
  }

  /** Raw IEEE half bits in C order; only for float16 arrays (no lossy conversion offered). */
  public short[] toFloat16Bits() {
    if (dtype.type() != DType.Type.F2) {
      throw new IllegalStateException("toFloat16Bits needs a float16 array, this one is " + dtype);
    }
    short[] out = new short[javaArrayLength()];
    read(0, out.length, (src, at, n, i) -> ElementCodec.toHalfBits(src, at, n, out, i));
    return out;
  }

  private int javaArrayLength() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "array of " + size + " elements does not fit one Java array; read it in ranges");
    }
    return (int) size;
  }

  private void read(long first, int count, Decode decode) {
    Objects.checkFromIndexSize(first, count, size);
    if (count == 0) {
      return;
    }
    try (Storage.Cursor cursor = storage.open()) {
      if (isCLayout()) {
        readContiguous(cursor, first, count, decode);
      } else {
        readFortran(cursor, first, count, decode);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** C order, or Fortran order with at most one axis longer than 1 (same byte layout). */
  private boolean isCLayout() {
    if (!fortran) {
      return true;
    }
    int longAxes = 0;
    for (int d : shape) {
      longAxes += d > 1 ? 1 : 0;
    }
    return longAxes <= 1;
  }

  private int chunkElements() {
    return Math.max(1, Storage.CHUNK_BYTES / dtype.itemSize());
  }

  private void readContiguous(Storage.Cursor cursor, long first, int count, Decode decode)
      throws IOException {
    int itemSize = dtype.itemSize();
    int chunk = chunkElements();
    for (int done = 0; done < count; ) {
      int n = Math.min(chunk, count - done);
      ByteBuffer b = cursor.read((first + done) * itemSize, n * itemSize).order(dtype.order());
      decode.run(b, 0, n, done);
      done += n;
    }
  }

  /**
   * Fortran storage: one sequential pass over the bytes, scattering the wanted elements to their C
   * positions. Costs a full pass per call, which is fine for the small Fortran arrays numpy users
   * produce by accident; the release files are C order.
   */
  private void readFortran(Storage.Cursor cursor, long first, int count, Decode decode)
      throws IOException {
    int nd = shape.length;
    long[] cStride = new long[nd];
    long stride = 1;
    for (int k = nd - 1; k >= 0; k--) {
      cStride[k] = stride;
      stride *= shape[k];
    }
    int[] index = new int[nd];
    long cIndex = 0;
    long end = first + count;
    int itemSize = dtype.itemSize();
    int chunk = chunkElements();
    for (long pos = 0; pos < size; ) {
      int n = (int) Math.min(chunk, size - pos);
      ByteBuffer b = cursor.read(pos * itemSize, n * itemSize).order(dtype.order());
      for (int i = 0; i < n; i++) {
        if (cIndex >= first && cIndex < end) {
          decode.run(b, i * itemSize, 1, (int) (cIndex - first));
        }
        for (int k = 0; k < nd; k++) { // advance the Fortran odometer: axis 0 fastest
          if (++index[k] < shape[k]) {
            cIndex += cStride[k];
            break;
          }
          cIndex -= (long) (shape[k] - 1) * cStride[k];
          index[k] = 0;
        }
      }
      pos += n;
    }
  }

  @Override
  public String toString() {
    return "NdArray("
        + dtype
        + ", shape="
        + Arrays.toString(shape)
        + (fortran ? ", F" : "")
        + (isFileBacked() ? ", file-backed" : "")
        + ")";
  }
}
