package org.eegdecode.training.trainer;

import java.util.List;
import org.eegdecode.training.eval.Retrieval;
import org.eegdecode.training.eval.TestModes;

/**
 * The outcome of one fold.
 *
 * @param selection "refit" (retrained on every training concept for the epoch count chosen on the
 *     validation concepts: {@code selectionRun} is that choice), "validation" (parameters of the
 *     best validation top-1 restored), or "last" (no validation split: the last epoch's parameters)
 * @param selectedEpoch the epoch whose parameters the model holds at the end
 * @param test test retrieval of the shipped parameters in the configured test mode (the headline)
 * @param testModes the shipped parameters' test retrieval in every mode (single trials included)
 * @param testSelectedTop1 best test top-1 over every evaluation (selection on the test set, as
 *     public code does: an upper bound, for comparison with published numbers only)
 * @param selectionRun the run that chose the epoch count, when this one is its refit; else null
 */
public record FoldResult(
    int subject,
    String protocol,
    String selection,
    int selectedEpoch,
    Retrieval.Result validation,
    Retrieval.Result test,
    TestModes testModes,
    double testSelectedTop1,
    double testSelectedTop5,
    int testSelectedEpoch,
    float[] routerWeights,
    int epochsRun,
    boolean earlyStopped,
    double seconds,
    List<EpochRecord> history,
    FoldResult selectionRun) {

  /** This result as the refit of {@code selection}, the run that chose its epoch count. */
  public FoldResult refitOf(FoldResult selection) {
    return new FoldResult(
        subject,
        protocol,
        "refit",
        selectedEpoch,
        selection.validation(),
        test,
        testModes,
        testSelectedTop1,
        testSelectedTop5,
        testSelectedEpoch,
        routerWeights,
        epochsRun,
        earlyStopped,
        seconds + selection.seconds(),
        history,
        selection);
  }

  /** The curve the epoch count was chosen on (this run's own when it was not refitted). */
  public List<EpochRecord> selectionHistory() {
    return selectionRun == null ? history : selectionRun.history();
  }
}
