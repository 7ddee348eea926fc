package org.eegdecode.training.trainer;

/**
 * One epoch of one fold. Retrieval figures are fractions in [0, 1], NaN when the epoch was not
 * evaluated (or there is no validation split); router weights are the global prior after the epoch.
 */
public record EpochRecord(
    int subject,
    int epoch,
    int stage,
    double lr,
    double loss,
    double mmd,
    double infonce,
    double mmdWeight,
    double gradNorm,
    double valTop1,
    double valTop5,
    double testTop1,
    double testTop5,
    float[] routerWeights,
    double seconds,
    double evalSeconds) {

  public boolean evaluated() {
    return !Double.isNaN(testTop1);
  }
}
