package org.eegdecode.training.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.junit.jupiter.api.Test;

/**
 * Every pixel of {@link PilResize} against Pillow 9.4's {@code Image.resize} (resize.npz): down by
 * 1.4, 3.5 and 4.5, up by 2.2, non-uniform (one axis only, squashed to a square), bicubic and
 * bilinear, on a noisy 45×29 and a 150×100 image.
 */
class PilResizeTest {
  @Test
  void everyPixelEqualsPillows() throws Exception {
    Path dir = FeatureFixture.dir();
    RgbImage rgb = ImageReading.read(dir.resolve("images/00001_aardvark/aardvark_01b.png"));
    RgbImage big = ImageReading.read(dir.resolve("big.png"));
    Map<String, NdArray> expected = NpyReader.readNpz(dir.resolve("resize.npz"));
    JsonNode cases = FeatureFixture.json().get("resizes");
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      JsonNode spec = c.getValue();
      RgbImage source = spec.get(0).asText().equals("rgb") ? rgb : big;
      int w = spec.get(1).get(0).asInt();
      int h = spec.get(1).get(1).asInt();
      // Pillow's constants: 2 = BILINEAR, 3 = BICUBIC
      PilResize.Filter filter =
          spec.get(2).asInt() == 3 ? PilResize.Filter.BICUBIC : PilResize.Filter.BILINEAR;
      RgbImage want = FeatureFixture.image(expected.get(c.getKey()));
      RgbImage got = PilResize.resize(source, w, h, filter);
      assertEquals(
          new FeatureFixture.Difference(0, 0), FeatureFixture.compare(want, got), c.getKey());
      checked++;
    }
    assertEquals(9, checked);
  }

  @Test
  void theSameSizeIsTheImageItself() throws Exception {
    RgbImage big = ImageReading.read(FeatureFixture.dir().resolve("big.png"));
    assertSame(big, PilResize.resize(big, 150, 100, PilResize.Filter.BICUBIC));
  }
}
