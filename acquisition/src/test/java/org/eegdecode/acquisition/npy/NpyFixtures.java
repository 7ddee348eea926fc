package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eegdecode.acquisition.testing.PythonNumpy;
import org.eegdecode.acquisition.testing.PythonNumpy.Interpreter;

/**
 * Fixtures written by {@code make_npy_fixtures.py} with each numpy found, generated once per
 * interpreter per test run, and the formulas behind their values (keep in step with the script).
 */
final class NpyFixtures {
  static final long GOLDEN = 0x9E3779B97F4A7C15L;
  static final double[] F16_SPECIAL = {
    0.0,
    -0.0,
    1.0,
    -2.5,
    65504.0,
    -65504.0,
    0x1p-14,
    0x1p-24,
    3 * 0x1p-24,
    1023 * 0x1p-24,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.NaN
  };
  static final List<String> CH_NAMES =
      List.of(
          "Pz", "P3", "P7", "O1", "Oz", "O2", "P4", "P8", "P1", "P5", "PO7", "PO3", "POz", "PO4",
          "PO8", "P6", "P2");

  private static final Map<String, Path> DIRS = new LinkedHashMap<>();

  private NpyFixtures() {}

  /** Interpreters to run the numpy tests with; fails clearly when there is none. */
  static Stream<Interpreter> interpreters() {
    PythonNumpy.any();
    return PythonNumpy.all().stream();
  }

  /** The fixture directory for this numpy, generated on first use. */
  static synchronized Path dir(Interpreter python) {
    return DIRS.computeIfAbsent(
        python.numpyVersion(),
        v -> {
          try {
            Path dir = Files.createTempDirectory("npy-fixtures-" + v + "-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            PythonNumpy.run(python, "make_npy_fixtures.py", dir.toString());
            System.out.println("[npy] fixtures written by " + python);
            return dir;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static synchronized List<String> numpyVersionsCovered() {
    return List.copyOf(DIRS.keySet());
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at shutdown
    }
  }

  // ---- formulas (mirrored in make_npy_fixtures.py) ----------------------------------------

  static double lin(long i) {
    return i * 0.5 - 3.0;
  }

  static float f32(long i) {
    return (float) (i * 0.25 - 5.0);
  }

  /** The float16 fixture values as floats (all exactly representable). */
  static float[] f16() {
    float[] v = new float[F16_SPECIAL.length + 64];
    for (int i = 0; i < F16_SPECIAL.length; i++) {
      v[i] = (float) F16_SPECIAL[i];
    }
    for (int i = 0; i < 64; i++) {
      v[F16_SPECIAL.length + i] = (float) (i * 0.125 - 4.0);
    }
    return v;
  }

  /** Element i of the int fixture of this kind and width, as numpy's value (uint64 as raw bits). */
  static long intValue(char kind, int width, int i) {
    long raw = i * GOLDEN;
    if (width == 64) {
      return raw;
    }
    raw &= (1L << width) - 1;
    return kind == 'i' ? (raw << (64 - width)) >> (64 - width) : raw;
  }

  static boolean bool(int i) {
    return i % 3 == 0;
  }

  static double eeg(long i) {
    return i * 0.001 - 20.0;
  }

  static double time(int k) {
    return (k - 20.0) / 100.0;
  }

  static double feature(int k, int j) {
    return ((k * 131L + j) % 4001 - 2000) / 16.0;
  }
}
