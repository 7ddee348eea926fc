package org.eegdecode.decoder.bundle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.SupaEegModel;

/**
 * The one contract between training and live decoding: the SUPAEEG architecture and weights, the
 * preprocessing contract, the cached gallery, the global router weights and the training metrics.
 *
 * <p>A bundle directory holds:
 *
 * <pre>
 * bundle.json            format_version, eegdecode_version, created, fingerprint, params_file,
 *                        params_sha256, model (ModelConfig), preprocessing, router_weights,
 *                        gallery {dir, size, dim, sha256 {file: hash}}, metrics
 * supaeeg-NNNN.params    DJL Model.save of the SupaEegModel block
 * gallery/               gallery_embeddings.npy, gallery.json
 * </pre>
 *
 * The fingerprint is {@code sha256(params_sha256 + "\n" + compact model-config JSON)} (hex): it
 * changes with the weights or the architecture. {@link #save} is atomic: everything is written to a
 * sibling {@code <dir>.tmp-…} directory that then replaces {@code dir}. {@link #load} checks the
 * format version, every file's sha256 and the parameter shapes, and reports problems as one-line
 * {@link IOException}s naming the file.
 */
public final class ModelBundle implements AutoCloseable {
  public static final int FORMAT_VERSION = 1;
  public static final String EEGDECODE_VERSION = "0.1.0";
  public static final String MANIFEST = "bundle.json";
  public static final String PARAMS_PREFIX = "supaeeg";
  public static final String GALLERY_DIR = "gallery";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private final Model model;
  private final boolean ownsModel;
  private final SupaEegModel block;
  private final ModelConfig config;
  private final PreprocessingContract contract;
  private final Gallery gallery;
  private final float[] routerWeights;
  private final JsonNode metrics;
  private String fingerprint;
  private Path directory;

  private ModelBundle(
      Model model,
      boolean ownsModel,
      ModelConfig config,
      PreprocessingContract contract,
      Gallery gallery,
      float[] routerWeights,
      JsonNode metrics,
      String fingerprint,
      Path directory) {
    this.model = model;
    this.ownsModel = ownsModel;
    this.block = (SupaEegModel) model.getBlock();
    this.config = config;
    this.contract = contract;
    this.gallery = gallery;
    this.routerWeights = routerWeights.clone();
    this.metrics = metrics == null ? JsonNodeFactory.instance.objectNode() : metrics.deepCopy();
    this.fingerprint = fingerprint;
    this.directory = directory;
  }

