package org.eegdecode.acquisition.npy;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A numpy dtype descriptor restricted to what the THINGS-EEG2 files and our own files use: float
 * 16/32/64, signed and unsigned integers of 1 to 8 bytes, bool, and the object dtype that marks a
 * pickled {@code .npy}. Anything else (strings, structured, complex, datetime) is rejected rather
 * than misread.
 */
public final class DType {
  /** The element types, with their numpy kind and size. Package-private: used by the codecs. */
  enum Type {
    F2('f', 2),
    F4('f', 4),
    F8('f', 8),
    I1('i', 1),
    I2('i', 2),
    I4('i', 4),
    I8('i', 8),
    U1('u', 1),
    U2('u', 2),
    U4('u', 4),
    U8('u', 8),
    BOOL('b', 1),
    OBJECT('O', 8);

    final char kind;
    final int size;

    Type(char kind, int size) {
      this.kind = kind;
      this.size = size;
    }

    static Type of(char kind, int size) {
      for (Type t : values()) {
        if (t.kind == kind && t.size == size) {
          return t;
        }
      }
      return null;
    }
  }

  public static final DType FLOAT64 = new DType(Type.F8, ByteOrder.LITTLE_ENDIAN);
  public static final DType FLOAT32 = new DType(Type.F4, ByteOrder.LITTLE_ENDIAN);
  public static final DType FLOAT16 = new DType(Type.F2, ByteOrder.LITTLE_ENDIAN);
  public static final DType INT64 = new DType(Type.I8, ByteOrder.LITTLE_ENDIAN);
  public static final DType INT32 = new DType(Type.I4, ByteOrder.LITTLE_ENDIAN);
  public static final DType INT16 = new DType(Type.I2, ByteOrder.LITTLE_ENDIAN);
  public static final DType INT8 = new DType(Type.I1, ByteOrder.LITTLE_ENDIAN);
  public static final DType UINT64 = new DType(Type.U8, ByteOrder.LITTLE_ENDIAN);
  public static final DType UINT32 = new DType(Type.U4, ByteOrder.LITTLE_ENDIAN);
  public static final DType UINT16 = new DType(Type.U2, ByteOrder.LITTLE_ENDIAN);
  public static final DType UINT8 = new DType(Type.U1, ByteOrder.LITTLE_ENDIAN);
  public static final DType BOOL = new DType(Type.BOOL, ByteOrder.LITTLE_ENDIAN);
  public static final DType OBJECT = new DType(Type.OBJECT, ByteOrder.LITTLE_ENDIAN);

  private final Type type;
  private final ByteOrder order;

  private DType(Type type, ByteOrder order) {
    this.type = type;
    // Byte order means nothing for one-byte and object types; numpy writes '|' for them.
    this.order = type.size == 1 || type == Type.OBJECT ? ByteOrder.LITTLE_ENDIAN : order;
  }

  /**
   * Parses a numpy descr or type string: an optional byte order ({@code < > | =}) followed by a
   * kind and size ({@code f8}, {@code u1}, {@code b1}, {@code O}, {@code O8}) or one of numpy's
   * one-letter codes ({@code ? b B h H i I q Q e f d}). No byte order, {@code =} and {@code |} on a
   * multi-byte type mean the native order, as in numpy.
   *
   * @throws IllegalArgumentException for anything else, naming the descr
   */
  public static DType parse(String descr) {
    Objects.requireNonNull(descr, "descr");
    String s = descr.trim();
    ByteOrder order = ByteOrder.nativeOrder();
    if (!s.isEmpty() && "<>|=".indexOf(s.charAt(0)) >= 0) {
      char c = s.charAt(0);
      if (c == '<') {
        order = ByteOrder.LITTLE_ENDIAN;
      } else if (c == '>') {
        order = ByteOrder.BIG_ENDIAN;
      }
      s = s.substring(1);
    }
    Type type = s.length() == 1 ? charCode(s.charAt(0)) : kindAndSize(s);
    if (type == null) {
      throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
    }
    return new DType(type, order);
  }

  private static Type charCode(char c) {
    switch (c) {
      case '?':
        return Type.BOOL;
      case 'b':
        return Type.I1;
      case 'B':
        return Type.U1;
      case 'h':
        return Type.I2;
      case 'H':
        return Type.U2;
      case 'i':
        return Type.I4;
      case 'I':
        return Type.U4;
      case 'q':
        return Type.I8;
      case 'Q':
        return Type.U8;
      case 'e':
        return Type.F2;
      case 'f':
        return Type.F4;
      case 'd':
        return Type.F8;
      case 'O':
        return Type.OBJECT;
      default:
        return null;
    }
  }

  private static Type kindAndSize(String s) {
    if (s.length() < 2 || s.length() > 3) {
      return null;
    }
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return Type.of(s.charAt(0), Integer.parseInt(s.substring(1)));
  }

  static DType of(Type type, ByteOrder order) {
    return new DType(type, order);
  }

  Type type() {
    return type;
  }

  /** numpy kind: {@code 'f'}, {@code 'i'}, {@code 'u'}, {@code 'b'} (bool) or {@code 'O'}. */
  public char kind() {
    return type.kind;
  }

  /** Bytes per element (8 for object, a pointer in numpy). */
  public int itemSize() {
    return type.size;
  }

  /** Byte order of the elements; little-endian for one-byte and object types. */
  public ByteOrder order() {
    return order;
  }

  /** True for the numeric (and bool) dtypes that an {@link NdArray} can hold. */
  public boolean isNumeric() {
    return type != Type.OBJECT;
  }

  /** The same element type in another byte order. */
  public DType withOrder(ByteOrder newOrder) {
    return new DType(type, newOrder);
  }

  /** Canonical numpy descr ({@code dtype.str}): {@code "<f8"}, {@code ">i2"}, {@code "|u1"}. */
  public String descr() {
    if (type == Type.OBJECT) {
      return "|O";
    }
    char o = type.size == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
    return "" + o + type.kind + type.size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DType && ((DType) o).type == type && ((DType) o).order.equals(order);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + order.hashCode();
  }

  @Override
  public String toString() {
    return descr();
  }
}
