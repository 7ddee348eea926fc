package org.eegdecode.training.synth;

import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The {@code synth} section of the configuration as written: a preset name plus optional overrides
 * ({@code null} = the preset's value). {@link #resolve} turns it into a validated {@link
 * SynthSpec}.
 */
public record SynthSettings(
    String preset,
    Integer subjects,
    Integer trainConcepts,
    Integer trainImagesPerConcept,
    Integer trainRepetitions,
    Integer testConcepts,
    Integer testRepetitions,
    Integer channels,
    Double snr,
    Integer imageSize,
    Long seed) {

  public static SynthSettings from(Config config) {
    return config.section("synth", SynthSettings.class);
  }

  /**
   * The preset's values with the non-null keys applied.
   *
   * @throws ConfigException naming the key when a value is out of range
   */
  public SynthSpec resolve() {
    SynthSpec base = SynthPreset.named(preset).spec();
    SynthSpec spec =
        new SynthSpec(
            base.preset(),
            or(subjects, base.subjects()),
            or(trainConcepts, base.trainConcepts()),
            or(trainImagesPerConcept, base.trainImagesPerConcept()),
            or(trainRepetitions, base.trainRepetitions()),
            or(testConcepts, base.testConcepts()),
            or(testRepetitions, base.testRepetitions()),
            or(channels, base.channels()),
            snr == null ? base.snr() : snr,
            or(imageSize, base.imageSize()),
            seed == null ? base.seed() : seed);
    spec.validate();
    return spec;
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
