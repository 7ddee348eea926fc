package org.eegdecode.training.features;

/**
 * The seed's image processor (Hugging Face's {@code CLIPImageProcessor} as configured for
 * InternViT-6B-448px-V1-5: shortest edge 448 bicubic, centre crop 448, rescale 1/255, ImageNet
 * mean/std), step by step as transformers does it, so that pixel values are bit-identical:
 *
 * <ol>
 *   <li>resize with Pillow ({@link PilResize}): the shorter side to {@code shortest_edge} (= {@code
 *       image_size} unless set), the longer one to {@code int(shortest_edge * long / short)};
 *       without {@code center_crop} the whole image to {@code image_size}² instead (InternVL's own
 *       chat transform does that; the aspect ratio is not kept);
 *   <li>centre crop: offsets {@code (H - image_size) // 2} and {@code (W - image_size) // 2}
 *       (transformers floors; torchvision would round);
 *   <li>rescale: {@code float32(v * (1/255))}, the product taken in double as numpy does;
 *   <li>normalise: {@code (x - mean) / std} in float32, mean and std rounded to float32 first.
 * </ol>
 *
 * Output is float32 CHW, the layout a PyTorch vision backbone takes.
 */
public final class Preprocessor {
  private final int size;
  private final int edge;
  private final boolean centerCrop;
  private final PilResize.Filter filter;
  private final float[][] table = new float[3][256];

  public Preprocessor(FeatureSettings settings) {
    this.size = settings.imageSize();
    this.edge = settings.resizeEdge();
    this.centerCrop = settings.centerCrop();
    this.filter = settings.filter();
    for (int c = 0; c < 3; c++) {
      float mean = (float) settings.mean()[c];
      float std = (float) settings.std()[c];
      for (int v = 0; v < 256; v++) {
        float x = (float) (v * (1.0 / 255));
        table[c][v] = (x - mean) / std;
      }
    }
  }

  /** Values per image: 3 × image_size × image_size. */
  public int valuesPerImage() {
    return 3 * size * size;
  }

  public int imageSize() {
    return size;
  }

  /** The resized and cropped 8-bit image (steps 1 and 2). */
  public RgbImage resizeAndCrop(RgbImage image) {
    if (!centerCrop) {
      return PilResize.resize(image, size, size, filter);
    }
    int w = image.width();
    int h = image.height();
    int newW;
    int newH;
    if (w <= h) {
      newW = edge;
      newH = (int) ((double) edge * h / w);
    } else {
      newH = edge;
      newW = (int) ((double) edge * w / h);
    }
    RgbImage resized = PilResize.resize(image, newW, newH, filter);
    int top = Math.floorDiv(newH - size, 2);
    int left = Math.floorDiv(newW - size, 2);
    if (top == 0 && left == 0 && newW == size && newH == size) {
      return resized;
    }
    byte[] out = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      System.arraycopy(resized.rgb(), ((y + top) * newW + left) * 3, out, y * size * 3, size * 3);
    }
    return new RgbImage(size, size, out);
  }

  /** Steps 1–4: writes 3 × image_size² float32 values (CHW) into {@code dst} at {@code offset}. */
  public void toPixelValues(RgbImage image, float[] dst, int offset) {
    RgbImage ready = resizeAndCrop(image);
    byte[] rgb = ready.rgb();
    int plane = size * size;
    for (int c = 0; c < 3; c++) {
      float[] t = table[c];
      int o = offset + c * plane;
      for (int i = 0, p = c; i < plane; i++, p += 3) {
        dst[o + i] = t[rgb[p] & 0xFF];
      }
    }
  }
}
