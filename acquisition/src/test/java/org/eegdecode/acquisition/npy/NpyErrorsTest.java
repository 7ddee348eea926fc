package org.eegdecode.acquisition.npy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.eegdecode.acquisition.testing.PythonNumpy.Interpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gives an NpyFormatException whose one-line message names the file and the
 * problem.
 */
class NpyErrorsTest {
  @TempDir Path tmp;

  static Stream<Interpreter> interpreters() {
    return NpyFixtures.interpreters();
  }

  static NpyFormatException expectFormatError(Path file, Executable read, String... fragments) {
    NpyFormatException e = assertThrows(NpyFormatException.class, read, file.toString());
    String message = e.getMessage();
    assertTrue(
        message.startsWith(file.toString()), "message should start with the file: " + message);
    assertTrue(!message.contains("\n"), "one line: " + message);
    for (String fragment : fragments) {
      assertTrue(
          message.contains(fragment), "message should mention '" + fragment + "': " + message);
    }
    return e;
  }

  // ---- files written by numpy -------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void numpyWrittenBadFiles(Interpreter python) {
    Path dir = NpyFixtures.dir(python);
    Path f = dir.resolve("trunc_header.npy");
    expectFormatError(f, () -> NpyReader.read(f), "truncated header");
    Path g = dir.resolve("trunc_data.npy");
    expectFormatError(g, () -> NpyReader.read(g), "truncated data", "8000 bytes");
    Path h = dir.resolve("bad_magic.npy");
    expectFormatError(h, () -> NpyReader.read(h), "wrong magic", "NOTNUM");
    Path v = dir.resolve("bad_version.npy");
    expectFormatError(v, () -> NpyReader.readHeader(v), "unsupported .npy format version 9.0");
    Path d = dir.resolve("bad_header.npy");
    expectFormatError(d, () -> NpyReader.read(d), "bad header dict", "'shape'");
    Path u = dir.resolve("unicode.npy");
    expectFormatError(u, () -> NpyReader.read(u), "unsupported dtype '<U2'");
    Path s = dir.resolve("structured.npy");
    expectFormatError(s, () -> NpyReader.read(s), "unsupported dtype: structured");
    Path pu = dir.resolve("pickle_unicode.npy");
    expectFormatError(pu, () -> NpyReader.read(pu), "unsupported dtype", "U2");
    Path m = dir.resolve("mismatch.npy");
    expectFormatError(
        m, () -> NpyReader.read(m), "shape/data size mismatch", "(10,)", "80 bytes", "holds 8");
    Path tp = dir.resolve("trunc_pickle.npy");
    expectFormatError(tp, () -> NpyReader.read(tp), "pickle ends early");
    Path tm = dir.resolve("trunc_pickle_mid.npy"); // cut inside the 320-byte payload of 'a'
    expectFormatError(tm, () -> NpyReader.read(tm), "truncated pickle", "declares 320 bytes");
    Path tl = dir.resolve("trunc_lazy.npy");
    expectFormatError(tl, () -> NpyReader.read(tl), "truncated pickle", "2400000 bytes");
    Path z = dir.resolve("not_a_zip.npz");
    expectFormatError(z, () -> NpyReader.readNpz(z), "not a valid .npz");
    Path o = dir.resolve("obj_p3.npy");
    expectFormatError(o, () -> NpyReader.readArray(o), "pickled Python objects");
  }

  // ---- files made here ---------------------------------------------------------------------

  @Test
  void emptyAndTinyFiles() throws IOException {
    Path empty = Files.write(tmp.resolve("empty.npy"), new byte[0]);
    expectFormatError(empty, () -> NpyReader.read(empty), "truncated header", "0 bytes");
    Path tiny = Files.write(tmp.resolve("tiny.npy"), new byte[] {(byte) 0x93, 'N', 'U'});
    expectFormatError(tiny, () -> NpyReader.read(tiny), "truncated header");
    Path text = Files.writeString(tmp.resolve("text.npy"), "hello world, not numpy");
    expectFormatError(text, () -> NpyReader.read(text), "wrong magic");
  }

  @Test
  void headerLongerThanTheFile() throws IOException {
    byte[] bytes = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 0xff, (byte) 0xff, '{'};
    Path f = Files.write(tmp.resolve("long_header.npy"), bytes);
    expectFormatError(f, () -> NpyReader.read(f), "truncated header", "65535 bytes");
    byte[] v2 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0x7f, '{'};
    Path g = Files.write(tmp.resolve("long_header_v2.npy"), v2);
    expectFormatError(g, () -> NpyReader.read(g), "truncated header");
  }

  @Test
  void malformedHeaderDicts() throws IOException {
    String[] bad = {
      "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'extra': 1, }",
      "{'descr': '<f8', 'fortran_order': 'no', 'shape': (3,), }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': [3], }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (3,) ",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (__import__('os'),), }",
      "[1, 2, 3]",
    };
    for (int i = 0; i < bad.length; i++) {
      Path f = Files.write(tmp.resolve("bad_dict_" + i + ".npy"), npy(bad[i], new byte[24]));
      expectFormatError(f, () -> NpyReader.read(f), "bad header dict");
    }
    Path c =
        Files.write(
            tmp.resolve("complex.npy"),
            npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]));
    expectFormatError(c, () -> NpyReader.read(c), "unsupported dtype '<c16'");
  }

  @Test
  void dataShorterThanDeclared() throws IOException {
    Path f =
        Files.write(
            tmp.resolve("short.npy"),
            npy(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }",
                new byte[100]));
    expectFormatError(
        f, () -> NpyReader.readArray(f), "truncated data", "4000000 bytes", "only 100");
    // An absurd shape is caught before anything is allocated.
    Path g =
        Files.write(
            tmp.resolve("absurd.npy"),
            npy(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647), }",
                new byte[8]));
    expectFormatError(g, () -> NpyReader.readArray(g), "shape");
  }

  @Test
  void inMemoryErrorsNameTheSource() {
    NpyFormatException e =
        assertThrows(
            NpyFormatException.class, () -> NpyReader.read(new byte[] {1, 2, 3}, "memory:thing"));
    assertTrue(e.getMessage().startsWith("memory:thing: "), e.getMessage());
  }

  /** A version 1.0 .npy with this header text (padded like numpy) and data. */
  static byte[] npy(String dict, byte[] data) {
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out =
        Arrays.copyOf(
            new byte[] {
              (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)
            },
            10 + h.length + data.length);
    System.arraycopy(h, 0, out, 10, h.length);
    System.arraycopy(data, 0, out, 10 + h.length, data.length);
    return out;
  }
}
