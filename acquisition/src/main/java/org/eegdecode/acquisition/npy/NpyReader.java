package org.eegdecode.acquisition.npy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads numpy files as the THINGS-EEG2 release ships them: plain {@code .npy} arrays (format 1.0,
 * 2.0, 3.0), object {@code .npy} files written by {@code np.save(path, dict)} (pickle protocols 2
 * to 5, numpy 1.x and 2.x module names) and {@code .npz} archives.
 *
 * <p>Pickled values map to Java as: dict → {@code Map} (insertion order kept), list → {@code List},
 * tuple → {@code Object[]}, str → {@code String}, bytes → {@code byte[]}, int → {@code
 * Integer}/{@code Long}/{@code BigInteger}, float → {@code Double}, bool → {@code Boolean}, None →
 * {@code null}, numeric ndarray → {@link NdArray}, numpy scalar → {@code Double}/{@code
 * Long}/{@code Boolean}, 0-d object array → its item, other object arrays → {@code List} of the
 * items in the pickle's order. Tuple keys are {@code Object[]}, which compare by identity: iterate
 * such dicts rather than look keys up.
 *
 * <p>Arrays larger than {@link #LAZY_THRESHOLD} bytes in a file are not read here: they keep a
 * reference to their region of the file and read it on demand, so the file must stay unchanged
 * while they are used. Pickles never run code: only numpy's array, dtype and scalar constructors
 * (and {@code _codecs.encode}) are accepted.
 */
public final class NpyReader {
  /** Payloads above this many bytes stay in the file until their elements are read. */
  public static final long LAZY_THRESHOLD = 1 << 20;

  private NpyReader() {}

  /**
   * A plain {@code .npy} as an {@link NdArray}; an object {@code .npy} as the unpickled value
   * ({@code np.load(p, allow_pickle=True).item()} for a 0-d object array, e.g. a {@code Map}).
   */
  public static Object read(Path file) throws IOException {
    return read(file, LAZY_THRESHOLD);
  }

  static Object read(Path file, long lazyThreshold) throws IOException {
    String source = file.toString();
    try (PositionedInput in = PositionedInput.open(file)) {
      NpyHeader header = NpyHeader.read(in, source);
      if (header.isObject()) {
        return new NumpyUnpickler(in, source, lazyThreshold).unpickle();
      }
      return plainArray(in, header, source, lazyThreshold);
    }
  }

  /** Same as {@link #read(Path)} for {@code .npy} bytes in memory (nothing is lazy). */
  public static Object read(byte[] npy, String source) throws IOException {
    try (PositionedInput in = PositionedInput.of(npy)) {
      NpyHeader header = NpyHeader.read(in, source);
      if (header.isObject()) {
        return new NumpyUnpickler(in, source, Long.MAX_VALUE).unpickle();
      }
      return plainArray(in, header, source, Long.MAX_VALUE);
    }
  }

  /** A plain numeric {@code .npy}; an object (pickled) file is an error. */
  public static NdArray readArray(Path file) throws IOException {
    String source = file.toString();
    try (PositionedInput in = PositionedInput.open(file)) {
      return plainArray(
          in, requireNumeric(NpyHeader.read(in, source), source), source, LAZY_THRESHOLD);
    }
  }

  /** Same as {@link #readArray(Path)} for {@code .npy} bytes in memory. */
  public static NdArray readArray(byte[] npy, String source) throws IOException {
    try (PositionedInput in = PositionedInput.of(npy)) {
      return plainArray(
          in, requireNumeric(NpyHeader.read(in, source), source), source, Long.MAX_VALUE);
    }
  }

  /**
   * The numeric arrays of an {@code .npz} (stored or deflated), keyed by entry name without {@code
   * .npy}, in archive order. Entries are loaded into memory (at most 2 GiB each).
   */
  public static Map<String, NdArray> readNpz(Path file) throws IOException {
    Map<String, NdArray> arrays = new LinkedHashMap<>();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new NpyFormatException(file + ": not a valid .npz (zip) file: " + e.getMessage(), e);
    }
    try (zip) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String source = file + " entry '" + name + "'";
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        arrays.put(key, readArray(entryBytes(zip, entry, source), source));
      }
    }
    return arrays;
  }

  private static byte[] entryBytes(ZipFile zip, ZipEntry entry, String source) throws IOException {
    long size = entry.getSize();
    if (size > Integer.MAX_VALUE - 8) {
      throw NpyFormatException.of(source, "entry of " + size + " bytes is too large to load");
    }
    try (InputStream s = zip.getInputStream(entry)) {
      byte[] bytes = size >= 0 ? s.readNBytes((int) size) : s.readAllBytes();
      if (size >= 0 && bytes.length != size) {
        throw NpyFormatException.of(
            source, "entry is truncated: " + bytes.length + " of " + size + " bytes");
      }
      return bytes;
    } catch (ZipException | EOFException e) {
      throw new NpyFormatException(source + ": corrupt zip entry: " + e.getMessage(), e);
    }
  }

  /** The header only: cheap, touches no data. */
  public static NpyHeader readHeader(Path file) throws IOException {
    try (PositionedInput in = PositionedInput.open(file)) {
      return NpyHeader.read(in, file.toString());
    }
  }

  private static NpyHeader requireNumeric(NpyHeader header, String source)
      throws NpyFormatException {
    if (header.isObject()) {
      throw NpyFormatException.of(
          source, "holds pickled Python objects (dtype |O), not a numeric array");
    }
    return header;
  }

  private static NdArray plainArray(
      PositionedInput in, NpyHeader header, String source, long lazyThreshold) throws IOException {
    DType dtype = header.dtype();
    long bytes = header.size() * dtype.itemSize();
    if (bytes > in.remaining()) {
      throw NpyFormatException.of(
          source,
          "truncated data: shape "
              + NpyHeader.shapeRepr(header.shape())
              + " of "
              + dtype
              + " needs "
              + bytes
              + " bytes after the header, the file has only "
              + in.remaining());
    }
    Storage storage;
    if (in.file() != null && bytes > lazyThreshold) {
      storage = new FileStorage(in.file(), in.position(), bytes);
    } else {
      storage = new HeapStorage(in.readNBytes((int) bytes));
    }
    return new NdArray(dtype, header.shape(), header.fortranOrder(), storage);
  }
}
