package org.eegdecode.acquisition.npy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;

/**
 * The only Python callables a numpy pickle may name, each backed by our own constructor. The
 * whitelist is per lookup (no global registry): anything else is refused by the unpickler before it
 * is touched. numpy 1.x names ({@code numpy.core.*}) and 2.x names ({@code numpy._core.*}) map to
 * the same constructors.
 */
final class NumpyGlobals {
  private NumpyGlobals() {}

  /** A result that is completed by a later BUILD opcode (ndarray and dtype state). */
  interface Pending {
    /** True once BUILD has set the state. */
    boolean isBuilt();

    /** The finished value (may be null for a 0-d object array holding None). */
    Object result();

    void setState(Object state);
  }

  /** Stands for the class {@code numpy.ndarray}: only ever an argument of _reconstruct. */
  static final IObjectConstructor NDARRAY_CLASS =
      args -> {
        throw new NumpyPickleException(
            "pickle calls numpy.ndarray directly, which is not supported");
      };

  private static final IObjectConstructor RECONSTRUCT =
      args -> {
        if (args.length < 1 || args[0] != NDARRAY_CLASS) {
          throw new NumpyPickleException("_reconstruct is only supported for numpy.ndarray");
        }
        return new ArrayBuilder();
      };

  private static final IObjectConstructor DTYPE =
      args -> {
        if (args.length < 1 || !(args[0] instanceof String)) {
          throw new NumpyPickleException("numpy.dtype called without a type string");
        }
        return new DTypeBuilder((String) args[0]);
      };

  private static final IObjectConstructor SCALAR = NumpyGlobals::scalar;
  private static final IObjectConstructor FROM_BUFFER = NumpyGlobals::fromBuffer;
  private static final IObjectConstructor CODECS_ENCODE = NumpyGlobals::codecsEncode;

  private static final Map<String, IObjectConstructor> ALLOWED =
      Map.of(
          "numpy.core.multiarray._reconstruct", RECONSTRUCT,
          "numpy._core.multiarray._reconstruct", RECONSTRUCT,
          "numpy.ndarray", NDARRAY_CLASS,
          "numpy.dtype", DTYPE,
          "numpy.core.multiarray.scalar", SCALAR,
          "numpy._core.multiarray.scalar", SCALAR,
          "numpy.core.numeric._frombuffer", FROM_BUFFER,
          "numpy._core.numeric._frombuffer", FROM_BUFFER,
          "_codecs.encode", CODECS_ENCODE);

  /** The constructor for {@code module.name}, or null when it is not allowed. */
  static IObjectConstructor lookup(String module, String name) {
    return ALLOWED.get(module + "." + name);
  }

  /** ndarray state: {@code (version, shape, dtype, is_fortran, data)}, version optional. */
  static final class ArrayBuilder implements Pending {
    private Object result;
    private boolean built;

    @Override
    public boolean isBuilt() {
      return built;
    }

    @Override
    public Object result() {
      return result;
    }

    @Override
    public void setState(Object state) {
      if (!(state instanceof Object[])) {
        throw new NumpyPickleException("ndarray state is not a tuple");
      }
      Object[] s = (Object[]) state;
      int at = s.length == 5 ? 1 : s.length == 4 ? 0 : -1;
      if (at < 0) {
        throw new NumpyPickleException("ndarray state has " + s.length + " items, expected 5");
      }
      int[] shape = shape(s[at]);
      DType dtype = dtype(s[at + 1]);
      boolean fortran = truthy(s[at + 2]);
      Object data = s[at + 3];
      if (!dtype.isNumeric()) {
        if (!(data instanceof List)) {
          throw new NumpyPickleException("object array state holds no list of items");
        }
        List<?> items = (List<?>) data;
        checkCount(shape, items.size());
        result = shape.length == 0 ? items.get(0) : new ArrayList<Object>(items);
      } else {
        result = array(dtype, shape, fortran, data);
      }
      built = true;
    }
  }

  /**
   * dtype state: {@code (version, byteorder, subarray, names, fields, elsize, align, flags...)}.
   */
  static final class DTypeBuilder implements Pending {
    private final String typeString;
    private DType result;

    DTypeBuilder(String typeString) {
      this.typeString = typeString;
    }

    @Override
    public boolean isBuilt() {
      return result != null;
    }

    @Override
    public Object result() {
      return result;
    }

    /** The dtype, in native order if no state was given. */
    DType dtype() {
      return result != null ? result : parse("=");
    }

    @Override
    public void setState(Object state) {
      if (!(state instanceof Object[]) || ((Object[]) state).length < 2) {
        throw new NumpyPickleException("dtype state is not a tuple");
      }
      Object[] s = (Object[]) state;
      if (s.length >= 8 && (s[2] != null || s[3] != null || s[4] != null)) {
        throw new NumpyPickleException(
            "unsupported dtype: structured or sub-array dtype '" + typeString + "' in the pickle");
      }
      result = parse(s[1] instanceof String ? (String) s[1] : "=");
    }

    private DType parse(String order) {
      try {
        return DType.parse(order + typeString);
      } catch (IllegalArgumentException e) {
        throw new NumpyPickleException(
            "unsupported dtype '" + order + typeString + "' in the pickle");
      }
    }
  }

