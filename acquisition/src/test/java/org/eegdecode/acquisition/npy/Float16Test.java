package org.eegdecode.acquisition.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.eegdecode.acquisition.testing.PythonNumpy.Interpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Float16Test {
  static Stream<Interpreter> interpreters() {
    return NpyFixtures.interpreters();
  }

  @Test
  void knownValues() {
    assertEquals(0f, Float16.toFloat((short) 0));
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Float16.toFloat((short) 0x8000)));
    assertEquals(1f, Float16.toFloat((short) 0x3c00));
    assertEquals(65504f, Float16.toFloat((short) 0x7bff));
    assertEquals(0x1p-24f, Float16.toFloat((short) 1));
    assertEquals(1023 * 0x1p-24f, Float16.toFloat((short) 0x3ff));
    assertEquals(0x1p-14f, Float16.toFloat((short) 0x400));
    assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7c00));
    assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00));
    assertTrue(Float.isNaN(Float16.toFloat((short) 0x7e00)));

    assertEquals((short) 0x3c00, Float16.fromDouble(1.0));
    assertEquals((short) 0x3c00, Float16.fromDouble(1 + 0x1p-11)); // tie to even: down
    assertEquals((short) 0x3c02, Float16.fromDouble(1 + 3 * 0x1p-11)); // tie to even: up
    assertEquals((short) 0x7bff, Float16.fromDouble(65519.99));
    assertEquals((short) 0x7c00, Float16.fromDouble(65520.0));
    assertEquals((short) 0x0000, Float16.fromDouble(0x1p-25)); // tie with zero
    assertEquals((short) 0x0002, Float16.fromDouble(3 * 0x1p-25));
    assertEquals((short) 0x8000, Float16.fromDouble(-1e-300));
    assertEquals((short) 0x0400, Float16.fromDouble(0x1p-14 - 0x1p-26)); // rounds up into normals
    assertEquals((short) 0x7e00, Float16.fromDouble(Double.NaN));
  }

  @Test
  void everyHalfSurvivesARoundTrip() {
    for (int h = 0; h < 65536; h++) {
      assertEquals((short) h, Float16.fromFloat(Float16.toFloat((short) h)), "bits " + h);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void decodingMatchesNumpyForAllHalves(Interpreter python) throws Exception {
    float[] numpy =
        NpyReader.readArray(NpyFixtures.dir(python).resolve("all_halves.npy")).toFloat32();
    for (int h = 0; h < 65536; h++) {
      float mine = Float16.toFloat((short) h);
      if (Float.isNaN(numpy[h])) {
        assertTrue(Float.isNaN(mine), "bits " + h);
      } else {
        assertEquals(Float.floatToIntBits(numpy[h]), Float.floatToIntBits(mine), "bits " + h);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void roundingMatchesNumpyAstype(Interpreter python) throws Exception {
    Map<String, NdArray> npz = NpyReader.readNpz(NpyFixtures.dir(python).resolve("f16_round.npz"));
    double[] src = npz.get("src").toFloat64();
    short[] half = npz.get("half").toFloat16Bits();
    for (int i = 0; i < src.length; i++) {
      assertEquals(half[i], Float16.fromDouble(src[i]), "astype(float16) of " + src[i]);
    }
  }
}
