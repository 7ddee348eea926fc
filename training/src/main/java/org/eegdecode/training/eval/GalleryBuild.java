package org.eegdecode.training.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
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
 * (layers, dim) dict, e.g. the 16 740 THINGS-EEG2 images or a new image set) embedded by a bundle's
 * image branch under the router's global prior, saved as a gallery folder.
 */
public final class GalleryBuild {
  private GalleryBuild() {}

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
