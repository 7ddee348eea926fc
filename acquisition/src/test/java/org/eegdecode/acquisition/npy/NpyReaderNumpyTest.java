package org.eegdecode.acquisition.npy;

import static org.eegdecode.acquisition.npy.NpyFixtures.bool;
import static org.eegdecode.acquisition.npy.NpyFixtures.intValue;
import static org.eegdecode.acquisition.npy.NpyFixtures.lin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.testing.PythonNumpy.Interpreter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Files written by real numpy (every version found), read back and checked element by element. */
class NpyReaderNumpyTest {
  static java.util.stream.Stream<Interpreter> interpreters() {
    return NpyFixtures.interpreters();
  }

  @AfterAll
  static void report() {
    System.out.println("[npy] numpy versions covered: " + NpyFixtures.numpyVersionsCovered());
  }

  // ---- plain arrays ---------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void float64InCOrder(Interpreter python) throws Exception {
    NdArray a = NpyReader.readArray(NpyFixtures.dir(python).resolve("f8.npy"));
    assertEquals(DType.FLOAT64, a.dtype());
    assertArrayEquals(new int[] {3, 4, 5}, a.shape());
    assertFalse(a.fortranOrder());
    assertLin(a.toFloat64(), 60);
    float[] f = a.toFloat32();
    for (int i = 0; i < 60; i++) {
      assertEquals((float) lin(i), f[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void float32(Interpreter python) throws Exception {
    NdArray a = NpyReader.readArray(NpyFixtures.dir(python).resolve("f4.npy"));
    assertEquals(DType.FLOAT32, a.dtype());
    assertArrayEquals(new int[] {7, 11}, a.shape());
    float[] f = a.toFloat32();
    double[] d = a.toFloat64();
    for (int i = 0; i < 77; i++) {
      assertEquals(NpyFixtures.f32(i), f[i]);
      assertEquals(NpyFixtures.f32(i), d[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void float16WithSpecialValues(Interpreter python) throws Exception {
    Path dir = NpyFixtures.dir(python);
    for (String name : List.of("f16.npy", "be_f2.npy")) {
      NdArray a = NpyReader.readArray(dir.resolve(name));
      assertEquals('f', a.dtype().kind());
      assertEquals(2, a.dtype().itemSize());
      assertF16(a);
    }
    assertEquals(
        ByteOrder.BIG_ENDIAN, NpyReader.readArray(dir.resolve("be_f2.npy")).dtype().order());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void allIntegerWidthsSignedAndUnsigned(Interpreter python) throws Exception {
    for (char kind : new char[] {'i', 'u'}) {
      for (int width : new int[] {8, 16, 32, 64}) {
        NdArray a =
            NpyReader.readArray(NpyFixtures.dir(python).resolve(kind + "" + width / 8 + ".npy"));
        assertEquals(kind, a.dtype().kind());
        assertEquals(width / 8, a.dtype().itemSize());
        assertInts(a, kind, width);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void boolArray(Interpreter python) throws Exception {
    NdArray a = NpyReader.readArray(NpyFixtures.dir(python).resolve("bool.npy"));
    assertEquals("|b1", a.dtype().descr());
    assertBools(a);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void fortranOrderComesBackInCOrder(Interpreter python) throws Exception {
    Path dir = NpyFixtures.dir(python);
    NdArray a = NpyReader.readArray(dir.resolve("fortran_f8.npy"));
    assertTrue(a.fortranOrder());
    assertArrayEquals(new int[] {4, 6, 5}, a.shape());
    assertLin(a.toFloat64(), 120);
    float[] part = new float[17];
    a.readFloat32(50, part, 0, 17);
    for (int i = 0; i < 17; i++) {
      assertEquals((float) lin(50 + i), part[i]);
    }

    NdArray b = NpyReader.readArray(dir.resolve("fortran_i2_be.npy"));
    assertTrue(b.fortranOrder());
    assertEquals(">i2", b.dtype().descr());
    assertInts(b, 'i', 16);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void bigEndian(Interpreter python) throws Exception {
    Path dir = NpyFixtures.dir(python);
    NdArray f8 = NpyReader.readArray(dir.resolve("be_f8.npy"));
    assertEquals(">f8", f8.dtype().descr());
    assertLin(f8.toFloat64(), 10);
    assertInts(NpyReader.readArray(dir.resolve("be_u4.npy")), 'u', 32);
    assertInts(NpyReader.readArray(dir.resolve("be_i8.npy")), 'i', 64);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void zeroDimensionalAndEmptyArrays(Interpreter python) throws Exception {
    Path dir = NpyFixtures.dir(python);
    NdArray scalar = NpyReader.readArray(dir.resolve("scalar_f8.npy"));
    assertEquals(0, scalar.ndim());
    assertArrayEquals(new double[] {2.5}, scalar.toFloat64());
    NdArray empty = NpyReader.readArray(dir.resolve("empty_f4.npy"));
    assertArrayEquals(new int[] {0, 3}, empty.shape());
    assertEquals(0, empty.toFloat32().length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void formatVersions2And3(Interpreter python) throws Exception {
    for (int version : new int[] {2, 3}) {
      Path file = NpyFixtures.dir(python).resolve("v" + version + ".npy");
      NpyHeader header = NpyReader.readHeader(file);
      assertEquals(version, header.majorVersion());
      assertEquals("<f8", header.descr());
      assertArrayEquals(new int[] {3, 4}, header.shape());
      assertEquals(0, header.dataOffset() % 64);
      assertLin(NpyReader.readArray(file).toFloat64(), 12);
    }
    assertEquals(1, NpyReader.readHeader(NpyFixtures.dir(python).resolve("f8.npy")).majorVersion());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void largePlainArrayStaysInTheFile(Interpreter python) throws Exception {
    Path file = NpyFixtures.dir(python).resolve("big_plain_f8.npy");
    NdArray a = NpyReader.readArray(file);
    assertTrue(a.isFileBacked());
    assertFalse(NpyReader.readArray(NpyFixtures.dir(python).resolve("f8.npy")).isFileBacked());
    assertLin(a.toFloat64(), 300_000);
    // A range across a chunk boundary (1 MiB = 131072 float64).
    float[] part = new float[1000];
    a.readFloat32(131_000, part, 0, 1000);
    for (int i = 0; i < 1000; i++) {
      assertEquals((float) lin(131_000 + i), part[i]);
    }
  }

  // ---- pickled object files -------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void objectFilesOfEveryPickleProtocol(Interpreter python) throws Exception {
    for (int protocol = 2; protocol <= 5; protocol++) {
      Path file = NpyFixtures.dir(python).resolve("obj_p" + protocol + ".npy");
      Object value = NpyReader.read(file);
      checkObjectPayload(assertInstanceOf(Map.class, value, file.toString()), protocol);
    }
  }

  private static void checkObjectPayload(Map<?, ?> d, int protocol) {
    assertEquals(
        List.of(
            "f8",
            "f4",
            "f16",
            "i1",
            "i2",
            "i4",
            "i8",
            "u1",
            "u2",
            "u4",
            "u8",
            "bool",
            "fortran",
            "be_f8",
            "be_i4",
            "big",
            "big_fortran",
            "scalars",
            "py",
            "shared_a",
            "shared_b",
            "objarr"),
        List.copyOf(d.keySet()),
        "key order");
    NdArray f8 = (NdArray) d.get("f8");
    assertArrayEquals(new int[] {2, 3, 4}, f8.shape());
    assertLin(f8.toFloat64(), 24);
    NdArray f4 = (NdArray) d.get("f4");
    for (int i = 0; i < 77; i++) {
      assertEquals(NpyFixtures.f32(i), f4.toFloat32()[i]);
    }
    assertF16((NdArray) d.get("f16"));
    for (char kind : new char[] {'i', 'u'}) {
      for (int width : new int[] {8, 16, 32, 64}) {
        assertInts((NdArray) d.get(kind + "" + width / 8), kind, width);
      }
    }
    assertBools((NdArray) d.get("bool"));
    NdArray fortran = (NdArray) d.get("fortran");
    assertTrue(fortran.fortranOrder());
    assertLin(fortran.toFloat64(), 120);
    assertEquals(">f8", ((NdArray) d.get("be_f8")).dtype().descr());
    assertLin(((NdArray) d.get("be_f8")).toFloat64(), 10);
    assertEquals(">i4", ((NdArray) d.get("be_i4")).dtype().descr());
    assertInts((NdArray) d.get("be_i4"), 'i', 32);

    NdArray big = (NdArray) d.get("big");
    // Protocol 2 carries bytes as a latin-1 str, which cannot be skipped: only 3+ are lazy.
    assertEquals(protocol >= 3, big.isFileBacked(), "big array file-backed, protocol " + protocol);
    assertFalse(f8.isFileBacked());
    assertLin(big.toFloat64(), 300_000);
    NdArray bigFortran = (NdArray) d.get("big_fortran");
    assertEquals(protocol >= 3, bigFortran.isFileBacked());
    assertTrue(bigFortran.fortranOrder());
    float[] bf = bigFortran.toFloat32();
    for (int i = 0; i < bf.length; i++) {
      assertEquals(NpyFixtures.f32(i), bf[i], "big_fortran[" + i + "]");
    }
    float[] row = new float[500];
    bigFortran.readFloat32(500L * 321, row, 0, 500);
    for (int j = 0; j < 500; j++) {
      assertEquals(NpyFixtures.f32(500L * 321 + j), row[j]);
    }

    assertEquals(List.of(1.5, 0.25, -3L, 200L, true, -2.0), d.get("scalars"));

    Map<?, ?> py = (Map<?, ?>) d.get("py");
    assertEquals(42, ((Number) py.get("int")).intValue());
    assertEquals(-7, ((Number) py.get("neg")).intValue());
    assertEquals(BigInteger.ONE.shiftLeft(70), py.get("big"));
    assertEquals(1.25, py.get("float"));
    assertEquals("h\u00e9llo \u2713", py.get("str"));
    List<?> list = (List<?>) py.get("list");
    assertEquals(5, list.size());
    assertEquals(1, ((Number) list.get(0)).intValue());
    assertEquals("a", list.get(1));
    assertNull(list.get(2));
    assertEquals(true, list.get(3));
    assertEquals(false, list.get(4));
    Object[] tuple = (Object[]) py.get("tuple");
    assertEquals(1, ((Number) tuple[0]).intValue());
    assertEquals(2.5, tuple[1]);
    assertEquals("x", tuple[2]);
    assertEquals(List.of(), py.get("empty_list"));
    assertEquals(0, ((Object[]) py.get("empty_tuple")).length);
    assertEquals(Map.of(), py.get("empty_dict"));
    assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) py.get("bytes"));

    NdArray sharedA = (NdArray) d.get("shared_a");
    NdArray sharedB = (NdArray) d.get("shared_b");
    assertLin(sharedA.toFloat64(), 5);
    assertLin(sharedB.toFloat64(), 5);
    assertEquals(List.of("x", "y", "z"), d.get("objarr"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void releaseStyleEegFile(Interpreter python) throws Exception {
    Path file = NpyFixtures.dir(python).resolve("eeg_release.npy");
    NpyHeader header = NpyReader.readHeader(file);
    assertTrue(header.isObject());
    assertEquals("|O", header.descr());
    assertEquals(0, header.shape().length);

    Map<?, ?> d = (Map<?, ?>) NpyReader.read(file);
    assertEquals(List.of("preprocessed_eeg_data", "ch_names", "times"), List.copyOf(d.keySet()));
    assertEquals(NpyFixtures.CH_NAMES, d.get("ch_names"));
    double[] times = ((NdArray) d.get("times")).toFloat64();
    assertEquals(100, times.length);
    for (int k = 0; k < 100; k++) {
      assertEquals(NpyFixtures.time(k), times[k]);
    }
    NdArray eeg = (NdArray) d.get("preprocessed_eeg_data");
    assertArrayEquals(new int[] {20, 4, 17, 100}, eeg.shape());
    assertTrue(eeg.isFileBacked(), "1.1 MB array must stay in the file");
    double[] all = eeg.toFloat64();
    float[] allF = eeg.toFloat32();
    for (int i = 0; i < all.length; i++) {
      assertEquals(NpyFixtures.eeg(i), all[i]);
      assertEquals((float) NpyFixtures.eeg(i), allF[i]);
    }
    float[] trial = new float[17 * 100];
    long first = (7L * 4 + 3) * 1700;
    eeg.readFloat32(first, trial, 0, trial.length);
    for (int i = 0; i < trial.length; i++) {
      assertEquals((float) NpyFixtures.eeg(first + i), trial[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void featureBankWithTupleKeys(Interpreter python) throws Exception {
    Map<?, ?> bank = (Map<?, ?>) NpyReader.read(NpyFixtures.dir(python).resolve("features.npy"));
    assertEquals(4, bank.size());
    int k = 0;
    for (Map.Entry<?, ?> e : bank.entrySet()) {
      Object[] key = (Object[]) e.getKey();
      assertArrayEquals(
          new Object[] {
            String.format("%05d_concept%d", k + 1, k), String.format("concept%d_%02db.jpg", k, k)
          },
          key);
      NdArray a = (NdArray) e.getValue();
      assertEquals(DType.FLOAT16, a.dtype());
      assertArrayEquals(new int[] {5, 3200}, a.shape());
      float[] v = a.toFloat32();
      short[] bits = a.toFloat16Bits();
      for (int j = 0; j < v.length; j++) {
        assertEquals((float) NpyFixtures.feature(k, j), v[j]);
        assertEquals(Float16.fromDouble(NpyFixtures.feature(k, j)), bits[j]);
      }
      k++;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void npzStoredAndCompressed(Interpreter python) throws Exception {
    for (String name : List.of("arrays.npz", "arrays_compressed.npz")) {
      Map<String, NdArray> npz = NpyReader.readNpz(NpyFixtures.dir(python).resolve(name));
      assertEquals(List.of("a", "b", "c"), List.copyOf(npz.keySet()), name);
      assertArrayEquals(new int[] {3, 4}, npz.get("a").shape());
      assertLin(npz.get("a").toFloat64(), 12);
      assertInts(npz.get("b"), 'i', 32);
      assertF16(npz.get("c"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void objectFileFromMemoryToo(Interpreter python) throws Exception {
    Path file = NpyFixtures.dir(python).resolve("obj_p4.npy");
    Map<?, ?> d = (Map<?, ?>) NpyReader.read(Files.readAllBytes(file), "obj_p4.npy");
    NdArray big = (NdArray) d.get("big");
    assertFalse(big.isFileBacked());
    assertLin(big.toFloat64(), 300_000);
  }

  // ---- checks -----------------------------------------------------------------------------

  static void assertLin(double[] values, int n) {
    assertEquals(n, values.length);
    for (int i = 0; i < n; i++) {
      assertEquals(lin(i), values[i], "element " + i);
    }
  }

  static void assertF16(NdArray a) {
    float[] expected = NpyFixtures.f16();
    float[] actual = a.toFloat32();
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "f16 element " + i);
    }
    short[] bits = a.toFloat16Bits();
    assertEquals((short) 0x0000, bits[0]);
    assertEquals((short) 0x8000, bits[1]); // -0.0
    assertEquals((short) 0x3c00, bits[2]);
    assertEquals((short) 0x7bff, bits[4]); // 65504
    assertEquals((short) 0x0400, bits[6]); // smallest normal
    assertEquals((short) 0x0001, bits[7]); // smallest subnormal
    assertEquals((short) 0x03ff, bits[9]); // largest subnormal
    assertEquals((short) 0x7c00, bits[10]);
    assertEquals((short) 0xfc00, bits[11]);
    assertEquals(0x7c00, bits[12] & 0x7c00);
    assertTrue((bits[12] & 0x3ff) != 0, "NaN");
  }

  static void assertInts(NdArray a, char kind, int width) {
    long[] v = a.toInt64();
    double[] d = a.toFloat64();
    float[] f = a.toFloat32();
    assertEquals(50, v.length);
    for (int i = 0; i < 50; i++) {
      long expected = intValue(kind, width, i);
      String where = kind + "" + width + "[" + i + "]";
      assertEquals(expected, v[i], where);
      boolean u64 = kind == 'u' && width == 64;
      double expectedDouble =
          u64 ? new BigInteger(Long.toUnsignedString(expected)).doubleValue() : expected;
      float expectedFloat =
          u64 ? new BigInteger(Long.toUnsignedString(expected)).floatValue() : expected;
      assertEquals(expectedDouble, d[i], where);
      assertEquals(expectedFloat, f[i], where);
    }
  }

  static void assertBools(NdArray a) {
    long[] v = a.toInt64();
    assertEquals(20, v.length);
    for (int i = 0; i < 20; i++) {
      assertEquals(bool(i) ? 1 : 0, v[i]);
    }
  }
}
