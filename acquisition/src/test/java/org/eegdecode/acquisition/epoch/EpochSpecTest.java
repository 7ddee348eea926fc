package org.eegdecode.acquisition.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.ring.PipelineSettings;
import org.junit.jupiter.api.Test;

class EpochSpecTest {
  @Test
  void theSpecComesFromTheSeedKeysAndTheAcquisitionSection() {
    EpochSpec spec = EpochSpec.fromConfig(Config.defaults());
    assertEquals(-0.2, spec.tmin());
    assertEquals(0.8, spec.tmax());
    assertEquals(100.0, spec.modelRate());
    assertEquals(List.of(), spec.modelChannels());
    assertNull(spec.whitening());

    Config custom =
        Config.defaults()
            .withOverrides(
                List.of(
                    "eeg_t_start=-0.1",
                    "eeg_t_end=0.5",
                    "channels=[Oz, Pz]",
                    "acquisition.model_rate=200"));
    EpochSpec c = EpochSpec.fromConfig(custom);
    assertEquals(List.of("Oz", "Pz"), c.modelChannels());
    assertEquals(200, c.modelRateHz());
    assertEquals(120, c.modelSamples());
    float[] w = {1, 0, 0, 1};
    assertEquals(4, c.withWhitening(w).whitening().length);
  }

  @Test
  void pipelineSettingsBindTheAcquisitionSection() {
    PipelineSettings s = PipelineSettings.defaults();
    assertEquals(65536, s.ringSize());
    assertEquals(256, s.epochRingSize());
    assertEquals("blocking", s.waitStrategy());
    assertEquals(30.0, s.bufferSeconds());
    assertEquals(64, s.maxPendingEpochs());
    assertEquals("", s.markerFilter());
    assertEquals(List.of(), s.markerValues());
    assertEquals(0.4, s.antialiasCutoff());
    assertEquals(0.1, s.antialiasHalfWidthS());
    assertEquals(1.0, s.timestampJumpS());

    PipelineSettings o =
        PipelineSettings.fromConfig(
            Config.defaults()
                .withOverrides(
                    List.of(
                        "acquisition.wait_strategy=yielding",
                        "acquisition.marker_values=[1, stim]",
                        "acquisition.antialias_half_width_s=0.05")));
    assertEquals("yielding", o.waitStrategy());
    assertEquals(List.of("1", "stim"), o.markerValues());
    assertEquals(0.05, o.antialiasHalfWidthS());

    assertThrows(
        ConfigException.class,
        () ->
            PipelineSettings.fromConfig(
                Config.defaults().withOverrides(List.of("acquisition.wait_strategy=spin"))));
    assertThrows(
        ConfigException.class,
        () ->
            PipelineSettings.fromConfig(
                Config.defaults().withOverrides(List.of("acquisition.ring_size=1000"))));
  }
}
