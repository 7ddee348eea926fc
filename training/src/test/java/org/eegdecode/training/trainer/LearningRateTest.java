package org.eegdecode.training.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.junit.jupiter.api.Test;

class LearningRateTest {
  private static TrainSettings settings(String... overrides) {
    return TrainSettings.from(Config.load(null, List.of(overrides)));
  }

  @Test
  void flatByDefaultAndSwitchesToStage2() {
    TrainSettings s = settings("lr=0.001", "stage2_lr=0.0002", "stage1_epochs=3", "epochs=6");
    LearningRate lr = new LearningRate(s, 4);
    for (int epoch = 1; epoch <= 3; epoch++) {
      for (int step = 0; step < 4; step++) {
        assertEquals(0.001f, lr.at(epoch, step));
      }
    }
    assertEquals(0.0002f, lr.at(4, 0));
    assertEquals(0.0002f, lr.at(6, 3));
    assertEquals(1, s.stage(3));
    assertEquals(2, s.stage(4));
  }

  @Test
  void warmupThenCosineToMinLr() {
    TrainSettings s =
        settings(
            "lr=0.001",
            "stage2_lr=0.001",
            "warmup_epochs=2",
            "epochs=10",
            "min_lr=0.00001",
            "stage1_epochs=20");
    LearningRate lr = new LearningRate(s, 5);
    assertEquals(0.001f / 10, lr.at(1, 0), 1e-9f); // first of 10 warm-up steps
    assertEquals(0.001f, lr.at(2, 4), 1e-9f); // last warm-up step reaches the base
    assertEquals(0.001f, lr.at(3, 0), 1e-9f); // cosine starts at the base
    assertEquals(0.00001f, lr.at(10, 4), 1e-9f); // and ends at min_lr
    float previous = Float.MAX_VALUE;
    for (int epoch = 3; epoch <= 10; epoch++) {
      for (int step = 0; step < 5; step++) {
        float v = lr.at(epoch, step);
        assertTrue(v <= previous, "non-increasing after warm-up");
        previous = v;
      }
    }
  }

  @Test
  void settingsAreChecked() {
    assertThrows(ConfigException.class, () -> settings("smooth_kernel_size=4"));
    assertThrows(ConfigException.class, () -> settings("batch_size=1"));
    assertThrows(ConfigException.class, () -> settings("mmd_start=1.5"));
    assertEquals(
        List.of(0.1f, 0.2f, 0.5f, 1.0f, 2.0f),
        java.util.stream.IntStream.range(0, 5).mapToObj(i -> settings().bandwidths()[i]).toList());
  }
}
