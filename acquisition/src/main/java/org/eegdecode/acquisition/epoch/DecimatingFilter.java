package org.eegdecode.acquisition.epoch;

/**
 * Anti-alias low-pass for going from the native rate {@code fs} to the model rate: a zero-phase,
 * linear-phase, Hamming-windowed sinc (scipy's {@code firwin} design), evaluated only where output
 * samples are needed.
 *
 * <p>The ratio {@code modelRate / fs} is reduced to {@code L / M}. Output sample k lies at the
 * native position {@code k·M/L} = {@code base + φ/L} with {@code base = ⌊k·M/L⌋} and phase {@code φ
 * = k·M mod L}; its value is {@code Σ_j h_φ[j] · x[base + firstTap(φ) + j]}, where {@code h_φ}
 * samples the continuous kernel {@code h(τ) = sinc(2·fc·τ/fs) · w(τ)} at {@code τ = φ/L − j},
 * {@code |τ| ≤ half} native samples, normalised to unit DC gain per phase. For an integer ratio (L
 * = 1, e.g. 1000 → 100 Hz) this is plain FIR decimation with {@code 2·half + 1} taps, identical to
 * {@code scipy.signal.firwin(2·half+1, fc, fs=fs)}; for 250 → 100 Hz (L/M = 2/5) it is the
 * polyphase form of "upsample by L, low-pass, keep every M-th sample". When {@code fs} equals the
 * model rate there is no filtering (one tap of 1).
 */
public final class DecimatingFilter {
  private final int up;
  private final int down;
  private final int half;
  private final double cutoffHz;
  private final double[][] taps;
  private final int[] firstTap;

  private DecimatingFilter(
      int up, int down, int half, double cutoffHz, double[][] taps, int[] firstTap) {
    this.up = up;
    this.down = down;
    this.half = half;
    this.cutoffHz = cutoffHz;
    this.taps = taps;
    this.firstTap = firstTap;
  }

  /**
   * Designs the filter.
   *
   * @param nativeRate whole Hz, at least {@code modelRate}
   * @param modelRate whole Hz
   * @param cutoffHz the −6 dB point, below {@code modelRate / 2}
   * @param half half-length in native samples (taps reach ±half); ignored when the rates are equal
   */
  public static DecimatingFilter design(int nativeRate, int modelRate, double cutoffHz, int half) {
    if (modelRate <= 0 || nativeRate < modelRate) {
      throw new IllegalArgumentException(
          "native rate " + nativeRate + " Hz is below the model rate " + modelRate + " Hz");
    }
    if (nativeRate == modelRate) {
      return new DecimatingFilter(1, 1, 0, cutoffHz, new double[][] {{1.0}}, new int[] {0});
    }
    if (!(cutoffHz > 0 && cutoffHz < modelRate / 2.0)) {
      throw new IllegalArgumentException(
          "anti-alias cutoff " + cutoffHz + " Hz must lie in (0, " + modelRate / 2.0 + ") Hz");
    }
    if (half < 1) {
      throw new IllegalArgumentException("anti-alias filter half-length must be >= 1 sample");
    }
    int g = gcd(nativeRate, modelRate);
    int up = modelRate / g;
    int down = nativeRate / g;
    double fcNorm = cutoffHz / nativeRate; // cycles per native sample
    double[][] taps = new double[up][];
    int[] first = new int[up];
    for (int phase = 0; phase < up; phase++) {
      double frac = (double) phase / up;
      int lo = phase == 0 ? -half : -half + 1; // |frac − j| ≤ half
      int hi = half;
      double[] h = new double[hi - lo + 1];
      double sum = 0;
      for (int j = lo; j <= hi; j++) {
        double tau = frac - j;
        double v = sinc(2 * fcNorm * tau) * (0.54 + 0.46 * Math.cos(Math.PI * tau / half));
        h[j - lo] = v;
        sum += v;
      }
      for (int i = 0; i < h.length; i++) {
        h[i] /= sum;
      }
      taps[phase] = h;
      first[phase] = lo;
    }
    return new DecimatingFilter(up, down, half, cutoffHz, taps, first);
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1.0;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** L: the upsampling factor of {@code modelRate / fs = L / M} in lowest terms. */
  public int up() {
    return up;
  }

  /** M: the downsampling factor; for integer ratios the decimation factor q = fs / modelRate. */
  public int down() {
    return down;
  }

  /** Taps reach this many native samples before and after an output position. */
  public int half() {
    return half;
  }

  public double cutoffHz() {
    return cutoffHz;
  }

  /** True when the native rate equals the model rate: one tap of 1, no filtering. */
  public boolean isIdentity() {
    return up == 1 && down == 1;
  }

  /** The taps of a phase (a copy). */
  public double[] taps(int phase) {
    return taps[phase].clone();
  }

  double[] tapsShared(int phase) {
    return taps[phase];
  }

  /** Offset of a phase's first tap relative to {@code ⌊k·M/L⌋}: −half for phase 0, else −half+1. */
  public int firstTap(int phase) {
    return firstTap[phase];
  }

  /**
   * Magnitude of a phase's response at {@code hz} for a signal at {@code nativeRate} (for tests and
   * reports).
   */
  public double gainAt(int phase, double hz, double nativeRate) {
    double re = 0;
    double im = 0;
    double[] h = taps[phase];
    for (int i = 0; i < h.length; i++) {
      double w = 2 * Math.PI * hz / nativeRate * (firstTap[phase] + i);
      re += h[i] * Math.cos(w);
      im -= h[i] * Math.sin(w);
    }
    return Math.hypot(re, im);
  }
}
