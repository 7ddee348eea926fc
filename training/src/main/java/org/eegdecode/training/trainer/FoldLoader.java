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
  private final Map<Key, FoldData> cache = new HashMap<>();
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

  /** The fold with {@code val_fraction} of the training concepts held out for selection. */
  public FoldData load(ThingsDataset.Fold fold) throws IOException {
    return load(fold, true);
  }

  /**
   * @param holdOut false: every training concept trains (the refit after selection), no validation
   *     rows
   */
  public FoldData load(ThingsDataset.Fold fold, boolean holdOut) throws IOException {
    Key key = new Key(fold, holdOut);
    FoldData cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    FoldData data = read(fold, holdOut ? settings.valFraction() : 0);
    if (caching) {
      cache.put(key, data);
    }
    return data;
  }

  /**
   * The same dataset, features and caches with another seed for the validation split (one loader
   * per seed of a multi-seed run).
   */
  public FoldLoader withSeed(long seed) {
    if (seed == settings.seed()) {
      return this;
    }
    FoldLoader other = new FoldLoader(dataset, settings.withSeed(seed), caching);
    other.repetitions = repetitions;
    other.trainFeatures = trainFeatures;
    other.testFeatures = testFeatures;
    return other;
  }

  private FoldData read(ThingsDataset.Fold fold, double valFraction) throws IOException {
    ImageMetadata metadata = dataset.metadata();
    // repetitions kept: training averages them (data_average), validation follows the test mode
    EegSet training = repetitions().training(fold);
    ValidationSplit split =
        ValidationSplit.byConcept(training, metadata.concepts(true), valFraction, settings.seed());
    EegSet testTrials = repetitions().test(fold);
    if (!testTrials.channelNames().equals(training.channelNames())
        || testTrials.times() != training.times()) {
      throw new IOException(
          "sub-"
              + fold.testSubject()
              + ": test EEG has channels "
              + testTrials.channelNames()
              + " × "
              + testTrials.times()
              + " samples but training has "
              + training.channelNames()
              + " × "
              + training.times());
    }
    int length = training.channels() * training.times();
    Samples trials = samples(testTrials, length);
    return new FoldData(
        fold,
        training.channelNames(),
        training.timeAxis(),
        training.channels(),
        training.times(),
        samples(settings.dataAverage() ? averageTrials(split.train()) : split.train(), length)
            .singleTrials(),
        samples(
            settings.dataAverageTest() ? averageTrials(split.validation()) : split.validation(),
            length),
        settings.dataAverageTest() ? samples(averageTrials(testTrials), length) : trials,
        trials,
        features(true),
        features(false),
        List.copyOf(metadata.concepts(false)),
        List.copyOf(metadata.files(false)),
        split.validationConcepts(),
        settings.dataAverageTest());
  }

  private record Key(ThingsDataset.Fold fold, boolean holdOut) {}

  /**
   * The dataset opened with data_average = data_average_test = false: training and test repetitions
   * as separate trials, so that the validation rows can be evaluated in the test mode (each
   * repetition embedded and the embeddings averaged when data_average_test = false, as the test
   * trials are) and single test trials can always be scored. Selecting on repetition-averaged
   * validation rows would favour models that only work on averaged input.
   */
  private ThingsDataset repetitions() throws IOException {
    if (!settings.dataAverage() && !settings.dataAverageTest()) {
      return dataset;
    }
    if (repetitions == null) {
      repetitions = ThingsDataset.open(settings.withAveraging(false, false));
    }
    return repetitions;
  }

  /** The mean over each row's trials (float32 accumulation in trial order, like the assembler). */
  public static EegSet averageTrials(EegSet set) {
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

  private static int[] zeroBased(int[] subjects) {
    int[] out = new int[subjects.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = subjects[i] - 1;
    }
    return out;
  }
}
