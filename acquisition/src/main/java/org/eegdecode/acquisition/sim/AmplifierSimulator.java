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
 * in {@code desc}) pushed in real-time chunks, and a marker outlet as a stimulus program would send
 * it: one marker per stimulus naming the image shown in the configured convention ({@code
 * concept/file} by default, or an integer code, a concept, a file name, a mapped marker) on a
 * marker stream of the configured channel format ({@code string}, {@code int32}, {@code float32}
 * …), and optionally a catch marker (code 99999) halfway after every N-th trial, which must open no
 * epoch. The markers can go to an outlet the caller supplies instead ({@link #sendMarkersTo}: a
 * test's own producer). Optional faults: timestamp jitter, a clock offset, late markers, duplicated
 * markers, dropped samples and an outage during which the EEG outlet is gone (it comes back with
 * the same source_id). Ends by itself once the last epoch has been streamed.
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
  private final String catchMarker;
  private final SimulatorSettings settings;
  private volatile boolean stopped;
  private volatile MarkerOutlet markerOutlet;
  private int duplicatesSent;
  private int catchSent;

  /** Where the stimulus markers go: the simulator's own LSL outlet, or one the caller supplies. */
  public interface MarkerOutlet extends AutoCloseable {
    /**
     * Sends one marker stamped {@code timestamp}: its text (a numeric stream sends the number) for
     * dataset image {@code image}, or the catch marker ({@code image} = -1).
     */
    void push(String marker, int image, double timestamp);

    /** Waits until a consumer is connected; false on timeout. */
    default boolean waitForConsumers(double seconds) {
      return true;
    }

    @Override
    default void close() {}
  }

  /**
   * @param markerTexts marker text per dataset image (e.g. {@code 00042_zebra/zebra_01b.jpg})
   */
  public AmplifierSimulator(
      SimulatedSignal signal, List<String> markerTexts, SimulatorSettings settings) {
    this(signal, markerTexts, null, settings);
  }

  /**
   * @param markerTexts marker text per dataset image (e.g. {@code 42} for integer codes)
   * @param catchMarker the catch marker sent after every {@code catch_every}-th trial (null: none)
   */
  public AmplifierSimulator(
      SimulatedSignal signal,
      List<String> markerTexts,
      String catchMarker,
      SimulatorSettings settings) {
    this.signal = signal;
    this.markerTexts = markerTexts;
    this.catchMarker = catchMarker;
    this.settings = settings;
  }

  /** Sends the markers to {@code outlet} instead of the simulator's own LSL outlet. */
  public void sendMarkersTo(MarkerOutlet outlet) {
    this.markerOutlet = outlet;
  }

  /** The marker sent for dataset image {@code image}. */
  public String markerText(int image) {
    return markerTexts.get(image);
  }

  /** Whether a catch marker follows trial k. */
  public boolean catchAfter(int trial) {
    int every = settings.catchEvery();
    return catchMarker != null
        && every > 0
        && (trial + 1) % every == 0
        && trial < signal.schedule().trials() - 1;
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
      int catchMarkersSent,
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
    int[] eventTrial = events(schedule);
    LslOutlet eeg =
        LslOutlet.eeg(settings.eegName(), settings.sourceId(), signal.channelLabels(), rate);
    MarkerOutlet supplied = markerOutlet;
    MarkerOutlet marker = supplied != null ? supplied : ownMarkerOutlet();
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
        markers =
            pushMarkersDue(
                marker, eventTrial, t0, lead, rate, markers, lsl.localClock() - markerLag);
      }
      // Late markers (marker_lag_ms) may still be due after the last sample.
      while (markers < eventTrial.length && !stopped) {
        waitUntil(lsl, eventStamp(eventTrial, t0, lead, rate, markers) + markerLag);
        markers =
            pushMarkersDue(
                marker, eventTrial, t0, lead, rate, markers, lsl.localClock() - markerLag);
      }
      waitUntil(lsl, lsl.localClock() + 0.5);
      return new Summary(
          sent,
          dropped.cardinality(),
          lostInOutage,
          markers - catchSent,
          duplicatesSent,
          catchSent,
          lsl.localClock() - t0,
          markerStamp(t0, lead, rate, 0) + offset,
          signal.channelLabels());
    } finally {
      eeg.close();
      if (supplied == null) {
        marker.close(); // a supplied outlet stays its owner's
      }
    }
  }

  /** The simulator's own marker outlet, in the configured channel format. */
  private MarkerOutlet ownMarkerOutlet() {
    LslOutlet outlet =
        LslOutlet.markers(
            settings.markerName(), settings.markerSourceId(), settings.markerFormat());
    return new MarkerOutlet() {
      @Override
      public void push(String marker, int image, double timestamp) {
        outlet.pushMarkerValue(marker, timestamp);
      }

      @Override
      public boolean waitForConsumers(double seconds) {
        return outlet.waitForConsumers(seconds);
      }

      @Override
      public void close() {
        outlet.close();
      }
    };
  }

  /** The marker events in time order: trial k, or -(k + 1) for the catch marker after trial k. */
  private int[] events(TrialSchedule schedule) {
    int[] out = new int[2 * schedule.trials()];
    int n = 0;
    for (int k = 0; k < schedule.trials(); k++) {
      out[n++] = k;
      if (catchAfter(k)) {
        out[n++] = -(k + 1);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Timestamp of marker event e: the trial's, or half an SOA after its trial for a catch. */
  private double eventStamp(int[] events, double t0, double lead, double rate, int e) {
    int trial = events[e] >= 0 ? events[e] : -events[e] - 1;
    double stamp = markerStamp(t0, lead, rate, trial);
    return events[e] >= 0 ? stamp : stamp + signal.schedule().soa() / 2;
  }

  /**
   * Pushes every marker event from {@code next} on whose timestamp is at or before {@code dueBy};
   * the first {@code duplicate_markers} trial markers after the first go out twice. Returns the
   * next event to send.
   */
  private int pushMarkersDue(
      MarkerOutlet marker,
      int[] events,
      double t0,
      double lead,
      double rate,
      int next,
      double dueBy) {
    TrialSchedule schedule = signal.schedule();
    double offset = settings.clockOffsetS();
    while (next < events.length) {
      double stamp = eventStamp(events, t0, lead, rate, next);
      if (stamp > dueBy) {
        break;
      }
      int trial = events[next];
      if (trial < 0) {
        marker.push(catchMarker, -1, stamp + offset);
        catchSent++;
      } else {
        int image = schedule.image(trial);
        String text = markerTexts.get(image);
        marker.push(text, image, stamp + offset);
        if (trial >= 1 && trial <= settings.duplicateMarkers()) {
          marker.push(text, image, stamp + offset);
          duplicatesSent++;
        }
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
