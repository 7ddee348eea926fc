package org.eegdecode.training.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Small JPEGs whose look follows an image's latent code, so that images of a concept resemble each
 * other: background, grating colour, orientation and frequency and blob colour and size come from
 * the concept-driven code z; grating phase, contrast and blob position from the per-image low-level
 * code. Built from separable per-row and per-column tables, no trigonometry per pixel.
 */
final class ImageRenderer {
  private final int size;
  private final BufferedImage image;
  private final int[] row;
  private final double[] sinX;
  private final double[] cosX;
  private final double[] sinY;
  private final double[] cosY;
  private final double[] blobX;
  private final double[] blobY;

  ImageRenderer(int size) {
    this.size = size;
    this.image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    this.row = new int[size];
    this.sinX = new double[size];
    this.cosX = new double[size];
    this.sinY = new double[size];
    this.cosY = new double[size];
    this.blobX = new double[size];
    this.blobY = new double[size];
  }

  /** Renders {@code latents} and writes a JPEG to {@code file} atomically. */
  void write(ImageLatents latents, Path file) throws IOException {
    render(latents.z, latents.lowLevel);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    if (!ImageIO.write(image, "jpg", tmp.toFile())) {
      throw new IOException("no JPEG writer available");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void render(double[] z, double[] low) {
    double angle = StrictMath.atan2(z[7], z[6]);
    double cycles = 1.5 + 2.5 * sigmoid(z[8]);
    double k = 2 * Math.PI * cycles / size;
    double kx = k * StrictMath.cos(angle);
    double ky = k * StrictMath.sin(angle);
    double phase = Math.PI * low[0];
    double contrast = 0.25 + 0.5 * sigmoid(low[3]);
    double cx = size * (0.5 + 0.25 * StrictMath.tanh(low[1]));
    double cy = size * (0.5 + 0.25 * StrictMath.tanh(low[2]));
    double radius = size * (0.12 + 0.18 * sigmoid(z[9]));
    for (int i = 0; i < size; i++) {
      sinX[i] = StrictMath.sin(kx * i + phase);
      cosX[i] = StrictMath.cos(kx * i + phase);
      sinY[i] = StrictMath.sin(ky * i);
      cosY[i] = StrictMath.cos(ky * i);
      double dx = (i - cx) / radius;
      double dy = (i - cy) / radius;
      blobX[i] = StrictMath.exp(-dx * dx);
      blobY[i] = StrictMath.exp(-dy * dy);
    }
    double[] background = colour(z, 0);
    double[] stripes = colour(z, 3);
    double[] blob = colour(z, 10);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double wave = sinX[x] * cosY[y] + cosX[x] * sinY[y];
        double g = contrast * (0.5 + 0.5 * wave);
        double b = blobX[x] * blobY[y];
        int rgb = 0;
        for (int ch = 0; ch < 3; ch++) {
          double value = background[ch] * (1 - g) + stripes[ch] * g;
          value = value * (1 - b) + blob[ch] * b;
          rgb = (rgb << 8) | (int) Math.min(255, Math.max(0, Math.round(value * 255)));
        }
        row[x] = rgb;
      }
      image.setRGB(0, y, size, 1, row, 0, size);
    }
  }

  private static double[] colour(double[] z, int from) {
    return new double[] {sigmoid(z[from]), sigmoid(z[from + 1]), sigmoid(z[from + 2])};
  }

  private static double sigmoid(double x) {
    return 1 / (1 + StrictMath.exp(-1.5 * x));
  }
}
