package org.eegdecode.training.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java's decoding against Pillow's {@code Image.open(f).convert("RGB")} (decoded.npz): RGB, RGBA,
 * palette and greyscale PNGs, and colour (4:2:0) and greyscale JPEGs. PNG is lossless, so equality
 * there checks the conversions; for JPEG it checks that ImageIO and Pillow decode alike (on Debian
 * both call the system libjpeg-turbo). Damaged files are errors naming the file.
 */
class ImageReadingTest {
  @TempDir Path tmp;

  @Test
  void everyImageDecodesToPillowsPixels() throws Exception {
    Map<String, NdArray> decoded = NpyReader.readNpz(FeatureFixture.dir().resolve("decoded.npz"));
    assertEquals(6, decoded.size());
    for (String[] key : FeatureFixture.order()) {
      Path file = FeatureFixture.images().resolve(key[0]).resolve(key[1]);
      RgbImage want = FeatureFixture.image(decoded.get(key[0] + "__" + key[1]));
      assertEquals(
          new FeatureFixture.Difference(0, 0),
          FeatureFixture.compare(want, ImageReading.read(file)),
          file.toString());
    }
  }

  @Test
  void aTruncatedJpegIsAnErrorNamingTheFile() throws Exception {
    byte[] jpeg =
        Files.readAllBytes(FeatureFixture.images().resolve("00001_aardvark/aardvark_02s.jpg"));
    Path cut = tmp.resolve("cut.jpg");
    Files.write(cut, Arrays.copyOf(jpeg, jpeg.length / 2));
    IOException e = assertThrows(IOException.class, () -> ImageReading.read(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void aFileThatIsNoImageIsAnErrorNamingTheFile() throws Exception {
    Path text = tmp.resolve("notes.png");
    Files.writeString(text, "not an image\n");
    IOException e = assertThrows(IOException.class, () -> ImageReading.read(text));
    assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a JPEG or PNG"), e.getMessage());
  }
}
