package org.eegdecode.training.trainer;

/** Image features of one split in metadata order: {@code images} × {@code layers} × {@code dim}. */
public record Features(float[] values, int images, int layers, int dim) {
  public Features {
    if ((long) images * layers * dim != values.length) {
      throw new IllegalArgumentException("inconsistent Features sizes");
    }
  }

  /** Values per image: layers × dim. */
  public int stride() {
    return layers * dim;
  }

  /** The given images, in the given order. */
  public Features select(int[] indices) {
    int stride = stride();
    float[] out = new float[Math.multiplyExact(indices.length, stride)];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * stride, out, i * stride, stride);
    }
    return new Features(out, indices.length, layers, dim);
  }
}
