package org.eegdecode.acquisition.epoch;

import java.util.List;

/**
 * An independent, deliberately naive double-precision implementation of the documented chain, for
 * comparison with the epocher: onset by linear search, sizes by counting sample times, the baseline
 * by testing each sample's epoch time, and the anti-alias filter evaluated from the continuous
 * windowed-sinc kernel at each output's own fractional position (no phase tables), applied to the
 * baseline-corrected signal.
 */
public final class ReferenceEpoch {
  private ReferenceEpoch() {}

  /** Index of the first sample with timestamp ≥ marker, or -1. */
  public static int onset(double[] ts, double marker) {
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] >= marker) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @return [model channel][time] at the model rate
   */
  public static double[][] compute(
      SyntheticStream s,
      double marker,
      double tmin,
      double tmax,
      double modelRate,
      List<String> modelChannels,
      double cutoffFraction,
      double halfWidthS,
      float[] whitening) {
    double fs = s.fs;
    int onset = onset(s.ts, marker);
    int start = onset + (int) Math.floor(tmin * fs + 0.5);
    int nativeLength = 0;
    while (nativeLength / fs < (tmax - tmin) - 1e-9) {
      nativeLength++;
    }
    int times = 0;
    while (times / modelRate < (tmax - tmin) - 1e-9) {
      times++;
    }
    List<String> labels = modelChannels.isEmpty() ? s.labels : modelChannels;
    double[][] out = new double[labels.size()][times];
    for (int c = 0; c < labels.size(); c++) {
      int ch = s.labels.indexOf(labels.get(c));
      if (ch < 0) {
        throw new AssertionError("no channel " + labels.get(c));
      }
      double sum = 0;
      int count = 0;
      for (int n = 0; n < nativeLength; n++) {
        double t = (start + n - onset) / fs;
        if (t <= 1e-12) {
          sum += s.x[start + n][ch];
          count++;
        }
      }
      double baseline = sum / count;
      for (int k = 0; k < times; k++) {
        if (fs == modelRate) {
          out[c][k] = s.x[start + k][ch] - baseline;
          continue;
        }
        double p = start + k * fs / modelRate;
        int half = (int) Math.round(halfWidthS * fs);
        double fc = cutoffFraction * modelRate / fs;
        double acc = 0;
        double norm = 0;
        for (int n = (int) Math.ceil(p - half - 1e-9); n <= Math.floor(p + half + 1e-9); n++) {
          double tau = p - n;
          double w = sinc(2 * fc * tau) * (0.54 + 0.46 * Math.cos(Math.PI * tau / half));
          acc += w * (s.x[n][ch] - baseline);
          norm += w;
        }
        out[c][k] = acc / norm;
      }
    }
    if (whitening != null) {
      int cc = labels.size();
      double[][] white = new double[cc][times];
      for (int i = 0; i < cc; i++) {
        for (int t = 0; t < times; t++) {
          double acc = 0;
          for (int j = 0; j < cc; j++) {
            acc += (double) whitening[i * cc + j] * out[j][t];
          }
          white[i][t] = acc;
        }
      }
      out = white;
    }
    return out;
  }

  private static double sinc(double x) {
    return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  /** Largest |actual − expected| relative to the epoch's peak |expected|. */
  public static double relativeError(float[] actual, double[][] expected) {
    int times = expected[0].length;
    double peak = 0;
    double worst = 0;
    for (int c = 0; c < expected.length; c++) {
      for (int t = 0; t < times; t++) {
        peak = Math.max(peak, Math.abs(expected[c][t]));
        worst = Math.max(worst, Math.abs(actual[c * times + t] - expected[c][t]));
      }
    }
    return worst / peak;
  }
}
