package org.eegdecode.training.synth;

import java.util.Arrays;
import java.util.List;
import org.eegdecode.acquisition.things.ThingsFormat;

/**
 * Single-trial EEG of one subject, already in the release's form (baseline-corrected, whitened, 100
 * Hz, t = 0 at sample 20).
 *
 * <p>Six cortical sources each carry four evoked components with gamma-shaped time courses peaking
 * at 100, 170, 250 and 360 ms (zero before onset), shifted by a per-subject latency of -10..+20 ms.
 * Component amplitudes are {@code e + A v + η((B v)² - 1)}: an image-independent evoked response
 * {@code e}, a linear read-out of the visible code v and a mild quadratic term; {@code A, B, e} are
 * shared by all subjects. Sources reach the channels through {@code M_s = M + 0.8 Δ_s}, rows keyed
 * by channel name (the 17-channel rows are those of the 63-channel layout) and damped away from
 * occipito-parietal sites: subjects share structure without being interchangeable. The clean signal
 * is scaled so that its RMS over channels and post-stimulus samples equals {@code snr}; each trial
 * adds AR(1) noise (ρ = 0.7, unit variance, independent across channels as after whitening) and a
 * ±10 % gain jitter.
 */
final class EegModel {
  static final int SOURCES = 6;
  static final double[] PEAKS_S = {0.10, 0.17, 0.25, 0.36};
  static final double GAMMA_SHAPE = 4;
  static final double SUBJECT_MIXING = 0.8;
  static final double NONLINEARITY = 0.25;
  static final double NOISE_AR = 0.7;
  static final double TRIAL_GAIN_SD = 0.1;
  static final int CALIBRATION_IMAGES = 256;

  private static final int COMPONENTS = PEAKS_S.length;
  private static final int AMPLITUDES = SOURCES * COMPONENTS;
  private static final int T = ThingsFormat.EPOCH_SAMPLES;
  private static final int ONSET =
      (int) Math.round(-ThingsFormat.EPOCH_START_S * ThingsFormat.RATE_HZ);

  private final long seed;
  private final int subject;
  private final int channels;

  /** Shared read-out of v: rows = amplitude (source-major), columns = visible dims. */
  private final double[] linear = new double[AMPLITUDES * LatentModel.VISIBLE_DIM];

  private final double[] quadratic = new double[AMPLITUDES * LatentModel.VISIBLE_DIM];
  private final double[] evoked = new double[AMPLITUDES];

  /** Component time courses of this subject: COMPONENTS × T. */
  private final double[] waveforms = new double[COMPONENTS * T];

  /** This subject's mixing, channels × SOURCES, scaled to the configured SNR. */
  private final double[] mixing;

  private final double latencyShiftS;

  EegModel(SynthSpec spec, int subject) {
    this.seed = spec.seed();
    this.subject = subject;
    List<String> names = spec.channelNames();
    this.channels = names.size();
    SplitMix shared = SplitMix.of(seed, Streams.EEG_SHARED);
    double readout = 1 / Math.sqrt(LatentModel.VISIBLE_DIM);
    shared.fillGaussian(linear, 0, linear.length, readout);
    shared.fillGaussian(quadratic, 0, quadratic.length, readout);
    shared.fillGaussian(evoked, 0, evoked.length, 0.8);
    SplitMix own = SplitMix.of(seed, Streams.SUBJECT, subject);
    this.latencyShiftS = own.uniform(-0.010, 0.020);
    for (int j = 0; j < COMPONENTS; j++) {
      for (int t = ONSET + 1; t < T; t++) {
        double x = ((t - ONSET) / ThingsFormat.RATE_HZ - latencyShiftS) / PEAKS_S[j];
        waveforms[j * T + t] =
            x <= 0 ? 0 : StrictMath.pow(x, GAMMA_SHAPE) * StrictMath.exp(GAMMA_SHAPE * (1 - x));
      }
    }
    this.mixing = new double[channels * SOURCES];
    for (int c = 0; c < channels; c++) {
      String name = names.get(c);
      SplitMix common = SplitMix.of(seed, Streams.MIXING_SHARED, SplitMix.key(name));
      SplitMix individual = SplitMix.of(seed, Streams.MIXING_SUBJECT, subject, SplitMix.key(name));
      double region = regionWeight(name);
      for (int s = 0; s < SOURCES; s++) {
        mixing[c * SOURCES + s] =
            region * (common.gaussian() + SUBJECT_MIXING * individual.gaussian());
      }
    }
    double rms = calibrationRms();
    double scale = rms > 0 ? spec.snr() / rms : 0;
    for (int i = 0; i < mixing.length; i++) {
      mixing[i] *= scale;
    }
  }

