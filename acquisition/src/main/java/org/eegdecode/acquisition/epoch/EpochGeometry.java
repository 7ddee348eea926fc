package org.eegdecode.acquisition.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Where an epoch's samples lie relative to its onset, at the stream's native rate, following
 * mne-lsl's {@code EpochsStream}: onset = first EEG sample whose timestamp ≥ the marker's; window
 * start = onset + round(tmin·fs) (round half to even, like numpy); native length = ceil((tmax −
 * tmin)·fs); T = ceil((tmax − tmin)·modelRate) output samples, output k at native position start +
 * k·fs/modelRate. The anti-alias filter reaches {@link DecimatingFilter#half()} samples around each
 * output position, so an epoch needs the native range {@link #needFirst()} … {@link #needLast()}
 * (relative to the onset), slightly wider than the window. Also resolves the model's channels to
 * stream channel indices. Computed once per stream; immutable.
 */
public final class EpochGeometry {
  private final String streamName;
  private final int nativeRate;
  private final int modelRate;
  private final int startOffset;
  private final int nativeLength;
  private final int times;
  private final int baselineCount;
  private final int needFirst;
  private final int needLast;
  private final int[] outputFirstTap;
  private final int[] outputPhase;
  private final int[] streamChannel;
  private final List<String> channelLabels;
  private final DecimatingFilter filter;

  private EpochGeometry(EpochSpec spec, StreamLayout stream, double cutoffFraction, double halfS) {
    this.streamName = stream.name();
    this.modelRate = spec.modelRateHz();
    this.nativeRate = checkRate(stream, modelRate);
    if (!(halfS > 0)) {
      throw new IllegalArgumentException(
          "anti-alias filter half-width must be > 0 s, got " + halfS);
    }
    int half = Math.max(1, (int) Math.rint(halfS * nativeRate));
    this.filter = DecimatingFilter.design(nativeRate, modelRate, cutoffFraction * modelRate, half);
    double duration = spec.tmax() - spec.tmin();
    this.startOffset = (int) Math.rint(spec.tmin() * nativeRate);
    this.nativeLength = ceilGuarded(duration * nativeRate);
    this.times = spec.modelSamples();
    this.baselineCount = Math.min(nativeLength, 1 - startOffset);
    int up = filter.up();
    int down = filter.down();
    int first = startOffset;
    int last = startOffset + nativeLength - 1;
    int[] tapAt = new int[times];
    this.outputPhase = new int[times];
    for (int k = 0; k < times; k++) {
      long num = (long) k * down;
      int base = startOffset + (int) (num / up);
      int phase = (int) (num % up);
      outputPhase[k] = phase;
      tapAt[k] = base + filter.firstTap(phase);
      first = Math.min(first, tapAt[k]);
      last = Math.max(last, base + filter.half());
    }
    this.needFirst = first;
    this.needLast = last;
    for (int k = 0; k < times; k++) {
      tapAt[k] -= first;
    }
    this.outputFirstTap = tapAt;
    List<String> labels =
        spec.modelChannels().isEmpty() ? stream.channelLabels() : spec.modelChannels();
    this.channelLabels = List.copyOf(labels);
    this.streamChannel = pickChannels(stream, labels);
  }

  /**
   * Geometry for this spec and stream.
   *
   * @param cutoffFraction anti-alias cutoff as a fraction of the model rate (e.g. 0.4)
   * @param halfWidthSeconds anti-alias filter half-length in seconds
   * @throws IllegalArgumentException for a rate that cannot be brought to the model rate, or model
   *     channels the stream lacks; the message names the stream
   */
  public static EpochGeometry of(
      EpochSpec spec, StreamLayout stream, double cutoffFraction, double halfWidthSeconds) {
    return new EpochGeometry(spec, stream, cutoffFraction, halfWidthSeconds);
  }

  /**
   * ceil(x), except that x within float error of an integer is that integer (1000.0000001 → 1000).
   */
  static int ceilGuarded(double x) {
    double r = Math.rint(x);
    if (Math.abs(x - r) <= 1e-9 * Math.max(1.0, Math.abs(x))) {
      return (int) r;
    }
    return (int) Math.ceil(x);
  }

  /**
   * Accepts every whole-Hz rate at or above the model rate: integer multiples are decimated
   * directly, others (250 Hz for a 100 Hz model) resampled by a rational factor.
   */
  static int checkRate(StreamLayout stream, int modelRate) {
    double fs = stream.nominalRate();
    String name = "EEG stream '" + stream.name() + "'";
    if (!(fs > 0) || Double.isInfinite(fs)) {
      throw new IllegalArgumentException(
          name
              + " has an irregular rate ("
              + fs
              + " Hz): epochs need a regular stream with a nominal rate of at least "
              + modelRate
              + " Hz");
    }
    double rounded = Math.rint(fs);
    if (Math.abs(fs - rounded) <= 1e-6 && rounded >= modelRate && rounded <= Integer.MAX_VALUE) {
      return (int) rounded;
    }
    TreeSet<Long> nearest = new TreeSet<>();
    if (fs < modelRate) {
      nearest.add((long) modelRate);
    } else {
      nearest.add((long) Math.floor(fs));
      nearest.add((long) Math.ceil(fs));
    }
    long below = (long) Math.floor(fs / modelRate) * modelRate;
    if (below >= modelRate) {
      nearest.add(below);
    }
    nearest.add(Math.max(modelRate, (long) Math.ceil(fs / modelRate) * modelRate));
    List<String> rates = new ArrayList<>();
    for (long r : nearest) {
      rates.add(r + " Hz");
    }
    throw new IllegalArgumentException(
        name
            + " runs at "
            + formatRate(fs)
            + " Hz, which cannot be brought to the model rate of "
            + modelRate
            + " Hz: the native rate must be a whole number of Hz, at least the model rate"
            + " (integer multiples such as "
            + modelRate
            + ", "
            + 2 * modelRate
            + ", "
            + 5 * modelRate
            + ", "
            + 10 * modelRate
            + " Hz are decimated directly, other rates such as 250 Hz are resampled);"
            + " nearest usable rates: "
            + String.join(", ", rates));
  }

  private static String formatRate(double fs) {
    return fs == Math.rint(fs) && Math.abs(fs) < 1e15
        ? Long.toString((long) fs)
        : String.format(Locale.ROOT, "%s", fs);
  }

  private static int[] pickChannels(StreamLayout stream, List<String> labels) {
    List<String> available = stream.channelLabels();
    int[] picked = new int[labels.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      int index = available.indexOf(label);
      if (index < 0) {
        index = uniqueIgnoringCase(available, label);
      }
      if (index < 0) {
        missing.add(label);
      }
      picked[i] = index;
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "EEG stream '"
              + stream.name()
              + "' lacks channels "
              + missing
              + " the model needs (stream channels: "
              + available
              + ")");
    }
    return picked;
  }

  private static int uniqueIgnoringCase(List<String> available, String label) {
    int found = -1;
    for (int i = 0; i < available.size(); i++) {
      if (available.get(i).equalsIgnoreCase(label)) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  public String streamName() {
    return streamName;
  }

  public int nativeRate() {
    return nativeRate;
  }

  public int modelRate() {
    return modelRate;
  }

  /** round(tmin·fs): the window's first native sample relative to the onset. */
  public int startOffset() {
    return startOffset;
  }

  /** ceil((tmax − tmin)·fs): native samples in the window. */
  public int nativeLength() {
    return nativeLength;
  }

  /** T: output samples per channel at the model rate. */
  public int times() {
    return times;
  }

  /** C: model channels. */
  public int channels() {
    return streamChannel.length;
  }

  /** Native samples averaged for the baseline: window start … onset, inclusive (time ≤ 0). */
  public int baselineCount() {
    return baselineCount;
  }

  /** First native sample an epoch needs (filter padding included), relative to the onset. */
  public int needFirst() {
    return needFirst;
  }

  /** Last native sample an epoch needs (filter padding included), relative to the onset. */
  public int needLast() {
    return needLast;
  }

  /** Native samples an epoch needs in all: needLast − needFirst + 1. */
  public int span() {
    return needLast - needFirst + 1;
  }

  /** Output k's first tap, as an offset into the needed range (0 = needFirst). */
  public int outputFirstTap(int k) {
    return outputFirstTap[k];
  }

  /** Output k's filter phase. */
  public int outputPhase(int k) {
    return outputPhase[k];
  }

  /** The stream channel index feeding model channel c. */
  public int streamChannel(int c) {
    return streamChannel[c];
  }

  /** Model channel labels in model order. */
  public List<String> channelLabels() {
    return Collections.unmodifiableList(channelLabels);
  }

  public DecimatingFilter filter() {
    return filter;
  }

  /** Samples of waiting for the filter's trailing taps after the window's last native sample. */
  public int trailingPadding() {
    return needLast - (startOffset + nativeLength - 1);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "epochs of %d×%d at %d Hz from stream '%s' at %d Hz: window %+d..%+d native samples"
            + " (baseline %d), filter L/M=%d/%d half=%d cutoff=%.1f Hz, needs %+d..%+d",
        channels(),
        times,
        modelRate,
        streamName,
        nativeRate,
        startOffset,
        startOffset + nativeLength - 1,
        baselineCount,
        filter.up(),
        filter.down(),
        filter.half(),
        filter.cutoffHz(),
        needFirst,
        needLast);
  }
}
