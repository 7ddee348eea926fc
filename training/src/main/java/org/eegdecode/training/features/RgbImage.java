package org.eegdecode.training.features;

import java.util.Objects;

/**
 * An 8-bit RGB image, rows top to bottom, pixels interleaved {@code R G B} (PIL's mode {@code
 * "RGB"} without its padding byte).
 *
 * @param width columns
 * @param height rows
 * @param rgb {@code width * height * 3} bytes, unsigned
 */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    Objects.requireNonNull(rgb, "rgb");
    if (width < 1 || height < 1 || (long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(
          "an RGB image of "
              + width
              + " x "
              + height
              + " needs "
              + (long) width * height * 3
              + " bytes, got "
              + rgb.length);
    }
  }

  /** Channel {@code c} (0 = R) of the pixel at column {@code x}, row {@code y}: 0..255. */
  public int sample(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }
}
