package org.eegdecode.training.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.features.FeatureExtraction;
import org.eegdecode.training.features.FeatureSettings;
import org.eegdecode.training.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode features --backbone FILE --images DIR… --out FILE [key=value…]}: a feature bank
 * in the seed's format from any TorchScript vision backbone ({@link FeatureExtraction}).
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Run every image of DIR/<concept>/<file> (JPEG, PNG) through a TorchScript vision backbone"
          + " and write a feature bank in the seed's format: np.save of the dict"
          + " {(concept, file): (layers, D)}, each layer the mean of that hidden state over its"
          + " tokens. The backbone takes a float32 (B, 3, H, W) batch and returns the tuple of"
          + " hidden states (0 = embeddings, l = block l), as Hugging Face's"
          + " output_hidden_states; docs/features.md shows how to export one.",
      "layer_ids picks the hidden states; the features.* keys set the preprocessing (defaults:"
          + " InternViT-6B-448px's processor) and are accepted bare (image_size=224).",
      "Progress goes to stderr; one JSON line at the end (images, layers, dim, seconds,"
          + " images_per_s, device)."
    })
final class FeaturesCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Option(
      names = "--backbone",
      required = true,
      paramLabel = "FILE",
      description = "TorchScript module (.pt) following the contract above.")
  Path backbone;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "DIR",
      description =
          "Folder of concept folders (e.g. training_images); repeat it for more folders (one bank"
              + " for training_images and test_images).")
  List<Path> images;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bank to write.")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Keep the entries of an existing FILE and of FILE.partial (left by a stopped run) and"
              + " compute only the missing images.")
  boolean resume;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Parameters(
      paramLabel = "key=value",
      description = "Overrides, e.g. layer_ids=[20,24,28,32,36] batch_size=16 device=gpu.")
  List<String> overrides;

  @Override
  public Integer call() throws IOException {
    Config config = configOptions.load("features", overrides);
    FeatureSettings settings = FeatureSettings.from(config);
    var summary =
        FeatureExtraction.run(
            new FeatureExtraction.Request(
                backbone, images, out, resume, config.getString("device"), settings),
            noProgress ? null : System.err);
    spec.commandLine().getOut().println(RunSummary.line(summary));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
