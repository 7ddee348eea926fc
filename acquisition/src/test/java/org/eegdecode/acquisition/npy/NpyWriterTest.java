package org.eegdecode.acquisition.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
  @TempDir Path tmp;

  @Test
  void headerIsWhatNumpyWrites() {
    // np.save(f, np.zeros((3, 4, 5))): 21 - len('3') growth spaces, then padding to 128 bytes.
    byte[] h = NpyHeader.format(DType.FLOAT64, false, new int[] {3, 4, 5});
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4, 5), }";
    assertEquals(128, h.length);
    assertEquals(1, h[6]);
    assertEquals(0, h[7]);
    assertEquals(118, (h[8] & 0xff) | (h[9] & 0xff) << 8);
    String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
    assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", text);

    String objectText =
        new String(
            NpyHeader.format(DType.OBJECT, false, new int[0]),
            10,
            118,
            StandardCharsets.ISO_8859_1);
    assertTrue(
        objectText.startsWith("{'descr': '|O', 'fortran_order': False, 'shape': (), }"),
        objectText);
    String oneD =
        new String(NpyHeader.format(DType.UINT8, true, new int[] {7}), StandardCharsets.ISO_8859_1);
    assertTrue(oneD.contains("{'descr': '|u1', 'fortran_order': True, 'shape': (7,), }"), oneD);
  }

  @Test
  void version2HeaderWhenTheShapeIsHuge() throws IOException {
    int[] shape = new int[30_000];
    Arrays.fill(shape, 1);
    NdArray a = NdArray.generated(DType.FLOAT32, shape, 1, (b, v) -> v[0] = 4.5);
    Path file = tmp.resolve("v2.npy");
    NpyWriter.writeArray(file, a);
    NpyHeader header = NpyReader.readHeader(file);
    assertEquals(2, header.majorVersion());
    assertEquals(0, header.dataOffset() % 64);
    assertArrayEquals(shape, header.shape());
    assertArrayEquals(new float[] {4.5f}, NpyReader.readArray(file).toFloat32());
  }

  @Test
  void failedWritesLeaveNothingBehind() throws IOException {
    Path file = tmp.resolve("obj.npy");
    NpyWriter.writeObject(file, Map.of("a", 1));
    byte[] before = Files.readAllBytes(file);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NpyWriter.writeObject(file, Map.of("a", List.of(1, new Object()))));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file), "the old file is untouched");
    RuntimeException boom = new IllegalStateException("generator failed");
    assertThrows(
        IllegalStateException.class,
        () ->
            NpyWriter.writeArray(
                tmp.resolve("gen.npy"),
                NdArray.generated(
                    DType.FLOAT64,
                    new int[] {10},
                    5,
                    (b, v) -> {
                      if (b == 1) {
                        throw boom;
                      }
                    })));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of("obj.npy"), files.map(p -> p.getFileName().toString()).toList());
    }
    assertThrows(
        IOException.class,
        () ->
            NpyWriter.writeArray(
                tmp.resolve("no/such/dir/x.npy"), NdArray.of(new double[] {1}, 1)));
  }

  @Test
  void selfContainingValuesAreRejected() {
    List<Object> list = new java.util.ArrayList<>();
    list.add(list);
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.objectBytes(list));
  }

  @Test
  void roundTripThroughOurReader() throws IOException {
    Map<Object, Object> value = new java.util.LinkedHashMap<>();
    value.put("z", NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
    value.put("a", List.of("x", 1, 2L << 40, 0.5, true));
    value.put("n", null);
    Path file = tmp.resolve("rt.npy");
    NpyWriter.writeObject(file, value);
    Object back = NpyReader.read(file);
    assertEquals(NumpyDescribe.of(value), NumpyDescribe.of(back));
    assertEquals(List.of("z", "a", "n"), List.copyOf(((Map<?, ?>) back).keySet()));
    assertEquals(
        NumpyDescribe.of(value),
        NumpyDescribe.of(NpyReader.read(NpyWriter.objectBytes(value), "mem")));
  }

  /**
   * Protocol 3 cannot hold 4 GiB in one bytes object: the pickle switches to protocol 4 and
   * BINBYTES8.
   */
  @Test
  void arraysOfFourGibibytesUseProtocol4() throws IOException {
    NdArray huge =
        NdArray.generated(DType.UINT8, new int[] {1 << 16, 1 << 16}, 1 << 20, (b, v) -> {});
    NdArray small = NdArray.of(new double[] {1}, 1);
    assertEquals(3, pickleHead(small)[1]);
    byte[] head = pickleHead(huge);
    assertEquals((byte) 0x80, head[0]);
    assertEquals(4, head[1]);
    byte[] binbytes8 = {(byte) 0x8e, 0, 0, 0, 0, 1, 0, 0, 0};
    assertTrue(indexOf(head, binbytes8) > 0, "BINBYTES8 with length 2^32");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  /** The first bytes of the pickle in writeObject's output, the rest counted and dropped. */
  private static byte[] pickleHead(Object value) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(4096);
    long[] total = {0};
    WritableByteChannel channel =
        new WritableByteChannel() {
          @Override
          public int write(ByteBuffer src) {
            int n = src.remaining();
            total[0] += n;
            while (src.hasRemaining() && head.hasRemaining()) {
              head.put(src.get());
            }
            src.position(src.limit());
            return n;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    ByteSink sink = new ByteSink(channel);
    NpyWriter.writeObject(sink, value);
    sink.flush();
    byte[] all = Arrays.copyOf(head.array(), head.position());
    assertFalse(total[0] == 0);
    return Arrays.copyOfRange(all, 128, all.length);
  }
}
