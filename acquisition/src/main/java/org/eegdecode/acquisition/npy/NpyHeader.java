package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code .npy} file: format version, dtype, memory order, shape and where the data
 * starts. Reading it is cheap (no data is touched), which is what {@code inspect} needs.
 */
public final class NpyHeader {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ARRAY_ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final int MAX_HEADER_BYTES = 1 << 20;
  private static final Set<Object> KEYS = Set.of("descr", "fortran_order", "shape");

  private final int major;
  private final int minor;
  private final String descr;
  private final DType dtype;
  private final boolean fortranOrder;
  private final int[] shape;
  private final long dataOffset;

  private NpyHeader(
      int major,
      int minor,
      String descr,
      DType dtype,
      boolean fortranOrder,
      int[] shape,
      long dataOffset) {
    this.major = major;
    this.minor = minor;
    this.descr = descr;
    this.dtype = dtype;
    this.fortranOrder = fortranOrder;
    this.shape = shape;
    this.dataOffset = dataOffset;
  }

  public int majorVersion() {
    return major;
  }

  public int minorVersion() {
    return minor;
  }

  /** The descr exactly as written in the header, e.g. {@code "<f8"} or {@code "|O"}. */
  public String descr() {
    return descr;
  }

  public DType dtype() {
    return dtype;
  }

  /** True for a pickled object array ({@code np.save} of a dict, list, ...). */
  public boolean isObject() {
    return !dtype.isNumeric();
  }

  public boolean fortranOrder() {
    return fortranOrder;
  }

  public int[] shape() {
    return shape.clone();
  }

  public long size() {
    return NdArray.sizeOf(shape);
  }

  /** Byte offset of the data (or of the pickle) from the start of the file. */
  public long dataOffset() {
    return dataOffset;
  }

  @Override
  public String toString() {
    return "NpyHeader(v"
        + major
        + "."
        + minor
        + ", "
        + descr
        + ", shape="
        + Arrays.toString(shape)
        + (fortranOrder ? ", F" : "")
        + ", data at "
        + dataOffset
        + ")";
  }

  /** Reads and checks the header, leaving {@code in} at the first data byte. */
  static NpyHeader read(PositionedInput in, String source) throws IOException {
    byte[] prefix = new byte[(int) Math.min(10, in.remaining())];
    in.readNBytes(prefix, 0, prefix.length);
    for (int i = 0; i < Math.min(prefix.length, MAGIC.length); i++) {
      if (prefix[i] != MAGIC[i]) {
        throw NpyFormatException.of(
            source, "not a .npy file: wrong magic " + show(prefix, 6) + " (expected \\x93NUMPY)");
      }
    }
    if (prefix.length < 10) {
      throw NpyFormatException.of(
          source, "truncated header: the file is only " + in.length() + " bytes");
    }
    int major = prefix[6] & 0xff;
    int minor = prefix[7] & 0xff;
    if (minor != 0 || major < 1 || major > 3) {
      throw NpyFormatException.of(
          source,
          "unsupported .npy format version " + major + "." + minor + " (1.0, 2.0, 3.0 are known)");
    }
    long headerLength;
    if (major == 1) {
      headerLength = (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8;
    } else {
      byte[] more = in.readNBytes(2);
      if (more.length < 2) {
        throw NpyFormatException.of(
            source, "truncated header: the file is only " + in.length() + " bytes");
      }
      headerLength =
          ByteBuffer.wrap(new byte[] {prefix[8], prefix[9], more[0], more[1]})
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .getInt()
              & 0xffffffffL;
    }
    if (headerLength > in.remaining()) {
      throw NpyFormatException.of(
          source,
          "truncated header: it declares "
              + headerLength
              + " bytes but only "
              + in.remaining()
              + " follow");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw NpyFormatException.of(source, "bad header: implausible length " + headerLength);
    }
    byte[] raw = in.readNBytes((int) headerLength);
    String text =
        new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return parseDict(text, major, in.position(), source);
  }

  private static NpyHeader parseDict(String text, int major, long dataOffset, String source)
      throws NpyFormatException {
    Object literal;
    try {
      literal = PyLiteral.parse(text);
    } catch (IllegalArgumentException e) {
      throw badDict(source, e.getMessage(), text);
    }
    if (!(literal instanceof Map) || !((Map<?, ?>) literal).keySet().equals(KEYS)) {
      throw badDict(source, "expected a dict with keys 'descr', 'fortran_order', 'shape'", text);
    }
    Map<?, ?> dict = (Map<?, ?>) literal;
    Object descr = dict.get("descr");
    if (descr instanceof List) {
      throw NpyFormatException.of(
          source, "unsupported dtype: structured dtype " + abbreviate(String.valueOf(descr)));
    }
    if (!(descr instanceof String)) {
      throw badDict(source, "'descr' is not a string", text);
    }
    DType dtype;
    try {
      dtype = DType.parse((String) descr);
    } catch (IllegalArgumentException e) {
      throw NpyFormatException.of(source, "unsupported dtype '" + descr + "'");
    }
    if (!(dict.get("fortran_order") instanceof Boolean)) {
      throw badDict(source, "'fortran_order' is not True or False", text);
    }
    Object shapeValue = dict.get("shape");
    if (!(shapeValue instanceof Object[])) {
      throw badDict(source, "'shape' is not a tuple", text);
    }
    Object[] dims = (Object[]) shapeValue;
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (!(dims[i] instanceof Long) || (Long) dims[i] < 0 || (Long) dims[i] > Integer.MAX_VALUE) {
        throw badDict(source, "bad extent " + dims[i] + " in 'shape'", text);
      }
      shape[i] = (int) (long) (Long) dims[i];
    }
    try {
      Math.multiplyExact(NdArray.sizeOf(shape), dtype.itemSize());
    } catch (ArithmeticException e) {
      throw badDict(source, "shape has too many elements", text);
    }
    return new NpyHeader(
        major, 0, (String) descr, dtype, (Boolean) dict.get("fortran_order"), shape, dataOffset);
  }

