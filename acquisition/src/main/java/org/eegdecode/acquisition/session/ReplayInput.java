package org.eegdecode.acquisition.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code replay} and {@code decode --replay} read: a session directory as it is, or an XDF
 * file imported into a temporary session ({@link XdfImport}) that {@link #close} deletes.
 */
public final class ReplayInput implements AutoCloseable {
  private final Path session;
  private final Path temporary;

  private ReplayInput(Path session, Path temporary) {
    this.session = session;
    this.temporary = temporary;
  }

  /**
   * @param eegName, markerName which XDF streams play EEG and markers (null: by type)
   * @throws IOException neither a session directory nor a readable XDF file
   */
  public static ReplayInput open(Path source, String eegName, String markerName)
      throws IOException {
    if (Files.isDirectory(source)) {
      SessionReader.open(source); // fails now, with the reason, if it is not a session
      return new ReplayInput(source, null);
    }
    if (!Files.isRegularFile(source)) {
      throw new IOException(source + ": no such session directory or XDF file");
    }
    if (!source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xdf")) {
      throw new IOException(source + ": not a session directory or an .xdf file");
    }
    Path dir = Files.createTempDirectory("eegdecode-replay-");
    Path session = dir.resolve("session");
    try {
      XdfImport.toSession(source, session, eegName, markerName, new SessionWriter.Options(0));
    } catch (IOException | RuntimeException e) {
      delete(dir);
      throw e;
    }
    return new ReplayInput(session, dir);
  }

  /** The session to replay. */
  public Path session() {
    return session;
  }

  @Override
  public void close() {
    if (temporary != null) {
      delete(temporary);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(ReplayInput::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static void deleteOne(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
