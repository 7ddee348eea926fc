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
 * <p>An event at time {@code t} lands at the fractional file position interpolated between the
 * samples around it in its segment, so events stay on the data even where the effective rate drifts
 * from the nominal one; its {@code sample} is the first sample at or after {@code t}, the epocher's
 * onset rule. An event in a gap moves to the first sample after the gap; one before the first
 * sample or after the last keeps its distance in seconds and has no sample.
 */
public final class EegTimeline {
  public static final double GAP_PERIODS = 1.5;
  public static final double CLOCK_JUMP_SECONDS = 1.0;

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
  private int n;
  private double lastOffset = Double.NaN;
  private final List<Segment> segments = new ArrayList<>();
  private int segmentFirst;
  private Break segmentCause = Break.START;
  private double segmentMissing;
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
    double offset = corrected - raw;
    if (n > 0) {
      double step = corrected - stamps[n - 1];
      boolean gap = step > GAP_PERIODS / rate;
      boolean backwards = step < 0;
      boolean clock =
          !Double.isNaN(offset)
              && !Double.isNaN(lastOffset)
              && Math.abs(offset - lastOffset) > CLOCK_JUMP_SECONDS;
      if (gap || backwards || clock) {
        segments.add(new Segment(segmentFirst, n - 1, segmentCause, segmentMissing));
        segmentFirst = n;
        segmentMissing = step - 1.0 / rate;
        segmentCause =
            clock
                ? (gap || backwards ? Break.GAP_AND_CLOCK : Break.CLOCK)
                : (gap ? Break.GAP : Break.BACKWARDS);
      }
    }
    if (n == stamps.length) {
      stamps = Arrays.copyOf(stamps, stamps.length * 2);
    }
    stamps[n++] = corrected;
    lastOffset = offset;
  }

  /** Closes the last segment; call once after the last sample. */
  public void finish() {
    if (!finished && n > 0) {
      segments.add(new Segment(segmentFirst, n - 1, segmentCause, segmentMissing));
    }
    finished = true;
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
