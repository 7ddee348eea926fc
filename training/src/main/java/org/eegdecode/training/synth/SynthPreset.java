package org.eegdecode.training.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eegdecode.acquisition.config.ConfigException;

/** Named dataset sizes: {@code tiny} for tests and the demo, {@code full} for release sizes. */
public enum SynthPreset {
  /** Seconds to generate, yet large enough for a small MLP to retrieve well above chance. */
  TINY(new SynthSpec("tiny", 2, 48, 4, 4, 20, 10, 17, 0.8, 32, 7)),
  /** THINGS-EEG2 release sizes: about 1.1 GB per 17-channel subject. */
  FULL(new SynthSpec("full", 10, 1654, 10, 4, 200, 80, 17, 0.25, 64, 7));

  private final SynthSpec spec;

  SynthPreset(SynthSpec spec) {
    this.spec = spec;
  }

  public SynthSpec spec() {
    return spec;
  }

  public static SynthPreset named(String name) {
    String wanted = name == null ? "tiny" : name.trim().toLowerCase(Locale.ROOT);
    for (SynthPreset preset : values()) {
      if (preset.spec.preset().equals(wanted)) {
        return preset;
      }
    }
    throw new ConfigException(
        "synth.preset: unknown preset '"
            + name
            + "' (expected "
            + Arrays.stream(values()).map(p -> p.spec.preset()).collect(Collectors.joining(" | "))
            + ")");
  }
}
