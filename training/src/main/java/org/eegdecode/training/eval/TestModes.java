package org.eegdecode.training.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eegdecode.training.trainer.Samples;

/**
 * Test retrieval in each of the ways the literature reports it, so a single-trial figure (what live
 * decoding sees) is never compared with a trial-averaged one:
 *
 * <ul>
 *   <li>{@code singleTrial}: every test trial embedded and ranked on its own;
 *   <li>{@code embeddingAveraged}: each concept's normalised trial embeddings averaged and
 *       re-normalised before ranking (the seed's data_average_test = false);
 *   <li>{@code eegAveraged}: the trials averaged before the encoder (data_average_test = true);
 *       null when the run did not ask for it.
 * </ul>
 */
public record TestModes(
    Retrieval.Result singleTrial,
    Retrieval.Result embeddingAveraged,
    Retrieval.Result eegAveraged) {

  public static final String SINGLE_TRIAL = "single-trial";

  /**
   * @param trials the test rows with every repetition kept
   * @param averagedEeg the same rows averaged before the encoder, or null
   * @param gallery normalised embeddings of the {@code candidates} test images
   */
  public static TestModes evaluate(
      Embedder embedder, Samples trials, Samples averagedEeg, float[] gallery, int candidates) {
    float[] perTrial = embedder.trials(trials);
    Samples single = trials.singleTrials();
    Retrieval.Result singleTrial =
        embedder.rank(perTrial, single.rows(), gallery, candidates, single.image());
    float[] averaged = Embedder.averagePerRow(perTrial, trials.rows(), trials.trials());
    Retrieval.Result embeddingAveraged =
        embedder.rank(averaged, trials.rows(), gallery, candidates, trials.image());
    Retrieval.Result eegAveraged =
        averagedEeg == null
            ? null
            : ZeroShot.evaluate(embedder, averagedEeg, gallery, candidates, averagedEeg.image());
    return new TestModes(singleTrial, embeddingAveraged, eegAveraged);
  }

  /**
   * {@code single_trial_top1/5}, {@code embedding_averaged_top1/5} and, when present, {@code
   * eeg_averaged_top1/5}, with the number of queries of each.
   */
  public void put(ObjectNode o) {
    put(o, "single_trial", singleTrial);
    put(o, "embedding_averaged", embeddingAveraged);
    if (eegAveraged != null) {
      put(o, "eeg_averaged", eegAveraged);
    }
  }

  private static void put(ObjectNode o, String prefix, Retrieval.Result r) {
    putNumber(o, prefix + "_top1", r.top1());
    putNumber(o, prefix + "_top5", r.top5());
    o.put(prefix + "_queries", r.queries());
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
