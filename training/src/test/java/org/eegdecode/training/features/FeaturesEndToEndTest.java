package org.eegdecode.training.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.training.eval.GalleryBuild;
import org.eegdecode.training.run.TinyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end to end on the CPU: {@code features} makes a bank from the synthetic dataset's
 * JPEGs with the tiny ViT, {@code train} trains on it (dims taken from the bank), {@code gallery
 * build} embeds all 212 images, and {@code decode --gallery} decodes simulated EEG against that
 * gallery. A gallery another model embedded, or of the wrong width, is refused in one line.
 */
class FeaturesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path work;
  private static Path bank;
  private static Path bundle;
  private static Path gallery;

  @TempDir Path tmp;

  /** features → train → gallery build, once per JVM. */
  private static synchronized void build() {
    if (work != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("eegdecode-features-e2e-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      Path root = TinyDataset.root();
      Path b = dir.resolve("vit_bank.npy");
      FeaturesCommandTest.Cli features =
          FeaturesCommandTest.cli(
              List.of(
                  "features",
                  "--backbone",
                  FeatureFixture.backbone().toString(),
                  "--images",
                  root.resolve("training_images").toString(),
                  "--images",
                  root.resolve("test_images").toString(),
                  "--out",
                  b.toString(),
                  "--no-progress",
                  "device=cpu",
                  "image_size=32",
                  "layer_ids=[2,3,4,5,6]"));
      assertEquals(0, features.code(), features.err());
      assertEquals(212, features.summary().get("images").asInt(), features.out());

      List<String> train = new ArrayList<>(List.of("train", "--no-progress"));
      train.addAll(
          List.of(
              TinyDataset.args(
                  dir.resolve("runs"),
                  "feature_path=" + b,
                  "layer_ids=[2,3,4,5,6]",
                  "subject=1",
                  "epochs=4")));
      FeaturesCommandTest.Cli trained = FeaturesCommandTest.cli(train);
      assertEquals(0, trained.code(), trained.err());
      JsonNode summary = trained.summary();
      assertEquals(20, summary.get("n_way").asInt(), summary.toString());
      assertEquals("[2,3,4,5,6]", summary.get("layer_ids").toString());
      Path bundleDir = Path.of(summary.get("bundle").asText());
      JsonNode model = JSON.readTree(bundleDir.resolve("bundle.json").toFile()).get("model");
      assertEquals(32, model.get("image_input_dim").asInt(), "the width comes from the bank");

      Path g = dir.resolve("gallery");
      FeaturesCommandTest.Cli built =
          FeaturesCommandTest.cli(
              List.of(
                  "gallery",
                  "build",
                  "--model",
                  bundleDir.toString(),
                  "--features",
                  b.toString(),
                  "--out",
                  g.toString(),
                  "--device",
                  "cpu"));
      assertEquals(0, built.code(), built.err());
      assertEquals(212, built.summary().get("size").asInt(), built.out());
      bank = b;
      bundle = bundleDir;
      gallery = g;
      work = dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theGalleryOfAllImagesHoldsTheBundlesTestGalleryRowForRow() throws Exception {
    build();
    Gallery all = Gallery.load(gallery);
    Gallery own = Gallery.load(bundle.resolve("gallery"));
    assertEquals(212, all.size());
    assertEquals(20, own.size());
    float[] a = all.embeddings();
    float[] o = own.embeddings();
    int dim = own.dim();
    for (int i = 0; i < own.size(); i++) {
      int row = -1;
      for (int j = 0; j < all.size(); j++) {
        if (all.concepts().get(j).equals(own.concepts().get(i))
            && all.files().get(j).equals(own.files().get(i))) {
          row = j;
        }
      }
      assertTrue(row >= 0, own.files().get(i) + " is in the gallery of all images");
      for (int k = 0; k < dim; k++) {
        assertEquals(o[i * dim + k], a[row * dim + k], 1e-5, own.files().get(i));
      }
    }
  }

  @Test
  void decodeAgainstTheGalleryOfAllImages() throws Exception {
    build();
    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> overrides =
        List.of(
            "dataset_dir=" + TinyDataset.root(),
            "device=cpu",
            "simulate.eeg_name=eeg-" + id,
            "simulate.marker_name=markers-" + id,
            "simulate.source_id=sim-" + id,
            "simulate.trials=6",
            "simulate.soa=0.3",
            "decoder.results_stream=results-" + id,
            "decoder.summary_every_s=0",
            "acquisition.resolve_timeout_s=5");
    Config config = Config.load(null, overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    List<String> args =
        new ArrayList<>(
            List.of(
                "decode",
                "--model",
                bundle.toString(),
                "--gallery",
                gallery.toString(),
                "--eeg",
                settings.eegName(),
                "--markers",
                settings.markerName(),
                "--max-epochs",
                "6",
                "decoder.jsonl=-"));
    args.addAll(overrides);
    FeaturesCommandTest.Cli run;
    try {
      run = FeaturesCommandTest.cli(args);
    } finally {
      simulator.stop();
      streaming.get(30, TimeUnit.SECONDS);
    }
    assertEquals(0, run.code(), run.err());
    JsonNode s = run.summary();
    assertEquals(6, s.get("epochs_decoded").asInt(), s.toString());
    assertEquals(212, s.get("gallery_size").asInt(), s.toString());
    assertEquals(gallery.toAbsolutePath().normalize().toString(), s.get("gallery").asText());
    assertEquals(6, s.get("labelled").asInt(), "the test images are in the gallery: " + s);
    List<String> lines = run.out().lines().toList();
    assertEquals(7, lines.size(), run.out());
    for (String line : lines.subList(0, 6)) {
      JsonNode epoch = JSON.readTree(line);
      assertEquals(5, epoch.get("topk").size(), line);
    }
  }

  private FeaturesCommandTest.Cli decodeWith(Path galleryDir) {
    return FeaturesCommandTest.cli(
        List.of(
            "decode",
            "--model",
            bundle.toString(),
            "--gallery",
            galleryDir.toString(),
            "device=cpu",
            "acquisition.resolve_timeout_s=0.5"));
  }

  @Test
  void aGalleryOfAnotherModelOrWidthIsRefusedInOneLine() throws Exception {
    build();
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    for (String f : List.of(Gallery.EMBEDDINGS_FILE, Gallery.INDEX_FILE)) {
      Files.copy(gallery.resolve(f), other.resolve(f));
    }
    ObjectNode provenance =
        (ObjectNode) JSON.readTree(gallery.resolve(GalleryBuild.PROVENANCE_FILE).toFile());
    provenance.put("model_fingerprint", "0".repeat(64));
    Files.write(other.resolve(GalleryBuild.PROVENANCE_FILE), JSON.writeValueAsBytes(provenance));
    FeaturesCommandTest.Cli run = decodeWith(other);
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("was embedded by the model"), run.err());
    assertTrue(run.err().contains(other.toString()), run.err());

    Path narrow = tmp.resolve("narrow");
    Gallery.normalised(List.of("c"), List.of("f.jpg"), new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 8)
        .save(narrow);
    run = decodeWith(narrow);
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("8-dimensional"), run.err());
    assertTrue(run.err().contains(narrow.toString()), run.err());
    assertTrue(Files.isRegularFile(bank));
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
