package org.eegdecode.acquisition.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DTypeTest {
  @ParameterizedTest
  @CsvSource({
    "<f8, f, 8, <f8",
    ">f2, f, 2, >f2",
    "|u1, u, 1, |u1",
    "<i4, i, 4, <i4",
    "|b1, b, 1, |b1",
    "|O, O, 8, |O",
    "O8, O, 8, |O",
    "=f4, f, 4, <f4",
    "f8, f, 8, <f8",
    "<u8, u, 8, <u8",
    ">i2, i, 2, >i2",
    "?, b, 1, |b1",
    "d, f, 8, <f8",
    "e, f, 2, <f2",
    "B, u, 1, |u1",
    "b, i, 1, |i1",
    "|i1, i, 1, |i1",
  })
  void parsesAndCanonicalises(String descr, char kind, int size, String canonical) {
    assertTrue(
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "test assumes a little-endian host");
    DType t = DType.parse(descr);
    assertEquals(kind, t.kind());
    assertEquals(size, t.itemSize());
    assertEquals(canonical, t.descr());
    assertEquals(t, DType.parse(canonical));
  }

  @Test
  void constantsAndOrder() {
    assertEquals("<f8", DType.FLOAT64.descr());
    assertEquals("<f4", DType.FLOAT32.descr());
    assertEquals("<f2", DType.FLOAT16.descr());
    assertEquals("<i8", DType.INT64.descr());
    assertEquals(ByteOrder.BIG_ENDIAN, DType.parse(">f8").order());
    assertEquals(ByteOrder.LITTLE_ENDIAN, DType.parse("<f8").order());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"<U5", "|S3", "<c16", "<M8[ns]", "|V8", "<f3", "<f16", "x", "", "<", "<i3"})
  void rejectsUnsupported(String descr) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DType.parse(descr));
    assertTrue(e.getMessage().contains("'" + descr + "'"), e.getMessage());
  }
}
