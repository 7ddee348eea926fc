package org.eegdecode.training.trainer;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.data.EegSet;
import org.eegdecode.training.data.FeatureBank;
import org.eegdecode.training.data.ThingsDataset;
import org.eegdecode.training.data.ValidationSplit;

/**
 * Turns a dataset fold into {@link FoldData}. The feature arrays of the two splits are gathered
 * once per dataset ({@link #features}) and shared by every fold.
 */
public final class FoldLoader {
  private final ThingsDataset dataset;
  private final DataSettings settings;
  private final Map<ThingsDataset.Fold, FoldData> cache = new HashMap<>();
  private final boolean caching;
  private ThingsDataset repetitions;
  private Features trainFeatures;
  private Features testFeatures;

  public FoldLoader(ThingsDataset dataset, DataSettings settings) {
    this(dataset, settings, false);
  }

  /**
   * @param caching keep every loaded fold for later {@link #load} calls (sweeps train the same
   *     folds several times)
   */
  public FoldLoader(ThingsDataset dataset, DataSettings settings, boolean caching) {
    this.dataset = dataset;
    this.settings = settings;
    this.caching = caching;
  }

  public ThingsDataset dataset() {
    return dataset;
  }

  public DataSettings settings() {
    return settings;
  }

  /** Training (true) or test (false) image features, gathered from the bank on first use. */
  public Features features(boolean training) throws IOException {
    if (trainFeatures == null) {
      FeatureBank bank = dataset.features();
      ImageMetadata metadata = dataset.metadata();
      trainFeatures =
          new Features(
              bank.gather(metadata, true),
              metadata.concepts(true).size(),
              bank.layers(),
              bank.dim());
      testFeatures =
          new Features(
              bank.gather(metadata, false),
              metadata.concepts(false).size(),
              bank.layers(),
              bank.dim());
    }
    return training ? trainFeatures : testFeatures;
  }

  public FoldData load(ThingsDataset.Fold fold) throws IOException {
    FoldData cached = cache.get(fold);
    if (cached != null) {
      return cached;
    }
    FoldData data = read(fold);
    if (caching) {
      cache.put(fold, data);
    }
    return data;
  }

  private FoldData read(ThingsDataset.Fold fold) throws IOException {
    ImageMetadata metadata = dataset.metadata();
    // repetitions kept: training averages them (data_average), validation follows the test mode
    EegSet training = repetitions().training(fold);
    ValidationSplit split =
        ValidationSplit.byConcept(
            training, metadata.concepts(true), settings.valFraction(), settings.seed());
    EegSet test = dataset.test(fold);
    if (!test.channelNames().equals(training.channelNames()) || test.times() != training.times()) {
      throw new IOException(
          "sub-"
              + fold.testSubject()
              + ": test EEG has channels "
              + test.channelNames()
              + " × "
              + test.times()
              + " samples but training has "
              + training.channelNames()
              + " × "
              + training.times());
    }
    int length = training.channels() * training.times();
    return new FoldData(
        fold,
        training.channelNames(),
        training.timeAxis(),
        training.channels(),
        training.times(),
        flattenTrials(
            settings.dataAverage() ? averageTrials(split.train()) : split.train(), length),
        samples(
            settings.dataAverageTest() ? averageTrials(split.validation()) : split.validation(),
            length),
        samples(test, length),
        features(true),
        features(false),
        List.copyOf(metadata.concepts(false)),
        List.copyOf(metadata.files(false)),
        split.validationConcepts(),
        settings.dataAverageTest());
  }

  /**
   * The dataset opened with data_average = false: training repetitions as separate trials, so that
   * the validation rows can be evaluated in the test mode (each repetition embedded and the
   * embeddings averaged when data_average_test = false, as the test trials are). Selecting on
   * repetition-averaged validation rows would favour models that only work on averaged input.
   */
  private ThingsDataset repetitions() throws IOException {
    if (!settings.dataAverage()) {
      return dataset;
    }
    if (repetitions == null) {
      DataSettings s = settings;
      repetitions =
          ThingsDataset.open(
              new DataSettings(
                  s.datasetDir(),
                  s.featurePath(),
                  s.eegSuffix(),
                  s.eegTStart(),
                  s.eegTEnd(),
                  false,
                  s.dataAverageTest(),
                  s.channels(),
                  s.valFraction(),
                  s.protocol(),
                  s.subject(),
                  s.seed()));
    }
    return repetitions;
  }

  /** The mean over each row's trials (float32 accumulation in trial order, like the assembler). */
  static EegSet averageTrials(EegSet set) {
    int trials = set.trials();
    if (trials == 1) {
      return set;
    }
    int length = set.channels() * set.times();
    float[] out = new float[Math.multiplyExact(set.rows(), length)];
    float scale = 1f / trials;
    float[] x = set.x();
    for (int r = 0; r < set.rows(); r++) {
      int o = r * length;
      for (int t = 0; t < trials; t++) {
        int in = (r * trials + t) * length;
        for (int k = 0; k < length; k++) {
          out[o + k] += x[in + k] * scale;
        }
      }
    }
    return new EegSet(
        out,
        set.rows(),
        1,
        set.channels(),
        set.times(),
        set.image().clone(),
        set.subject().clone(),
        set.channelNames(),
        set.timeAxis());
  }

  /** Rows × trials as they are (trials embedded then averaged at evaluation). */
  static Samples samples(EegSet set, int length) {
    return new Samples(
        set.x(), set.rows(), set.trials(), length, set.image().clone(), zeroBased(set.subject()));
  }

  /** Every trial its own training sample (a no-op relabelling when repetitions were averaged). */
  static Samples flattenTrials(EegSet set, int length) {
    int trials = set.trials();
    int n = Math.multiplyExact(set.rows(), trials);
    int[] image = new int[n];
    int[] subject = new int[n];
    for (int r = 0; r < set.rows(); r++) {
      for (int t = 0; t < trials; t++) {
        image[r * trials + t] = set.image()[r];
        subject[r * trials + t] = set.subject()[r] - 1;
      }
    }
    return new Samples(set.x(), n, 1, length, image, subject);
  }

  private static int[] zeroBased(int[] subjects) {
    int[] out = new int[subjects.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = subjects[i] - 1;
    }
    return out;
  }
}
