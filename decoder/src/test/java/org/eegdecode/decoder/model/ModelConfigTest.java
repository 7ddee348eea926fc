package org.eegdecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  @Test
  void seedKeysAndDataSizes() {
    // The seed's n_channels / n_timepoints / image_input_dim / n_subjects never size the model.
    Config config =
        Config.defaults()
            .withOverrides(List.of("n_channels=99", "n_timepoints=7", "image_input_dim=5"));
    ModelConfig c = ModelConfig.from(config, 63, 80, 3200, 10);
    assertEquals(63, c.channels());
    assertEquals(80, c.timepoints());
    assertEquals(63 * 80, c.eegInputDim());
    assertEquals(3200, c.imageInputDim());
    assertEquals(10, c.subjects());
    assertEquals(List.of(20, 24, 28, 32, 36), c.layerIds());
    assertEquals(5, c.layers());
    assertEquals(1024, c.imageMidDim());
    assertEquals(1024, c.eegFeatureDim());
    assertEquals(512, c.featureDim());
    assertEquals(0.3f, c.dropout());
    assertEquals(1.0f, c.routerTemperature());
    assertArrayEquals(new float[] {-2, -1, 0, -1, -2}, c.routerInit());
    assertEquals(0.3f, c.subjectDropoutRate());
    assertEquals(0.1f, c.layerDropoutRate());
    assertEquals((float) Math.log(1 / 0.07), c.logitScaleInit(), 0f);
    assertEquals(RouterMode.ROUTER, c.routerMode());
    assertEquals(28, c.singleLayer());
    assertEquals(2, c.singleLayerIndex());
  }

  @Test
  void overridesAndModes() {
    Config config =
        Config.defaults()
            .withOverrides(
                List.of(
                    "router_mode=single",
                    "single_layer=36",
                    "logit_scale_init=0.1",
                    "layer_ids=[28, 36]",
                    "router_init=[0.5, -0.5]"));
    ModelConfig c = ModelConfig.from(config, 17, 100, 3200, 10);
    assertEquals(RouterMode.SINGLE, c.routerMode());
    assertEquals(1, c.singleLayerIndex());
    assertEquals((float) Math.log(10), c.logitScaleInit(), 0f);
    assertEquals(RouterMode.UNIFORM, RouterMode.parse("Uniform"));
    assertEquals("uniform", RouterMode.UNIFORM.key());
    assertThrows(ConfigException.class, () -> RouterMode.parse("attention"));
  }

  @Test
  void inconsistentKeysAreConfigErrorsNamingTheKey() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ModelConfig.from(
                    Config.defaults().withOverrides(List.of("layer_ids=[20, 28]")),
                    17,
                    100,
                    3200,
                    10));
    assertTrue(e.getMessage().contains("router_init"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                ModelConfig.from(
                    Config.defaults()
                        .withOverrides(List.of("router_mode=single", "single_layer=30")),
                    17,
                    100,
                    3200,
                    10));
    assertTrue(e.getMessage().contains("single_layer"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                ModelConfig.from(
                    Config.defaults().withOverrides(List.of("layer_dropout_rate=1.5")),
                    17,
                    100,
                    3200,
                    10));
    assertTrue(e.getMessage().contains("layer_dropout_rate"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                ModelConfig.from(
                    Config.defaults().withOverrides(List.of("logit_scale_init=0")),
                    17,
                    100,
                    3200,
                    10));
    assertTrue(e.getMessage().contains("logit_scale_init"), e.getMessage());
    assertThrows(
        ConfigException.class, () -> ModelConfig.from(Config.defaults(), 0, 100, 3200, 10));
  }

  @Test
  void jsonRoundTripIsExact() {
    ModelConfig c =
        ModelConfig.from(
            Config.defaults().withOverrides(List.of("dropout=0.1234567", "router_temperature=0.7")),
            17,
            100,
            3200,
            10);
    ModelConfig back = ModelConfig.fromJson(c.toJson());
    assertEquals(c, back);
    assertEquals(c.hashCode(), back.hashCode());
    assertEquals(c.toJson().toString(), back.toJson().toString());
    assertEquals(c.withRouterMode(RouterMode.UNIFORM).routerMode(), RouterMode.UNIFORM);
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelConfig.fromJson(c.toJson().without("feature_dim")));
  }
}
