package org.eegdecode.acquisition.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eegdecode.acquisition.testing.PythonNumpy;
import org.eegdecode.acquisition.testing.PythonNumpy.Interpreter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What NpyWriter writes is loaded by real numpy (every version found) and by NpyReader. */
class NpyWriterNumpyTest {
  static Stream<Interpreter> interpreters() {
    return NpyFixtures.interpreters();
  }

  static double gen(long i) {
    return ((i * 7919) % 10007) * 0.001 - 5.0;
  }

  static NdArray generated(DType dtype, int[] shape, int block, double scale) {
    return NdArray.generated(
        dtype,
        shape,
        block,
        (b, v) -> {
          for (int i = 0; i < v.length; i++) {
            v[i] = gen(b * block + i) * scale;
          }
        });
  }

  /** Arrays for writeArray, by file name. */
  static Map<String, NdArray> arrays(Path fixtures) throws Exception {
    Map<String, NdArray> m = new LinkedHashMap<>();
    double[] lin = new double[60];
    Arrays.setAll(lin, NpyFixtures::lin);
    m.put("w_f8.npy", NdArray.of(lin, 3, 4, 5));
    float[] f32 = new float[77];
    for (int i = 0; i < 77; i++) {
      f32[i] = NpyFixtures.f32(i);
    }
    m.put("w_f4.npy", NdArray.of(f32, 7, 11));
    float[] f16 = NpyFixtures.f16();
    short[] bits = new short[f16.length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float16.fromFloat(f16[i]);
    }
    m.put("w_f16.npy", NdArray.ofFloat16(bits, bits.length));
    long[] ints = new long[50];
    Arrays.setAll(ints, i -> NpyFixtures.intValue('i', 64, i));
    m.put("w_i8.npy", NdArray.ofInt64(ints, 5, 10));
    m.put("w_gen_f4.npy", generated(DType.FLOAT32, new int[] {1000, 257}, 4096, 1));
    m.put("w_gen_f2.npy", generated(DType.FLOAT16, new int[] {300, 7}, 100, 3));
    m.put("w_scalar.npy", NdArray.of(new double[] {2.5}));
    m.put("w_empty.npy", NdArray.of(new float[0], 0, 3));
    // Arrays numpy wrote, re-written by us: must come out identical to numpy's files.
    for (String name :
        List.of(
            "fortran_f8", "fortran_i2_be", "be_u4", "be_f2", "bool", "u8", "i1", "big_plain_f8")) {
      m.put("re_" + name + ".npy", NpyReader.readArray(fixtures.resolve(name + ".npy")));
    }
    return m;
  }

