package org.eegdecode.acquisition.bids;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The EEG samples' corrected (clock-synchronised, dejittered) timestamps in file order, split into
 * segments, and the mapping from a time on that line to a position in the written file.
 *
 * <p>The file holds the samples back to back, as recorded: nothing is invented for missing time and
 * nothing is dropped. A new segment starts where
 *
 * <ul>
 *   <li><b>samples are missing</b>: the step to the next timestamp exceeds {@value #GAP_PERIODS}
 *       sample periods (one lost sample makes a step of 2);
 *   <li><b>time goes backwards</b> (a timeline that overlaps itself; kept, never sorted);
 *   <li><b>the clock changes</b>: the correction (corrected − raw stamp) jumps by more than {@value
 *       #CLOCK_JUMP_SECONDS} s, pyxdf's threshold for a clock reset.
 * </ul>
 *
 * <p>Where the corrected line runs smoothly but the stream's own (raw) stamps jump, a {@link
 * RawJump} is noted without splitting: pyxdf's dejitter (and so an XDF source's timeline) fits one
 * line across gaps shorter than max(1 s, 500 samples), and a sender that was late rather than a
 * sample that was lost looks the same in the stamps, so the export reports these and leaves the
 * timeline as the synchronisation made it.
 *
 * <p>An event at time {@code t} lands at the fractional file position interpolated between the
 * samples around it in its segment, so events stay on the data even where the effective rate drifts
 * from the nominal one; its {@code sample} is the first sample at or after {@code t}, the epocher's
 * onset rule. An event in a gap moves to the first sample after the gap; one before the first
 * sample or after the last keeps its distance in seconds and has no sample.
 */
public final class EegTimeline {
  public static final double GAP_PERIODS = 1.5;
  public static final double CLOCK_JUMP_SECONDS = 1.0;
  public static final double RAW_GAP_SIGMAS = 5.0;

  /** Why a segment starts. */
  public enum Break {
    START,
    GAP,
    BACKWARDS,
    CLOCK,
    GAP_AND_CLOCK
  }

  /**
   * Samples {@code first..last} (inclusive) of the file.
   *
   * @param missingSeconds time not covered before this segment: the step from the previous sample
   *     minus one period (negative when time went backwards; 0 for the first segment)
   */
  public record Segment(int first, int last, Break cause, double missingSeconds) {
    public boolean timeBreak() {
      return cause == Break.GAP || cause == Break.BACKWARDS || cause == Break.GAP_AND_CLOCK;
    }

    public boolean clockBreak() {
      return cause == Break.CLOCK || cause == Break.GAP_AND_CLOCK;
    }
  }

  /**
   * The raw stamps step by {@code seconds} (more than {@value #GAP_PERIODS} periods and more than
   * {@value #RAW_GAP_SIGMAS} robust SDs above the median raw step) before {@code sample}, while the
   * corrected line does not.
   */
  public record RawJump(int sample, double seconds) {}

  /** Where an event lies in the file. */
  public record Position(double position, long sample, Placement placement) {}

  /** How an event relates to the recorded samples. */
  public enum Placement {
    IN_DATA,
    IN_GAP,
    BEFORE_FIRST_SAMPLE,
    AFTER_LAST_SAMPLE
  }

  private final double rate;
  private double[] stamps = new double[4096];
  private double[] raws = new double[4096];
  private int n;
  private final List<Segment> segments = new ArrayList<>();
  private final List<RawJump> rawJumps = new ArrayList<>();
  private boolean finished;

