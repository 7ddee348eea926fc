package org.eegdecode.training.data;

import java.util.List;

/**
 * Assembled EEG ready for a model: {@code rows} × {@code trials} × {@code channels} × {@code times}
 * float32 in C order. Row r shows image {@code image[r]} (index into the split's metadata lists) to
 * subject {@code subject[r]}; {@code trials} is 1 when repetitions were averaged.
 */
public record EegSet(
    float[] x,
    int rows,
    int trials,
    int channels,
    int times,
    int[] image,
    int[] subject,
    List<String> channelNames,
    double[] timeAxis) {

  public EegSet {
    if ((long) rows * trials * channels * times != x.length
        || image.length != rows
        || subject.length != rows) {
      throw new IllegalArgumentException("inconsistent EegSet sizes");
    }
  }

  /** Values per row: trials × channels × times. */
  public int rowLength() {
    return trials * channels * times;
  }

  /** The given rows, in the given order. */
  public EegSet select(int[] rowIndices) {
    int length = rowLength();
    float[] out = new float[Math.multiplyExact(rowIndices.length, length)];
    int[] images = new int[rowIndices.length];
    int[] subjects = new int[rowIndices.length];
    for (int i = 0; i < rowIndices.length; i++) {
      int r = rowIndices[i];
      System.arraycopy(x, r * length, out, i * length, length);
      images[i] = image[r];
      subjects[i] = subject[r];
    }
    return new EegSet(
        out, rowIndices.length, trials, channels, times, images, subjects, channelNames, timeAxis);
  }

  /** Rows of several sets one after the other; shapes and channels must agree. */
  public static EegSet concat(List<EegSet> sets) {
    EegSet first = sets.get(0);
    int rows = 0;
    for (EegSet s : sets) {
      if (s.trials != first.trials
          || s.channels != first.channels
          || s.times != first.times
          || !s.channelNames.equals(first.channelNames)) {
        throw new IllegalArgumentException("cannot concatenate EEG sets of different shapes");
      }
      rows += s.rows;
    }
    int length = first.rowLength();
    float[] out = new float[Math.multiplyExact(rows, length)];
    int[] images = new int[rows];
    int[] subjects = new int[rows];
    int at = 0;
    for (EegSet s : sets) {
      System.arraycopy(s.x, 0, out, at * length, s.x.length);
      System.arraycopy(s.image, 0, images, at, s.rows);
      System.arraycopy(s.subject, 0, subjects, at, s.rows);
      at += s.rows;
    }
    return new EegSet(
        out,
        rows,
        first.trials,
        first.channels,
        first.times,
        images,
        subjects,
        first.channelNames,
        first.timeAxis);
  }
}
