package org.eegdecode.decoder.ui;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.util.URIUtil;

/**
 * The dataset's stimulus images as the live view serves them: {@code test_images/<concept>/<file>}
 * and {@code training_images/} (or {@code train_images/}) under the configured dataset folder,
 * read-only, and nothing else. A request names a split and two plain path segments (no separator,
 * no {@code .} or {@code ..}, no leading dot) with an image extension; the resolved file must lie
 * in that split's folder and be a regular file.
 */
final class ImageFolder {
  /** URL name → folder name, in lookup order (a gallery is usually the test split). */
  static final List<String[]> SPLITS =
      List.of(
          new String[] {"test", "test_images"},
          new String[] {"training", "training_images"},
          new String[] {"train", "train_images"});

  private static final Map<String, String> TYPES =
      Map.of(
          "jpg", "image/jpeg",
          "jpeg", "image/jpeg",
          "png", "image/png",
          "gif", "image/gif",
          "webp", "image/webp",
          "bmp", "image/bmp");

  private static final int CACHE_LIMIT = 1 << 16;

  private final Path root;
  private final Map<String, String> urls = new HashMap<>();

  /** Images under {@code root}; null = no dataset folder (every image is a placeholder). */
  ImageFolder(Path root) {
    this.root = root == null ? null : root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /** Whether any image folder exists. */
  boolean present() {
    if (root == null) {
      return false;
    }
    for (String[] split : SPLITS) {
      if (Files.isDirectory(root.resolve(split[1]))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The URL of {@code concept/file} in the first split that has it, or null (the page draws a
   * placeholder). Cached; view thread only.
   */
  String url(String concept, String file) {
    String key = concept + '/' + file;
    String cached = urls.get(key);
    if (cached != null) {
      return cached.isEmpty() ? null : cached;
    }
    String found = "";
    for (String[] split : SPLITS) {
      if (resolve(split[0], concept, file) != null) {
        found = "/images/" + split[0] + "/" + segment(concept) + "/" + segment(file);
        break;
      }
    }
    if (urls.size() >= CACHE_LIMIT) {
      urls.clear();
    }
    urls.put(key, found);
    return found.isEmpty() ? null : found;
  }

  /** The file a request names, or null when it is not allowed or not there (any thread). */
  Path resolve(String split, String concept, String file) {
    if (root == null || contentType(file) == null || !safe(concept) || !safe(file)) {
      return null;
    }
    String folder = null;
    for (String[] s : SPLITS) {
      if (s[0].equals(split)) {
        folder = s[1];
      }
    }
    if (folder == null) {
      return null;
    }
    try {
      Path base = root.resolve(folder);
      Path path = base.resolve(concept).resolve(file).normalize();
      if (!path.startsWith(base) || !path.getParent().getParent().equals(base)) {
        return null;
      }
      return Files.isRegularFile(path) ? path : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** A plain file or folder name: no separators, no control characters, not hidden, not . / .. */
  static boolean safe(String name) {
    if (name == null || name.isEmpty() || name.length() > 255 || name.charAt(0) == '.') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The image MIME type by extension, or null for anything that is not an image we serve. */
  static String contentType(String file) {
    int dot = file == null ? -1 : file.lastIndexOf('.');
    return dot < 0 ? null : TYPES.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** One path segment as it goes into a URL (Jetty's encoder: {@code %}, space, {@code ;?#} …). */
  static String segment(String s) {
    return URIUtil.encodePath(s);
  }
}
