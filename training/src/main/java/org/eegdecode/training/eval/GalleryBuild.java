package org.eegdecode.training.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.npy.NpyFormatException;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsObjects;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.training.data.FeatureBank;

/**
 * {@code eegdecode gallery build}: every entry of a feature bank (any {@code (concept, file)} →
 * (layers, dim) dict, e.g. the 16 740 THINGS-EEG2 images or a bank {@code eegdecode features} made
 * from new images) embedded by a bundle's image branch under the router's global prior, saved as a
 * gallery folder with {@value #PROVENANCE_FILE} naming the bundle (by fingerprint) and the bank, so
 * that {@code decode --gallery} can refuse a gallery another model embedded.
 */
public final class GalleryBuild {
  /** Written next to the gallery files: which model and which bank made the gallery. */
  public static final String PROVENANCE_FILE = "gallery-build.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GalleryBuild() {}

  /**
   * {@code bundle} decoding against the gallery in {@code dir} instead of its own.
   *
   * @throws IOException one line naming the folder: missing or unreadable files, a width that is
   *     not the model's, or a gallery that another model (fingerprint) embedded
   */
  public static ModelBundle withGallery(ModelBundle bundle, Path dir) throws IOException {
    Gallery gallery = Gallery.load(dir);
    Path provenance = dir.resolve(PROVENANCE_FILE);
    if (Files.isRegularFile(provenance)) {
      JsonNode p;
      try {
        p = JSON.readTree(provenance.toFile());
      } catch (IOException e) {
        throw new IOException(provenance + ": not valid JSON: " + e.getMessage(), e);
      }
      String made = p.path("model_fingerprint").asText("");
      if (bundle.fingerprint() != null && !made.equals(bundle.fingerprint())) {
        throw new IOException(
            "gallery "
                + dir
                + " was embedded by the model "
                + p.path("model").asText("?")
                + " (fingerprint "
                + made
                + "), not by "
                + bundle.directory()
                + " ("
                + bundle.fingerprint()
                + "): rebuild it with gallery build --model "
                + bundle.directory());
      }
    }
    try {
      return bundle.withGallery(gallery);
    } catch (IllegalArgumentException e) {
      throw new IOException("gallery " + dir + ": " + e.getMessage(), e);
    }
  }

  public static ObjectNode run(Path bundleDir, Path featureFile, Path out, String device)
      throws IOException {
    Map<?, ?> dict = ThingsObjects.readDict(featureFile);
    FeatureBank bank = FeatureBank.from(featureFile, dict);
    List<String> concepts = new ArrayList<>(dict.size());
    List<String> files = new ArrayList<>(dict.size());
    for (Object key : dict.keySet()) {
      Object[] tuple = (Object[]) key; // FeatureBank.from checked the (concept, file) form
      concepts.add((String) tuple[0]);
      files.add((String) tuple[1]);
    }
    dict = null;
    // the bank's rows in the dict's order, through the same lookup training uses
    ImageMetadata order =
        new ImageMetadata(featureFile, concepts, concepts, files, List.of(), List.of(), List.of());
    float[] features = bank.gather(order, true);
    try (ModelBundle bundle = ModelBundle.load(bundleDir, Devices.resolve(device))) {
      ModelConfig mc = bundle.config();
      if (bank.layers() != mc.layers() || bank.dim() != mc.imageInputDim()) {
        throw new NpyFormatException(
            featureFile
                + ": entries are ("
                + bank.layers()
                + ", "
                + bank.dim()
                + ") but the model in "
                + bundleDir
                + " takes ("
                + mc.layers()
                + ", "
                + mc.imageInputDim()
                + ") (layers "
                + mc.layerIds()
                + ")");
      }
      Gallery gallery;
      try (NDManager manager = bundle.model().getNDManager().newSubManager()) {
        gallery =
            Gallery.embed(bundle.block(), manager, features, concepts.size(), concepts, files);
      }
      gallery.save(out);
      ObjectNode provenance = JSON.createObjectNode();
      provenance.put("model", bundleDir.toAbsolutePath().normalize().toString());
      provenance.put("model_fingerprint", bundle.fingerprint());
      provenance.put("features", featureFile.toAbsolutePath().normalize().toString());
      provenance.put("size", gallery.size());
      provenance.put("dim", gallery.dim());
      provenance.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      Path tmp = out.resolve(PROVENANCE_FILE + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(provenance));
      Files.move(
          tmp,
          out.resolve(PROVENANCE_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("gallery", out.toAbsolutePath().normalize().toString());
      o.put("size", gallery.size());
      o.put("dim", gallery.dim());
      o.put("model", bundleDir.toAbsolutePath().normalize().toString());
      o.put("features", featureFile.toAbsolutePath().normalize().toString());
      return o;
    }
  }
}
