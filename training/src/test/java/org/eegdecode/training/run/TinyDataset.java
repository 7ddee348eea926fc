package org.eegdecode.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.synth.SynthGenerator;
import org.eegdecode.training.synth.SynthPreset;

/**
 * The synthetic {@code tiny} dataset (2 subjects, 48 × 4 training images, 20 test concepts × 10
 * trials), generated once per test JVM and shared by the training tests.
 */
public final class TinyDataset {
  private static Path root;

  private TinyDataset() {}

  public static synchronized Path root() {
    if (root == null) {
      try {
        Path dir = Files.createTempDirectory("eegdecode-tiny-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        Path data = dir.resolve("things");
        new SynthGenerator(SynthPreset.TINY.spec()).generate(data, false);
        root = data;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /**
   * Defaults, the tiny dataset, the CPU, a short schedule ({@code epochs=4}) and no early stopping,
   * then {@code overrides}.
   */
  public static Config config(Path outputDir, String... overrides) {
    List<String> all = new ArrayList<>();
    all.add("dataset_dir=" + root());
    all.add("output_dir=" + outputDir);
    all.add("device=cpu");
    all.add("epochs=4");
    all.add("early_stop_patience=0");
    all.addAll(List.of(overrides));
    return Config.load(null, all);
  }

  /** The same, as command-line arguments (for the CLI). */
  public static String[] args(Path outputDir, String... overrides) {
    List<String> all = new ArrayList<>();
    all.add("dataset_dir=" + root());
    all.add("output_dir=" + outputDir);
    all.add("device=cpu");
    all.add("epochs=4");
    all.add("early_stop_patience=0");
    all.addAll(List.of(overrides));
    return all.toArray(new String[0]);
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
