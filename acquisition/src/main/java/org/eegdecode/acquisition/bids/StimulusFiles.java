package org.eegdecode.acquisition.bids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts the images the markers name into the dataset's {@code stimuli/} folder. A file already there
 * is used as it is; otherwise it is copied from the stimulus folder the user gave, looked up as
 * {@code DIR/<path>}, then inside the THINGS-EEG2 layout ({@code DIR/test_images/<path>}, {@code
 * DIR/training_images/<path>}, {@code DIR/train_images/<path>}), so both an image folder and a
 * whole THINGS download work. A file found nowhere is reported, and its events get {@code stim_file
 * = n/a}: the validator rejects a {@code stim_file} that is not in {@code stimuli/}.
 */
final class StimulusFiles {
  static final String FOLDER = "stimuli";
  private static final List<String> LAYOUTS =
      List.of("", "test_images/", "training_images/", "train_images/");

  private final StagedRoot staged;
  private final Path source;
  private final Set<String> missing = new LinkedHashSet<>();
  private int copied;

  StimulusFiles(StagedRoot staged, Path source) throws IOException {
    if (source != null && !Files.isDirectory(source)) {
      throw new IOException("--stimuli " + source + ": no such folder");
    }
    this.staged = staged;
    this.source = source;
  }

  /** {@code relative} when the file is (or now will be) in {@code stimuli/}, else null. */
  String provide(String relative) throws IOException {
    String rel = relative.replace('\\', '/');
    if (rel.startsWith("/") || rel.contains("../") || rel.equals("..") || rel.endsWith("/..")) {
      return null;
    }
    String target = FOLDER + "/" + rel;
    if (staged.existing(target) != null || staged.staged(target)) {
      return rel;
    }
    if (source != null) {
      for (String layout : LAYOUTS) {
        Path candidate = source.resolve(layout + rel).normalize();
        if (candidate.startsWith(source.normalize()) && Files.isRegularFile(candidate)) {
          Files.copy(candidate, staged.stage(target));
          copied++;
          return rel;
        }
      }
    }
    missing.add(rel);
    return null;
  }

  /**
   * A marker of the form {@code <concept>/<file>} (one slash, plain names, e.g. {@code
   * 00042_zebra/zebra_01b.jpg}) read as the path it names, for sessions exported without an image
   * list (the shared resolver then knows no images); null for anything else.
   */
  static String conceptFileMarker(String marker) {
    if (marker == null) {
      return null;
    }
    String m = marker.strip();
    int slash = m.indexOf('/');
    if (slash <= 0 || slash != m.lastIndexOf('/') || slash == m.length() - 1) {
      return null;
    }
    String concept = m.substring(0, slash);
    String file = m.substring(slash + 1);
    return plainName(concept) && plainName(file) ? m : null;
  }

  /** A single path component that cannot escape {@code stimuli/} and fits in a TSV cell. */
  private static boolean plainName(String name) {
    if (name.isBlank() || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == '\\' || c == ':' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  int copied() {
    return copied;
  }

  List<String> missing() {
    return new ArrayList<>(missing);
  }
}
