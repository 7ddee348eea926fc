package org.eegdecode.training.features;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The images of one or more THINGS-style folders, {@code DIR/<concept>/<file>} ({@code
 * training_images/}, {@code test_images/} or a folder of new images laid out the same way), as
 * (concept, file) keys in a stable order: folders as given, concepts and files sorted by name.
 * Files that are not {@code .jpg}, {@code .jpeg} or {@code .png} and anything directly in {@code
 * DIR} are skipped and counted, never silently.
 */
public final class ImageFolder {
  /** One image: its bank key and where it lies. */
  public record Entry(String concept, String file, Path path) {}

  private final List<Entry> entries;
  private final List<Path> skipped;

  private ImageFolder(List<Entry> entries, List<Path> skipped) {
    this.entries = List.copyOf(entries);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Lists the images under {@code dirs}.
   *
   * @throws IOException a folder that does not exist, holds no image, or the same (concept, file)
   *     under two folders
   */
  public static ImageFolder list(List<Path> dirs) throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    for (Path dir : dirs) {
      if (!Files.exists(dir)) {
        throw new NoSuchFileException(dir.toString(), null, "image folder does not exist");
      }
      if (!Files.isDirectory(dir)) {
        throw new NotDirectoryException(dir + " (--images takes a folder of concept folders)");
      }
      int before = entries.size();
      for (Path concept : sorted(dir)) {
        if (!Files.isDirectory(concept)) {
          skipped.add(concept);
          continue;
        }
        for (Path file : sorted(concept)) {
          String name = file.getFileName().toString();
          if (!Files.isRegularFile(file) || !isImage(name)) {
            skipped.add(file);
            continue;
          }
          String conceptName = concept.getFileName().toString();
          Path previous = seen.put(conceptName + '/' + name, file);
          if (previous != null) {
            throw new IOException(
                file + ": the key ('" + conceptName + "', '" + name + "') is also " + previous);
          }
          entries.add(new Entry(conceptName, name, file));
        }
      }
      if (entries.size() == before) {
        throw new IOException(
            dir
                + ": no .jpg, .jpeg or .png images in its concept folders (expected DIR/<concept>/"
                + "<file>, e.g. training_images/00001_aardvark/aardvark_01b.jpg)");
      }
    }
    return new ImageFolder(entries, skipped);
  }

  static boolean isImage(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !n.startsWith(".") && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
  }

  private static List<Path> sorted(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** What was passed over: files of other types, files outside concept folders. */
  public List<Path> skipped() {
    return skipped;
  }
}
