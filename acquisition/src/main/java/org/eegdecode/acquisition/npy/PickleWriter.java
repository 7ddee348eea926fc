package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the pickle that numpy 1.x's {@code np.save} writes for an object array: protocol 3, the
 * value wrapped in a 0-d object array built by {@code numpy.core.multiarray._reconstruct} (names
 * numpy 2.x still loads without warnings). Written by hand rather than with Pyrolite's Pickler,
 * which is fixed at protocol 2, writes bytes Python-2 style (as str) and needs every payload as one
 * byte[] in memory; here array data is streamed from its storage in chunks, so generated multi-GB
 * arrays are never held. Protocol 3 limits one bytes object to 4 GiB - 1: if an array is larger,
 * the whole pickle is declared protocol 4 and that payload uses BINBYTES8 (Python 3.4+ and numpy
 * read it; frames are optional). No memo is written: values are trees.
 */
final class PickleWriter {
  private static final int BATCH = 1000; // as CPython: APPENDS/SETITEMS in batches
  private static final long MAX_BINBYTES = 0xffffffffL;

  private final ByteSink out;
  private final IdentityHashMap<Object, Boolean> path = new IdentityHashMap<>();

  PickleWriter(ByteSink out) {
    this.out = out;
  }

  /** The pickle of {@code np.array(value, dtype=object)} with shape (), then STOP. */
  void writeNpyObject(Object value) throws IOException {
    out.put(0x80).put(needsProtocol4(value, new IdentityHashMap<>()) ? 4 : 3);
    reconstruct();
    out.put('(').put('K').put(1).put(')'); // MARK, version 1, shape ()
    dtype("O8", '|', 63);
    out.put(0x89).put(']'); // not Fortran, [item]
    value(value);
    out.put('a').put('t').put('b').put('.'); // APPEND, TUPLE, BUILD, STOP
  }

