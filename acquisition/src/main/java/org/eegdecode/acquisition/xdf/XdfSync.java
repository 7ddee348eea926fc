package org.eegdecode.acquisition.xdf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * pyxdf's post-processing with its default parameters: clock synchronisation ({@code _clock_sync})
 * and jitter removal ({@code _jitter_removal}), plus per-stream segments and effective rate.
 *
 * <p><b>Clock sync.</b> Clock resets are detected between successive clock offsets exactly like
 * pyxdf: a time glitch ({@code Δtime < 0}, or more than 5 robust SDs (MAD) <em>and</em> more than 5
 * s above the median interval) together with a value glitch ({@code |Δoffset|} more than 10 MADs
 * <em>and</em> more than 1 s above the median). Each range of clock offsets between resets gets a
 * Huber-loss line {@code offset = a + b·t} fitted by pyxdf's ADMM ({@code _robust_fit}, rho 1, 1000
 * iterations, values scaled by the winsor threshold 0.0001 s); a range with one offset gives {@code
 * (offset, 0)}. The line is added to the time stamps of that range's samples.
 *
 * <p>Differences from pyxdf: (1) pyxdf builds its reset ranges with an {@code hstack/reshape} that
 * yields overlapping ranges ending at {@code n−2}; here the ranges are the intended ones, {@code
 * [0, r]}, {@code [r+1, …]}, …, {@code [·, n−1]}. (2) pyxdf applies range {@code k} to the sample
 * slice indexed by <em>clock-offset</em> indices; here each clock range is mapped to samples by
 * file order: the split between two ranges lies among the samples read between the two clock
 * offsets on either side of the reset, at the largest time stamp jump there (the reset itself).
 * Those sample ranges are the stream's {@code clock_segments}. (3) The fit is done on times
 * relative to the range's first time (for numerical precision) and converted back; pyxdf ≥ 1.16
 * does the same. (4) A range whose offsets all share one time (singular fit, where numpy would
 * fail) gets the median offset and slope 0.
 *
 * <p><b>Dejitter.</b> For regular streams (nominal rate &gt; 0) the time stamps are split where a
 * gap exceeds {@code max(1 s, 500 / nominal_srate)} and each segment is replaced by its
 * least-squares line against sample index. {@code segments} are always computed (also without
 * dejittering), and for irregular streams they are the single segment {@code [0, n−1]}. {@code
 * effective_srate = Σ(count−1) / Σ(last − first)} over segments with more than one sample (0 for
 * irregular or too-short streams), computed on the final time stamps.
 */
public final class XdfSync {
  static final double RESET_THRESHOLD_STDS = 5;
  static final double RESET_THRESHOLD_SECONDS = 5;
  static final double RESET_THRESHOLD_OFFSET_STDS = 10;
  static final double RESET_THRESHOLD_OFFSET_SECONDS = 1;
  static final double WINSOR_THRESHOLD = 0.0001;
  static final double JITTER_BREAK_SECONDS = 1;
  static final double JITTER_BREAK_SAMPLES = 500;
  private static final double EPS = Math.ulp(1.0);

  private XdfSync() {}

  /** Applies clock sync and/or dejitter to every stream and fills segments and effective rate. */
  public static void process(XdfFile file, boolean synchronizeClocks, boolean dejitter) {
    for (XdfStream s : file.streams().values()) {
      int n = s.sampleCount;
      s.clockSegments = new ArrayList<>();
      s.segments = new ArrayList<>();
      s.effectiveSrate = 0;
      if (n == 0) {
        continue;
      }
      if (synchronizeClocks && !s.clockTimes.isEmpty()) {
        synchronize(s);
      } else {
        s.clockSegments.add(new int[] {0, n - 1});
      }
      s.segments = jitterSegments(s);
      if (dejitter && s.nominalSrate > 0) {
        for (int[] seg : s.segments) {
          fitLine(s.timestamps, seg[0], seg[1]);
        }
      }
      s.effectiveSrate = s.nominalSrate > 0 ? effectiveSrate(s.timestamps, s.segments) : 0;
    }
  }