  public EegTimeline(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + rate);
    }
    this.rate = rate;
  }

  /** Appends the next sample's corrected and raw timestamps. */
  public void add(double corrected, double raw) {
    if (finished) {
      throw new IllegalStateException("timeline finished");
    }
    if (n == stamps.length) {
      stamps = Arrays.copyOf(stamps, stamps.length * 2);
      raws = Arrays.copyOf(raws, raws.length * 2);
    }
    stamps[n] = corrected;
    raws[n] = raw;
    n++;
  }

  /** Splits the samples into segments; call once after the last sample. */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (n == 0) {
      return;
    }
    double period = 1.0 / rate;
    double rawThreshold = rawGapThreshold();
    int first = 0;
    Break cause = Break.START;
    double missing = 0;
    for (int i = 1; i < n; i++) {
      double step = stamps[i] - stamps[i - 1];
      double rawStep = raws[i] - raws[i - 1];
      boolean clock = clockJump(i);
      boolean gap = step > GAP_PERIODS * period;
      boolean backwards = step < 0;
      if (gap || backwards || clock) {
        segments.add(new Segment(first, i - 1, cause, missing));
        first = i;
        missing = step - period;
        cause =
            clock
                ? (gap || backwards ? Break.GAP_AND_CLOCK : Break.CLOCK)
                : (gap ? Break.GAP : Break.BACKWARDS);
      } else if (rawStep > rawThreshold) {
        rawJumps.add(new RawJump(i, rawStep));
      }
    }
    segments.add(new Segment(first, n - 1, cause, missing));
  }

  /** The clock correction (corrected − raw) jumps between samples i−1 and i. */
  private boolean clockJump(int i) {
    double jump = (stamps[i] - raws[i]) - (stamps[i - 1] - raws[i - 1]);
    return Math.abs(jump) > CLOCK_JUMP_SECONDS;
  }

  /**
   * The raw step that means lost samples even where the corrected line runs smoothly over them
   * (pyxdf's dejitter fits one line across gaps shorter than max(1 s, 500 samples), so an XDF
   * file's corrected stamps hide short dropouts): more than {@value #GAP_PERIODS} periods and more
   * than {@value #RAW_GAP_SIGMAS} robust SDs (1.4826 × MAD) above the median raw step, so the
   * jitter of per-sample stamps is not taken for a gap.
   */
  private double rawGapThreshold() {
    double[] steps = new double[Math.max(0, n - 1)];
    int m = 0;
    for (int i = 1; i < n; i++) {
      double step = raws[i] - raws[i - 1];
      if (!clockJump(i) && Double.isFinite(step)) {
        steps[m++] = step;
      }
    }
    double floor = GAP_PERIODS / rate;
    if (m == 0) {
      return floor;
    }
    double[] sorted = Arrays.copyOf(steps, m);
    Arrays.sort(sorted);
    double median = sorted[m / 2];
    for (int i = 0; i < m; i++) {
      sorted[i] = Math.abs(sorted[i] - median);
    }
    Arrays.sort(sorted);
    double sd = 1.4826 * sorted[m / 2];
    return Math.max(floor, median + RAW_GAP_SIGMAS * sd);
  }

  public int samples() {
    return n;
  }

  public double rate() {
    return rate;
  }

  public double stamp(int sample) {
    return stamps[sample];
  }

  public List<Segment> segments() {
    return List.copyOf(segments);
  }

  public List<RawJump> rawJumps() {
    return List.copyOf(rawJumps);
  }

  /** Σ(count−1)/Σ(duration) over segments of two or more samples (0 when there are none). */
  public double effectiveRate() {
    long intervals = 0;
    double seconds = 0;
    for (Segment s : segments) {
      if (s.last() > s.first()) {
        intervals += s.last() - s.first();
        seconds += stamps[s.last()] - stamps[s.first()];
      }
    }
    return seconds > 0 ? intervals / seconds : 0;
  }

  /** Where time {@code t} (corrected clock) lies in the file. */
  public Position locate(double t) {
    if (!finished || n == 0) {
      throw new IllegalStateException("no finished timeline");
    }
    double period = 1.0 / rate;
    if (t < stamps[0]) {
      return new Position((t - stamps[0]) * rate, -1, Placement.BEFORE_FIRST_SAMPLE);
    }
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      if (t < stamps[seg.first()]) {
        // between the previous segment's last period and this one: a gap
        return new Position(seg.first(), seg.first(), Placement.IN_GAP);
      }
      if (t <= stamps[seg.last()]) {
        int k = lastAtOrBefore(seg.first(), seg.last(), t);
        if (stamps[k] == t) {
          return new Position(k, k, Placement.IN_DATA);
        }
        double pos = k + (t - stamps[k]) / (stamps[k + 1] - stamps[k]);
        return new Position(pos, k + 1L, Placement.IN_DATA);
      }
      if (t < stamps[seg.last()] + period) {
        // within the last sample period of the segment
        double pos = seg.last() + (t - stamps[seg.last()]) * rate;
        boolean more = s + 1 < segments.size();
        return more
            ? new Position(pos, seg.last() + 1L, Placement.IN_DATA)
            : new Position(pos, -1, Placement.AFTER_LAST_SAMPLE);
      }
    }
    return new Position((n - 1) + (t - stamps[n - 1]) * rate, -1, Placement.AFTER_LAST_SAMPLE);
  }

  /** The last index in [lo, hi] whose stamp is ≤ t (stamps[lo] ≤ t is given). */
  private int lastAtOrBefore(int lo, int hi, double t) {
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (stamps[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