  private static NdArray array(DType dtype, int[] shape, boolean fortran, Object data) {
    Storage storage;
    if (data instanceof byte[]) {
      storage = new HeapStorage((byte[]) data);
    } else if (data instanceof LazyRegion) {
      storage = ((LazyRegion) data).storage();
    } else if (data instanceof String) { // Python 2 str
      storage = new HeapStorage(((String) data).getBytes(StandardCharsets.ISO_8859_1));
    } else {
      throw new NumpyPickleException(
          "ndarray data is a "
              + (data == null ? "None" : data.getClass().getSimpleName())
              + ", not bytes");
    }
    long expected = NdArray.sizeOf(shape) * dtype.itemSize();
    if (storage.byteLength() != expected) {
      throw new NumpyPickleException(
          "shape/data size mismatch: array of shape "
              + NpyHeader.shapeRepr(shape)
              + " and dtype "
              + dtype
              + " needs "
              + expected
              + " bytes but the pickle holds "
              + storage.byteLength());
    }
    return new NdArray(dtype, shape, fortran, storage);
  }

  private static void checkCount(int[] shape, long count) {
    if (NdArray.sizeOf(shape) != count) {
      throw new NumpyPickleException(
          "shape/data size mismatch: object array of shape "
              + NpyHeader.shapeRepr(shape)
              + " holds "
              + count
              + " items");
    }
  }

  /** {@code _frombuffer(buf, dtype, shape, order)}: numpy's protocol 5 reduction. */
  private static Object fromBuffer(Object[] args) {
    if (args.length != 4) {
      throw new NumpyPickleException("_frombuffer takes 4 arguments, got " + args.length);
    }
    DType dtype = dtype(args[1]);
    if (!dtype.isNumeric()) {
      throw new NumpyPickleException("_frombuffer of an object dtype");
    }
    if (!"C".equals(args[3]) && !"F".equals(args[3])) {
      throw new NumpyPickleException("_frombuffer order must be 'C' or 'F', got " + args[3]);
    }
    return array(dtype, shape(args[2]), "F".equals(args[3]), args[0]);
  }

  /** {@code scalar(dtype, data)}: a numpy scalar, returned as Double, Long or Boolean. */
  private static Object scalar(Object[] args) {
    if (args.length < 1 || args.length > 2) {
      throw new NumpyPickleException("scalar takes 1 or 2 arguments, got " + args.length);
    }
    DType dtype = dtype(args[0]);
    Object data = args.length == 2 ? args[1] : null;
    if (!dtype.isNumeric()) {
      return data;
    }
    byte[] bytes =
        data instanceof String
            ? ((String) data).getBytes(StandardCharsets.ISO_8859_1)
            : data instanceof byte[] ? (byte[]) data : null;
    if (bytes == null || bytes.length != dtype.itemSize()) {
      throw new NumpyPickleException(
          "numpy scalar of dtype " + dtype + " without its " + dtype.itemSize() + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(dtype.order());
    switch (dtype.kind()) {
      case 'f':
        double[] d = new double[1];
        ElementCodec.toDouble(dtype.type(), b, 0, 1, d, 0);
        return d[0];
      case 'b':
        return bytes[0] != 0;
      default:
        long[] l = new long[1];
        ElementCodec.toLong(dtype.type(), b, 0, 1, l, 0);
        if (dtype.type() == DType.Type.U8 && l[0] < 0) {
          return new BigInteger(Long.toUnsignedString(l[0]));
        }
        return l[0];
    }
  }

  /** {@code _codecs.encode(str, 'latin1')}: how Python 3 writes bytes in protocol 2. */
  private static Object codecsEncode(Object[] args) {
    if (args.length < 1 || args.length > 3 || !(args[0] instanceof String)) {
      throw new NumpyPickleException("_codecs.encode needs a str");
    }
    String encoding = args.length > 1 ? String.valueOf(args[1]).toLowerCase(Locale.ROOT) : "utf-8";
    switch (encoding.replace('_', '-')) {
      case "latin1":
      case "latin-1":
      case "iso-8859-1":
      case "iso8859-1":
        String s = (String) args[0];
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
          char c = s.charAt(i);
          if (c > 0xff) {
            throw new NumpyPickleException("_codecs.encode: character outside latin-1");
          }
          out[i] = (byte) c;
        }
        return out;
      case "utf-8":
      case "utf8":
        return ((String) args[0]).getBytes(StandardCharsets.UTF_8);
      default:
        throw new NumpyPickleException(
            "_codecs.encode with unsupported encoding '" + encoding + "'");
    }
  }

  static DType dtype(Object value) {
    if (value instanceof DType) {
      return (DType) value;
    }
    if (value instanceof DTypeBuilder) {
      return ((DTypeBuilder) value).dtype();
    }
    throw new NumpyPickleException("expected a numpy dtype, got " + describe(value));
  }

  private static int[] shape(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      value = new Object[] {value};
    }
    if (!(value instanceof Object[])) {
      throw new NumpyPickleException("array shape is not a tuple: " + describe(value));
    }
    Object[] dims = (Object[]) value;
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (!(dims[i] instanceof Integer || dims[i] instanceof Long)
          || ((Number) dims[i]).longValue() < 0
          || ((Number) dims[i]).longValue() > Integer.MAX_VALUE) {
        throw new NumpyPickleException("bad extent in array shape " + Arrays.deepToString(dims));
      }
      shape[i] = ((Number) dims[i]).intValue();
    }
    try {
      NdArray.sizeOf(shape);
    } catch (ArithmeticException e) {
      throw new NumpyPickleException("array shape " + Arrays.toString(shape) + " is too large");
    }
    return shape;
  }

  private static boolean truthy(Object value) {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number) {
      return ((Number) value).longValue() != 0;
    }
    throw new NumpyPickleException("expected a bool, got " + describe(value));
  }

  static String describe(Object value) {
    return value == null ? "None" : value.getClass().getSimpleName();
  }
}
