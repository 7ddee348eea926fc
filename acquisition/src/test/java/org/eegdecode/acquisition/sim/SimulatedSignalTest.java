package org.eegdecode.acquisition.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.things.ThingsEegFile;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedSignalTest {
  static final int IMAGES = 3;
  static final int REPS = 2;
  static final List<String> CHANNELS = List.of("Oz", "Pz", "O1");
  static ThingsEegFile file;

  /** value(image, rep, channel, t) = image*100 + rep*10 + channel + t/1000. */
  static double value(int image, int rep, int channel, int t) {
    return image * 100 + rep * 10 + channel + t / 1000.0;
  }

  @BeforeAll
  static void write(@TempDir Path dir) throws IOException {
    double[] data = new double[IMAGES * REPS * CHANNELS.size() * 100];
    int i = 0;
    for (int image = 0; image < IMAGES; image++) {
      for (int rep = 0; rep < REPS; rep++) {
        for (int c = 0; c < CHANNELS.size(); c++) {
          for (int t = 0; t < 100; t++) {
            data[i++] = value(image, rep, c, t);
          }
        }
      }
    }
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put(ThingsFormat.KEY_EEG, NdArray.of(data, IMAGES, REPS, CHANNELS.size(), 100));
    dict.put(ThingsFormat.KEY_CH_NAMES, CHANNELS);
    dict.put(ThingsFormat.KEY_TIMES, NdArray.of(ThingsFormat.releaseTimes(), 100));
    Path path = dir.resolve("eeg.npy");
    NpyWriter.writeObject(path, dict);
    file = ThingsEegFile.read(path);
  }

  @Test
  void scheduleShowsEveryTrialOncePerRound() {
    TrialSchedule schedule = new TrialSchedule(IMAGES, REPS, 12, 0.2, 5);
    for (int round = 0; round < 2; round++) {
      Set<Integer> seen = new HashSet<>();
      for (int k = round * 6; k < round * 6 + 6; k++) {
        assertTrue(seen.add(schedule.image(k) * REPS + schedule.repetition(k)));
      }
    }
    assertEquals(0.6, schedule.onset(3), 1e-12);
  }

  @Test
  void nonOverlappingWindowsHoldTheirOwnEpochExactly() {
    TrialSchedule schedule = new TrialSchedule(IMAGES, REPS, 6, 1.0, 9);
    SimulatedSignal signal = new SimulatedSignal(file, 100, 100, schedule, 0, false, 1);
    float[] out = new float[3];
    for (int k = 0; k < 6; k++) {
      for (int t = 0; t < 100; t++) {
        double time = schedule.onset(k) - 0.2 + t / 100.0;
        signal.sample(time, 0, out, 0);
        for (int c = 0; c < 3; c++) {
          assertEquals((float) value(schedule.image(k), schedule.repetition(k), c, t), out[c], 0f);
        }
      }
    }
  }

  @Test
  void nativeRateInterpolatesBetweenReleaseSamples() {
    TrialSchedule schedule = new TrialSchedule(IMAGES, REPS, 2, 1.0, 9);
    SimulatedSignal signal = new SimulatedSignal(file, 100, 1000, schedule, 0, false, 1);
    float[] out = new float[3];
    int image = schedule.image(1);
    int rep = schedule.repetition(1);
    signal.sample(1.0 + 0.013, 0, out, 0); // between release samples 21 and 22 of trial 1
    assertEquals(
        (float) (value(image, rep, 2, 21) * 0.7 + value(image, rep, 2, 22) * 0.3), out[2], 1e-4f);
    signal.sample(1.0 + 0.05, 0, out, 0);
    assertEquals((float) value(image, rep, 1, 25), out[1], 1e-4f);
  }

  @Test
  void shortSoaFollowsTheLatestStimulus() {
    TrialSchedule schedule = new TrialSchedule(IMAGES, REPS, 6, 0.2, 3);
    SimulatedSignal signal = new SimulatedSignal(file, 100, 100, schedule, 0, false, 1);
    float[] out = new float[3];
    signal.sample(0.45, 0, out, 0); // trial 2 started at 0.4: its sample at +0.05 s (index 25)
    assertEquals((float) value(schedule.image(2), schedule.repetition(2), 0, 25), out[0], 0f);
    signal.sample(-0.1, 0, out, 0); // before the first onset: trial 0's baseline
    assertEquals((float) value(schedule.image(0), schedule.repetition(0), 0, 10), out[0], 0f);
    signal.sample(5.5, 0, out, 0); // after the last window
    assertEquals(0f, out[0]);
  }

  @Test
  void extraChannelsAndShuffledOrderKeepLabelsWithTheirValues() {
    TrialSchedule schedule = new TrialSchedule(IMAGES, REPS, 2, 1.0, 9);
    SimulatedSignal plain = new SimulatedSignal(file, 100, 100, schedule, 2, false, 4);
    SimulatedSignal shuffled = new SimulatedSignal(file, 100, 100, schedule, 2, true, 4);
    assertEquals(List.of("Oz", "Pz", "O1", "X1", "X2"), plain.channelLabels());
    assertNotEquals(plain.channelLabels(), shuffled.channelLabels());
    assertEquals(Set.copyOf(plain.channelLabels()), Set.copyOf(shuffled.channelLabels()));
    float[] a = new float[5];
    float[] b = new float[5];
    plain.sample(0.3, 17, a, 0);
    shuffled.sample(0.3, 17, b, 0);
    for (int c = 0; c < 5; c++) {
      assertEquals(a[plain.channelLabels().indexOf(shuffled.channelLabels().get(c))], b[c], 0f);
    }
  }
}
