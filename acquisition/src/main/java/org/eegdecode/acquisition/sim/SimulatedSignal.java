package org.eegdecode.acquisition.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eegdecode.acquisition.things.ThingsEegFile;

/**
 * The continuous native-rate signal the simulator streams, built from a THINGS-format split whose
 * trials are epochs of {@code T} samples at the release rate starting at {@code epochStart}
 * seconds.
 *
 * <p>At time t (seconds after the first onset) the value comes from one trial: among the trials
 * whose epoch window contains t, the one with the latest onset at or before t; when t lies only in
 * the pre-stimulus part of windows, the earliest such trial. So with an SOA at least as long as the
 * epoch every window holds exactly its own epoch (the epocher must give the source epoch back), and
 * with a short SOA (RSVP) each stimulus' evoked part follows the previous one. Between release
 * samples the value is interpolated linearly; outside every window it is 0.
 *
 * <p>Channels are the file's, then {@code extraChannels} noise channels {@code X1…}, then shuffled
 * into the order {@link #channelLabels()} when asked: the epocher must pick the model's channels by
 * label. Values are produced on demand, sample by sample: nothing is held but the source file.
 */
public final class SimulatedSignal {
  private final float[] data;
  private final int repetitions;
  private final int sourceChannels;
  private final int epochSamples;
  private final double sourceRate;
  private final double epochStart;
  private final double nativeRate;
  private final TrialSchedule schedule;
  private final int[] sourceOfOutput;
  private final List<String> labels;
  private final long noiseSeed;

  public SimulatedSignal(
      ThingsEegFile file,
      double sourceRate,
      double nativeRate,
      TrialSchedule schedule,
      int extraChannels,
      boolean shuffleChannels,
      long seed) {
    this.data = file.data();
    this.repetitions = file.repetitions();
    this.sourceChannels = file.channels().size();
    this.epochSamples = file.times().length;
    this.sourceRate = sourceRate;
    this.epochStart = file.times()[0];
    this.nativeRate = nativeRate;
    this.schedule = schedule;
    this.noiseSeed = seed;
    int total = sourceChannels + extraChannels;
    List<String> all = new ArrayList<>(file.channels());
    for (int i = 1; i <= extraChannels; i++) {
      all.add("X" + i);
    }
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    if (shuffleChannels) {
      SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
      for (int i = total - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    this.sourceOfOutput = order;
    List<String> out = new ArrayList<>(total);
    for (int source : order) {
      out.add(all.get(source));
    }
    this.labels = List.copyOf(out);
  }

  public List<String> channelLabels() {
    return labels;
  }

  public int channels() {
    return labels.size();
  }

  public double nativeRate() {
    return nativeRate;
  }

  public TrialSchedule schedule() {
    return schedule;
  }

  /** Seconds of the epoch window before the onset (positive, e.g. 0.2). */
  public double preStimulus() {
    return -epochStart;
  }

  /** Seconds of the epoch window after the onset. */
  public double postStimulus() {
    return epochStart + epochSamples / sourceRate;
  }

  /**
   * Writes the value of every output channel at time {@code t} (seconds after the first onset) into
   * {@code out[offset…]}.
   */
  public void sample(double t, long sampleIndex, float[] out, int offset) {
    int trial = trialAt(t);
    for (int c = 0; c < labels.size(); c++) {
      int source = sourceOfOutput[c];
      float value;
      if (source >= sourceChannels) {
        value = noise(sampleIndex, source);
      } else if (trial < 0) {
        value = 0f;
      } else {
        value = interpolate(trial, source, t - schedule.onset(trial));
      }
      out[offset + c] = value;
    }
  }

  /** The trial whose epoch supplies time t, or -1 outside every window. */
  int trialAt(double t) {
    double soa = schedule.soa();
    // Trial k's window is [onset − pre, onset + post): k > (t − post)/soa and k ≤ (t + pre)/soa.
    int first = (int) Math.max(0, Math.floor((t - postStimulus()) / soa + 1e-9) + 1);
    int last = (int) Math.min(schedule.trials() - 1, Math.floor((t + preStimulus()) / soa + 1e-9));
    if (first > last) {
      return -1;
    }
    int latestStarted = (int) Math.min(last, Math.floor(t / soa + 1e-9));
    return latestStarted >= first ? latestStarted : first;
  }

  private float interpolate(int trial, int channel, double sinceOnset) {
    double position = (sinceOnset - epochStart) * sourceRate;
    int below = (int) Math.floor(position + 1e-9);
    if (below < 0 || below >= epochSamples) {
      return 0f;
    }
    double fraction = Math.max(0, position - below);
    int base =
        ((schedule.image(trial) * repetitions + schedule.repetition(trial)) * sourceChannels
                + channel)
            * epochSamples;
    float a = data[base + below];
    if (fraction < 1e-9 || below + 1 >= epochSamples) {
      return a;
    }
    float b = data[base + below + 1];
    return (float) (a + (b - a) * fraction);
  }

  /** Deterministic unit-variance noise for the extra channels (SplitMix64 of index and channel). */
  private float noise(long sampleIndex, int channel) {
    long z = noiseSeed + sampleIndex * 0x9E3779B97F4A7C15L + channel * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    // Uniform on [-√3, √3): unit variance, no allocation.
    return (float) (((z >>> 11) * 0x1.0p-53 * 2 - 1) * 1.7320508075688772);
  }
}
