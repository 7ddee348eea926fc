package org.eegdecode.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.training.cli.EegDecode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code eegdecode train / evaluate / gallery build / sweep-layers} on the tiny dataset. */
class TrainCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper JSON_READER = JSON;

  @TempDir static Path out;
  static JsonNode trained;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cmd = EegDecode.commandLine();
    cmd.setOut(new PrintWriter(o, true));
    cmd.setErr(new PrintWriter(e, true));
    int code = cmd.execute(args);
    return new Run(code, o.toString(), e.toString());
  }

  static JsonNode jsonLine(Run run) throws Exception {
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(1, lines.size(), "exactly one line on stdout: " + run.out());
    return JSON.readTree(lines.get(0));
  }

  static String[] args(String command, Path dir, String... overrides) {
    List<String> all = new ArrayList<>(List.of(command, "--no-progress"));
    all.addAll(List.of(TinyDataset.args(dir, overrides)));
    return all.toArray(new String[0]);
  }

  @BeforeAll
  static void train() throws Exception {
    trained = jsonLine(cli(args("train", out.resolve("intra"), "epochs=6", "subject=1")));
  }

  @Test
  void intraTrainingBeatsChanceClearly() {
    double chance = trained.get("chance_top1").asDouble();
    assertEquals(1.0 / 20, chance, 1e-12); // 20 test concepts
    double top1 = trained.get("mean_top1").asDouble();
    assertTrue(top1 >= 4 * chance, "top-1 " + top1 + " vs chance " + chance);
    assertTrue(trained.get("mean_top5").asDouble() >= top1);
  }

  @Test
  void jsonLineHasEveryField() {
    for (String key :
        new String[] {
          "protocol",
          "test_mode",
          "subjects",
          "mean_top1",
          "mean_top5",
          "chance_top1",
          "router_weights",
          "run",
          "bundle",
          "bundles"
        }) {
      assertTrue(trained.has(key), key + " in " + trained);
    }
    assertEquals("intra", trained.get("protocol").asText());
    assertEquals("trial-embeddings-averaged", trained.get("test_mode").asText());
    JsonNode s = trained.get("subjects").get(0);
    assertEquals(1, s.get("subject").asInt());
    for (String key : new String[] {"top1", "top5", "test_selected_top1"}) {
      assertTrue(s.get(key).isNumber(), key);
    }
    assertTrue(s.get("test_selected_top1").asDouble() >= s.get("top1").asDouble() - 1e-12);
    assertEquals(5, trained.get("router_weights").size());
    double sum = 0;
    for (JsonNode w : trained.get("router_weights")) {
      sum += w.asDouble();
    }
    assertEquals(1.0, sum, 1e-5);
    assertEquals(1, trained.get("bundles").size());
    assertEquals(trained.get("bundle").asText(), trained.get("bundles").get(0).asText());
  }

  @Test
  void runFolderHoldsEveryFile() throws Exception {
    Path run = Path.of(trained.get("run").asText());
    assertTrue(run.getFileName().toString().matches("\\d{8}-\\d{6}-intra-sub1"), run.toString());
    for (String f :
        new String[] {
          RunFolder.CONFIG,
          RunFolder.METRICS_CSV,
          RunFolder.METRICS_JSON,
          RunFolder.RESULTS,
          RunFolder.SUMMARY,
          RunFolder.LOSS_PNG,
          RunFolder.TOP1_PNG,
          RunFolder.SUBJECTS_PNG,
          RunFolder.ROUTER_PNG
        }) {
      assertTrue(Files.size(run.resolve(f)) > 0, f);
    }
    for (String png :
        new String[] {
          RunFolder.LOSS_PNG, RunFolder.TOP1_PNG, RunFolder.SUBJECTS_PNG, RunFolder.ROUTER_PNG
        }) {
      assertNotNull(ImageIO.read(run.resolve(png).toFile()), png);
    }
    // refit (the default): 6 selection epochs, then the chosen number retrained on every concept
    int chosen = trained.get("subjects").get(0).get("selected_epoch").asInt();
    assertEquals("refit", trained.get("subjects").get(0).get("selection").asText());
    assertTrue(chosen >= 1 && chosen <= 6, "chosen epoch " + chosen);
    List<String> csv = Files.readAllLines(run.resolve(RunFolder.METRICS_CSV));
    assertEquals(1 + 6 + chosen, csv.size());
    assertTrue(csv.get(0).startsWith("subject,epoch,stage,lr,loss,mmd,infonce"), csv.get(0));
    assertTrue(csv.get(0).contains("val_top1,val_top5,test_top1,test_top5,router_20"));
    assertTrue(csv.get(0).endsWith(",phase"), csv.get(0));
    assertEquals(6, csv.stream().filter(l -> l.endsWith(",selection")).count());
    assertEquals(chosen, csv.stream().filter(l -> l.endsWith(",refit")).count());
    JsonNode metrics = JSON.readTree(run.resolve(RunFolder.METRICS_JSON).toFile());
    assertEquals(6 + chosen, metrics.size());
    assertEquals("selection", metrics.get(0).get("phase").asText());
    assertEquals("refit", metrics.get(6).get("phase").asText());
    // the refit has no validation concepts: its curve carries no validation figure
    assertTrue(metrics.get(6).get("val_top1").isNull(), metrics.get(6).toString());
    for (String key :
        new String[] {
          "epoch",
          "stage",
          "lr",
          "loss",
          "mmd",
          "infonce",
          "val_top1",
          "val_top5",
          "test_top1",
          "test_top5",
          "router_weights",
          "seconds"
        }) {
      assertTrue(metrics.get(0).has(key), key);
    }
    assertEquals(1.0e-4, metrics.get(0).get("lr").asDouble());
    String results = Files.readString(run.resolve(RunFolder.RESULTS));
    assertTrue(results.contains("| sub-01 |"), results);
    assertTrue(results.contains("| **mean** |"), results);
    assertTrue(results.contains("test-selected"), results);
    assertTrue(results.contains("single-trial top-1"), results);
    assertTrue(results.contains("retrained from scratch on **every**"), results);
    assertTrue(Files.readString(run.resolve(RunFolder.CONFIG)).contains("epochs: 6"));
    Path bundle = run.resolve("bundle-sub-01");
    assertEquals(bundle.toString(), trained.get("bundle").asText());
    try (ModelBundle b = ModelBundle.load(bundle, Device.cpu())) {
      assertEquals(20, b.gallery().size());
      assertEquals(17, b.contract().channels().size());
      assertEquals("Pz", b.contract().channels().get(0));
      assertEquals(100.0, b.contract().modelRate(), 1e-9);
      assertEquals(-0.2, b.contract().tmin(), 1e-9);
      assertEquals(0.8, b.contract().tmax(), 1e-9);
      assertEquals(null, b.contract().whitening());
      assertEquals(2, b.config().subjects());
      assertEquals(
          trained.get("subjects").get(0).get("top1").asDouble(),
          b.metrics().get("top1").asDouble());
    }
  }

  @Test
  void evaluateReproducesTheTrainedFigures() throws Exception {
    JsonNode eval =
        jsonLine(
            cli(
                "evaluate",
                "--model",
                trained.get("bundle").asText(),
                "dataset_dir=" + TinyDataset.root(),
                "subject=1",
                "device=cpu"));
    for (String key : new String[] {"protocol", "test_mode", "subjects", "mean_top1", "bundle"}) {
      assertTrue(eval.has(key), key);
    }
    assertEquals(trained.get("mean_top1").asDouble(), eval.get("mean_top1").asDouble(), 1e-12);
    assertEquals(trained.get("mean_top5").asDouble(), eval.get("mean_top5").asDouble(), 1e-12);
    // the other test mode: trials averaged before the encoder
    JsonNode averaged =
        jsonLine(
            cli(
                "evaluate",
                "--model",
                trained.get("bundle").asText(),
                "dataset_dir=" + TinyDataset.root(),
                "subject=1",
                "device=cpu",
                "data_average_test=true"));
    assertEquals("trials-averaged", averaged.get("test_mode").asText());
    assertTrue(averaged.get("mean_top1").asDouble() >= 2 * averaged.get("chance_top1").asDouble());
  }

  @Test
  void trialsAveragedTestModeTrains() throws Exception {
    JsonNode run =
        jsonLine(
            cli(
                args(
                    "train",
                    out.resolve("averaged"),
                    "epochs=2",
                    "data_average_test=true",
                    "--tag=avg")));
    assertEquals("trials-averaged", run.get("test_mode").asText());
    assertTrue(run.get("run").asText().endsWith("-intra-sub1-avg"), run.get("run").asText());
  }

  @Test
  void interProtocolOnTwoSubjects() throws Exception {
    JsonNode run =
        jsonLine(
            cli(args("train", out.resolve("inter"), "protocol=inter", "subject=-1", "epochs=2")));
    assertEquals("inter", run.get("protocol").asText());
    assertEquals(2, run.get("subjects").size());
    assertEquals(1, run.get("subjects").get(0).get("subject").asInt());
    assertEquals(2, run.get("subjects").get(1).get("subject").asInt());
    assertEquals(2, run.get("bundles").size());
    assertTrue(run.get("run").asText().matches(".*-inter-suball$"), run.get("run").asText());
    Path dir = Path.of(run.get("run").asText());
    JsonNode metrics = JSON.readTree(dir.resolve(RunFolder.METRICS_JSON).toFile());
    int refitEpochs = 0;
    for (JsonNode subject : run.get("subjects")) {
      refitEpochs += subject.get("selected_epoch").asInt();
    }
    assertEquals(4 + refitEpochs, metrics.size()); // 2 folds × 2 selection epochs + the refits
    try (ModelBundle b =
        ModelBundle.load(Path.of(run.get("bundles").get(1).asText()), Device.cpu())) {
      assertEquals(2, b.metrics().get("subject").asInt());
      assertEquals(1, b.metrics().get("train_subjects").get(0).asInt());
    }
  }

  @Test
  void galleryBuildEmbedsTheWholeBank() throws Exception {
    Path gallery = out.resolve("gallery");
    JsonNode g =
        jsonLine(
            cli(
                "gallery",
                "build",
                "--model",
                trained.get("bundle").asText(),
                "--features",
                TinyDataset.root()
                    .resolve(
                        "image_feature/internvit_multilevel_20_24_28_32_36/internvit_features.npy")
                    .toString(),
                "--out",
                gallery.toString(),
                "--device",
                "cpu"));
    assertEquals(192 + 20, g.get("size").asInt());
    assertEquals(512, g.get("dim").asInt());
    assertTrue(Files.isRegularFile(gallery.resolve("gallery.json")));
    assertEquals(212, org.eegdecode.decoder.gallery.Gallery.load(gallery).size());
  }

  @Test
  void sweepLayersTrainsEachLayerAndTheRouter() throws Exception {
    JsonNode sweep =
        jsonLine(cli(args("sweep-layers", out.resolve("sweep"), "epochs=1", "subject=2")));
    JsonNode layers = sweep.get("layers");
    assertEquals(5, layers.size());
    int[] ids = {20, 24, 28, 32, 36};
    for (int i = 0; i < ids.length; i++) {
      assertEquals(ids[i], layers.get(i).get("layer").asInt());
      assertTrue(layers.get(i).get("top1").isNumber());
      assertTrue(Files.isDirectory(Path.of(layers.get(i).get("run").asText())));
    }
    assertTrue(sweep.get("router").get("top1").isNumber());
    assertTrue(Files.size(Path.of(sweep.get("plot").asText())) > 0);
    assertTrue(Files.isRegularFile(Path.of(sweep.get("run").asText()).resolve("sweep.json")));
    assertFalse(sweep.get("best_layer").asText().isEmpty());
  }

  @Test
  void badConfigIsOneLineExitTwo() {
    Run run = cli(args("train", out.resolve("bad"), "layer_ids=[20,24]", "router_init=[0,0]"));
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("layer_ids"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }
}
