package org.eegdecode.acquisition.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A continuous multichannel test signal with known content: per-channel DC offsets, sinusoids in
 * and above the model's band (aliasing bait), seeded noise. Stored as the float32 values the ingest
 * would publish, with timestamps t0 + i/fs and running sample indices.
 */
public final class SyntheticStream {
  /** THINGS-EEG2's 17 channels in the file's order. */
  public static final List<String> THINGS_17 =
      List.of(
          "Pz", "P3", "P7", "O1", "Oz", "O2", "P4", "P8", "P1", "P5", "PO7", "PO3", "POz", "PO4",
          "PO8", "P6", "P2");

  public final double fs;
  public final List<String> labels;
  public final double t0;
  public final float[][] x; // [sample][channel]
  public final double[] ts;
  public final long[] index;

  private SyntheticStream(double fs, List<String> labels, double t0, int n, long seed) {
    this.fs = fs;
    this.labels = List.copyOf(labels);
    this.t0 = t0;
    this.x = new float[n][labels.size()];
    this.ts = new double[n];
    this.index = new long[n];
    Random random = new Random(seed);
    double[] freqs = {11.3, 23.7, 37.0, 61.0, 180.0, 333.0};
    double[] amps = {6, 4, 3, 5, 5, 4};
    for (int i = 0; i < n; i++) {
      double t = i / fs;
      ts[i] = t0 + t;
      index[i] = 1000 + i;
      for (int c = 0; c < labels.size(); c++) {
        double v = 50.0 * (c - 8) + 8 * Math.sin(2 * Math.PI * (2 + 0.37 * c) * t + c);
        for (int f = 0; f < freqs.length; f++) {
          if (freqs[f] < fs / 2) {
            v += amps[f] * Math.sin(2 * Math.PI * freqs[f] * t + 0.3 * c * (f + 1));
          }
        }
        v += 2 * random.nextGaussian();
        x[i][c] = (float) v;
      }
    }
  }

  /** A stream holding given samples (e.g. what the amplifier simulator streamed). */
  private SyntheticStream(double fs, List<String> labels, float[][] x, double[] ts) {
    this.fs = fs;
    this.labels = List.copyOf(labels);
    this.t0 = ts[0];
    this.x = x;
    this.ts = ts;
    this.index = new long[ts.length];
    for (int i = 0; i < ts.length; i++) {
      index[i] = i;
    }
  }

  public static SyntheticStream of(double fs, List<String> labels, float[][] x, double[] ts) {
    return new SyntheticStream(fs, labels, x, ts);
  }

  public static SyntheticStream create(double fs, List<String> labels, double seconds, long seed) {
    return new SyntheticStream(fs, labels, 1000.0, (int) Math.round(seconds * fs), seed);
  }

  /** The THINGS 17 plus extra channels, shuffled with the seed. */
  public static List<String> shuffledWithExtras(long seed, String... extras) {
    List<String> all = new ArrayList<>(THINGS_17);
    all.addAll(List.of(extras));
    Collections.shuffle(all, new Random(seed));
    return all;
  }

  public int length() {
    return ts.length;
  }

  public StreamLayout layout(String name) {
    return new StreamLayout(name, fs, labels);
  }
}