  /** Inclusive clock-offset index ranges between clock resets, per pyxdf's detection. */
  static List<int[]> clockRanges(double[] times, double[] values) {
    int n = times.length;
    List<int[]> ranges = new ArrayList<>();
    if (n < 2) {
      ranges.add(new int[] {0, n - 1});
      return ranges;
    }
    double[] dt = new double[n - 1];
    double[] dv = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      dt[i] = times[i + 1] - times[i];
      dv[i] = Math.abs(values[i + 1] - values[i]);
    }
    double medIval = median(dt);
    double medSlope = median(dv);
    double madT = medianAbsDev(dt, medIval) + EPS;
    double madV = medianAbsDev(dv, medSlope) + EPS;
    int start = 0;
    for (int i = 0; i < n - 1; i++) {
      boolean timeGlitch =
          dt[i] < 0
              || ((dt[i] - medIval) / madT > RESET_THRESHOLD_STDS
                  && dt[i] - medIval > RESET_THRESHOLD_SECONDS);
      boolean valueGlitch =
          dv[i] < 0
              || ((dv[i] - medSlope) / madV > RESET_THRESHOLD_OFFSET_STDS
                  && dv[i] - medSlope > RESET_THRESHOLD_OFFSET_SECONDS);
      if (timeGlitch && valueGlitch) {
        ranges.add(new int[] {start, i});
        start = i + 1;
      }
    }
    ranges.add(new int[] {start, n - 1});
    return ranges;
  }

  private static void synchronize(XdfStream s) {
    int n = s.sampleCount;
    double[] times = toArray(s.clockTimes);
    double[] values = toArray(s.clockValues);
    List<int[]> ranges = clockRanges(times, values);
    double[] ts = s.timestamps;
    int from = 0;
    for (int k = 0; k < ranges.size(); k++) {
      int[] r = ranges.get(k);
      int to; // exclusive sample end of this range
      if (k == ranges.size() - 1) {
        to = n;
      } else {
        int lo = Math.max(from, s.clockSampleCounts.get(r[1]));
        int hi = Math.max(lo, Math.min(n, s.clockSampleCounts.get(r[1] + 1)));
        to = splitAtLargestJump(ts, lo, hi);
      }
      double[] coef = robustLine(times, values, r[0], r[1]);
      for (int i = from; i < to; i++) {
        ts[i] += coef[0] + coef[1] * ts[i];
      }
      if (to > from) {
        s.clockSegments.add(new int[] {from, to - 1});
      }
      from = to;
    }
  }

  /** The sample index in (lo, hi] after the largest |Δt| (lo when the window has no pair). */
  private static int splitAtLargestJump(double[] ts, int lo, int hi) {
    int best = hi;
    double bestJump = -1;
    for (int i = Math.max(lo, 1); i <= hi && i < ts.length; i++) {
      double jump = Math.abs(ts[i] - ts[i - 1]);
      if (jump > bestJump) {
        bestJump = jump;
        best = i;
      }
    }
    return best;
  }

  /** {@code [a, b]} of {@code offset = a + b·t} over clock offsets {@code first..last}. */
  static double[] robustLine(double[] times, double[] values, int first, int last) {
    if (first == last) {
      return new double[] {values[first], 0};
    }
    int m = last - first + 1;
    double t0 = Double.POSITIVE_INFINITY;
    for (int i = first; i <= last; i++) {
      t0 = Math.min(t0, times[i]);
    }
    double[] x1 = new double[m];
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      x1[i] = (times[first + i] - t0) / WINSOR_THRESHOLD;
      y[i] = values[first + i] / WINSOR_THRESHOLD;
    }
    double[] x = huberAdmm(x1, y, 1.0, 1000);
    if (x == null) {
      return new double[] {median(Arrays.copyOfRange(values, first, last + 1)), 0};
    }
    double slope = x[1];
    double intercept = x[0] * WINSOR_THRESHOLD - slope * t0;
    return new double[] {intercept, slope};
  }

  /**
   * Huber-loss regression {@code y ≈ x0 + x1·a} by ADMM (as pyxdf's {@code _robust_fit}); null when
   * the normal equations are singular.
   */
  static double[] huberAdmm(double[] a, double[] y, double rho, int iters) {
    int m = a.length;
    double s00 = m;
    double s01 = 0;
    double s11 = 0;
    for (double v : a) {
      s01 += v;
      s11 += v * v;
    }
    double det = s00 * s11 - s01 * s01;
    if (!(Math.abs(det) > 1e-12 * Math.max(1, s00 * s11))) {
      return null;
    }
    double i00 = s11 / det;
    double i01 = -s01 / det;
    double i11 = s00 / det;
    double[] z = new double[m];
    double[] u = new double[m];
    double[] d = new double[m];
    double x0 = 0;
    double x1 = 0;
    for (int k = 0; k < iters; k++) {
      double b0 = 0;
      double b1 = 0;
      for (int i = 0; i < m; i++) {
        double r = y[i] + z[i] - u[i];
        b0 += r;
        b1 += a[i] * r;
      }
      x0 = i00 * b0 + i01 * b1;
      x1 = i01 * b0 + i11 * b1;
      for (int i = 0; i < m; i++) {
        d[i] = x0 + x1 * a[i] - y[i] + u[i];
        double ad = Math.abs(d[i]);
        double tmp = ad == 0 ? 0 : Math.max(0, 1 - (1 + 1 / rho) / ad);
        z[i] = rho / (1 + rho) * d[i] + 1 / (1 + rho) * tmp * d[i];
        u[i] = d[i] - z[i];
      }
    }
    return new double[] {x0, x1};
  }

  /** pyxdf's break detection: inclusive [start, stop] pairs covering every sample. */
  static List<int[]> jitterSegments(XdfStream s) {
    int n = s.sampleCount;
    List<int[]> segs = new ArrayList<>();
    if (s.nominalSrate <= 0) {
      segs.add(new int[] {0, n - 1});
      return segs;
    }
    double threshold = Math.max(JITTER_BREAK_SECONDS, JITTER_BREAK_SAMPLES / s.nominalSrate);
    int start = 0;
    for (int i = 1; i < n; i++) {
      if (s.timestamps[i] - s.timestamps[i - 1] > threshold) {
        segs.add(new int[] {start, i - 1});
        start = i;
      }
    }
    segs.add(new int[] {start, n - 1});
    return segs;
  }

  /** Replaces ts[first..last] by its least-squares line against sample index. */
  static void fitLine(double[] ts, int first, int last) {
    int m = last - first + 1;
    if (m < 2) {
      return;
    }
    double meanI = (m - 1) / 2.0;
    double meanT = 0;
    for (int i = 0; i < m; i++) {
      meanT += ts[first + i];
    }
    meanT /= m;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < m; i++) {
      double di = i - meanI;
      sxy += di * (ts[first + i] - meanT);
      sxx += di * di;
    }
    double slope = sxy / sxx;
    for (int i = 0; i < m; i++) {
      ts[first + i] = meanT + slope * (i - meanI);
    }
  }

  static double effectiveSrate(double[] ts, List<int[]> segments) {
    double count = 0;
    double duration = 0;
    for (int[] seg : segments) {
      if (seg[1] > seg[0]) {
        count += seg[1] - seg[0];
        duration += ts[seg[1]] - ts[seg[0]];
      }
    }
    return duration > 0 ? count / duration : 0;
  }

  private static double[] toArray(List<Double> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    int n = c.length;
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }

  private static double medianAbsDev(double[] v, double center) {
    double[] dev = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      dev[i] = Math.abs(v[i] - center);
    }
    return median(dev);
  }
}
