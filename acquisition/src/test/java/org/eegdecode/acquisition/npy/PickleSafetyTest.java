package org.eegdecode.acquisition.npy;

import static org.eegdecode.acquisition.npy.NpyErrorsTest.expectFormatError;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eegdecode.acquisition.testing.PythonNumpy.Interpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pickles that would run code, or that Pyrolite alone would accept, are refused up front. */
class PickleSafetyTest {
  @TempDir Path tmp;

  static Stream<Interpreter> interpreters() {
    return NpyFixtures.interpreters();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void maliciousFilesWrittenByPythonAreNeverExecuted(Interpreter python) {
    Path dir = NpyFixtures.dir(python);
    Path a = dir.resolve("evil_os_system.npy");
    expectFormatError(
        a, () -> NpyReader.read(a), "pickle asks for global 'os.system', which is not allowed");
    Path b = dir.resolve("evil_posix_p4.npy");
    expectFormatError(b, () -> NpyReader.read(b), "global 'posix.system'");
    Path c = dir.resolve("evil_eval.npy");
    expectFormatError(c, () -> NpyReader.read(c), "global 'builtins.eval'");
    Path d = dir.resolve("evil_inst.npy");
    expectFormatError(d, () -> NpyReader.read(d), "opcode INST");
    Path e = dir.resolve("evil_nested.npy");
    expectFormatError(e, () -> NpyReader.read(e), "global 'posix.system'");
    assertFalse(Files.exists(dir.resolve("pwned")), "a pickle global was executed");
  }

  @Test
  void globalsOutsideTheWhitelistAreRefused() throws IOException {
    refuse(
        "c_os",
        "\u0080\u0002cos\nsystem\nX\u0002\u0000\u0000\u0000ls\u0085R.",
        "global 'os.system'");
    refuse("c_posix", "cposix\nsystem\n.", "global 'posix.system'");
    refuse(
        "stack_eval",
        "\u0080\u0004\u008c\u0008builtins\u008c\u0004eval\u0093.",
        "global 'builtins.eval'");
    // Globals Pyrolite's own registry would have accepted:
    refuse("copyreg", "ccopy_reg\n_reconstructor\n.", "global 'copy_reg._reconstructor'");
    refuse("set", "c__builtin__\nset\n.", "global '__builtin__.set'");
    refuse("datetime", "cdatetime\ndatetime\n.", "global 'datetime.datetime'");
    refuse("numpy_other", "cnumpy\nload\n.", "global 'numpy.load'");
    refuse(
        "dotted",
        "\u0080\u0004\u008c\u0005numpy\u008c\u000fndarray.__new__\u0093.",
        "global 'numpy.ndarray.__new__'");
  }

  @Test
  void codeRunningOpcodesAreRefused() throws IOException {
    refuse("inst", "(S'ls'\nios\nsystem\n.", "opcode INST");
    refuse("obj", "(K\u0001o.", "opcode OBJ");
    refuse("persid", "Pabc\n.", "opcode PERSID");
    refuse("binpersid", "K\u0001Q.", "opcode BINPERSID");
    refuse("newobj", "\u0080\u0002cnumpy\ndtype\n)\u0081.", "opcode NEWOBJ");
    refuse("newobj_ex", "\u0080\u0004cnumpy\ndtype\n)}\u0092.", "opcode NEWOBJ_EX");
    refuse("ext1", "\u0080\u0002\u0082\u0001.", "opcode EXT1");
    refuse("next_buffer", "\u0080\u0005\u0097.", "opcode NEXT_BUFFER");
  }

  @Test
  void misuseOfAllowedPiecesIsAFormatError() throws IOException {
    refuse("reduce_int", "K\u0001)R.", "malformed pickle", "REDUCE");
    refuse("build_dict", "}}b.", "malformed pickle", "BUILD");
    refuse("ndarray_direct", "cnumpy\nndarray\n)R.", "numpy.ndarray directly");
    refuse(
        "stack_global_ints",
        "\u0080\u0004K\u0001K\u0002\u0093.",
        "malformed pickle",
        "STACK_GLOBAL");
    refuse(
        "no_state",
        "\u0080\u0002cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\u0000\u0085C\u0001b\u0087R.",
        "never got its state");
    refuse(
        "codecs_rot13",
        "c_codecs\nencode\nX\u0001\u0000\u0000\u0000aX\u0005\u0000\u0000\u0000rot13\u0086R.",
        "unsupported encoding 'rot13'");
  }

  @Test
  void declaredLengthsAreCheckedBeforeAllocating() throws IOException {
    refuse("huge_unicode", "X\u00ff\u00ff\u00ff\u007fabc.", "truncated pickle", "2147483647 bytes");
    refuse(
        "huge_bytes8",
        "\u0080\u0004\u008e\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ffabc.",
        "truncated pickle",
        "18446744073709551615 bytes");
    refuse(
        "huge_bytearray8",
        "\u0080\u0005\u0096\u0000\u0000\u0000\u0000\u0001\u0000\u0000\u0000.",
        "truncated pickle",
        "4294967296 bytes");
    refuse("huge_long4", "\u008b\u00ff\u00ff\u00ff\u0000.", "truncated pickle");
    refuse("empty", "", "pickle ends early");
    refuse("no_stop", "\u0080\u0003K\u0001", "pickle ends early");
  }

  /** An object .npy around this pickle (chars are bytes) must fail with these fragments. */
  private void refuse(String name, String pickle, String... fragments) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(NpyHeader.format(DType.OBJECT, false, new int[0]));
    out.write(pickle.getBytes(StandardCharsets.ISO_8859_1));
    Path file = Files.write(tmp.resolve(name + ".npy"), out.toByteArray());
    expectFormatError(file, () -> NpyReader.read(file), fragments);
    byte[] bytes = out.toByteArray();
    NpyFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            NpyFormatException.class, () -> NpyReader.read(bytes, "mem:" + name));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().startsWith("mem:" + name + ": "), e.getMessage());
  }
}
