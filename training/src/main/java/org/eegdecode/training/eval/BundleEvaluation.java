package org.eegdecode.training.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.eegdecode.training.trainer.FoldLoader;
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
      ModelConfig mc = bundle.config();
      // every repetition kept: single-trial and embedding-averaged figures come from the trials
      DataSettings data = settings(bundle, configured);
      ThingsDataset dataset = ThingsDataset.open(data.withAveraging(data.dataAverage(), false));
      Features test = testFeatures(bundle, bundleDir, dataset);
      List<RunSummary.Subject> subjects = new ArrayList<>();
      JsonNode metrics = bundle.metrics();
      int selectedEpoch = metrics == null ? 0 : metrics.path("selected_epoch").asInt(0);
      String selection = metrics == null ? "bundle" : metrics.path("selection").asText("bundle");
      float[] router = bundle.routerWeights();
      try (NDManager manager = bundle.model().getNDManager().newSubManager()) {
        Embedder embedder = new Embedder(bundle.block(), manager, BATCH);
        float[] gallery = embedder.images(test);
        for (ThingsDataset.Fold fold : dataset.folds()) {
          EegSet set = checked(dataset.test(fold), mc, fold.testSubject());
          Samples trials = samples(set);
          Samples averaged =
              data.dataAverageTest()
                  ? new Samples(
                      FoldLoader.averageTrials(set).x(),
                      trials.rows(),
                      1,
                      trials.length(),
                      trials.image(),
                      trials.subject())
                  : null;
          TestModes modes = TestModes.evaluate(embedder, trials, averaged, gallery, test.images());
          Retrieval.Result headline =
              data.dataAverageTest() ? modes.eegAveraged() : modes.embeddingAveraged();
          subjects.add(
              new RunSummary.Subject(
                  fold.testSubject(),
                  headline,
                  modes,
                  headline.top1(),
                  selectedEpoch,
                  selection,
                  router));
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

  /**
   * Single-trial retrieval of the given test trials of one subject (trial k shows test image {@code
   * images[k]}, repetition {@code repetitions[k]}) against the bundle's own gallery: the offline
   * figure of exactly the trials a live session showed.
   */
  public static Retrieval.Result trials(
      ModelBundle bundle, DataSettings configured, int subject, int[] images, int[] repetitions)
      throws IOException {
    ModelConfig mc = bundle.config();
    DataSettings data = settings(bundle, configured).withAveraging(false, false);
    EegSet set = checked(ThingsDataset.open(data).eeg(subject, false), mc, subject);
    int length = set.channels() * set.times();
    float[] x = new float[Math.multiplyExact(images.length, length)];
    for (int k = 0; k < images.length; k++) {
      int row = images[k] * set.trials() + repetitions[k];
      System.arraycopy(set.x(), row * length, x, k * length, length);
    }
    return rank(bundle, x, images, subject);
  }

  /**
   * Single-trial retrieval of epochs given as rows of {@code x} (the bundle's channels × time
   * points), epoch k showing test image {@code images[k]}, against the bundle's own gallery.
   */
  public static Retrieval.Result rank(ModelBundle bundle, float[] x, int[] images, int subject) {
    int length = bundle.config().eegInputDim();
    int[] subjects = new int[images.length];
    Arrays.fill(subjects, subject - 1);
    Samples rows = new Samples(x, images.length, 1, length, images.clone(), subjects);
    try (NDManager manager = bundle.model().getNDManager().newSubManager()) {
      Embedder embedder = new Embedder(bundle.block(), manager, BATCH);
      float[] gallery = bundle.gallery().embeddings();
      return ZeroShot.evaluate(embedder, rows, gallery, bundle.gallery().size(), rows.image());
    }
  }

  /** The configured dataset read through the bundle's contract (channels and window). */
  private static DataSettings settings(ModelBundle bundle, DataSettings configured) {
    PreprocessingContract contract = bundle.contract();
    return new DataSettings(
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
  }

  private static Features testFeatures(ModelBundle bundle, Path bundleDir, ThingsDataset dataset)
      throws IOException {
    ModelConfig mc = bundle.config();
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
    return new Features(
        bank.gather(metadata, false), metadata.concepts(false).size(), bank.layers(), bank.dim());
  }

  private static EegSet checked(EegSet set, ModelConfig mc, int subject) throws IOException {
    if (set.channels() * set.times() != mc.eegInputDim()) {
      throw new IOException(
          "sub-"
              + subject
              + ": test EEG is "
              + set.channels()
              + " × "
              + set.times()
              + " but the model takes "
              + mc.channels()
              + " × "
              + mc.timepoints());
    }
    return set;
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
