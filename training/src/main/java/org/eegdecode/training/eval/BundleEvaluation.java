package org.eegdecode.training.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.bundle.PreprocessingContract;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.data.EegSet;
import org.eegdecode.training.data.FeatureBank;
import org.eegdecode.training.data.ThingsDataset;
import org.eegdecode.training.run.RunSummary;
import org.eegdecode.training.trainer.Features;
import org.eegdecode.training.trainer.FoldData;
import org.eegdecode.training.trainer.Samples;

/**
 * {@code eegdecode evaluate --model BUNDLE}: the bundle's model on the configured dataset's test
 * split, for the test subject of every configured fold, with a gallery of that dataset's test
 * images embedded by the bundle's model. Channels and time window come from the bundle's
 * preprocessing contract (the dataset must have them); the test mode from data_average_test.
 */
public final class BundleEvaluation {
  private static final int BATCH = 2048;

  private BundleEvaluation() {}

  public static ObjectNode run(Path bundleDir, DataSettings configured, String device)
      throws IOException {
    try (ModelBundle bundle = ModelBundle.load(bundleDir, Devices.resolve(device))) {
      PreprocessingContract contract = bundle.contract();
      ModelConfig mc = bundle.config();
      DataSettings data =
          new DataSettings(
              configured.datasetDir(),
              configured.featurePath(),
              configured.eegSuffix(),
              contract.tmin(),
              contract.tmax(),
              configured.dataAverage(),
              configured.dataAverageTest(),
              contract.channels(),
              configured.valFraction(),
              configured.protocol(),
              configured.subject(),
              configured.seed());
      ThingsDataset dataset = ThingsDataset.open(data);
      ImageMetadata metadata = dataset.metadata();
      FeatureBank bank = dataset.features();
      if (bank.layers() != mc.layers() || bank.dim() != mc.imageInputDim()) {
        throw new IOException(
            bank.file()
                + ": features are "
                + bank.layers()
                + " × "
                + bank.dim()
                + " per image but the model in "
                + bundleDir
                + " takes "
                + mc.layers()
                + " × "
                + mc.imageInputDim());
      }
      Features test =
          new Features(
              bank.gather(metadata, false),
              metadata.concepts(false).size(),
              bank.layers(),
              bank.dim());
      List<RunSummary.Subject> subjects = new ArrayList<>();
      JsonNode metrics = bundle.metrics();
      int selectedEpoch = metrics == null ? 0 : metrics.path("selected_epoch").asInt(0);
      String selection = metrics == null ? "bundle" : metrics.path("selection").asText("bundle");
      float[] router = bundle.routerWeights();
      try (NDManager manager = bundle.model().getNDManager().newSubManager()) {
        Embedder embedder = new Embedder(bundle.block(), manager, BATCH);
        float[] gallery = embedder.images(test);
        for (ThingsDataset.Fold fold : dataset.folds()) {
          EegSet set = dataset.test(fold);
          if (set.channels() * set.times() != mc.eegInputDim()) {
            throw new IOException(
                "sub-"
                    + fold.testSubject()
                    + ": test EEG is "
                    + set.channels()
                    + " × "
                    + set.times()
                    + " but the model takes "
                    + mc.channels()
                    + " × "
                    + mc.timepoints());
          }
          Samples rows = samples(set);
          Retrieval.Result result =
              ZeroShot.evaluate(embedder, rows, gallery, test.images(), rows.image());
          subjects.add(
              new RunSummary.Subject(
                  fold.testSubject(), result, result.top1(), selectedEpoch, selection, router));
        }
      }
      Path dir = bundleDir.toAbsolutePath().normalize();
      return RunSummary.build(
          data.protocol(),
          FoldData.testMode(data.dataAverageTest()),
          mc.layerIds(),
          subjects,
          dir.getParent(),
          List.of(dir));
    }
  }

  private static Samples samples(EegSet set) {
    int[] subject = new int[set.rows()];
    for (int i = 0; i < subject.length; i++) {
      subject[i] = set.subject()[i] - 1;
    }
    return new Samples(
        set.x(),
        set.rows(),
        set.trials(),
        set.channels() * set.times(),
        set.image().clone(),
        subject);
  }
}