  private static NpyFormatException badDict(String source, String why, String text) {
    return NpyFormatException.of(
        source, "bad header dict: " + why + " in " + abbreviate(text.trim()));
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  private static String show(byte[] bytes, int max) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < Math.min(max, bytes.length); i++) {
      int b = bytes[i] & 0xff;
      sb.append(
          b >= 0x20 && b < 0x7f && b != '\\' && b != '\''
              ? String.valueOf((char) b)
              : String.format("\\x%02x", b));
    }
    return sb.append('\'').toString();
  }

  /**
   * The header numpy 1.x and 2.x write for these properties, byte for byte: keys in sorted order,
   * spare spaces for growing the first (C) or last (Fortran) axis, space padding so that the data
   * starts on a 64-byte boundary, a final newline; version 1.0 unless the header needs 2.0.
   */
  static byte[] format(DType dtype, boolean fortranOrder, int[] shape) {
    StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr()).append("', ");
    dict.append("'fortran_order': ").append(fortranOrder ? "True" : "False").append(", ");
    dict.append("'shape': ").append(shapeRepr(shape)).append(", }");
    if (shape.length > 0) {
      int growth = shape[fortranOrder ? shape.length - 1 : 0];
      dict.append(
          " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String.valueOf(growth).length())));
    }
    byte[] header = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    for (int major = 1; major <= 2; major++) {
      int lengthBytes = major == 1 ? 2 : 4;
      int hlen = header.length + 1;
      int padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ARRAY_ALIGN);
      long total = (long) hlen + padlen;
      if (major == 1 && total > 0xffff) {
        continue;
      }
      ByteBuffer out =
          ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + (int) total)
              .order(ByteOrder.LITTLE_ENDIAN);
      out.put(MAGIC).put((byte) major).put((byte) 0);
      if (major == 1) {
        out.putShort((short) total);
      } else {
        out.putInt((int) total);
      }
      out.put(header);
      for (int i = 0; i < padlen; i++) {
        out.put((byte) ' ');
      }
      out.put((byte) '\n');
      return out.array();
    }
    throw new IllegalStateException("unreachable: header too long for version 2.0");
  }

  /** Python's repr of a tuple of ints: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
  static String shapeRepr(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(')').toString();
  }
}
