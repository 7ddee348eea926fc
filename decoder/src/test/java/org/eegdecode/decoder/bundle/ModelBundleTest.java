package org.eegdecode.decoder.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.RouterMode;
import org.eegdecode.decoder.model.SupaEegModel;
import org.eegdecode.decoder.model.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 12;

  @TempDir Path tmp;

  private ModelConfig config;
  private Model model;
  private SupaEegModel block;
  private PreprocessingContract contract;
  private float[] features;
  private float[] eeg;
  private Gallery gallery;

  @BeforeEach
  void build() {
    Engine.getEngine(Devices.ENGINE).setRandomSeed(5);
    config = TestModels.small();
    model = Model.newInstance("trained", Device.cpu(), Devices.ENGINE);
    block = new SupaEegModel(config);
    model.setBlock(block);
    block.initialize(model.getNDManager());
    contract =
        new PreprocessingContract(
            List.of("O1", "Oz", "O2"),
            100,
            -0.02,
            0.06,
            PreprocessingContract.BASELINE_PRESTIMULUS,
            new float[] {1, 0, 0, 0.5f, 2, 0, 0, 0.25f, 3},
            "whitened");
    features = TestModels.gaussian(1, N * config.layers() * config.imageInputDim());
    eeg = TestModels.gaussian(2, N * config.eegInputDim());
    gallery =
        Gallery.embed(block, model.getNDManager(), features, N, names("concept", N), names("f", N));
  }

  @AfterEach
  void closeModel() {
    model.close();
  }

  private static List<String> names(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private ModelBundle created() {
    ObjectNode metrics = JSON.createObjectNode().put("val_top1", 0.42).put("epoch", 17);
    return ModelBundle.create(model, config, contract, gallery, null, metrics);
  }

  private Path saved() throws IOException {
    Path dir = tmp.resolve("bundle");
    created().save(dir);
    return dir;
  }

  private static float[] eegEmbeddings(SupaEegModel b, float[] x, int n) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
      return b.encodeEeg(
              new ParameterStore(m, false),
              m.create(x, new Shape(n, b.config().eegInputDim())),
              false)
          .toFloatArray();
    }
  }

  private static IOException loadFails(Path dir) {
    IOException e = assertThrows(IOException.class, () -> ModelBundle.load(dir, Device.cpu()));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  private static ObjectNode manifest(Path dir) throws IOException {
    return (ObjectNode) JSON.readTree(dir.resolve(ModelBundle.MANIFEST).toFile());
  }

  private static void write(Path dir, ObjectNode manifest) throws IOException {
    JSON.writeValue(dir.resolve(ModelBundle.MANIFEST).toFile(), manifest);
  }

  private static Path params(Path dir) throws IOException {
    return dir.resolve(manifest(dir).get("params_file").asText());
  }

  @Test
  void saveAndLoadGiveIdenticalEmbeddings() throws IOException {
    ModelBundle original = created();
    assertNull(original.fingerprint());
    Path dir = tmp.resolve("bundle");
    original.save(dir);
    assertNotNull(original.fingerprint());
    assertEquals(dir.toAbsolutePath(), original.directory());
    try (ModelBundle loaded = ModelBundle.load(dir, Device.cpu())) {
      assertEquals(original.fingerprint(), loaded.fingerprint());
      assertEquals(config, loaded.config());
      assertEquals(contract, loaded.contract());
      assertEquals(contract.toEpochSpec(), loaded.contract().toEpochSpec());
      assertEquals(
          new EpochSpec(-0.02, 0.06, 100, List.of("O1", "Oz", "O2"), contract.whitening()),
          loaded.contract().toEpochSpec());
      assertArrayEquals(original.routerWeights(), loaded.routerWeights());
      assertArrayEquals(block.globalRouterWeights(model.getNDManager()), loaded.routerWeights());
      assertEquals(0.42, loaded.metrics().get("val_top1").asDouble());
      assertEquals(gallery.concepts(), loaded.gallery().concepts());
      assertEquals(gallery.files(), loaded.gallery().files());
      assertArrayEquals(gallery.embeddings(), loaded.gallery().embeddings());
      // Bit for bit on the CPU: the EEG branch and the image branch (re-embedding the gallery).
      assertArrayEquals(eegEmbeddings(block, eeg, N), eegEmbeddings(loaded.block(), eeg, N));
      Gallery again =
          Gallery.embed(
              loaded.block(),
              loaded.model().getNDManager(),
              features,
              N,
              gallery.concepts(),
              gallery.files());
      assertArrayEquals(gallery.embeddings(), again.embeddings());
      assertEquals(loaded.block(), loaded.model().getBlock());
    }
    // The layout.
    assertTrue(Files.isRegularFile(dir.resolve("supaeeg-0000.params")));
    assertTrue(Files.isRegularFile(dir.resolve("gallery/gallery_embeddings.npy")));
    ObjectNode m = manifest(dir);
    assertEquals(1, m.get("format_version").asInt());
    assertEquals(ModelBundle.EEGDECODE_VERSION, m.get("eegdecode_version").asText());
    assertEquals(64, m.get("fingerprint").asText().length());
    assertEquals(
        ModelBundle.sha256(dir.resolve("supaeeg-0000.params")), m.get("params_sha256").asText());
  }

  @Test
  void saveIsAtomicAndReplacesAnOldBundle() throws IOException {
    Path dir = saved();
    String first = manifest(dir).get("fingerprint").asText();
    Files.writeString(dir.resolve("stale.txt"), "from the old bundle");
    created().save(dir);
    assertFalse(Files.exists(dir.resolve("stale.txt")), "the old directory was replaced whole");
    assertEquals(first, manifest(dir).get("fingerprint").asText(), "same weights, same print");
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList(), "no .tmp- or .old- directories left");
    }
    // Another model config gives another fingerprint.
    try (Model other = Model.newInstance("other", Device.cpu(), Devices.ENGINE)) {
      ModelConfig uniform = config.withRouterMode(RouterMode.UNIFORM);
      SupaEegModel b = new SupaEegModel(uniform);
      other.setBlock(b);
      b.initialize(other.getNDManager());
      Path dir2 = tmp.resolve("uniform");
      ModelBundle.create(other, uniform, contract, gallery, null, null).save(dir2);
      assertNotEquals(first, manifest(dir2).get("fingerprint").asText());
      try (ModelBundle loaded = ModelBundle.load(dir2, Device.cpu())) {
        assertEquals(RouterMode.UNIFORM, loaded.config().routerMode());
        assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}, loaded.routerWeights());
      }
    }
  }

  @Test
  void corruptOrTruncatedParamsAreReported() throws IOException {
    Path dir = saved();
    Path params = params(dir);
    byte[] bytes = Files.readAllBytes(params);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x01;
    Files.write(params, flipped);
    IOException e = loadFails(dir);
    assertTrue(e.getMessage().contains(params.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains("does not match bundle.json"), e.getMessage());

    Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    e = loadFails(dir);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Files.write(params, bytes);
    Path emb = dir.resolve("gallery").resolve(Gallery.EMBEDDINGS_FILE);
    byte[] g = Files.readAllBytes(emb);
    g[g.length - 1] ^= 0x40;
    Files.write(emb, g);
    e = loadFails(dir);
    assertTrue(e.getMessage().contains(emb.toString()) && e.getMessage().contains("corrupt"));
  }

  @Test
  void anotherFormatVersionIsReported() throws IOException {
    Path dir = saved();
    ObjectNode m = manifest(dir);
    m.put("format_version", 2).put("eegdecode_version", "0.9.3");
    write(dir, m);
    IOException e = loadFails(dir);
    assertTrue(
        e.getMessage()
            .endsWith(
                "bundle.json was written by eegdecode 0.9.3 with bundle format 2; this build"
                    + " reads format 1"),
        e.getMessage());
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path dir = saved();
    Path index = dir.resolve("gallery").resolve(Gallery.INDEX_FILE);
    Files.move(index, tmp.resolve("aside.json"));
    IOException e = loadFails(dir);
    assertTrue(e.getMessage().contains(index.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
    Files.move(tmp.resolve("aside.json"), index);

    Path params = params(dir);
    Files.move(params, tmp.resolve("aside.params"));
    e = loadFails(dir);
    assertTrue(e.getMessage().contains(params.toString()), e.getMessage());
    Files.move(tmp.resolve("aside.params"), params);

    Files.delete(dir.resolve(ModelBundle.MANIFEST));
    e = loadFails(dir);
    assertTrue(e.getMessage().contains("bundle.json"), e.getMessage());
    e = loadFails(tmp.resolve("nowhere"));
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
  }

  @Test
  void anEditedModelConfigBreaksTheFingerprint() throws IOException {
    Path dir = saved();
    ObjectNode m = manifest(dir);
    ((ObjectNode) m.get("model")).put("dropout", 0.5);
    write(dir, m);
    IOException e = loadFails(dir);
    assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
  }

  @Test
  void parametersOfAnotherShapeAreReported() throws IOException {
    Path dir = saved();
    ObjectNode m = manifest(dir);
    ObjectNode model = (ObjectNode) m.get("model");
    model.put("timepoints", 9);
    ((ObjectNode) m.get("preprocessing")).put("tmax", 0.07);
    ModelConfig edited = ModelConfig.fromJson(model);
    m.put("fingerprint", ModelBundle.fingerprint(m.get("params_sha256").asText(), edited));
    write(dir, m);
    IOException e = loadFails(dir);
    assertTrue(
        e.getMessage().contains("01eeg_in_weight has shape (32, 24)")
            && e.getMessage().contains("implies (32, 27)"),
        e.getMessage());

    // Bytes that hash right but are no DJL parameter file.
    Path dir2 = tmp.resolve("garbage");
    created().save(dir2);
    Path params = params(dir2);
    Files.writeString(params, "not parameters");
    ObjectNode m2 = manifest(dir2);
    String sha = ModelBundle.sha256(params);
    m2.put("params_sha256", sha).put("fingerprint", ModelBundle.fingerprint(sha, config));
    write(dir2, m2);
    e = loadFails(dir2);
    assertTrue(e.getMessage().contains("cannot load the parameters"), e.getMessage());

    // A truncated file whose hashes were rewritten to match.
    Path dir3 = tmp.resolve("truncated");
    created().save(dir3);
    Path params3 = params(dir3);
    byte[] bytes = Files.readAllBytes(params3);
    Files.write(params3, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    ObjectNode m3 = manifest(dir3);
    String sha3 = ModelBundle.sha256(params3);
    m3.put("params_sha256", sha3).put("fingerprint", ModelBundle.fingerprint(sha3, config));
    write(dir3, m3);
    e = loadFails(dir3);
    assertTrue(e.getMessage().contains("cannot load the parameters: EOFException"), e.getMessage());
  }

  @Test
  void partsMustFitTogether() {
    Gallery narrow = Gallery.normalised(List.of("a"), List.of("a.jpg"), new float[] {1, 2}, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelBundle.create(model, config, contract, narrow, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ModelBundle.create(
                model, config.withRouterMode(RouterMode.UNIFORM), contract, gallery, null, null));
    PreprocessingContract longer =
        new PreprocessingContract(
            List.of("O1", "Oz", "O2"), 100, -0.02, 0.5, "b", null, "whitened");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelBundle.create(model, config, longer, gallery, null, null));
    assertTrue(e.getMessage().contains("52 samples"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelBundle.create(model, config, contract, gallery, new float[3], null));
  }

  @Test
  void contractJsonRoundTrip() {
    assertEquals(contract, PreprocessingContract.fromJson(contract.toJson()));
    PreprocessingContract plain =
        PreprocessingContract.of(new EpochSpec(-0.2, 0.8, 100, List.of(), null), "V");
    assertEquals(plain, PreprocessingContract.fromJson(plain.toJson()));
    assertEquals(100, plain.samples());
    assertThrows(
        IllegalArgumentException.class,
        () -> new PreprocessingContract(List.of("a"), 100, -0.2, 0.8, "b", new float[4], "V"));
  }
}
