package org.eegdecode.training.trainer;

import java.util.List;
import org.eegdecode.training.data.ThingsDataset;

/**
 * Everything one fold trains and evaluates on, as float32 arrays.
 *
 * <ul>
 *   <li>{@code train}: training samples (trials = 1; unaveraged repetitions are separate samples),
 *       images index {@code trainFeatures};
 *   <li>{@code validation}: rows of the held-out training concepts (images index {@code
 *       trainFeatures}) in the test mode: repetitions kept as trials (embedded one by one, then
 *       averaged) when data_average_test = false, averaged when true; retrieval is among the
 *       distinct validation images;
 *   <li>{@code test}: the test subject's rows × trials (trials = 1 when data_average_test), images
 *       index {@code testFeatures}; the gallery is every test image (N-way = test images);
 *   <li>{@code testTrials}: the same rows with every repetition kept, whatever the test mode, for
 *       the single-trial and embedding-averaged figures ({@code test} itself when the mode keeps
 *       them).
 * </ul>
 */
public record FoldData(
    ThingsDataset.Fold fold,
    List<String> channelNames,
    double[] timeAxis,
    int channels,
    int times,
    Samples train,
    Samples validation,
    Samples test,
    Samples testTrials,
    Features trainFeatures,
    Features testFeatures,
    List<String> testConcepts,
    List<String> testFiles,
    List<String> validationConcepts,
    boolean testTrialsAveraged) {

  /** Test mode label of the JSON summary. */
  public String testMode() {
    return testMode(testTrialsAveraged);
  }

  public static String testMode(boolean trialsAveraged) {
    return trialsAveraged ? "trials-averaged" : "trial-embeddings-averaged";
  }
}
