package org.eegdecode.acquisition.bids;

import java.util.Optional;

/**
 * What the BIDS export asks of a marker: which stimulus file it showed, as a path relative to the
 * dataset's {@code stimuli/} folder ({@code _events.tsv}'s {@code stim_file}). The export then
 * copies that file into {@code stimuli/} from the folder the user names, or leaves {@code
 * stim_file} at {@code n/a} when it cannot (the validator rejects a {@code stim_file} that is not
 * there).
 *
 * <p>This is deliberately one method, so that the project's shared marker-to-image resolver (codes,
 * concept names, file names, mapping files) can stand in for {@link #conceptFile()} without the
 * export changing.
 */
@FunctionalInterface
public interface StimulusResolver {
  /** The stimulus {@code marker} showed, relative to {@code stimuli/}, or empty if none. */
  Optional<String> stimulusFile(String marker);

  /**
   * The simulator's and the THINGS convention: a marker {@code <concept>/<file>} (one slash, e.g.
   * {@code 00042_zebra/zebra_01b.jpg}) shows {@code stimuli/<concept>/<file>}; anything else (an
   * integer code, a free text) resolves to nothing.
   */
  static StimulusResolver conceptFile() {
    return marker -> {
      if (marker == null) {
        return Optional.empty();
      }
      String m = marker.strip();
      int slash = m.indexOf('/');
      if (slash <= 0 || slash != m.lastIndexOf('/') || slash == m.length() - 1) {
        return Optional.empty();
      }
      String concept = m.substring(0, slash);
      String file = m.substring(slash + 1);
      if (!plainName(concept) || !plainName(file)) {
        return Optional.empty();
      }
      return Optional.of(concept + "/" + file);
    };
  }

  /** A single path component that cannot escape {@code stimuli/} and fits in a TSV cell. */
  static boolean plainName(String name) {
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
}
