package org.eegdecode.acquisition.sim;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.eegdecode.acquisition.lsl.Lsl;
import org.eegdecode.acquisition.lsl.LslOutlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a {@link SimulatedSignal} as an amplifier would: an EEG outlet (float32, channel labels
 * in {@code desc}) pushed in real-time chunks and a string marker outlet with one marker per
 * stimulus, carrying {@code concept/file} of the image shown. Optional faults: timestamp jitter, a
 * clock offset, late markers, duplicated markers, dropped samples and an outage during which the
 * EEG outlet is gone (it comes back with the same source_id). Ends by itself once the last epoch
 * has been streamed.
 *
 * <p>Sample n is stamped {@code t0 + n / rate} (+ offset, + jitter) and pushed once the local clock
 * has passed it; marker k is stamped just before the sample at its onset, so the epocher's onset
 * (the first sample at or after the marker) is that sample.
 */
public final class AmplifierSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(AmplifierSimulator.class);

  /** Marker k is stamped this fraction of a sample before its onset sample. */
  public static final double MARKER_LEAD_SAMPLES = 0.3;

  private final SimulatedSignal signal;
  private final List<String> markerTexts;
  private final SimulatorSettings settings;
  private volatile boolean stopped;
  private int duplicatesSent;

  /**
   * @param markerTexts marker text per dataset image (e.g. {@code 00042_zebra/zebra_01b.jpg})
   */
  public AmplifierSimulator(
      SimulatedSignal signal, List<String> markerTexts, SimulatorSettings settings) {
    this.signal = signal;
    this.markerTexts = markerTexts;
    this.settings = settings;
  }

  /** The signal this simulator streams (for comparisons against what a consumer received). */
  public SimulatedSignal signal() {
    return signal;
  }

  /** Index of the native sample at trial k's onset (sample n is stamped t0 + n / rate). */
  public long onsetSample(int trial) {
    return Math.round((settings.leadS() + signal.schedule().onset(trial)) * signal.nativeRate());
  }

  /** Stops a running {@link #run()} at the next chunk. */
  public void stop() {
    stopped = true;
  }

  /** What one run streamed. */
  public record Summary(
      long samplesSent,
      long samplesDropped,
      long samplesLostInOutage,
      int markersSent,
      int duplicatesSent,
      double seconds,
      double firstOnsetTimestamp,
      List<String> channelLabels) {}

  /** Streams until the last trial's epoch is out (or {@link #stop()}); blocking. */
  public Summary run() {
    Lsl lsl = Lsl.get();
    double rate = signal.nativeRate();
    int channels = signal.channels();
    int chunk = Math.max(1, (int) Math.round(settings.chunkMs() / 1000.0 * rate));
    TrialSchedule schedule = signal.schedule();
    double lead = settings.leadS();
    long lastSample =
        (long)
            Math.ceil(
                (lead + schedule.onset(schedule.trials() - 1) + signal.postStimulus() + 0.5)
                    * rate);
    BitSet dropped = dropouts(lead, rate, lastSample);
    float[] values = new float[chunk * channels];
    double[] stamps = new double[chunk];
    SplittableRandom jitter = new SplittableRandom(settings.seed() * 31 + 7);
    double offset = settings.clockOffsetS();
    double jitterS = settings.jitterMs() / 1000.0;
    double markerLag = settings.markerLagMs() / 1000.0;
    long sent = 0;
    long lostInOutage = 0;
    int markers = 0;
    LslOutlet eeg =
        LslOutlet.eeg(settings.eegName(), settings.sourceId(), signal.channelLabels(), rate);
    LslOutlet marker = LslOutlet.markers(settings.markerName(), settings.markerSourceId());
    try {
      if (settings.waitForConsumersS() > 0) {
        eeg.waitForConsumers(settings.waitForConsumersS());
        marker.waitForConsumers(settings.waitForConsumersS());
      }
      double t0 = lsl.localClock() + 0.05;
      double outageStart =
          settings.outageAtS() < 0 ? Double.POSITIVE_INFINITY : settings.outageAtS();
      double outageEnd = outageStart + settings.outageS();
      boolean inOutage = false;
      for (long first = 0; first <= lastSample && !stopped; first += chunk) {
        int n = (int) Math.min(chunk, lastSample + 1 - first);
        waitUntil(lsl, t0 + (first + n) / rate);
        double chunkTime = (first + n) / rate;
        if (!inOutage && chunkTime >= outageStart && chunkTime < outageEnd) {
          LOG.info("simulated outage: EEG outlet gone for {} s", settings.outageS());
          eeg.close();
          inOutage = true;
        } else if (inOutage && chunkTime >= outageEnd) {
          eeg =
              LslOutlet.eeg(settings.eegName(), settings.sourceId(), signal.channelLabels(), rate);
          inOutage = false;
          LOG.info("simulated outage over: EEG outlet back");
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
          long index = first + i;
          double noise = jitterS > 0 ? jitter.nextGaussian() * jitterS : 0;
          if (inOutage) {
            lostInOutage++;
            continue;
          }
          if (dropped.get((int) index)) {
            continue;
          }
          signal.sample(index / rate - lead, index, values, kept * channels);
          stamps[kept] = t0 + index / rate + offset + noise;
          kept++;
        }
        if (kept > 0) {
          eeg.pushChunk(values, kept, stamps);
          sent += kept;
        }
        markers = pushMarkersDue(marker, t0, lead, rate, markers, lsl.localClock() - markerLag);
      }
      // Late markers (marker_lag_ms) may still be due after the last sample.
      while (markers < schedule.trials() && !stopped) {
        waitUntil(lsl, markerStamp(t0, lead, rate, markers) + markerLag);
        markers = pushMarkersDue(marker, t0, lead, rate, markers, lsl.localClock() - markerLag);
      }
      waitUntil(lsl, lsl.localClock() + 0.5);
      return new Summary(
          sent,
          dropped.cardinality(),
          lostInOutage,
          markers,
          duplicatesSent,
          lsl.localClock() - t0,
          markerStamp(t0, lead, rate, 0) + offset,
          signal.channelLabels());
    } finally {
      eeg.close();
      marker.close();
    }
  }

  /**
   * Pushes every marker from {@code next} on whose timestamp is at or before {@code dueBy}; the
   * first {@code duplicate_markers} after the first go out twice. Returns the next marker to send.
   */
  private int pushMarkersDue(
      LslOutlet marker, double t0, double lead, double rate, int next, double dueBy) {
    TrialSchedule schedule = signal.schedule();
    double offset = settings.clockOffsetS();
    while (next < schedule.trials()) {
      double stamp = markerStamp(t0, lead, rate, next);
      if (stamp > dueBy) {
        break;
      }
      String text = markerTexts.get(schedule.image(next));
      marker.pushMarker(text, stamp + offset);
      if (next >= 1 && next <= settings.duplicateMarkers()) {
        marker.pushMarker(text, stamp + offset);
        duplicatesSent++;
      }
      next++;
    }
    return next;
  }

  /** Timestamp of marker k: just before the sample at its onset. */
  private double markerStamp(double t0, double lead, double rate, int trial) {
    return t0 + (onsetSample(trial) - MARKER_LEAD_SAMPLES) / rate;
  }

  private BitSet dropouts(double lead, double rate, long lastSample) {
    BitSet dropped = new BitSet();
    SplittableRandom random = new SplittableRandom(settings.seed() * 131 + 3);
    long from = (long) Math.ceil(lead * rate);
    if (settings.dropouts() > 0 && lastSample <= from) {
      throw new IllegalArgumentException("no samples after lead_s to drop");
    }
    while (dropped.cardinality() < settings.dropouts()) {
      dropped.set((int) (from + random.nextLong(lastSample - from)));
    }
    return dropped;
  }

  private static void waitUntil(Lsl lsl, double localClock) {
    double remaining;
    while ((remaining = localClock - lsl.localClock()) > 0) {
      LockSupport.parkNanos((long) Math.min(remaining * 1e9, 5_000_000));
    }
  }

  @Override
  public String toString() {
    return "AmplifierSimulator" + Arrays.asList(settings.eegName(), settings.markerName());
  }
}