  private static boolean needsProtocol4(Object v, IdentityHashMap<Object, Boolean> seen) {
    if (v instanceof NdArray) {
      return ((NdArray) v).storage().byteLength() > MAX_BINBYTES;
    }
    if (seen.put(v, Boolean.TRUE) != null) {
      return false;
    }
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (needsProtocol4(e.getKey(), seen) || needsProtocol4(e.getValue(), seen)) {
          return true;
        }
      }
    } else if (v instanceof List) {
      for (Object item : (List<?>) v) {
        if (needsProtocol4(item, seen)) {
          return true;
        }
      }
    } else if (v instanceof Object[]) {
      for (Object item : (Object[]) v) {
        if (needsProtocol4(item, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private void value(Object v) throws IOException {
    if (v == null) {
      out.put('N');
    } else if (v instanceof Boolean) {
      out.put((Boolean) v ? 0x88 : 0x89);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      integer(((Number) v).longValue());
    } else if (v instanceof BigInteger) {
      bigInteger((BigInteger) v);
    } else if (v instanceof Double || v instanceof Float) {
      out.put('G').putDoubleBe(((Number) v).doubleValue());
    } else if (v instanceof String) {
      string((String) v);
    } else if (v instanceof byte[]) {
      bytes(ByteBuffer.wrap((byte[]) v));
    } else if (v instanceof NdArray) {
      array((NdArray) v);
    } else if (v instanceof Map || v instanceof List || v instanceof Object[]) {
      if (path.put(v, Boolean.TRUE) != null) {
        throw new IllegalArgumentException("cannot pickle a value that contains itself");
      }
      if (v instanceof Map) {
        dict((Map<?, ?>) v);
      } else if (v instanceof List) {
        list((List<?>) v);
      } else {
        tuple((Object[]) v);
      }
      path.remove(v);
    } else {
      throw new IllegalArgumentException("cannot pickle a " + v.getClass().getName());
    }
  }

  private void integer(long v) throws IOException {
    if (v >= 0 && v < 0x100) {
      out.put('K').put((int) v);
    } else if (v >= 0 && v < 0x10000) {
      out.put('M').put((int) v & 0xff).put((int) (v >>> 8));
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.put('J').putIntLe((int) v);
    } else {
      bigInteger(BigInteger.valueOf(v));
    }
  }

  /** LONG1/LONG4: minimal two's complement, little-endian. */
  private void bigInteger(BigInteger v) throws IOException {
    if (v.bitLength() < 32) {
      integer(v.longValue());
      return;
    }
    byte[] be = v.toByteArray();
    if (be.length < 256) {
      out.put(0x8a).put(be.length);
    } else {
      out.put(0x8b).putIntLe(be.length);
    }
    for (int i = be.length - 1; i >= 0; i--) {
      out.put(be[i]);
    }
  }

  private void string(String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.put('X').putIntLe(utf8.length).put(utf8);
  }

  private void bytes(ByteBuffer data) throws IOException {
    bytesHeader(data.remaining());
    out.write(data);
  }

  private void bytesHeader(long n) throws IOException {
    if (n < 0x100) {
      out.put('C').put((int) n);
    } else if (n <= MAX_BINBYTES) {
      out.put('B').putIntLe((int) n);
    } else {
      out.put(0x8e).putLongLe(n);
    }
  }

  private void list(List<?> items) throws IOException {
    out.put(']');
    Iterator<?> it = items.iterator();
    int left = items.size();
    while (left > 0) {
      int n = Math.min(BATCH, left);
      if (n > 1) {
        out.put('(');
      }
      for (int i = 0; i < n; i++) {
        value(it.next());
      }
      out.put(n > 1 ? 'e' : 'a');
      left -= n;
    }
  }

  private void tuple(Object[] items) throws IOException {
    if (items.length == 0) {
      out.put(')');
      return;
    }
    if (items.length > 3) {
      out.put('(');
    }
    for (Object item : items) {
      value(item);
    }
    out.put(items.length == 1 ? 0x85 : items.length == 2 ? 0x86 : items.length == 3 ? 0x87 : 't');
  }

  private void dict(Map<?, ?> map) throws IOException {
    out.put('}');
    Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
    int left = map.size();
    while (left > 0) {
      int n = Math.min(BATCH, left);
      if (n > 1) {
        out.put('(');
      }
      for (int i = 0; i < n; i++) {
        Map.Entry<?, ?> e = it.next();
        value(e.getKey());
        value(e.getValue());
      }
      out.put(n > 1 ? 'u' : 's');
      left -= n;
    }
  }

  /** {@code _reconstruct(ndarray, (0,), b'b')}: an empty array awaiting its state. */
  private void reconstruct() throws IOException {
    global("numpy.core.multiarray", "_reconstruct");
    global("numpy", "ndarray");
    out.put('K').put(0).put(0x85); // (0,)
    out.put('C').put(1).put('b');
    out.put(0x87).put('R');
  }

  /**
   * {@code dtype(typestr, False, True)} with state {@code (3, order, None, None, None, -1, -1,
   * flags)}.
   */
  private void dtype(String typeString, char order, int flags) throws IOException {
    global("numpy", "dtype");
    string(typeString);
    out.put(0x89).put(0x88).put(0x87).put('R');
    out.put('(').put('K').put(3);
    string(String.valueOf(order));
    out.put('N').put('N').put('N');
    out.put('J').putIntLe(-1).put('J').putIntLe(-1);
    out.put('K').put(flags);
    out.put('t').put('b');
  }

  private void array(NdArray a) throws IOException {
    reconstruct();
    out.put('(').put('K').put(1);
    int[] shape = a.shape();
    Object[] dims = new Object[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
    }
    tuple(dims);
    DType d = a.dtype();
    dtype("" + d.kind() + d.itemSize(), d.descr().charAt(0), 0);
    out.put(a.fortranOrder() ? 0x88 : 0x89);
    Storage storage = a.storage();
    long length = storage.byteLength();
    bytesHeader(length);
    try (Storage.Cursor cursor = storage.open()) {
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(Storage.CHUNK_BYTES, length - done);
        out.write(cursor.read(done, n));
        done += n;
      }
    }
    out.put('t').put('b');
  }

  private void global(String module, String name) throws IOException {
    out.put('c').put((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
