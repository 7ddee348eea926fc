package org.eegdecode.training.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether a live single-trial top-1 agrees with offline single-trial figures of the same bundle
 * within sampling error. The live figure is a binomial proportion over {@code n} trials, so its 95
 * % half-width around an offline proportion p is {@code 1.96 · sqrt(p (1 − p) / n)} (plus the
 * offline estimate's own variance when it comes from other trials).
 *
 * <p>The check that always applies is against the same trials cut offline from the streamed signal.
 * Against the dataset's own epochs of those trials (and every test trial) it applies only when the
 * epochs do not overlap (SOA ≥ epoch length): in RSVP a live epoch holds the following stimuli's
 * responses, which the dataset's isolated epoch does not, so the figures differ by design.
 */
public final class Agreement {
  private static final double Z95 = 1.96;

  private Agreement() {}

  /**
   * @param streamed offline top-1 on the epochs cut from the streamed signal
   * @param sameTrials offline top-1 on the dataset's epochs of the same trials (null: none)
   * @param allTrials offline top-1 on every test trial ({@code allCount} of them)
   * @param isolatedEpochs whether the SOA is at least the epoch length
   */
  public static ObjectNode of(
      double live,
      long n,
      double streamed,
      Double sameTrials,
      double allTrials,
      long allCount,
      boolean isolatedEpochs) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    boolean within = put(o, "streamed", live - streamed, bound(streamed, n, 0));
    if (sameTrials != null) {
      boolean same = put(o, "same_trials", live - sameTrials, bound(sameTrials, n, 0));
      within &= !isolatedEpochs || same;
    }
    boolean all = put(o, "all_trials", live - allTrials, bound(allTrials, n, allCount));
    within &= !isolatedEpochs || all;
    o.put("epochs_overlap", !isolatedEpochs);
    o.put(
        "compared_with",
        isolatedEpochs
            ? "streamed epochs, the dataset's epochs of the same trials and every test trial"
            : "streamed epochs (RSVP: a live epoch holds the next stimuli's responses, which the"
                + " dataset's isolated epochs do not)");
    o.put("within_sampling_error", within);
    return o;
  }

  private static boolean put(ObjectNode o, String name, double difference, double bound) {
    o.put("live_minus_" + name, difference);
    o.put(name + "_bound_95", bound);
    return Math.abs(difference) <= bound + 1e-12;
  }

  /** 95 % half-width; p (1 − p) floored at 0.01 so that p = 0 or 1 still has a bound. */
  private static double bound(double p, long n, long otherN) {
    double v = Math.max(p * (1 - p), 0.01);
    return Z95 * Math.sqrt(v / n + (otherN > 0 ? v / otherN : 0));
  }
}