  /**
   * A bundle of a trained model, ready to {@link #save}. The bundle does not take ownership of
   * {@code model}: {@link #close} leaves it open.
   *
   * @param model a model whose block is an initialised {@link SupaEegModel} built from {@code
   *     config}
   * @param routerWeights the global router prior (L values); null computes it from the model
   * @param metrics training and evaluation figures to keep with the model (may be null)
   * @throws IllegalArgumentException when the parts do not fit together
   */
  public static ModelBundle create(
      Model model,
      ModelConfig config,
      PreprocessingContract contract,
      Gallery gallery,
      float[] routerWeights,
      JsonNode metrics) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(gallery, "gallery");
    if (!(model.getBlock() instanceof SupaEegModel supa)) {
      throw new IllegalArgumentException(
          "the model's block must be a SupaEegModel, got "
              + (model.getBlock() == null ? "none" : model.getBlock().getClass().getName()));
    }
    if (!supa.config().equals(config)) {
      throw new IllegalArgumentException(
          "the model was built from " + supa.config() + ", not from " + config);
    }
    if (!supa.isInitialized()) {
      throw new IllegalArgumentException("the model has not been initialised or trained");
    }
    float[] weights =
        routerWeights != null ? routerWeights : supa.globalRouterWeights(model.getNDManager());
    String problem = consistency(config, contract, gallery, weights);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new ModelBundle(model, false, config, contract, gallery, weights, metrics, null, null);
  }

  /**
   * The same model with another gallery to decode against (e.g. one {@code gallery build} made from
   * new images). The result shares this bundle's model and never closes it: close this one.
   *
   * @throws IllegalArgumentException when the gallery's width is not the model's feature_dim
   */
  public ModelBundle withGallery(Gallery other) {
    Objects.requireNonNull(other, "gallery");
    String problem = consistency(config, contract, other, routerWeights);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new ModelBundle(
        model, false, config, contract, other, routerWeights, metrics, fingerprint, directory);
  }

  /** Null when the parts fit together, else what is wrong (one line). */
  private static String consistency(
      ModelConfig config, PreprocessingContract contract, Gallery gallery, float[] weights) {
    if (gallery.dim() != config.featureDim()) {
      return "the gallery holds "
          + gallery.dim()
          + "-dimensional embeddings but the model's feature_dim is "
          + config.featureDim();
    }
    if (weights.length != config.layers()) {
      return weights.length + " router weights for " + config.layers() + " layers";
    }
    if (!contract.channels().isEmpty() && contract.channels().size() != config.channels()) {
      return "the preprocessing contract lists "
          + contract.channels().size()
          + " channels but the model takes "
          + config.channels();
    }
    if (contract.samples() != config.timepoints()) {
      return "the preprocessing window "
          + contract.tmin()
          + " .. "
          + contract.tmax()
          + " s at "
          + contract.modelRate()
          + " Hz gives "
          + contract.samples()
          + " samples but the model takes "
          + config.timepoints();
    }
    return null;
  }

  /**
   * Writes the bundle to {@code dir} atomically (a previous bundle there is replaced only once the
   * new one is complete) and records its directory and fingerprint.
   */
  public void save(Path dir) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, target.getFileName() + ".tmp-");
    try {
      model.save(tmp, PARAMS_PREFIX);
      Path params = findParams(tmp);
      force(params);
      String paramsSha = sha256(params);
      String fp = fingerprint(paramsSha, config);
      Path galleryDir = tmp.resolve(GALLERY_DIR);
      gallery.save(galleryDir);

      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("format_version", FORMAT_VERSION);
      manifest.put("eegdecode_version", EEGDECODE_VERSION);
      manifest.put("created", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
      manifest.put("fingerprint", fp);
      manifest.put("params_file", params.getFileName().toString());
      manifest.put("params_sha256", paramsSha);
      manifest.set("model", config.toJson());
      manifest.set("preprocessing", contract.toJson());
      ArrayNode weights = manifest.putArray("router_weights");
      for (float w : routerWeights) {
        weights.add(w);
      }
      ObjectNode g = manifest.putObject("gallery");
      g.put("dir", GALLERY_DIR);
      g.put("size", gallery.size());
      g.put("dim", gallery.dim());
      ObjectNode hashes = g.putObject("sha256");
      for (String name : new String[] {Gallery.EMBEDDINGS_FILE, Gallery.INDEX_FILE}) {
        hashes.put(name, sha256(galleryDir.resolve(name)));
      }
      manifest.set("metrics", metrics);
      Path manifestFile = tmp.resolve(MANIFEST);
      Files.write(manifestFile, JSON.writeValueAsBytes(manifest), StandardOpenOption.CREATE_NEW);
      force(manifestFile);
      replace(tmp, target);
      this.fingerprint = fp;
      this.directory = target;
    } catch (IOException | RuntimeException e) {
      deleteRecursively(tmp);
      throw e;
    }
  }

  /** Moves {@code tmp} to {@code target}, replacing an existing directory only at the end. */
  private static void replace(Path tmp, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling(target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old);
    }
    try {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target);
      }
      throw e;
    }
    if (old != null) {
      deleteRecursively(old);
    }
  }

  private static Path findParams(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PARAMS_PREFIX + "*.params")) {
      files.forEach(found::add);
    }
    if (found.size() != 1) {
      throw new IOException(
          "Model.save wrote " + found.size() + " parameter files into " + dir + ": " + found);
    }
    return found.get(0);
  }

  /**
   * Loads and checks a bundle; the model is placed on {@code device}.
   *
   * @throws IOException one line naming the file at fault: a missing file, another format version,
   *     a corrupt or truncated file (sha256 mismatch), a fingerprint mismatch, parameters whose
   *     shapes do not fit the model config, or parts that do not fit together
   */
  public static ModelBundle load(Path dir, Device device) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "model bundle directory does not exist");
    }
    Path manifestFile = root.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new NoSuchFileException(
          manifestFile.toString(), null, "missing: not a model bundle, or an incomplete copy");
    }
    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestFile.toFile());
    } catch (IOException e) {
      throw new IOException(manifestFile + " is not valid JSON: " + oneLine(e.getMessage()), e);
    }
    if (manifest == null || !manifest.isObject()) {
      throw new IOException(manifestFile + " is not a JSON object");
    }
    JsonNode version = manifest.get("format_version");
    if (version == null || !version.isIntegralNumber()) {
      throw new IOException(manifestFile + " has no integer format_version: not a model bundle");
    }
    if (version.asInt() != FORMAT_VERSION) {
      JsonNode writer = manifest.get("eegdecode_version");
      throw new IOException(
          manifestFile
              + " was written by eegdecode "
              + (writer == null ? "(unknown version)" : writer.asText())
              + " with bundle format "
              + version.asInt()
              + "; this build reads format "
              + FORMAT_VERSION);
    }
    String paramsName = text(manifest, "params_file", manifestFile);
    if (!paramsName.matches("[A-Za-z0-9._-]+\\.params")) {
      throw new IOException(manifestFile + ": invalid params_file '" + paramsName + "'");
    }
    Path params = root.resolve(paramsName);
    checkFile(params, text(manifest, "params_sha256", manifestFile), manifestFile);

    ModelConfig config;
    PreprocessingContract contract;
    try {
      config = ModelConfig.fromJson(manifest.get("model"));
      contract = PreprocessingContract.fromJson(manifest.get("preprocessing"));
    } catch (IllegalArgumentException e) {
      throw new IOException(manifestFile + ": " + oneLine(e.getMessage()), e);
    }
    String fp = fingerprint(text(manifest, "params_sha256", manifestFile), config);
    String stored = text(manifest, "fingerprint", manifestFile);
    if (!fp.equals(stored)) {
      throw new IOException(
          manifestFile
              + ": fingerprint "
              + stored
              + " does not match its params and model config ("
              + fp
              + "): bundle.json was edited after saving");
    }
    JsonNode weightsNode = manifest.get("router_weights");
    if (weightsNode == null || !weightsNode.isArray()) {
      throw new IOException(manifestFile + " lacks the list 'router_weights'");
    }
    float[] weights = new float[weightsNode.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Float.parseFloat(weightsNode.get(i).asText());
    }

    JsonNode galleryNode = manifest.get("gallery");
    if (galleryNode == null || galleryNode.get("sha256") == null) {
      throw new IOException(manifestFile + " lacks the gallery section");
    }
    Path galleryDir = root.resolve(GALLERY_DIR);
    for (String name : new String[] {Gallery.EMBEDDINGS_FILE, Gallery.INDEX_FILE}) {
      JsonNode sha = galleryNode.get("sha256").get(name);
      if (sha == null) {
        throw new IOException(manifestFile + " lacks the sha256 of " + GALLERY_DIR + "/" + name);
      }
      checkFile(galleryDir.resolve(name), sha.asText(), manifestFile);
    }
    Gallery gallery = Gallery.load(galleryDir);
    String problem = consistency(config, contract, gallery, weights);
    if (problem != null) {
      throw new IOException(manifestFile + ": " + problem);
    }

    Model model = Model.newInstance(PARAMS_PREFIX, device, Devices.ENGINE);
    try {
      SupaEegModel block = new SupaEegModel(config);
      model.setBlock(block);
      try {
        // DJL silently skips a file without its magic number and leaves the block empty.
        if (!hasDjlMagic(params)) {
          throw new IOException("not a DJL parameter file (no DJL@ header)");
        }
        model.load(root, PARAMS_PREFIX);
      } catch (MalformedModelException | IOException | RuntimeException e) {
        throw new IOException(
            params
                + ": cannot load the parameters: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage())),
            e);
      }
      checkShapes(block, config, params);
      return new ModelBundle(
          model, true, config, contract, gallery, weights, manifest.get("metrics"), fp, root);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Compares every loaded parameter with the shape the model config implies. */
  private static void checkShapes(SupaEegModel loaded, ModelConfig config, Path params)
      throws IOException {
    Map<String, Shape> expected = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
      SupaEegModel reference = new SupaEegModel(config);
      reference.initialize(manager);
      for (Pair<String, Parameter> p : reference.getParameters()) {
        expected.put(p.getKey(), p.getValue().getArray().getShape());
      }
    }
    for (Pair<String, Parameter> p : loaded.getParameters()) {
      Shape want = expected.get(p.getKey());
      if (!p.getValue().isInitialized()) {
        throw new IOException(params + ": parameter " + p.getKey() + " was not loaded");
      }
      Shape got = p.getValue().getArray().getShape();
      if (!got.equals(want)) {
        throw new IOException(
            params
                + ": parameter "
                + p.getKey()
                + " has shape "
                + got
                + " but the model config in "
                + MANIFEST
                + " implies "
                + want);
      }
    }
  }

  private static boolean hasDjlMagic(Path file) throws IOException {
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(head, 0, 4) == 4
          && "DJL@".equals(new String(head, StandardCharsets.US_ASCII));
    }
  }

  private static void checkFile(Path file, String expectedSha, Path manifestFile)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "missing (listed in " + manifestFile.getFileName() + ")");
    }
    String sha = sha256(file);
    if (!sha.equals(expectedSha)) {
      throw new IOException(
          file
              + " is corrupt or truncated: sha256 "
              + sha
              + " does not match "
              + manifestFile.getFileName()
              + " ("
              + expectedSha
              + ")");
    }
  }

  private static String text(JsonNode node, String key, Path file) throws IOException {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new IOException(file + " lacks the text field '" + key + "'");
    }
    return v.asText();
  }

  /** {@code sha256(paramsSha + "\n" + compact model-config JSON)} as lower-case hex. */
  static String fingerprint(String paramsSha, ModelConfig config) throws IOException {
    MessageDigest digest = sha256();
    digest.update((paramsSha + "\n").getBytes(StandardCharsets.UTF_8));
    digest.update(COMPACT.writeValueAsBytes(config.toJson()));
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover .tmp- directory is harmless
    }
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
  }

  public Model model() {
    return model;
  }

  public SupaEegModel block() {
    return block;
  }

  public ModelConfig config() {
    return config;
  }

  public PreprocessingContract contract() {
    return contract;
  }

  public Gallery gallery() {
    return gallery;
  }

  /** The global router prior (L values, layers in {@code config().layerIds()} order). */
  public float[] routerWeights() {
    return routerWeights.clone();
  }

  public JsonNode metrics() {
    return metrics.deepCopy();
  }

  /** The fingerprint; null for a created bundle until it is saved. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Where the bundle was loaded from or last saved to; null before. */
  public Path directory() {
    return directory;
  }

  /** Closes the model if this bundle loaded it; a model given to {@link #create} stays open. */
  @Override
  public void close() {
    if (ownsModel) {
      model.close();
    }
  }
}
