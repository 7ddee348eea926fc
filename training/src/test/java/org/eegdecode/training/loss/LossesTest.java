package org.eegdecode.training.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.junit.jupiter.api.Test;

class LossesTest {
  @Test
  void mmdWeightFallsLinearlyThroughStageOneThenVanishes() {
    assertEquals(0.9f, Losses.mmdWeight(1, 20, 0.9f, 0.2f), 0f);
    assertEquals(0.2f, Losses.mmdWeight(20, 20, 0.9f, 0.2f), 1e-7f);
    assertEquals(0.9 - 0.7 * 10 / 19.0, Losses.mmdWeight(11, 20, 0.9f, 0.2f), 1e-7);
    assertEquals(0.9 - 0.7 / 19.0, Losses.mmdWeight(2, 20, 0.9f, 0.2f), 1e-7);
    assertEquals(0f, Losses.mmdWeight(21, 20, 0.9f, 0.2f));
    assertEquals(0f, Losses.mmdWeight(500, 20, 0.9f, 0.2f));
    float previous = 1f;
    for (int e = 1; e <= 20; e++) {
      float w = Losses.mmdWeight(e, 20, 0.9f, 0.2f);
      assertTrue(w < previous && w >= 0.2f - 1e-7f, "epoch " + e + ": " + w);
      previous = w;
    }
    assertEquals(0.5f, Losses.mmdWeight(1, 1, 0.5f, 0.1f));
    assertEquals(0f, Losses.mmdWeight(2, 1, 0.5f, 0.1f));
    assertEquals(0f, Losses.mmdWeight(1, 0, 0.5f, 0.1f), "stage1_epochs = 0: InfoNCE only");
    assertThrows(IllegalArgumentException.class, () -> Losses.mmdWeight(0, 20, 0.9f, 0.2f));
  }

  @Test
  void settingsFromTheSeedKeys() {
    LossSettings s = LossSettings.from(Config.defaults());
    assertEquals(20, s.stage1Epochs());
    assertEquals(0.9f, s.mmdStart());
    assertEquals(0.2f, s.mmdEnd());
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.5f, 1f, 2f}, s.mmdBandwidths());
    assertEquals(new LossSettings(20, 0.9f, 0.2f, new float[] {0.1f, 0.2f, 0.5f, 1f, 2f}), s);
    LossSettings t =
        LossSettings.from(
            Config.defaults().withOverrides(List.of("stage1_epochs=5", "mmd_bandwidths=[1]")));
    assertEquals(5, t.stage1Epochs());
    assertArrayEquals(new float[] {1f}, t.mmdBandwidths());
    for (String bad : new String[] {"mmd_bandwidths=[]", "mmd_start=1.5", "stage1_epochs=-1"}) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> LossSettings.from(Config.defaults().withOverrides(List.of(bad))));
      assertTrue(e.getMessage().contains(bad.substring(0, bad.indexOf('='))), e.getMessage());
    }
    assertThrows(
        ConfigException.class, () -> new LossSettings(20, 0.9f, 0.2f, new float[] {0.1f, 0f}));
  }

  @Test
  void totalSwitchesToInfoNceAfterStageOne() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray x = m.randomNormal(new Shape(12, 8)).normalize(2, 1, 1e-12);
      NDArray y = m.randomNormal(new Shape(12, 8)).add(0.5f).normalize(2, 1, 1e-12);
      NDArray s = m.create(1 / 0.07f);
      LossSettings settings = new LossSettings(3, 0.9f, 0.2f, new float[] {0.5f, 1f});
      float nce = Losses.infoNce(x, y, s).getFloat();
      float mmd = Losses.mmd(x, y, settings.mmdBandwidths()).getFloat();
      assertTrue(mmd > 0);
      assertEquals(0.9f * mmd + 0.1f * nce, Losses.total(x, y, s, 1, settings).getFloat(), 1e-5f);
      assertEquals(0.55f * mmd + 0.45f * nce, Losses.total(x, y, s, 2, settings).getFloat(), 1e-5f);
      assertEquals(0.2f * mmd + 0.8f * nce, Losses.total(x, y, s, 3, settings).getFloat(), 1e-5f);
      assertEquals(nce, Losses.total(x, y, s, 4, settings).getFloat(), 0f);
      assertThrows(IllegalArgumentException.class, () -> Losses.total(x, y, s, 0, settings));
    }
  }

  @Test
  void shapesAreChecked() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray a = m.ones(new Shape(4, 3));
      NDArray b = m.ones(new Shape(5, 3));
      NDArray s = m.create(1f);
      assertThrows(IllegalArgumentException.class, () -> Losses.infoNce(a, b, s));
      assertThrows(
          IllegalArgumentException.class,
          () -> Losses.mmd(m.ones(new Shape(1, 3)), b, new float[] {1f}));
      assertThrows(
          IllegalArgumentException.class,
          () -> Losses.mmd(a, m.ones(new Shape(5, 2)), new float[] {1f}));
      assertThrows(IllegalArgumentException.class, () -> Losses.mmd(a, b, new float[0]));
    }
  }
}
