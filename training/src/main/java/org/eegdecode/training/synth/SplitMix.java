package org.eegdecode.training.synth;

/**
 * A SplitMix64 generator keyed by a seed and a path of integers (purpose, subject, image, …), so
 * every random quantity of the synthetic dataset comes from its own stream and the bytes written do
 * not depend on generation order or threading. Only integer arithmetic and {@link StrictMath} are
 * used, so the same seed gives the same bytes on every JVM and CPU.
 */
final class SplitMix {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final double TWO_PI = 2 * Math.PI;

  /** Scale of the sum of four 16-bit uniforms to unit variance: sqrt(12 / 4) / 65536. */
  private static final double IRWIN_HALL_SCALE = Math.sqrt(3.0) / 65536.0;

  private static final double IRWIN_HALL_MEAN = 4 * 65535 / 2.0;

  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  private SplitMix(long state) {
    this.state = state;
  }

  /** The stream for {@code seed} and the key path {@code keys}. */
  static SplitMix of(long seed, long... keys) {
    long h = mix(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < keys.length; i++) {
      h = mix(h + GOLDEN * (i + 1) ^ mix(keys[i] + 0x632BE59BD9B4E019L));
    }
    return new SplitMix(h);
  }

  /** A stable 64-bit key for a text (FNV-1a over UTF-16 units), e.g. a channel name. */
  static long key(String text) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
    }
    return h;
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform integer in [0, bound). */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Exact standard normal (Box-Muller with StrictMath); for latents and model parameters. */
  double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u1 = ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    double u2 = nextDouble();
    double r = Math.sqrt(-2 * StrictMath.log(u1));
    double theta = TWO_PI * u2;
    spareGaussian = r * StrictMath.sin(theta);
    hasSpare = true;
    return r * StrictMath.cos(theta);
  }

  void fillGaussian(double[] out, int from, int to, double scale) {
    for (int i = from; i < to; i++) {
      out[i] = scale * gaussian();
    }
  }

  /**
   * Fast approximately normal noise with mean 0 and variance 1 (sum of four 16-bit uniforms, range
   * ±3.46): cheap enough for the 10^9 noise samples of a full-size dataset.
   */
  double noise() {
    long x = nextLong();
    long sum = (x & 0xFFFF) + ((x >>> 16) & 0xFFFF) + ((x >>> 32) & 0xFFFF) + (x >>> 48);
    return (sum - IRWIN_HALL_MEAN) * IRWIN_HALL_SCALE;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
