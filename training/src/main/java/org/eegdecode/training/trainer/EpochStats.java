package org.eegdecode.training.trainer;

/**
 * Sample-weighted means over one training epoch, and its wall time. {@code gradNorm} is the mean
 * global gradient norm before clipping, {@code maxClippedNorm} the largest one after clipping.
 */
public record EpochStats(
    int epoch,
    int stage,
    double lr,
    double loss,
    double mmd,
    double infonce,
    double mmdWeight,
    double gradNorm,
    double maxClippedNorm,
    int samples,
    int steps,
    double seconds) {}
