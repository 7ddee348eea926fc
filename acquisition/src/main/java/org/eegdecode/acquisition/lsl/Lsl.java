package org.eegdecode.acquisition.lsl;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded liblsl: located by {@link LslLibraryLocator} and bound once per process. Every other
 * class of this package reaches the library through {@link #get()}.
 */
public final class Lsl {
  private static final Logger log = LoggerFactory.getLogger(Lsl.class);

  /** JNA options for every binding: C strings are UTF-8 whatever the platform's default. */
  static final Map<String, Object> LIBRARY_OPTIONS =
      Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");

  /** Symbols newer than liblsl 1.10, probed at load time. */
  static final List<String> OPTIONAL_SYMBOLS =
      List.of(
          "lsl_set_postprocessing",
          "lsl_time_correction_ex",
          "lsl_create_inlet_ex",
          "lsl_inlet_flush",
          "lsl_last_error",
          "lsl_smoothing_halftime",
          "lsl_set_config_filename",
          "lsl_set_config_content",
          "lsl_library_info",
          "lsl_local_clock_ns");

  /** Post-processing flags of {@code lsl_set_postprocessing} (liblsl 1.11+). */
  static final int PROC_CLOCKSYNC = 1;

  static final int PROC_DEJITTER = 2;
  static final int PROC_MONOTONIZE = 4;
  static final int PROC_THREADSAFE = 8;

  private static volatile Lsl instance;

  private final Path libraryPath;
  private final LslLibraryLocator.Source source;
  private final NativeLibrary library;
  final LslApi api;

  /** True where {@link LslDirectLp64} is registered (C long is 64-bit). */
  final boolean lp64;

  private final int libraryVersion;
  private final int protocolVersion;
  private final SortedMap<String, Boolean> optionalSymbols;
  private final Function setPostprocessing;

  private Lsl(LslLibraryLocator.Located located) {
    this.libraryPath = located.path();
    this.source = located.source();
    this.library = NativeLibrary.getInstance(located.loadName(), LIBRARY_OPTIONS);
    this.api = Native.load(located.loadName(), LslApi.class, LIBRARY_OPTIONS);
    Native.register(LslDirect.class, library);
    this.lp64 = Native.LONG_SIZE == 8;
    if (lp64) {
      Native.register(LslDirectLp64.class, library);
    }
    this.libraryVersion = api.lsl_library_version();
    this.protocolVersion = api.lsl_protocol_version();
    SortedMap<String, Boolean> symbols = new TreeMap<>();
    Function postprocessing = null;
    for (String name : OPTIONAL_SYMBOLS) {
      Function function = probe(name);
      symbols.put(name, function != null);
      if (name.equals("lsl_set_postprocessing")) {
        postprocessing = function;
      }
    }
    this.optionalSymbols = Collections.unmodifiableSortedMap(symbols);
    this.setPostprocessing = postprocessing;
  }

  private Function probe(String name) {
    try {
      return library.getFunction(name);
    } catch (UnsatisfiedLinkError absent) {
      return null;
    }
  }

  /**
   * The process-wide instance: locates liblsl (fetching it if need be) and binds it on first use.
   *
   * @throws UncheckedIOException wrapping the locator's one-line {@link IOException} when no
   *     library can be found or fetched (a later call tries again)
   */
  public static Lsl get() {
    Lsl current = instance;
    if (current != null) {
      return current;
    }
    synchronized (Lsl.class) {
      if (instance == null) {
        LslLibraryLocator.Located located;
        try {
          located = LslLibraryLocator.standard().locate();
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
          instance = new Lsl(located);
          if (located.source() == LslLibraryLocator.Source.FETCHED) {
            log.info("fetched {} (npm {})", instance, LslLibraryLocator.NPM_PACKAGE);
          } else {
            log.debug("loaded {}", instance);
          }
        } catch (UnsatisfiedLinkError e) {
          throw new UncheckedIOException(
              new IOException(
                  "cannot load liblsl from "
                      + located.path()
                      + " ("
                      + located.source().key()
                      + "): "
                      + e.getMessage().replace('\n', ' ')
                      + "; set LSL_LIB to a working liblsl shared library",
                  e));
        }
      }
      return instance;
    }
  }

  /** The file loaded (for a system library found by name, as far as it can be known). */
  public Path libraryPath() {
    return libraryPath;
  }

  /**
   * Where the library came from: {@code explicit}, {@code system}, {@code cache} or {@code
   * fetched}.
   */
  public String source() {
    return source.key();
  }

  /** {@code lsl_library_version()}: 110 for 1.10, 116 for 1.16, … */
  public int libraryVersion() {
    return libraryVersion;
  }

  /** {@code lsl_protocol_version()}: 110 for every release so far. */
  public int protocolVersion() {
    return protocolVersion;
  }

  /** Each probed optional symbol (newer than liblsl 1.10) and whether this library has it. */
  public SortedMap<String, Boolean> optionalSymbols() {
    return optionalSymbols;
  }

  /** True where liblsl can post-process timestamps itself ({@code lsl_set_postprocessing}). */
  public boolean hasPostprocessing() {
    return setPostprocessing != null;
  }

  /** {@code lsl_local_clock()}: seconds on the local LSL clock (allocation-free). */
  public double localClock() {
    return LslDirect.lsl_local_clock();
  }

  /** Calls {@code lsl_set_postprocessing}; false where the symbol is absent or the call failed. */
  boolean setPostprocessing(Pointer inlet, int flags) {
    if (setPostprocessing == null) {
      return false;
    }
    Object ec = setPostprocessing.invoke(Integer.class, new Object[] {inlet, flags});
    return ec instanceof Integer code && code == 0;
  }

  @Override
  public String toString() {
    return "liblsl "
        + libraryVersion
        + " (protocol "
        + protocolVersion
        + ") from "
        + libraryPath
        + " ["
        + source()
        + "]";
  }
}
