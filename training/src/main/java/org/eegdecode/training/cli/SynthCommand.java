package org.eegdecode.training.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.synth.SynthGenerator;
import org.eegdecode.training.synth.SynthSettings;
import org.eegdecode.training.synth.SynthSpec;
import org.eegdecode.training.synth.SynthSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode synth OUT [key=value…]}: writes a synthetic THINGS-EEG2 folder and prints one
 * JSON line saying what was written.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic THINGS-EEG2 dataset (release file formats, learnable structure).",
      "Keys of the synth section, bare or dotted: preset=tiny|full, subjects, train_concepts,"
          + " train_images_per_concept, train_repetitions, test_concepts, test_repetitions,"
          + " channels=17|63, snr, image_size, seed."
    })
final class SynthCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OUT", description = "Dataset folder to write.")
  Path out;

  @Parameters(
      index = "1..*",
      paramLabel = "key=value",
      description = "Overrides of the synth section, e.g. preset=full subjects=1 synth.snr=0.5.")
  List<String> overrides;

  @Option(
      names = "--force",
      description =
          "Regenerate even when OUT holds a complete dataset with these settings, and write into"
              + " a non-empty folder that synth did not create.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    Config config = configOptions.load("synth", overrides);
    SynthSpec synth = SynthSettings.from(config).resolve();
    SynthSummary summary =
        new SynthGenerator(synth).generate(out.toAbsolutePath().normalize(), force);
    spec.commandLine().getOut().println(toJson(summary));
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String toJson(SynthSummary summary) {
    try {
      return JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
