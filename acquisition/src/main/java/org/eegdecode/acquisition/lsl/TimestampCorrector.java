package org.eegdecode.acquisition.lsl;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Timestamp post-processing in Java, for liblsl builds without {@code lsl_set_postprocessing}
 * (1.10, the npm copy), with the behaviour of liblsl's own post-processor:
 *
 * <ul>
 *   <li><b>clock sync</b>: adds the stream's {@code lsl_time_correction} offset, re-read when more
 *       than {@value #SAMPLES_BETWEEN_CLOCKSYNCS} samples have passed since the last read and at
 *       least {@value #SECONDS_BETWEEN_CLOCKSYNCS} s later (the first sample always reads it); a
 *       clock reset reported by the inlet restarts dejitter and monotonise;
 *   <li><b>dejitter</b> (regular streams only): a recursive least-squares fit of timestamp against
 *       sample index, {@code t ≈ a + b·k}, with exponential forgetting whose half-life is {@value
 *       #DEFAULT_HALF_TIME_SECONDS} s of samples ({@code λ = 2^(-1/(rate·halfTime))}); the slope
 *       starts at {@code 1/rate} and each timestamp is replaced by the fitted line at its index;
 *   <li><b>gaps</b> (not in liblsl): once the fit has settled, a timestamp far past it means
 *       samples were lost, and the sample index is advanced so the gap survives dejittering (see
 *       {@link #GAP_PERIODS});
 *   <li><b>monotonise</b>: a timestamp is never smaller than the previous output.
 * </ul>
 *
 * Single-threaded (one per ingest thread); {@link #correct} allocates nothing.
 */
public final class TimestampCorrector {
  public static final int CLOCKSYNC = 1;
  public static final int DEJITTER = 2;
  public static final int MONOTONIZE = 4;
  public static final int ALL = CLOCKSYNC | DEJITTER | MONOTONIZE;

  public static final double DEFAULT_HALF_TIME_SECONDS = 90.0;
  public static final int SAMPLES_BETWEEN_CLOCKSYNCS = 50;
  public static final double SECONDS_BETWEEN_CLOCKSYNCS = 0.5;
  private static final long NANOS_BETWEEN_CLOCKSYNCS = 500_000_000L;

  /**
   * Gap detection: a timestamp more than max({@value #GAP_PERIODS} periods, {@value #GAP_SIGMAS}
   * residual SDs) past the dejitter fit means samples went missing; checked once the fit has seen
   * {@value #GAP_CHECK_AFTER_SAMPLES} samples. Without jitter one lost sample shows; with jitter of
   * SD σ, gaps shorter than 5σ cannot be told from jitter and stay hidden, as in liblsl.
   */
  public static final double GAP_PERIODS = 0.5;

  public static final double GAP_SIGMAS = 5.0;
  public static final int GAP_CHECK_AFTER_SAMPLES = 100;

  /** Weight of each new residual in the running variance (about the last 100 samples). */
  private static final double RESIDUAL_WEIGHT = 0.01;

  /** Initial diagonal of the RLS inverse covariance: "know nothing yet". */
  private static final double INITIAL_COVARIANCE = 1e10;

  private final int flags;
  private final double nominalRate;
  private final double lambda;
  private final DoubleSupplier offsetSource;
  private final BooleanSupplier clockReset;
  private final LongSupplier nanoClock;

  // clock sync
  private double offset;
  private boolean offsetKnown;
  private int samplesSinceSync;
  private long nextSyncNanos;
  private long offsetQueries;
  private long clockResets;

  // dejitter (RLS of t - t0 against k): weights w0 + w1·k, symmetric 2×2 matrix P
  private boolean dejitterStarted;
  private double t0;
  private long k;
  private double w0;
  private double w1;
  private double p00;
  private double p01;
  private double p11;

  // gap detection inside dejitter: running variance of the fit's residuals
  private double residualVariance;
  private long gaps;
  private long backwardJumps;

  // monotonise
  private double lastOutput;

  /**
   * @param nominalRate the stream's nominal rate (0 = irregular: no dejitter)
   * @param flags any of {@link #CLOCKSYNC}, {@link #DEJITTER}, {@link #MONOTONIZE}
   * @param halfTimeSeconds dejitter half-life in seconds
   * @param offsetSource the current time-correction offset, NaN when unavailable (the last known
   *     offset is kept); may be null without {@link #CLOCKSYNC}
   * @param clockReset true when the sender's clock was reset since the last call; may be null
   * @param nanoClock a monotonic nanosecond clock ({@code System::nanoTime})
   */
  public TimestampCorrector(
      double nominalRate,
      int flags,
      double halfTimeSeconds,
      DoubleSupplier offsetSource,
      BooleanSupplier clockReset,
      LongSupplier nanoClock) {
    if ((flags & CLOCKSYNC) != 0 && offsetSource == null) {
      throw new IllegalArgumentException("clock sync needs an offset source");
    }
    this.flags = flags;
    this.nominalRate = nominalRate;
    this.lambda =
        nominalRate > 0 && halfTimeSeconds > 0
            ? Math.pow(2.0, -1.0 / (nominalRate * halfTimeSeconds))
            : 0.0;
    this.offsetSource = offsetSource;
    this.clockReset = clockReset;
    this.nanoClock = nanoClock;
    this.samplesSinceSync = SAMPLES_BETWEEN_CLOCKSYNCS;
    resetDejitterAndMonotonic();
  }

  /**
   * Full post-processing for an inlet: its time correction (non-blocking reads of liblsl's running
   * estimate) and clock-reset flag.
   */
  public static TimestampCorrector forInlet(LslInlet inlet, int flags) {
    return new TimestampCorrector(
        inlet.fullInfo().nominalRate(),
        flags,
        DEFAULT_HALF_TIME_SECONDS,
        () -> inlet.timeCorrection(0.0),
        inlet::wasClockReset,
        System::nanoTime);
  }

  /** Post-processes one timestamp (in stream order). */
  public double correct(double raw) {
    double value = raw;
    if ((flags & CLOCKSYNC) != 0) {
      if (++samplesSinceSync > SAMPLES_BETWEEN_CLOCKSYNCS) {
        long now = nanoClock.getAsLong();
        if (now - nextSyncNanos >= 0 || offsetQueries == 0) {
          refreshOffset();
          samplesSinceSync = 0;
          if (clockReset != null && clockReset.getAsBoolean()) {
            clockResets++;
            refreshOffset();
            resetDejitterAndMonotonic();
          }
          nextSyncNanos = now + NANOS_BETWEEN_CLOCKSYNCS;
        }
      }
      value += offset;
    }
    if ((flags & DEJITTER) != 0 && lambda > 0) {
      value = dejitter(value);
    }
    if ((flags & MONOTONIZE) != 0) {
      if (value < lastOutput) {
        value = lastOutput;
      } else {
        lastOutput = value;
      }
    }
    return value;
  }

  private void refreshOffset() {
    offsetQueries++;
    double measured = offsetSource.getAsDouble();
    if (!Double.isNaN(measured)) {
      offset = measured;
      offsetKnown = true;
    }
  }

  /** One exponentially weighted RLS step; returns the fitted timestamp at this sample's index. */
  private double dejitter(double t) {
    if (!dejitterStarted) {
      // Baseline for numerics: the fit runs on t - t0, which stays small.
      t0 = Math.floor(t);
      k = 0;
      w0 = 0.0;
      w1 = 1.0 / nominalRate;
      p00 = INITIAL_COVARIANCE;
      p01 = 0.0;
      p11 = INITIAL_COVARIANCE;
      residualVariance = 0.0;
      dejitterStarted = true;
    }
    double y = t - t0;
    if (k >= 2) {
      // liblsl's dejitter assumes no sample is ever lost: a missing sample would slide every later
      // timestamp one period early and hide the gap from the epocher. A timestamp well past the fit
      // means samples went missing: advance the index so the gap shows and the fit stays aligned.
      // Well before the fit means the clock jumped back: start a new fit. The residual spread is
      // learnt over the first samples before any of this is decided.
      double error = y - (w0 + k * w1);
      double threshold =
          Math.max(GAP_PERIODS / nominalRate, GAP_SIGMAS * Math.sqrt(residualVariance));
      if (k >= GAP_CHECK_AFTER_SAMPLES && error > threshold) {
        k += Math.max(1, Math.round(error * nominalRate));
        gaps++;
      } else if (k >= GAP_CHECK_AFTER_SAMPLES && error < -threshold) {
        backwardJumps++;
        dejitterStarted = false;
        return dejitter(t);
      } else {
        double weight = Math.max(RESIDUAL_WEIGHT, 1.0 / (k - 1));
        residualVariance += weight * (error * error - residualVariance);
      }
    }
    double x = k++;
    // P·u with u = (1, x)
    double pu0 = p00 + x * p01;
    double pu1 = p01 + x * p11;
    double denominator = lambda + pu0 + x * pu1;
    double gain0 = pu0 / denominator;
    double gain1 = pu1 / denominator;
    double error = y - (w0 + x * w1);
    w0 += gain0 * error;
    w1 += gain1 * error;
    double inverseLambda = 1.0 / lambda;
    p00 = (p00 - gain0 * pu0) * inverseLambda;
    p01 = (p01 - gain0 * pu1) * inverseLambda;
    p11 = (p11 - gain1 * pu1) * inverseLambda;
    return t0 + w0 + x * w1;
  }

  /** Tells the dejitter that {@code n} samples went missing, so the index keeps pace with time. */
  public void skipSamples(long n) {
    if (dejitterStarted) {
      k += n;
    }
  }

  /**
   * Forgets the dejitter fit and the monotonic floor and re-reads the offset at the next sample
   * (after a reconnect or a stall, when timestamps may jump).
   */
  public void reset() {
    resetDejitterAndMonotonic();
    samplesSinceSync = SAMPLES_BETWEEN_CLOCKSYNCS;
    nextSyncNanos = nanoClock.getAsLong();
  }

  private void resetDejitterAndMonotonic() {
    dejitterStarted = false;
    lastOutput = Double.NEGATIVE_INFINITY;
  }

  /** Sets the offset measured elsewhere (e.g. a blocking first measurement at open). */
  public void setOffset(double value) {
    if (!Double.isNaN(value)) {
      offset = value;
      offsetKnown = true;
    }
  }

  /** The offset currently added (0 until one was measured). */
  public double offset() {
    return offset;
  }

  /** Whether an offset was ever measured. */
  public boolean offsetKnown() {
    return offsetKnown;
  }

  /** How many times the offset source was read. */
  public long offsetQueries() {
    return offsetQueries;
  }

  /** Gaps found by the dejitter (samples missing between two timestamps). */
  public long gaps() {
    return gaps;
  }

  /** Backward timestamp jumps that restarted the dejitter fit. */
  public long backwardJumps() {
    return backwardJumps;
  }

  /** Clock resets seen. */
  public long clockResets() {
    return clockResets;
  }

  /** The dejitter fit's current sample period (seconds per sample); NaN before the first sample. */
  public double fittedPeriod() {
    return dejitterStarted ? w1 : Double.NaN;
  }

  public int flags() {
    return flags;
  }
}
