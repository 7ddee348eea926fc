package org.eegdecode.training.trainer;

import java.util.List;
import org.eegdecode.training.eval.Retrieval;

/**
 * The outcome of one fold.
 *
 * @param selection "validation" (parameters of the best validation top-1 restored) or "last" (no
 *     validation split: the last epoch's parameters)
 * @param selectedEpoch the epoch whose parameters the model holds at the end
 * @param test test retrieval of the selected parameters (the headline)
 * @param testSelectedTop1 best test top-1 over every evaluation (selection on the test set, as
 *     public code does: an upper bound, for comparison with published numbers only)
 */
public record FoldResult(
    int subject,
    String protocol,
    String selection,
    int selectedEpoch,
    Retrieval.Result validation,
    Retrieval.Result test,
    double testSelectedTop1,
    double testSelectedTop5,
    int testSelectedEpoch,
    float[] routerWeights,
    int epochsRun,
    boolean earlyStopped,
    double seconds,
    List<EpochRecord> history) {}
