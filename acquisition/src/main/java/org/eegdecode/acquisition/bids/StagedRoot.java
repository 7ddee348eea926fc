package org.eegdecode.acquisition.bids;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes into a BIDS root all or nothing. Every file is first written into a staging folder beside
 * the root (same file system, so the final moves are renames); nothing under the root changes until
 * {@link #commit}, which moves the staged files into place. A root that did not exist appears with
 * one rename of the whole staging folder. Into an existing root, files move one by one; if a move
 * fails, the files moved so far are taken back and any file they replaced is restored, so the root
 * is left as it was. The staging folder is removed on {@link #close} whatever happened.
 */
final class StagedRoot implements AutoCloseable {
  static final String DESCRIPTION = "dataset_description.json";

  private final Path root;
  private final Path staging;
  private final boolean rootExists;
  private final List<String> replaceable = new ArrayList<>();
  private final List<String> removals = new ArrayList<>();

  private StagedRoot(Path root, Path staging, boolean rootExists) {
    this.root = root;
    this.staging = staging;
    this.rootExists = rootExists;
  }

  /**
   * Checks {@code root} (absent, an empty folder, or a BIDS dataset with {@value #DESCRIPTION}) and
   * makes the staging folder beside it.
   */
  static StagedRoot begin(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    boolean exists = Files.exists(abs);
    if (exists) {
      if (!Files.isDirectory(abs)) {
        throw new IOException(root + ": exists and is not a folder");
      }
      if (!Files.isRegularFile(abs.resolve(DESCRIPTION)) && !isEmpty(abs)) {
        throw new IOException(
            root
                + ": not a BIDS dataset (no "
                + DESCRIPTION
                + ") and not empty; give a new or empty folder, or an existing BIDS root");
      }
    }
    Path parent = abs.getParent();
    if (parent == null) {
      throw new IOException(root + ": cannot write a BIDS root at the file-system root");
    }
    if (!Files.isDirectory(parent)) {
      throw new IOException(root + ": the parent folder " + parent + " does not exist");
    }
    Path staging =
        parent.resolve(
            "." + abs.getFileName() + ".eegdecode-staging-" + UUID.randomUUID().toString());
    try {
      Files.createDirectory(staging);
    } catch (IOException e) {
      throw new IOException(root + ": cannot write beside it in " + parent + " (" + e + ")", e);
    }
    return new StagedRoot(abs, staging, exists);
  }

  Path root() {
    return root;
  }

  /** The root's existing file {@code relative}, or null. */
  Path existing(String relative) {
    Path p = root.resolve(relative);
    return Files.exists(p) ? p : null;
  }

  /** Where to write {@code relative} (parent folders created). */
  Path stage(String relative) throws IOException {
    Path p = staging.resolve(relative).normalize();
    if (!p.startsWith(staging)) {
      throw new IllegalArgumentException(relative + ": outside the dataset");
    }
    Files.createDirectories(p.getParent());
    return p;
  }

  /** True when {@code relative} has been staged. */
  boolean staged(String relative) {
    return Files.exists(staging.resolve(relative));
  }

  /** Lets {@link #commit} replace the root's {@code relative} (a merged table, --overwrite). */
  void mayReplace(String relative) {
    replaceable.add(relative);
  }

  /** Makes {@link #commit} take the root's {@code relative} away (restored if the commit fails). */
  void remove(String relative) {
    removals.add(relative);
  }

  /** Moves every staged file into the root; on failure the root is restored and this throws. */
  void commit() throws IOException {
    List<String> files = stagedFiles();
    if (!rootExists) {
      if (Files.exists(root)) {
        throw new IOException(root + ": appeared while exporting; nothing written");
      }
      move(staging, root);
      Files.createDirectory(staging); // so that close() has something to remove
      return;
    }
    for (String f : files) {
      if (Files.exists(root.resolve(f)) && !replaceable.contains(f)) {
        throw new IOException(root.resolve(f) + ": appeared while exporting; nothing written");
      }
    }
    Path backup = staging.resolve(".replaced");
    List<String> moved = new ArrayList<>();
    List<String> backedUp = new ArrayList<>();
    List<Path> createdDirs = new ArrayList<>();
    try {
      for (String f : removals) {
        Path target = root.resolve(f);
        if (Files.exists(target)) {
          Path b = backup.resolve(f);
          Files.createDirectories(b.getParent());
          move(target, b);
          backedUp.add(f);
        }
      }
      for (String f : files) {
        Path target = root.resolve(f);
        createParents(target.getParent(), createdDirs);
        if (Files.exists(target)) {
          Path b = backup.resolve(f);
          Files.createDirectories(b.getParent());
          move(target, b);
          backedUp.add(f);
        }
        move(staging.resolve(f), target);
        moved.add(f);
      }
    } catch (IOException | RuntimeException e) {
      for (int i = moved.size() - 1; i >= 0; i--) {
        Files.deleteIfExists(root.resolve(moved.get(i)));
      }
      for (String f : backedUp) {
        move(backup.resolve(f), root.resolve(f));
      }
      for (int i = createdDirs.size() - 1; i >= 0; i--) {
        try {
          Files.deleteIfExists(createdDirs.get(i));
        } catch (DirectoryNotEmptyException ignored) {
          // someone else's file landed there meanwhile: keep the folder
        }
      }
      throw new IOException(root + ": could not move the export into place (" + e + ")", e);
    }
  }

  private static void createParents(Path dir, List<Path> created) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      created.add(p);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Staged regular files, relative, sorted (folders are made as needed). */
  private List<String> stagedFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(staging)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> staging.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Removes the staging folder and whatever is left in it. */
  @Override
  public void close() throws IOException {
    if (!Files.exists(staging)) {
      return;
    }
    Files.walkFileTree(
        staging,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
