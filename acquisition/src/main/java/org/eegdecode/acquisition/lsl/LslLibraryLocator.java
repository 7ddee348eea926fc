package org.eegdecode.acquisition.lsl;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds liblsl without a manual step. In order:
 *
 * <ol>
 *   <li>an explicit path: system property {@value #PROPERTY}, then {@code LSL_LIB}, then pylsl's
 *       {@code PYLSL_LIB} (a path that does not exist is an error, not a reason to look further);
 *   <li>the system library path ({@code liblsl.so}, {@code liblsl64.so}, versioned names included,
 *       through JNA's normal search: {@code jna.library.path}, the system directories, {@code
 *       LD_LIBRARY_PATH});
 *   <li>the project's cached copy, {@code
 *       $XDG_CACHE_HOME/eegdecode/liblsl/lsl.js-1.1.2/liblsl64.so} (default {@code ~/.cache/…}),
 *       checked against its sha256;
 *   <li>a fetch: {@code npm pack lsl.js@1.1.2} in a temporary folder, the tarball and the library
 *       checked against their sha256, the library moved atomically into the cache.
 * </ol>
 *
 * The npm copy is liblsl 1.10 for x86-64 Linux only. Every failure is one {@link IOException} line
 * saying what failed and how to provide a library ({@code LSL_LIB}).
 */
public final class LslLibraryLocator {
  /** System property naming the liblsl file to load. */
  public static final String PROPERTY = "eegdecode.lsl.lib";

  static final String NPM_PACKAGE = "lsl.js@1.1.2";
  static final String TARBALL_SHA256 =
      "557c62b8569a8e15b4c99c7b6b159604eae5fef3db097cfb7af98136fd3e4535";
  static final String LIBRARY_ENTRY = "package/prebuilt/liblsl64.so";
  static final String LIBRARY_SHA256 =
      "13f1ba640400ceca418737417cbee832f884a7aa061a7caee236ea9895f32f6a";
  private static final long NPM_TIMEOUT_SECONDS = 180;
  private static final String HOW_TO_PROVIDE =
      "set LSL_LIB (or -D" + PROPERTY + ") to a liblsl shared library";

  /** Where the library that was loaded came from. */
  public enum Source {
    EXPLICIT,
    SYSTEM,
    CACHE,
    FETCHED;

    /** The lower-case name used in JSON ({@code explicit}, {@code system}, …). */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A located library: {@code loadName} is what to hand to JNA (an absolute path, or a bare name
   * found on the system path), {@code path} the file on disk as far as it can be known.
   */
  public record Located(String loadName, Path path, Source source) {}

  private final Function<String, String> properties;
  private final Function<String, String> environment;
  private final Path cacheRoot;
  private final List<String> npmCommand;
  private final boolean searchSystem;
  private final String expectedTarballSha256;
  private final String expectedLibrarySha256;

  /** The locator for this process: real properties, environment, cache folder and npm. */
  public static LslLibraryLocator standard() {
    return new LslLibraryLocator(System::getProperty, System::getenv, defaultCacheRoot(), true);
  }

  /**
   * A locator with injected lookups (tests). {@code cacheRoot} is the folder that holds {@code
   * eegdecode/}; {@code searchSystem} false skips the system library path.
   */
  LslLibraryLocator(
      Function<String, String> properties,
      Function<String, String> environment,
      Path cacheRoot,
      boolean searchSystem) {
    this(properties, environment, cacheRoot, searchSystem, List.of("npm", "pack", NPM_PACKAGE));
  }

  LslLibraryLocator(
      Function<String, String> properties,
      Function<String, String> environment,
      Path cacheRoot,
      boolean searchSystem,
      List<String> npmCommand) {
    this(
        properties,
        environment,
        cacheRoot,
        searchSystem,
        npmCommand,
        TARBALL_SHA256,
        LIBRARY_SHA256);
  }

  private LslLibraryLocator(
      Function<String, String> properties,
      Function<String, String> environment,
      Path cacheRoot,
      boolean searchSystem,
      List<String> npmCommand,
      String expectedTarballSha256,
      String expectedLibrarySha256) {
    this.properties = properties;
    this.environment = environment;
    this.cacheRoot = cacheRoot;
    this.searchSystem = searchSystem;
    this.npmCommand = List.copyOf(npmCommand);
    this.expectedTarballSha256 = expectedTarballSha256;
    this.expectedLibrarySha256 = expectedLibrarySha256;
  }

