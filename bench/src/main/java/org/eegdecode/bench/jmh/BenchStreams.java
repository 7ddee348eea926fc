package org.eegdecode.bench.jmh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.epoch.StreamLayout;

/** The benchmarked setup: a 64-channel 1000 Hz amplifier feeding a 17-channel 100 Hz model. */
public final class BenchStreams {
  static final List<String> THINGS_17 =
      List.of(
          "Pz", "P3", "P7", "O1", "Oz", "O2", "P4", "P8", "P1", "P5", "PO7", "PO3", "POz", "PO4",
          "PO8", "P6", "P2");
  static final int CHANNELS = 64;
  static final double RATE = 1000;
  static final int SOA_SAMPLES = 200;

  private BenchStreams() {}

  /** 64 labels: the 17 model channels among 47 others, in a fixed shuffled order. */
  public static StreamLayout layout64() {
    List<String> labels = new ArrayList<>(THINGS_17);
    for (int c = labels.size(); c < CHANNELS; c++) {
      labels.add("X" + c);
    }
    Collections.shuffle(labels, new Random(1));
    return new StreamLayout("bench-amp", RATE, labels);
  }

  public static EpochSpec spec() {
    return new EpochSpec(-0.2, 0.8, 100, THINGS_17, null);
  }

  /** One second of a 64-channel signal (sines plus noise), sample-major, to cycle through. */
  public static float[][] oneSecond() {
    Random r = new Random(2);
    float[][] x = new float[(int) RATE][CHANNELS];
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < CHANNELS; c++) {
        x[i][c] =
            (float) (20 * Math.sin(2 * Math.PI * (3 + c * 0.3) * i / RATE) + r.nextGaussian());
      }
    }
    return x;
  }
}
