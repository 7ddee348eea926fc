package org.eegdecode.acquisition.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NdArrayTest {
  @Test
  void factoriesWrapTheirData() {
    NdArray d = NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(DType.FLOAT64, d.dtype());
    assertArrayEquals(new int[] {2, 3}, d.shape());
    assertEquals(6, d.size());
    assertFalse(d.fortranOrder());
    assertFalse(d.isFileBacked());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.toFloat32());
    assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, d.toInt64());

    assertEquals(DType.FLOAT32, NdArray.of(new float[] {1.5f}, 1).dtype());
    assertArrayEquals(new double[] {-7, 9}, NdArray.ofInt64(new long[] {-7, 9}, 2).toFloat64());
    NdArray h = NdArray.ofFloat16(new short[] {0x3c00, (short) 0xc000}, 2);
    assertEquals(DType.FLOAT16, h.dtype());
    assertArrayEquals(new float[] {1f, -2f}, h.toFloat32());
    assertArrayEquals(new short[] {0x3c00, (short) 0xc000}, h.toFloat16Bits());

    NdArray zeroD = NdArray.of(new double[] {2.5});
    assertEquals(0, zeroD.ndim());
    assertEquals(1, zeroD.size());
  }

  @Test
  void shapeMustMatchTheData() {
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(new double[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(new double[5]));
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(new double[0], -1, 0));
    assertThrows(IllegalStateException.class, () -> NdArray.of(new double[2], 2).toFloat16Bits());
  }

  @Test
  void rangesAreChecked() {
    NdArray a = NdArray.of(new float[] {1, 2, 3}, 3);
    float[] dst = new float[3];
    assertThrows(IndexOutOfBoundsException.class, () -> a.readFloat32(2, dst, 0, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> a.readFloat32(0, dst, 2, 2));
    a.readFloat32(1, dst, 1, 2);
    assertArrayEquals(new float[] {0, 2, 3}, dst);
  }

  @Test
  void generatedArraysAreProducedBlockByBlock() {
    AtomicInteger calls = new AtomicInteger();
    int n = 3 * 100_003; // more than one 1 MiB chunk of float64, last block short
    NdArray g =
        NdArray.generated(
            DType.FLOAT64,
            new int[] {3, 100_003},
            4096,
            (block, values) -> {
              calls.incrementAndGet();
              for (int i = 0; i < values.length; i++) {
                values[i] = NpyFixtures.lin(block * 4096 + i);
              }
            });
    assertEquals(n, g.size());
    double[] all = g.toFloat64();
    for (int i = 0; i < n; i++) {
      assertEquals(NpyFixtures.lin(i), all[i]);
    }
    assertEquals((n + 4095) / 4096, calls.get(), "one call per block in a sequential read");
    float[] part = new float[5000];
    g.readFloat32(131_000, part, 0, 5000);
    for (int i = 0; i < part.length; i++) {
      assertEquals((float) NpyFixtures.lin(131_000 + i), part[i]);
    }
  }

  @Test
  void generatedValuesAreConvertedLikeAstype() {
    double[] src = {1.7, -1.7, 300.0, 0.0, Double.NaN, 0x1p-25, 65520.0};
    NdArray.BlockFiller fill = (b, v) -> System.arraycopy(src, 0, v, 0, v.length);
    int[] shape = {src.length};
    assertArrayEquals(
        new long[] {1, -1, 300, 0, 0, 0, 65520},
        NdArray.generated(DType.INT64, shape, 7, fill).toInt64());
    assertArrayEquals(
        new long[] {1, 1, 1, 0, 1, 1, 1}, NdArray.generated(DType.BOOL, shape, 7, fill).toInt64());
    short[] half = NdArray.generated(DType.FLOAT16, shape, 7, fill).toFloat16Bits();
    for (int i = 0; i < src.length; i++) {
      assertEquals(Float16.fromDouble(src[i]), half[i]);
    }
    // 2^64 - 2048 as uint64: its two's-complement bits are -2048.
    NdArray u64 = NdArray.generated(DType.UINT64, new int[] {1}, 1, (b, v) -> v[0] = 0x1p64 - 2048);
    assertEquals(-2048L, u64.toInt64()[0]);
    assertEquals(0x1p64 - 2048, u64.toFloat64()[0]);
  }
}
