package org.eegdecode.training.trainer;

/**
 * EEG rows ready for the encoder: {@code rows} × {@code trials} × {@code length} float32 (length =
 * channels × times, C order). Row r shows image {@code image[r]} (an index into the split's
 * features) to the subject with 0-based id {@code subject[r]} (subject number − 1).
 */
public record Samples(float[] x, int rows, int trials, int length, int[] image, int[] subject) {
  public Samples {
    if ((long) rows * trials * length != x.length
        || image.length != rows
        || subject.length != rows) {
      throw new IllegalArgumentException("inconsistent Samples sizes");
    }
  }

  /** Values per row: trials × length. */
  public int rowLength() {
    return trials * length;
  }

  /** Every trial as its own row (same values: rows × trials × length is (rows·trials) × length). */
  public Samples singleTrials() {
    if (trials == 1) {
      return this;
    }
    int n = Math.multiplyExact(rows, trials);
    int[] images = new int[n];
    int[] subjects = new int[n];
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < trials; t++) {
        images[r * trials + t] = image[r];
        subjects[r * trials + t] = subject[r];
      }
    }
    return new Samples(x, n, 1, length, images, subjects);
  }
}
