package org.eegdecode.acquisition.stimulus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The {@code stimulus:} section: how markers name the images shown.
 *
 * @param mapping a mapping file (marker → image), "" for none
 * @param conventions the built-in conventions in use ({@link MarkerConvention} keys, not {@code
 *     mapping}); they are always tried in the enum's order
 * @param catchCodes integer markers that open no epoch
 */
public record StimulusSettings(String mapping, List<String> conventions, List<Long> catchCodes) {

  public StimulusSettings {
    mapping = mapping == null ? "" : mapping.strip();
    conventions = conventions == null ? List.of() : List.copyOf(conventions);
    catchCodes = catchCodes == null ? List.of() : List.copyOf(catchCodes);
  }

  /** Binds the {@code stimulus} section. */
  public static StimulusSettings from(Config config) {
    StimulusSettings s = config.section("stimulus", StimulusSettings.class);
    s.validate();
    return s;
  }

  private void validate() {
    for (String key : conventions) {
      MarkerConvention c;
      try {
        c = MarkerConvention.of(key);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("stimulus.conventions: " + e.getMessage());
      }
      if (c == MarkerConvention.MAPPING) {
        throw new ConfigException(
            "stimulus.conventions: 'mapping' is not a built-in convention; name the file in"
                + " stimulus.mapping (it is always tried first)");
      }
    }
  }

  /** The defaults of {@code configs/default.yaml}. */
  public static StimulusSettings defaults() {
    return from(Config.defaults());
  }

  /** The mapping file, or null. */
  public Path mappingFile() {
    return mapping.isEmpty() ? null : Path.of(mapping);
  }

  /** The enabled built-in conventions. */
  public Set<MarkerConvention> enabled() {
    Set<MarkerConvention> out = EnumSet.noneOf(MarkerConvention.class);
    for (String key : conventions) {
      out.add(MarkerConvention.of(key));
    }
    return out;
  }

  public CatchCodes catchCodesSet() {
    return CatchCodes.of(catchCodes);
  }

  /** Every built-in convention, the default. */
  public static List<String> allConventions() {
    List<String> out = new ArrayList<>();
    for (MarkerConvention c : MarkerConvention.values()) {
      if (c != MarkerConvention.MAPPING) {
        out.add(c.key());
      }
    }
    return out;
  }
}
