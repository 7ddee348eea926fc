package org.eegdecode.training.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.eegdecode.acquisition.things.ThingsObjects;
import org.eegdecode.training.cli.EegDecode;
import org.eegdecode.training.data.FeatureBank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code eegdecode features} with the committed tiny ViT (traced by torch 1.13, run by DJL's
 * libtorch 2.5.1) on the fixture's six images: the pooled features equal Python's to float
 * tolerance, the float16 bank equals the one numpy wrote in the seed's format, bad input is one
 * line naming the file or layer with nothing written, and {@code --resume} continues a stopped run.
 */
class FeaturesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Cli(int code, String out, String err) {
    JsonNode summary() throws IOException {
      List<String> lines = out.lines().toList();
      return JSON.readTree(lines.get(lines.size() - 1));
    }
  }

  static Cli cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = EegDecode.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args.toArray(new String[0]));
    return new Cli(code, out.toString(), err.toString());
  }

  private static List<String> features(Path backbone, Path images, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "features",
                "--backbone",
                backbone.toString(),
                "--images",
                images.toString(),
                "--out",
                out.toString(),
                "--no-progress",
                "device=cpu",
                "image_size=32",
                "layer_ids=[0,3,6]"));
    args.addAll(List.of(more));
    return args;
  }

  private static Map<?, ?> bank(Path file) throws IOException {
    return ThingsObjects.readDict(file);
  }

  private static NdArray entry(Map<?, ?> bank, String concept, String file) {
    for (Map.Entry<?, ?> e : bank.entrySet()) {
      Object[] key = (Object[]) e.getKey();
      if (key[0].equals(concept) && key[1].equals(file)) {
        return (NdArray) e.getValue();
      }
    }
    throw new AssertionError("no entry (" + concept + ", " + file + ")");
  }

  @Test
  void pooledFeaturesEqualPythonsToFloatTolerance() throws Exception {
    Path out = tmp.resolve("bank32.npy");
    Cli run =
        cli(features(FeatureFixture.backbone(), FeatureFixture.images(), out, "dtype=float32"));
    assertEquals(0, run.code(), run.err());
    JsonNode s = run.summary();
    assertEquals(6, s.get("images").asInt());
    assertEquals(6, s.get("computed").asInt());
    assertEquals("[0,3,6]", s.get("layers").toString());
    assertEquals(32, s.get("dim").asInt());
    assertEquals(7, s.get("hidden_states").asInt());
    assertEquals(17, s.get("tokens").asInt());
    assertEquals("cpu()", s.get("device").asText());
    assertTrue(s.get("images_per_s").asDouble() > 0, s.toString());

    float[] want = NpyReader.readArray(FeatureFixture.dir().resolve("features.npy")).toFloat32();
    Map<?, ?> got = bank(out);
    assertEquals(6, got.size());
    double maxAbs = 0;
    double maxValue = 0;
    List<String[]> order = FeatureFixture.order();
    for (int i = 0; i < order.size(); i++) {
      NdArray a = entry(got, order.get(i)[0], order.get(i)[1]);
      assertEquals("<f4", a.dtype().descr());
      assertEquals(List.of(3, 32), List.of(a.shape()[0], a.shape()[1]));
      float[] v = a.toFloat32();
      for (int j = 0; j < v.length; j++) {
        double w = want[i * 96 + j];
        maxAbs = Math.max(maxAbs, Math.abs(v[j] - w));
        maxValue = Math.max(maxValue, Math.abs(w));
      }
    }
    // Same weights, same pixels (bit-exact, PreprocessorTest); what is left is float32 summation
    // order between torch 1.13 (Debian, OpenBLAS) and libtorch 2.5.1 (DJL, MKL).
    assertTrue(maxAbs <= 1e-5 * Math.max(1, maxValue), "max |Java - Python| = " + maxAbs);
    System.out.printf(
        "features vs Python: max |diff| %.3g (values up to %.3g)%n", maxAbs, maxValue);
  }

  @Test
  void theFloat16BankMatchesTheSeedFormatBankNumpyWrote() throws Exception {
    Path out = tmp.resolve("bank.npy");
    Cli run = cli(features(FeatureFixture.backbone(), FeatureFixture.images(), out));
    assertEquals(0, run.code(), run.err());
    Map<?, ?> python = bank(FeatureFixture.dir().resolve("bank.npy"));
    Map<?, ?> java = bank(out);
    assertEquals(python.size(), java.size());
    List<Object> pythonKeys = new ArrayList<>();
    python.keySet().forEach(k -> pythonKeys.add(List.of((Object[]) k)));
    List<Object> javaKeys = new ArrayList<>();
    java.keySet().forEach(k -> javaKeys.add(List.of((Object[]) k)));
    assertEquals(pythonKeys, javaKeys, "same keys in the same order");
    int differing = 0;
    for (String[] key : FeatureFixture.order()) {
      short[] p = entry(python, key[0], key[1]).toFloat16Bits();
      short[] j = entry(java, key[0], key[1]).toFloat16Bits();
      assertEquals("<f2", entry(java, key[0], key[1]).dtype().descr());
      for (int i = 0; i < p.length; i++) {
        // at most one unit in the last place (a float32 difference can cross a rounding boundary)
        assertTrue(halfUlps(p[i], j[i]) <= 1, key[1] + " value " + i);
        differing += p[i] == j[i] ? 0 : 1;
      }
    }
    System.out.println("float16 bank vs numpy's: " + differing + " of 576 values differ");
    FeatureBank read = FeatureBank.read(out);
    assertEquals(6, read.size());
    assertEquals(3, read.layers());
    assertEquals(32, read.dim());
    assertTrue(Files.isRegularFile(FeatureExtraction.provenanceFile(out)));
  }

  /** Distance in float16 units in the last place (adjacent halves are 1 apart, ±0 are 0). */
  static int halfUlps(short a, short b) {
    return Math.abs(ordered(a) - ordered(b));
  }

  private static int ordered(short bits) {
    int magnitude = bits & 0x7FFF;
    return (bits & 0x8000) != 0 ? -magnitude : magnitude;
  }

  private static void assertOneLineExitTwo(Cli run, Path out, String... fragments) {
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("eegdecode features: "), run.err());
    for (String f : fragments) {
      assertTrue(run.err().contains(f), "'" + f + "' in " + run.err());
    }
    assertEquals("", run.out());
    assertFalse(Files.exists(out), "nothing written at " + out);
  }

  @Test
  void badBackbonesAndLayersAreOneLineNamingThemAndWriteNothing() throws Exception {
    Path out = tmp.resolve("bank.npy");
    Path images = FeatureFixture.images();
    Path tiny = FeatureFixture.backbone();
    assertOneLineExitTwo(
        cli(features(tiny, images, out, "layer_ids=[0,3,7]")),
        out,
        "layer_ids",
        "layer 7",
        "out of range",
        "7 hidden states",
        tiny.toString());
    Path lastOnly = FeatureFixture.dir().resolve("last_hidden_only.pt");
    assertOneLineExitTwo(
        cli(features(lastOnly, images, out)),
        out,
        lastOnly.toString(),
        "not a tuple of hidden states");
    assertOneLineExitTwo(
        cli(features(tiny, images, out, "image_size=48")),
        out,
        tiny.toString(),
        "(1, 3, 48, 48)",
        "image_size");
    Path png = images.resolve("00001_aardvark/aardvark_01b.png");
    assertOneLineExitTwo(cli(features(png, images, out)), out, png.toString(), "TorchScript");
    assertOneLineExitTwo(
        cli(features(tiny, tmp.resolve("absent"), out)), out, tmp.resolve("absent").toString());
    assertOneLineExitTwo(
        cli(features(tiny, images, out, "features.dtype=int8")), out, "features.dtype");
  }

  private Path copyOfImages() throws IOException {
    Path dir = tmp.resolve("images");
    try (Stream<Path> files = Files.walk(FeatureFixture.images())) {
      for (Path p : files.sorted().toList()) {
        Path target = dir.resolve(FeatureFixture.images().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return dir;
  }

  @Test
  void aBadImageStopsTheRunNamingItAndResumeFinishesTheBank() throws Exception {
    Path images = copyOfImages();
    Path bad = images.resolve("00002_abacus/abacus_03z.jpg"); // fifth of seven in order
    Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x11, 0x22});
    Files.writeString(images.resolve("00002_abacus/notes.txt"), "skipped, and counted\n");
    Path out = tmp.resolve("bank.npy");
    Path partial = FeatureExtraction.partialFile(out);
    Cli failed = cli(features(FeatureFixture.backbone(), images, out, "batch_size=2"));
    assertOneLineExitTwo(failed, out, bad.toString(), "--resume", partial.toString());
    assertEquals(4, bank(partial).size(), "the two batches before the bad image are kept");

    Files.delete(bad);
    Cli resumed = cli(features(FeatureFixture.backbone(), images, out, "batch_size=2", "--resume"));
    assertEquals(0, resumed.code(), resumed.err());
    JsonNode s = resumed.summary();
    assertEquals(6, s.get("images").asInt(), s.toString());
    assertEquals(2, s.get("computed").asInt(), s.toString());
    assertEquals(4, s.get("resumed_entries").asInt(), s.toString());
    assertEquals(1, s.get("skipped_files").asInt(), s.toString());
    assertFalse(Files.exists(partial), "the checkpoint is gone once the bank is complete");
    Map<?, ?> python = bank(FeatureFixture.dir().resolve("bank.npy"));
    Map<?, ?> java = bank(out);
    assertEquals(6, java.size());
    for (String[] key : FeatureFixture.order()) {
      short[] p = entry(python, key[0], key[1]).toFloat16Bits();
      short[] j = entry(java, key[0], key[1]).toFloat16Bits();
      for (int i = 0; i < p.length; i++) {
        assertTrue(halfUlps(p[i], j[i]) <= 1, key[1] + " value " + i);
      }
    }

    Cli nothingLeft =
        cli(features(FeatureFixture.backbone(), images, out, "batch_size=2", "--resume"));
    assertEquals(0, nothingLeft.code(), nothingLeft.err());
    assertEquals(0, nothingLeft.summary().get("computed").asInt());
    assertEquals(6, nothingLeft.summary().get("already_in_bank").asInt());

    Cli otherLayers =
        cli(features(FeatureFixture.backbone(), images, out, "layer_ids=[0,6]", "--resume"));
    assertEquals(2, otherLayers.code(), otherLayers.err());
    assertTrue(otherLayers.err().contains("layer_ids"), otherLayers.err());
    assertTrue(otherLayers.err().contains(out.toString()), otherLayers.err());
    deleteTree(images);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
