package org.eegdecode.training.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.junit.jupiter.api.Test;

/**
 * The whole preprocessing (decode, shortest edge to 32 bicubic, centre crop, rescale, ImageNet
 * mean/std) against the Hugging Face CLIPImageProcessor steps run in Python (pixel_values.npy), bit
 * for bit, on non-square landscape and portrait images, PNG and JPEG.
 */
class PreprocessorTest {
  private static FeatureSettings settings(String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("features.image_size=32"));
    all.addAll(List.of(overrides));
    return FeatureSettings.from(Config.load(null, all));
  }

  @Test
  void pixelValuesAreBitIdenticalToPythons() throws Exception {
    assertBitIdentical("pixel_values.npy", settings());
  }

  @Test
  void withALargerShortestEdgeTooAsDinoV2sProcessorResizes() throws Exception {
    assertBitIdentical("pixel_values_edge40.npy", settings("features.shortest_edge=40"));
  }

  private static void assertBitIdentical(String fixture, FeatureSettings settings)
      throws Exception {
    NdArray expected = NpyReader.readArray(FeatureFixture.dir().resolve(fixture));
    assertEquals(List.of(6, 3, 32, 32), List.of(expected.shape()[0], 3, 32, 32));
    float[] want = expected.toFloat32();
    Preprocessor pre = new Preprocessor(settings);
    int per = pre.valuesPerImage();
    float[] got = new float[want.length];
    List<String[]> order = FeatureFixture.order();
    for (int i = 0; i < order.size(); i++) {
      Path file = FeatureFixture.images().resolve(order.get(i)[0]).resolve(order.get(i)[1]);
      pre.toPixelValues(ImageReading.read(file), got, i * per);
      for (int j = 0; j < per; j++) {
        int k = i * per + j;
        assertEquals(
            Float.floatToIntBits(want[k]),
            Float.floatToIntBits(got[k]),
            () -> file + " value " + (k % per) + ": " + got[k] + " vs " + want[k]);
      }
    }
  }

  @Test
  void withoutCentreCropTheWholeImageIsSquashedToTheSquare() throws Exception {
    Map<String, NdArray> resized = NpyReader.readNpz(FeatureFixture.dir().resolve("resize.npz"));
    RgbImage source =
        ImageReading.read(FeatureFixture.images().resolve("00001_aardvark/aardvark_01b.png"));
    RgbImage squashed =
        new Preprocessor(settings("features.center_crop=false")).resizeAndCrop(source);
    assertEquals(
        new FeatureFixture.Difference(0, 0),
        FeatureFixture.compare(FeatureFixture.image(resized.get("rgb_bicubic_32x32")), squashed));
  }

  @Test
  void badKeysAreErrorsNamingTheKey() {
    for (String[] bad :
        new String[][] {
          {"features.resize=lanczos", "features.resize"},
          {"features.std=[0.2,0.0,0.2]", "features.std"},
          {"features.mean=[0.5,0.5]", "features.mean"},
          {"features.dtype=bfloat16", "features.dtype"},
          {"features.batch_size=0", "features.batch_size"},
          {"layer_ids=[]", "layer_ids"},
          {"layer_ids=[-1]", "layer_ids"},
          {"features.shortest_edge=20", "features.shortest_edge"},
        }) {
      ConfigException e = assertThrows(ConfigException.class, () -> settings(bad[0]), bad[0]);
      assertEquals(true, e.getMessage().contains(bad[1]), e.getMessage());
    }
  }
}
