package org.eegdecode.training.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eegdecode.training.eval.GalleryBuild;
import org.eegdecode.training.run.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eegdecode gallery build …}: galleries of image embeddings for decoding. */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    description = "Build galleries of image embeddings for a model bundle.",
    subcommands = {GalleryCommand.Build.class, CommandLine.HelpCommand.class})
final class GalleryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code eegdecode gallery build --model BUNDLE --features FILE --out DIR}. */
  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Embed every entry of a feature bank (a (concept, file) → (layers, dim) .npy dict) with the"
            + " bundle's image branch (router global prior) and save the gallery"
            + " (gallery_embeddings.npy, gallery.json) in DIR. Prints one JSON line."
      })
  static final class Build implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE")
    Path model;

    @Option(names = "--features", required = true, paramLabel = "FILE")
    Path features;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(
        names = "--device",
        defaultValue = "auto",
        description = "auto | cpu | gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws IOException {
      var summary = GalleryBuild.run(model, features, out, device);
      spec.commandLine().getOut().println(RunSummary.line(summary));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