  /** A copy expecting other checksums (tests of the verification path). */
  LslLibraryLocator withExpectedSha256(String tarball, String library) {
    return new LslLibraryLocator(
        properties, environment, cacheRoot, searchSystem, npmCommand, tarball, library);
  }

  /** {@code $XDG_CACHE_HOME}, or {@code ~/.cache} when it is unset or empty. */
  static Path defaultCacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }

  /** The cached copy's location (it may not exist). */
  public Path cachedLibrary() {
    return cacheRoot
        .resolve("eegdecode")
        .resolve("liblsl")
        .resolve("lsl.js-1.1.2")
        .resolve("liblsl64.so");
  }

  /** Runs the search; fetches the npm copy when nothing else is found. */
  public Located locate() throws IOException {
    Located explicit = explicitPath();
    if (explicit != null) {
      return explicit;
    }
    if (searchSystem) {
      Located system = systemLibrary();
      if (system != null) {
        return system;
      }
    }
    Path cached = cachedLibrary();
    if (Files.isRegularFile(cached)) {
      if (expectedLibrarySha256.equals(sha256(cached))) {
        return new Located(cached.toString(), cached, Source.CACHE);
      }
      // A damaged or foreign file: fetch a fresh copy over it.
    }
    requireNpmPlatform();
    Path fetched = fetch();
    return new Located(fetched.toString(), fetched, Source.FETCHED);
  }

