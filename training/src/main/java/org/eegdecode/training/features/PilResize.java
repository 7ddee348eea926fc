package org.eegdecode.training.features;

import java.util.Arrays;
import java.util.Locale;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB images, reproduced bit for bit (Pillow 9.4's {@code
 * libImaging/Resample.c}, unchanged in its resampling since 4.x): a convolution with the filter
 * stretched by the downscale factor (so downscaling is antialiased), coefficients normalised in
 * double then rounded to 22-bit fixed point, a horizontal pass then a vertical pass, each rounding
 * and clipping to 8 bits.
 *
 * <p>Hand-written because the seed's image processor (Hugging Face's {@code CLIPImageProcessor})
 * resizes with Pillow, and no Java library resamples like it: Java2D's and imgscalr's bicubic use
 * another kernel without antialiasing, Thumbnailator and TwelveMonkeys' filters normalise and round
 * differently. A bank made in Java must match the one the seed made in Python, and the 8-bit
 * rounding between the passes makes even "the same" bicubic differ by a grey level here and there;
 * {@code PilResizeTest} compares every pixel with Pillow's output.
 */
public final class PilResize {
  /** Bits of fractional precision of the fixed-point coefficients (Pillow's PRECISION_BITS). */
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PilResize() {}

  /** Pillow's separable filters (the ones with a polynomial kernel, so exact in Java too). */
  public enum Filter {
    /** {@code Image.BILINEAR}: the triangle, support 1. */
    BILINEAR(1.0),
    /** {@code Image.BICUBIC}: Keys' cubic convolution with a = -0.5, support 2. */
    BICUBIC(2.0);

    private final double support;

    Filter(double support) {
      this.support = support;
    }

    double weight(double x) {
      if (x < 0.0) {
        x = -x;
      }
      if (this == BILINEAR) {
        return x < 1.0 ? 1.0 - x : 0.0;
      }
      final double a = -0.5;
      if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
      }
      if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * a;
      }
      return 0.0;
    }

    /** The filter named by the {@code features.resize} key. */
    public static Filter of(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "features.resize must be bicubic or bilinear, got '" + name + "'");
      }
    }
  }

  /** {@code image.resize((width, height), filter)}; the image itself when the size is unchanged. */
  public static RgbImage resize(RgbImage image, int width, int height, Filter filter) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("cannot resize to " + width + " x " + height);
    }
    boolean horizontal = width != image.width();
    boolean vertical = height != image.height();
    if (!horizontal && !vertical) {
      return image;
    }
    Coefficients rows = Coefficients.of(image.height(), height, filter);
    byte[] src = image.rgb();
    int srcWidth = image.width();
    int rowOffset = 0;
    if (horizontal) {
      // Only the rows the vertical pass reads, as Pillow does (ybox_first .. ybox_last).
      int first = rows.min[0];
      int last = rows.min[height - 1] + rows.count[height - 1];
      Coefficients columns = Coefficients.of(image.width(), width, filter);
      byte[] tmp = new byte[(last - first) * width * 3];
      horizontalPass(src, srcWidth, first, last - first, columns, tmp, width);
      src = tmp;
      srcWidth = width;
      rowOffset = first;
    }
    if (!vertical) {
      return new RgbImage(width, height, src);
    }
    byte[] out = new byte[height * srcWidth * 3];
    verticalPass(src, srcWidth, rowOffset, rows, out, height);
    return new RgbImage(srcWidth, height, out);
  }

  private static void horizontalPass(
      byte[] src, int srcWidth, int firstRow, int rows, Coefficients c, byte[] dst, int dstWidth) {
    int[] k = c.k;
    for (int y = 0; y < rows; y++) {
      int srcRow = (y + firstRow) * srcWidth * 3;
      int dstRow = y * dstWidth * 3;
      for (int xx = 0; xx < dstWidth; xx++) {
        int n = c.count[xx];
        int kk = xx * c.ksize;
        int p = srcRow + c.min[xx] * 3;
        int s0 = HALF;
        int s1 = HALF;
        int s2 = HALF;
        for (int x = 0; x < n; x++, p += 3) {
          int w = k[kk + x];
          s0 += (src[p] & 0xFF) * w;
          s1 += (src[p + 1] & 0xFF) * w;
          s2 += (src[p + 2] & 0xFF) * w;
        }
        int o = dstRow + xx * 3;
        dst[o] = clip8(s0);
        dst[o + 1] = clip8(s1);
        dst[o + 2] = clip8(s2);
      }
    }
  }

  private static void verticalPass(
      byte[] src, int width, int rowOffset, Coefficients c, byte[] dst, int dstHeight) {
    int[] k = c.k;
    int stride = width * 3;
    // Row by row into an accumulator row (contiguous, vectorisable); each sum adds the same terms
    // in the same order as Pillow's pixel-by-pixel loop, so the integers are the same.
    int[] acc = new int[stride];
    for (int yy = 0; yy < dstHeight; yy++) {
      int n = c.count[yy];
      int kk = yy * c.ksize;
      int first = c.min[yy] - rowOffset;
      Arrays.fill(acc, HALF);
      for (int y = 0; y < n; y++) {
        int w = k[kk + y];
        int base = (first + y) * stride;
        for (int i = 0; i < stride; i++) {
          acc[i] += (src[base + i] & 0xFF) * w;
        }
      }
      int dstRow = yy * stride;
      for (int i = 0; i < stride; i++) {
        dst[dstRow + i] = clip8(acc[i]);
      }
    }
  }

  /** Pillow's clip8: the integer part of a fixed-point sum, clamped to 0..255. */
  private static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
  static final class Coefficients {
    final int ksize;
    final int[] min;
    final int[] count;
    final int[] k;

    private Coefficients(int ksize, int[] min, int[] count, int[] k) {
      this.ksize = ksize;
      this.min = min;
      this.count = count;
      this.k = k;
    }

    static Coefficients of(int inSize, int outSize, Filter filter) {
      // Pillow passes the box edges as C floats: (float) inSize - 0f, exact below 2^24.
      double scale = (double) ((float) inSize - 0f) / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filter.support * filterScale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] min = new int[outSize];
      int[] count = new int[outSize];
      int[] fixed = new int[Math.multiplyExact(outSize, ksize)];
      double[] w = new double[ksize];
      double ss = 1.0 / filterScale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = 0.0 + (xx + 0.5) * scale;
        int xmin = (int) (center - support + 0.5);
        if (xmin < 0) {
          xmin = 0;
        }
        int xmax = (int) (center + support + 0.5);
        if (xmax > inSize) {
          xmax = inSize;
        }
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; x++) {
          w[x] = filter.weight((x + xmin - center + 0.5) * ss);
          ww += w[x];
        }
        for (int x = 0; x < xmax; x++) {
          double v = ww != 0.0 ? w[x] / ww : w[x];
          fixed[xx * ksize + x] =
              v < 0
                  ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                  : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        min[xx] = xmin;
        count[xx] = xmax;
      }
      return new Coefficients(ksize, min, count, fixed);
    }
  }
}
