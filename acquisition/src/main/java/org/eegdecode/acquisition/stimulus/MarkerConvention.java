package org.eegdecode.acquisition.stimulus;

import java.util.Locale;

/**
 * How a stimulus marker names the image shown, in the order {@link StimulusResolver} tries them.
 * {@link #MAPPING} is the user's mapping file ({@code stimulus.mapping}); the others are the
 * built-in conventions, enabled by {@code stimulus.conventions}.
 */
public enum MarkerConvention {
  /** A line of the mapping file: marker → image file or concept. */
  MAPPING("mapping"),
  /** {@code concept/file}, e.g. {@code 00042_zebra/zebra_01b.jpg} (the simulator's default). */
  CONCEPT_FILE("concept_file"),
  /** The image file name; folders and the extension are ignored ({@code C:\stim\zebra_01b.png}). */
  FILE("file"),
  /** The concept as listed, e.g. {@code 00042_zebra}. */
  CONCEPT("concept"),
  /** The concept without its numeric prefix, e.g. {@code zebra}. */
  BARE_CONCEPT("bare_concept"),
  /**
   * An integer trigger code: the 1-based index into the image list (THINGS-EEG2's paradigm), sent
   * on a numeric stream or as a decimal string.
   */
  CODE("code");

  private final String key;

  MarkerConvention(String key) {
    this.key = key;
  }

  /** The name used in the configuration and in summaries. */
  public String key() {
    return key;
  }

  /**
   * The convention called {@code key}.
   *
   * @throws IllegalArgumentException naming the valid keys
   */
  public static MarkerConvention of(String key) {
    String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
    for (MarkerConvention c : values()) {
      if (c.key.equals(k)) {
        return c;
      }
    }
    StringBuilder valid = new StringBuilder();
    for (MarkerConvention c : values()) {
      valid.append(valid.length() == 0 ? "" : ", ").append(c.key);
    }
    throw new IllegalArgumentException(
        "unknown marker convention '" + key + "' (valid: " + valid + ")");
  }
}
