package org.eegdecode.acquisition.npy;

import java.nio.ByteBuffer;

/**
 * Element bytes computed on demand, block by block, from a {@link NdArray.BlockFiller}: lets tests
 * and the benchmark write multi-GB synthetic arrays without ever holding them. Each cursor keeps
 * one block, so reading (or writing) sequentially calls the filler once per block.
 */
final class GeneratedStorage implements Storage {
  private final DType dtype;
  private final long size;
  private final int blockLength;
  private final NdArray.BlockFiller filler;

  GeneratedStorage(DType dtype, long size, int blockLength, NdArray.BlockFiller filler) {
    this.dtype = dtype;
    this.size = size;
    this.blockLength = blockLength;
    this.filler = filler;
  }

  @Override
  public long byteLength() {
    return size * dtype.itemSize();
  }

  @Override
  public Cursor open() {
    return new Cursor() {
      private final int itemSize = dtype.itemSize();
      private double[] block;
      private long blockIndex = -1;
      private ByteBuffer buffer;

      @Override
      public ByteBuffer read(long offset, int count) {
        if (buffer == null || buffer.capacity() < count) {
          buffer = ByteBuffer.allocate(count).order(dtype.order());
        }
        buffer.clear().limit(count);
        long element = offset / itemSize;
        int n = count / itemSize;
        int done = 0;
        while (done < n) {
          long b = (element + done) / blockLength;
          fill(b);
          int inBlock = (int) (element + done - b * blockLength);
          int take = Math.min(n - done, block.length - inBlock);
          ElementCodec.fromDoubles(dtype.type(), block, inBlock, take, buffer, done * itemSize);
          done += take;
        }
        return buffer;
      }

      private void fill(long b) {
        if (b == blockIndex) {
          return;
        }
        int length = (int) Math.min(blockLength, size - b * blockLength);
        if (block == null || block.length != length) {
          block = new double[length];
        }
        filler.fill(b, block);
        blockIndex = b;
      }
    };
  }
}