  /** Values for writeObject, by file name. */
  static Map<String, Object> objects(Path fixtures) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<Object, Object> everything = new LinkedHashMap<>();
    everything.put("none", null);
    everything.put("true", true);
    everything.put("false", false);
    everything.put(
        "ints",
        List.of(
            0,
            255,
            256,
            65535,
            65536,
            -1,
            -129,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            1L << 40,
            Long.MIN_VALUE,
            Long.MAX_VALUE));
    everything.put(
        "bigints", List.of(BigInteger.ONE.shiftLeft(70), BigInteger.ONE.shiftLeft(3000).negate()));
    everything.put(
        "floats", List.of(1.25, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-310, 0.25f));
    everything.put("str", "h\u00e9llo \u2713 \ud83e\udde0");
    everything.put("empty_str", "");
    everything.put("bytes", new byte[] {0, 1, (byte) 0xff});
    everything.put("long_bytes", new byte[300]);
    everything.put(
        "tuples",
        List.of(
            new Object[0],
            new Object[] {1},
            new Object[] {1, "a"},
            new Object[] {1, "a", null},
            new Object[] {1, 2, 3, 4, 5}));
    everything.put(new Object[] {"tuple", "key"}, "tuple-keyed");
    everything.put(7, "int-keyed");
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      many.add(i % 7 == 0 ? "s" + i : i);
    }
    everything.put("many", many);
    Map<Object, Object> manyKeys = new LinkedHashMap<>();
    for (int i = 0; i < 1001; i++) {
      manyKeys.put("k" + i, i);
    }
    everything.put("many_keys", manyKeys);
    everything.put("nested", Map.of("a", List.of(Map.of("b", List.of()))));
    everything.put(
        "arrays", arrays(fixtures).values().stream().filter(a -> a.size() < 100_000).toArray());
    m.put("w_obj.npy", everything);

    Map<Object, Object> eeg = new LinkedHashMap<>();
    eeg.put(
        "preprocessed_eeg_data",
        NdArray.generated(
            DType.FLOAT64,
            new int[] {20, 4, 17, 100},
            10_000,
            (b, v) -> {
              for (int i = 0; i < v.length; i++) {
                v[i] = NpyFixtures.eeg(b * 10_000 + i);
              }
            }));
    eeg.put("ch_names", NpyFixtures.CH_NAMES);
    double[] times = new double[100];
    Arrays.setAll(times, NpyFixtures::time);
    eeg.put("times", NdArray.of(times, 100));
    m.put("w_eeg.npy", eeg);
    m.put("w_list.npy", List.of("a", 1, 2.5));
    m.put("w_none.npy", null);
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void numpyLoadsWhatWeWrite(Interpreter python, @TempDir Path tmp) throws Exception {
    Path fixtures = NpyFixtures.dir(python);
    Map<String, NdArray> arrays = arrays(fixtures);
    Map<String, Object> objects = objects(fixtures);
    List<String> paths = new ArrayList<>();
    for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
      NpyWriter.writeArray(tmp.resolve(e.getKey()), e.getValue());
      paths.add(tmp.resolve(e.getKey()).toString());
    }
    for (Map.Entry<String, Object> e : objects.entrySet()) {
      NpyWriter.writeObject(tmp.resolve(e.getKey()), e.getValue());
      paths.add(tmp.resolve(e.getKey()).toString());
    }

    JsonNode report =
        new ObjectMapper()
            .readTree(PythonNumpy.run(python, "check_written.py", paths.toArray(new String[0])));
    assertEquals(python.numpyVersion(), report.get("numpy").asText());
    JsonNode files = report.get("files");
    for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
      JsonNode f = files.get(e.getKey());
      assertEquals(false, f.get("pickled").asBoolean(), e.getKey());
      NumpyDescribe.assertSame(NumpyDescribe.of(e.getValue()), f.get("value"), e.getKey());
      assertTrue(f.get("identical_to_np_save").asBoolean(), e.getKey() + " differs from np.save");
      if (e.getKey().startsWith("re_")) {
        String original = e.getKey().substring(3);
        assertArrayEquals(
            Files.readAllBytes(fixtures.resolve(original)),
            Files.readAllBytes(tmp.resolve(e.getKey())),
            e.getKey() + " differs from numpy's " + original);
      }
      // And back through our reader.
      NumpyDescribe.assertSame(
          NumpyDescribe.of(e.getValue()),
          NumpyDescribe.of(NpyReader.read(tmp.resolve(e.getKey()))),
          e.getKey());
    }
    for (Map.Entry<String, Object> e : objects.entrySet()) {
      JsonNode f = files.get(e.getKey());
      assertEquals(true, f.get("pickled").asBoolean(), e.getKey());
      NumpyDescribe.assertSame(NumpyDescribe.ofUnpickled(e.getValue()), f.get("value"), e.getKey());
      NumpyDescribe.assertSame(
          NumpyDescribe.of(e.getValue()),
          NumpyDescribe.of(NpyReader.read(tmp.resolve(e.getKey()))),
          e.getKey() + " read back by NpyReader");
    }
    Map<?, ?> eeg = (Map<?, ?>) NpyReader.read(tmp.resolve("w_eeg.npy"));
    assertTrue(((NdArray) eeg.get("preprocessed_eeg_data")).isFileBacked());
  }
}