  private Located explicitPath() throws IOException {
    String[][] candidates = {
      {"system property " + PROPERTY, properties.apply(PROPERTY)},
      {"LSL_LIB", environment.apply("LSL_LIB")},
      {"PYLSL_LIB", environment.apply("PYLSL_LIB")}
    };
    for (String[] candidate : candidates) {
      String value = candidate[1];
      if (value != null && !value.isBlank()) {
        Path path = Path.of(value.trim()).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
          throw new IOException(
              candidate[0]
                  + " names "
                  + path
                  + ", which is not a file; "
                  + HOW_TO_PROVIDE
                  + " or unset it");
        }
        return new Located(path.toString(), path, Source.EXPLICIT);
      }
    }
    return null;
  }

  private static Located systemLibrary() {
    for (String name : List.of("lsl", "lsl64")) {
      try {
        NativeLibrary library = NativeLibrary.getInstance(name, Lsl.LIBRARY_OPTIONS);
        return new Located(name, loadedPath(library, name), Source.SYSTEM);
      } catch (UnsatisfiedLinkError notThere) {
        // next name
      }
    }
    return null;
  }

  /**
   * The file a system library was loaded from: JNA's answer when it is an absolute path, else the
   * mapping in {@code /proc/self/maps}, else the bare name.
   */
  static Path loadedPath(NativeLibrary library, String name) {
    File file = library.getFile();
    if (file != null && file.isAbsolute() && file.isFile()) {
      return file.toPath();
    }
    Path maps = Path.of("/proc/self/maps");
    if (Files.isReadable(maps)) {
      try (Stream<String> lines = Files.lines(maps)) {
        String needle = "/lib" + name + ".so";
        return lines
            .map(line -> line.substring(Math.max(0, line.indexOf('/'))))
            .filter(path -> path.contains(needle))
            .findFirst()
            .map(Path::of)
            .orElse(Path.of("lib" + name + ".so"));
      } catch (IOException | RuntimeException e) {
        // fall through
      }
    }
    return Path.of("lib" + name + ".so");
  }

  private static void requireNpmPlatform() throws IOException {
    String arch = System.getProperty("os.arch", "");
    if (!Platform.isLinux() || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IOException(
          "no liblsl found, and the fetchable copy (npm "
              + NPM_PACKAGE
              + ") is for x86-64 Linux only, not "
              + System.getProperty("os.name")
              + "/"
              + arch
              + "; "
              + HOW_TO_PROVIDE
              + " (e.g. from a liblsl GitHub release or pylsl)");
    }
  }

  /** Downloads, checks and caches the npm copy; returns the cached file. */
  Path fetch() throws IOException {
    Path target = cachedLibrary();
    Path work;
    try {
      work = Files.createTempDirectory("eegdecode-liblsl-");
    } catch (IOException e) {
      throw new IOException(
          "cannot fetch liblsl: no temporary folder (" + e.getMessage() + "); " + HOW_TO_PROVIDE,
          e);
    }
    try {
      Path tarball = runNpmPack(work);
      String tarSha = sha256(tarball);
      if (!expectedTarballSha256.equals(tarSha)) {
        throw new IOException(
            "cannot fetch liblsl: sha256 mismatch for "
                + NPM_PACKAGE
                + " tarball (expected "
                + expectedTarballSha256
                + ", got "
                + tarSha
                + "); "
                + HOW_TO_PROVIDE);
      }
      Path extracted = work.resolve("liblsl64.so");
      extractEntry(tarball, LIBRARY_ENTRY, extracted);
      String libSha = sha256(extracted);
      if (!expectedLibrarySha256.equals(libSha)) {
        throw new IOException(
            "cannot fetch liblsl: sha256 mismatch for "
                + LIBRARY_ENTRY
                + " (expected "
                + expectedLibrarySha256
                + ", got "
                + libSha
                + "); "
                + HOW_TO_PROVIDE);
      }
      installAtomically(extracted, target);
      return target;
    } finally {
      deleteRecursively(work);
    }
  }

  private Path runNpmPack(Path work) throws IOException {
    Path log = work.resolve("npm.log");
    Process process;
    try {
      process =
          new ProcessBuilder(npmCommand)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot fetch liblsl: cannot run '"
              + String.join(" ", npmCommand)
              + "' ("
              + e.getMessage()
              + "); "
              + HOW_TO_PROVIDE,
          e);
    }
    boolean finished;
    try {
      finished = process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("cannot fetch liblsl: interrupted while npm ran", e);
    }
    if (!finished) {
      process.destroyForcibly();
      throw new IOException(
          "cannot fetch liblsl: '"
              + String.join(" ", npmCommand)
              + "' did not finish in "
              + NPM_TIMEOUT_SECONDS
              + " s; "
              + HOW_TO_PROVIDE);
    }
    List<Path> tarballs = new ArrayList<>();
    try (Stream<Path> files = Files.list(work)) {
      files.filter(p -> p.getFileName().toString().endsWith(".tgz")).forEach(tarballs::add);
    }
    if (process.exitValue() != 0 || tarballs.size() != 1) {
      throw new IOException(
          "cannot fetch liblsl: '"
              + String.join(" ", npmCommand)
              + "' "
              + (process.exitValue() != 0
                  ? "exited with " + process.exitValue()
                  : "left " + tarballs.size() + " tarballs")
              + " ("
              + lastLine(log)
              + "); "
              + HOW_TO_PROVIDE);
    }
    return tarballs.get(0);
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).trim();
        }
      }
      return "no output";
    } catch (IOException e) {
      return "no output";
    }
  }

  /** Copies one entry of a {@code .tgz} to {@code destination}. */
  static void extractEntry(Path tarball, String entryName, Path destination) throws IOException {
    try (InputStream file = Files.newInputStream(tarball);
        InputStream gzip = new GzipCompressorInputStream(new BufferedInputStream(file));
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && entry.getName().equals(entryName)) {
          try (OutputStream out = Files.newOutputStream(destination)) {
            tar.transferTo(out);
          }
          return;
        }
      }
    } catch (IOException e) {
      throw new IOException(
          "cannot fetch liblsl: cannot read " + tarball.getFileName() + ": " + e.getMessage(), e);
    }
    throw new IOException(
        "cannot fetch liblsl: " + entryName + " is not in " + tarball.getFileName());
  }

  /** Moves {@code source} to {@code target} with one atomic rename inside the target's folder. */
  static void installAtomically(Path source, Path target) throws IOException {
    try {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempFile(target.getParent(), ".liblsl64-", ".so.part");
      try {
        Files.copy(source, staging, StandardCopyOption.REPLACE_EXISTING);
        try {
          Files.move(
              staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(staging);
      }
    } catch (IOException e) {
      throw new IOException(
          "cannot cache liblsl in "
              + target.getParent()
              + " ("
              + e
              + "); set XDG_CACHE_HOME to a writable folder or "
              + HOW_TO_PROVIDE,
          e);
    }
  }

  /** Lower-case hex sha256 of a file. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  @Override
  public String toString() {
    return "LslLibraryLocator[cache=" + cacheRoot + ", npm=" + npmCommand + "]";
  }
}