  /** Visual sources project mostly to occipito-parietal sites; frontal sites see little. */
  static double regionWeight(String channel) {
    if (channel.startsWith("O") || channel.startsWith("PO") || channel.startsWith("P")) {
      return 1.0;
    }
    if (channel.startsWith("CP") || channel.startsWith("TP") || channel.startsWith("T")) {
      return 0.5;
    }
    if (channel.startsWith("C")) {
      return 0.35;
    }
    return 0.2;
  }

  int channels() {
    return channels;
  }

  /** Noise-free trial of an image with visible code {@code v} into {@code out} (channels × T). */
  void clean(double[] v, double[] sources, double[] out) {
    Arrays.fill(sources, 0);
    for (int a = 0; a < AMPLITUDES; a++) {
      int row = a * LatentModel.VISIBLE_DIM;
      double lin = 0;
      double quad = 0;
      for (int d = 0; d < LatentModel.VISIBLE_DIM; d++) {
        lin += linear[row + d] * v[d];
        quad += quadratic[row + d] * v[d];
      }
      double amplitude = evoked[a] + lin + NONLINEARITY * (quad * quad - 1);
      int s = a / COMPONENTS;
      int j = a % COMPONENTS;
      for (int t = ONSET + 1; t < T; t++) {
        sources[s * T + t] += amplitude * waveforms[j * T + t];
      }
    }
    for (int c = 0; c < channels; c++) {
      int at = c * T;
      Arrays.fill(out, at, at + T, 0);
      for (int s = 0; s < SOURCES; s++) {
        double m = mixing[c * SOURCES + s];
        for (int t = ONSET + 1; t < T; t++) {
          out[at + t] += m * sources[s * T + t];
        }
      }
    }
  }

  static int sourcesLength() {
    return SOURCES * T;
  }

  /**
   * One recorded trial: {@code gain · clean + AR(1) noise}, from the stream of (subject, split,
   * image, repetition) alone.
   */
  void trial(Split split, int image, int repetition, double[] clean, double[] out) {
    SplitMix random =
        SplitMix.of(seed, Streams.TRIAL_NOISE, subject, split.key(), image, repetition);
    double gain = 1 + TRIAL_GAIN_SD * random.gaussian();
    double innovation = Math.sqrt(1 - NOISE_AR * NOISE_AR);
    for (int c = 0; c < channels; c++) {
      int at = c * T;
      double noise = random.noise();
      out[at] = gain * clean[at] + noise;
      for (int t = 1; t < T; t++) {
        noise = NOISE_AR * noise + innovation * random.noise();
        out[at + t] = gain * clean[at + t] + noise;
      }
    }
  }

  /** RMS of the unscaled clean signal over channels and post-stimulus samples. */
  private double calibrationRms() {
    SplitMix random = SplitMix.of(seed, Streams.CALIBRATION);
    double[] v = new double[LatentModel.VISIBLE_DIM];
    double[] sources = new double[sourcesLength()];
    double[] out = new double[channels * T];
    double sum = 0;
    for (int i = 0; i < CALIBRATION_IMAGES; i++) {
      random.fillGaussian(v, 0, v.length, 1.0);
      clean(v, sources, out);
      for (int c = 0; c < channels; c++) {
        for (int t = ONSET; t < T; t++) {
          double x = out[c * T + t];
          sum += x * x;
        }
      }
    }
    return Math.sqrt(sum / ((double) CALIBRATION_IMAGES * channels * (T - ONSET)));
  }
}
