package org.eegdecode.training.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.eegdecode.acquisition.npy.NdArray;

/**
 * The committed fixture of src/test/resources/features/, written by make_features_fixture.py with
 * Debian's python3-pil 9.4, python3-numpy and python3-torch 1.13 (see that script).
 */
final class FeatureFixture {
  private FeatureFixture() {}

  static Path dir() {
    try {
      return Path.of(FeatureFixture.class.getResource("/features/fixture.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path images() {
    return dir().resolve("images");
  }

  static Path backbone() {
    return dir().resolve("tiny_vit.pt");
  }

  static JsonNode json() {
    try {
      return new ObjectMapper().readTree(dir().resolve("fixture.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The (concept, file) pairs in listing order. */
  static List<String[]> order() {
    List<String[]> out = new java.util.ArrayList<>();
    for (JsonNode pair : json().get("order")) {
      out.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
    }
    return out;
  }

  /** An (H, W, 3) uint8 array as an image. */
  static RgbImage image(NdArray array) {
    int[] shape = array.shape();
    long[] values = array.toInt64();
    byte[] rgb = new byte[values.length];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) values[i];
    }
    return new RgbImage(shape[1], shape[0], rgb);
  }

  /** Pixels that differ, and by how much at most. */
  record Difference(int pixels, int maxLevels) {}

  static Difference compare(RgbImage expected, RgbImage actual) {
    if (expected.width() != actual.width() || expected.height() != actual.height()) {
      throw new AssertionError(
          "size "
              + actual.width()
              + "x"
              + actual.height()
              + ", expected "
              + expected.width()
              + "x"
              + expected.height());
    }
    int pixels = 0;
    int max = 0;
    byte[] a = expected.rgb();
    byte[] b = actual.rgb();
    for (int i = 0; i < a.length; i += 3) {
      int d = 0;
      for (int c = 0; c < 3; c++) {
        d = Math.max(d, Math.abs((a[i + c] & 0xFF) - (b[i + c] & 0xFF)));
      }
      if (d > 0) {
        pixels++;
        max = Math.max(max, d);
      }
    }
    return new Difference(pixels, max);
  }
}
