package org.eegdecode.acquisition.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LslLibraryLocatorTest {
  @TempDir Path temp;

  private static LslLibraryLocator locator(
      Map<String, String> env, Path cacheRoot, List<String> npm) {
    return new LslLibraryLocator(Map.<String, String>of()::get, env::get, cacheRoot, false, npm);
  }

  @Test
  void processWideLibraryIsLoadedAndReportsItsVersions() throws IOException {
    Lsl lsl = Lsl.get();
    assertTrue(lsl.libraryVersion() >= 110, "library version " + lsl.libraryVersion());
    assertEquals(110, lsl.protocolVersion());
    assertTrue(
        List.of("explicit", "system", "cache", "fetched").contains(lsl.source()), lsl.source());
    if (lsl.source().equals("cache") || lsl.source().equals("fetched")) {
      // The npm copy: liblsl 1.10, without the 1.11+ symbols.
      assertEquals(110, lsl.libraryVersion());
      assertEquals(LslLibraryLocator.LIBRARY_SHA256, LslLibraryLocator.sha256(lsl.libraryPath()));
      assertFalse(lsl.optionalSymbols().get("lsl_set_postprocessing"));
      assertFalse(lsl.hasPostprocessing());
    }
    assertTrue(lsl.optionalSymbols().containsKey("lsl_time_correction_ex"));
    double a = lsl.localClock();
    double b = lsl.localClock();
    assertTrue(a > 0 && b >= a);
  }

  @Test
  void fetchesIntoAnEmptyCacheThenUsesTheCache() throws IOException {
    Path cacheRoot = temp.resolve("cache");
    LslLibraryLocator locator =
        locator(
            Map.of(), cacheRoot, List.of("npm", "pack", "--silent", LslLibraryLocator.NPM_PACKAGE));
    LslLibraryLocator.Located fetched = locator.locate();
    assertEquals(LslLibraryLocator.Source.FETCHED, fetched.source());
    assertEquals(cacheRoot.resolve("eegdecode/liblsl/lsl.js-1.1.2/liblsl64.so"), fetched.path());
    assertEquals(LslLibraryLocator.LIBRARY_SHA256, LslLibraryLocator.sha256(fetched.path()));
    // Nothing but the library is left in the cache folder (the staging file was renamed).
    try (var files = Files.list(fetched.path().getParent())) {
      assertEquals(List.of(fetched.path()), files.toList());
    }

    LslLibraryLocator.Located cached = locator.locate();
    assertEquals(LslLibraryLocator.Source.CACHE, cached.source());
    assertEquals(fetched.path(), cached.path());
  }

  @Test
  void tarballWithTheWrongSha256IsRejected() throws IOException {
    List<String> fakeNpm = List.of("sh", "-c", "printf 'not a tarball' > lsl.js-1.1.2.tgz");
    IOException e =
        assertThrows(
            IOException.class, () -> locator(Map.of(), temp.resolve("c"), fakeNpm).locate());
    assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("tarball"), e.getMessage());
    assertTrue(e.getMessage().contains("LSL_LIB"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertFalse(Files.exists(temp.resolve("c/eegdecode/liblsl/lsl.js-1.1.2/liblsl64.so")));
  }

  @Test
  void damagedCachedCopyIsNotUsed() throws IOException {
    Path cacheRoot = temp.resolve("c");
    LslLibraryLocator failingNpm = locator(Map.of(), cacheRoot, List.of("sh", "-c", "exit 3"));
    Path cached = failingNpm.cachedLibrary();
    Files.createDirectories(cached.getParent());
    Files.writeString(cached, "corrupt");
    IOException e = assertThrows(IOException.class, failingNpm::locate);
    // It went on to fetch (the fake npm fails) rather than load the corrupt file.
    assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
    assertTrue(e.getMessage().contains("LSL_LIB"), e.getMessage());
  }

  @Test
  void missingNpmIsOneLineNamingTheRemedy() {
    List<String> noSuchCommand = List.of("/nonexistent/npm-" + System.nanoTime(), "pack");
    IOException e =
        assertThrows(
            IOException.class, () -> locator(Map.of(), temp.resolve("c"), noSuchCommand).locate());
    assertTrue(e.getMessage().startsWith("cannot fetch liblsl: cannot run"), e.getMessage());
    assertTrue(e.getMessage().contains("LSL_LIB"), e.getMessage());
  }

  @Test
  void explicitPathWinsAndAMissingOneIsAnError() throws IOException {
    Path lib = temp.resolve("liblsl-custom.so");
    Files.writeString(lib, "whatever");
    LslLibraryLocator.Located located =
        locator(Map.of("PYLSL_LIB", lib.toString()), temp.resolve("c"), List.of("false")).locate();
    assertEquals(LslLibraryLocator.Source.EXPLICIT, located.source());
    assertEquals(lib, located.path());

    // LSL_LIB comes before PYLSL_LIB, and a wrong path is reported, not skipped.
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                locator(
                        Map.of(
                            "LSL_LIB",
                            temp.resolve("nope.so").toString(),
                            "PYLSL_LIB",
                            lib.toString()),
                        temp.resolve("c"),
                        List.of("false"))
                    .locate());
    assertTrue(e.getMessage().startsWith("LSL_LIB names"), e.getMessage());

    LslLibraryLocator byProperty =
        new LslLibraryLocator(
            Map.of(LslLibraryLocator.PROPERTY, lib.toString())::get,
            Map.of("LSL_LIB", "/elsewhere.so")::get,
            temp.resolve("c"),
            false,
            List.of("false"));
    assertEquals(lib, byProperty.locate().path());
  }

  /** A .tgz holding a README and a fake library with {@code payload}. */
  private static void writeTarball(Path tgz, byte[] payload) throws IOException {
    try (OutputStream file = Files.newOutputStream(tgz);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      for (String name : List.of("package/README.md", LslLibraryLocator.LIBRARY_ENTRY)) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(payload.length);
        tar.putArchiveEntry(entry);
        tar.write(payload);
        tar.closeArchiveEntry();
      }
    }
  }

  @Test
  void libraryWithTheWrongSha256IsRejectedAndNotCached() throws IOException {
    // A tarball whose own checksum is "right" (we tell the locator to expect it) but whose
    // library is not the expected one.
    Path source = temp.resolve("fake.tgz");
    writeTarball(source, "a fake library".getBytes(StandardCharsets.UTF_8));
    List<String> fakeNpm = List.of("cp", source.toString(), "lsl.js-1.1.2.tgz");
    LslLibraryLocator locator =
        locator(Map.of(), temp.resolve("c"), fakeNpm)
            .withExpectedSha256(LslLibraryLocator.sha256(source), LslLibraryLocator.LIBRARY_SHA256);
    IOException e = assertThrows(IOException.class, locator::locate);
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot fetch liblsl: sha256 mismatch for " + LslLibraryLocator.LIBRARY_ENTRY),
        e.getMessage());
    assertTrue(e.getMessage().contains("LSL_LIB"), e.getMessage());
    assertFalse(Files.exists(locator.cachedLibrary()));

    // With the matching library checksum the same tarball is installed.
    LslLibraryLocator accepting =
        locator(Map.of(), temp.resolve("c"), fakeNpm)
            .withExpectedSha256(
                LslLibraryLocator.sha256(source), LslLibraryLocator.sha256(extracted(source)));
    assertEquals(LslLibraryLocator.Source.FETCHED, accepting.locate().source());
    assertEquals("a fake library", Files.readString(accepting.cachedLibrary()));
  }

  private Path extracted(Path tgz) throws IOException {
    Path out = temp.resolve("extracted-" + System.nanoTime());
    LslLibraryLocator.extractEntry(tgz, LslLibraryLocator.LIBRARY_ENTRY, out);
    return out;
  }

  @Test
  void extractsOneEntryAndReportsAMissingOne() throws IOException {
    Path tgz = temp.resolve("pkg.tgz");
    writeTarball(tgz, "library bytes".getBytes(StandardCharsets.UTF_8));
    Path out = temp.resolve("out.so");
    LslLibraryLocator.extractEntry(tgz, LslLibraryLocator.LIBRARY_ENTRY, out);
    assertEquals("library bytes", Files.readString(out));

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                LslLibraryLocator.extractEntry(
                    tgz, "package/prebuilt/other.so", temp.resolve("x")));
    assertTrue(e.getMessage().contains("is not in pkg.tgz"), e.getMessage());
  }
}
