package org.eegdecode.training.features;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a JPEG or PNG as Pillow's {@code Image.open(f).convert("RGB")} sees it: the decoded samples
 * as stored, without colour management (Pillow ignores ICC profiles, and so does this: {@code
 * BufferedImage.getRGB} would convert greyscale and profiled images), alpha dropped (not
 * composited), greyscale replicated, palettes looked up. 16-bit samples keep their high byte.
 *
 * <p>Decoding goes through ImageIO. For PNG the pixels are the file's, so they equal Pillow's. For
 * JPEG the pixels are whatever the JPEG library makes of the file: Debian's OpenJDK links the
 * system libjpeg-turbo, the very library Debian's Pillow uses, so both decode identically ({@code
 * ImageReadingTest}); JDK builds that bundle IJG libjpeg 6b decode with the same accurate integer
 * IDCT and fancy upsampling, which libjpeg-turbo reproduces, but that pairing is not tested here. A
 * file ImageIO decodes only with a warning (truncated, corrupt data) is an error, as it is in
 * Pillow.
 */
public final class ImageReading {
  private ImageReading() {}

  /**
   * The image's RGB pixels.
   *
   * @throws IOException one line naming the file: not an image ImageIO reads, damaged, or a pixel
   *     layout without an RGB meaning (CMYK)
   */
  public static RgbImage read(Path file) throws IOException {
    BufferedImage image;
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new IOException(file + ": cannot open");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException(file + ": not a JPEG or PNG image ImageIO can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new IOException(file + ": cannot decode the image: " + oneLine(e), e);
    }
    if (!warnings.isEmpty()) {
      throw new IOException(file + ": damaged image: " + warnings.get(0));
    }
    return toRgb(image, file);
  }

  /** The RGB samples of a decoded image (see the class comment for the conversions). */
  static RgbImage toRgb(BufferedImage image, Path file) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (cm instanceof ComponentColorModel) {
      int colours = cm.getNumColorComponents();
      int type = cm.getColorSpace().getType();
      boolean grey = colours == 1 && type == ColorSpace.TYPE_GRAY;
      if (!grey && !(colours == 3 && type == ColorSpace.TYPE_RGB)) {
        throw new IOException(
            file
                + ": "
                + colours
                + "-component "
                + colourSpaceName(type)
                + " image; only RGB and greyscale images are read (convert it to RGB)");
      }
      int shift = raster.getTransferType() == DataBuffer.TYPE_USHORT ? 8 : 0;
      if (raster.getTransferType() != DataBuffer.TYPE_BYTE && shift == 0) {
        throw new IOException(file + ": unsupported sample type " + raster.getTransferType());
      }
      if (shift == 0 && interleavedBytes(raster, grey, rgb)) {
        return new RgbImage(w, h, rgb);
      }
      int[] row = new int[w];
      for (int band = 0; band < 3; band++) {
        int source = grey ? 0 : band;
        for (int y = 0; y < h; y++) {
          raster.getSamples(0, y, w, 1, source, row);
          for (int x = 0, o = y * w * 3 + band; x < w; x++, o += 3) {
            rgb[o] = (byte) (row[x] >>> shift);
          }
        }
      }
    } else {
      // Palettes (IndexColorModel) and packed RGB (DirectColorModel): getRGB is exact for these
      // sRGB 8-bit models (a lookup or a bit shuffle, no colour conversion).
      if (!(cm instanceof IndexColorModel) && !cm.getColorSpace().isCS_sRGB()) {
        throw new IOException(file + ": unsupported colour model " + cm.getClass().getSimpleName());
      }
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
          int p = row[x];
          rgb[o] = (byte) (p >> 16);
          rgb[o + 1] = (byte) (p >> 8);
          rgb[o + 2] = (byte) p;
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /**
   * The common case (ImageIO's JPEG and 8-bit PNG images: one byte array, pixel-interleaved) read
   * straight from the array; false when the raster is laid out otherwise.
   */
  private static boolean interleavedBytes(Raster raster, boolean grey, byte[] rgb) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel sm)
        || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || buffer.getNumBanks() != 1
        || raster.getParent() != null
        || raster.getSampleModelTranslateX() != 0
        || raster.getSampleModelTranslateY() != 0) {
      return false;
    }
    byte[] data = buffer.getData();
    int[] bands = sm.getBandOffsets();
    int pixel = sm.getPixelStride();
    int scan = sm.getScanlineStride();
    int r = bands[0];
    int g = bands[grey ? 0 : 1];
    int b = bands[grey ? 0 : 2];
    int w = raster.getWidth();
    int h = raster.getHeight();
    for (int y = 0, o = 0; y < h; y++) {
      for (int x = 0, p = buffer.getOffset() + y * scan; x < w; x++, p += pixel, o += 3) {
        rgb[o] = data[p + r];
        rgb[o + 1] = data[p + g];
        rgb[o + 2] = data[p + b];
      }
    }
    return true;
  }

  private static String colourSpaceName(int type) {
    switch (type) {
      case ColorSpace.TYPE_CMYK:
        return "CMYK";
      case ColorSpace.TYPE_YCbCr:
        return "YCbCr";
      case ColorSpace.TYPE_GRAY:
        return "greyscale";
      case ColorSpace.TYPE_RGB:
        return "RGB";
      default:
        return "colour-space-" + type;
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s*\\R\\s*", " ");
  }
}
