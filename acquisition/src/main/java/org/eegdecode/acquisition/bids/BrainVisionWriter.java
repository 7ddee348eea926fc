package org.eegdecode.acquisition.bids;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes one continuous recording in the BrainVision Core Data Format 1.0 (Brain Products): a text
 * header {@code .vhdr}, a text marker file {@code .vmrk} and the samples in {@code .eeg} as
 * little-endian IEEE float32, multiplexed (all channels of sample 1, then of sample 2, …), one of
 * the EEG formats BIDS accepts and the one MNE, EEGLAB and FieldTrip read natively.
 *
 * <p>Hand-written on purpose: no maintained Java library writes BrainVision (the format is three
 * small files: INI-like text and raw floats), and the layout follows the published specification
 * and the files BrainVision Recorder and pybv write. Every value is stored as the float32 given,
 * with resolution 1 in the channel's unit, so a reader gets the session's samples bit for bit. Both
 * text files declare {@code Codepage=UTF-8}; commas in names and descriptions are coded as {@code
 * \1} as the specification says, and line breaks (which the format cannot carry) become spaces.
 *
 * <p>Markers are kept until {@link #finish} and written there in sample order (in the order given
 * among markers on the same sample) with 1-based positions, as the format counts samples. A
 * discontinuity in the data is a {@code New Segment} marker at its first sample (the BrainVision
 * way, which EEGLAB reads as a {@code boundary} event and MNE as a {@code New Segment/}
 * annotation).
 */
public final class BrainVisionWriter implements AutoCloseable {
  private static final DateTimeFormatter SEGMENT_DATE =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSSSSS");
  private static final int BUFFER_SAMPLES = 1024;

  /** One marker: type, description, 0-based first sample, length in samples, optional date. */
  private record Marker(String type, String description, long position, long size, String date) {}

  private final Path dir;
  private final String stem;
  private final List<String> names;
  private final List<String> units;
  private final double rate;
  private final OutputStream data;
  private final ByteBuffer buffer;
  private final List<Marker> markers = new ArrayList<>();
  private long samples;
  private long rounded;
  private boolean closed;

  private BrainVisionWriter(
      Path dir, String stem, List<String> names, List<String> units, double rate, OutputStream out)
      throws IOException {
    this.dir = dir;
    this.stem = stem;
    this.names = List.copyOf(names);
    this.units = List.copyOf(units);
    this.rate = rate;
    this.data = out;
    this.buffer =
        ByteBuffer.allocate(BUFFER_SAMPLES * names.size() * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Starts {@code dir/stem.eeg}; {@code .vhdr} and {@code .vmrk} follow at {@link #finish}.
   *
   * @param rate samples per second (the header stores the interval in microseconds)
   */
  public static BrainVisionWriter create(
      Path dir, String stem, List<String> names, List<String> units, double rate)
      throws IOException {
    if (names.isEmpty() || names.size() != units.size()) {
      throw new IllegalArgumentException(
          names.size() + " channel names, " + units.size() + " units");
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("BrainVision needs a positive sampling rate, got " + rate);
    }
    Files.createDirectories(dir);
    OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(dir.resolve(stem + ".eeg")), 1 << 16);
    return new BrainVisionWriter(dir, stem, names, units, rate, out);
  }

  /**
   * Appends {@code n} samples of {@code channels} values each (row-major), stored as float32;
   * values that float32 cannot hold exactly (a float64 source) are rounded and counted.
   */
  public void write(double[] values, int channels, int n) throws IOException {
    if (channels != names.size()) {
      throw new IllegalArgumentException(
          channels + " values per sample for " + names.size() + " channels");
    }
    for (int i = 0; i < n * channels; i++) {
      double v = values[i];
      float f = (float) v;
      if (f != v && !Double.isNaN(v)) {
        rounded++;
      }
      if (!buffer.hasRemaining()) {
        flushBuffer();
      }
      buffer.putFloat(f);
    }
    samples += n;
  }

  private void flushBuffer() throws IOException {
    data.write(buffer.array(), 0, buffer.position());
    buffer.clear();
  }

  /** Samples written so far. */
  public long samples() {
    return samples;
  }

  /** Values a float64 source had that float32 could not hold exactly (rounded to nearest). */
  public long roundedValues() {
    return rounded;
  }

  /** A marker at 0-based sample {@code position}, {@code size} samples long (≥ 1). */
  public void marker(String type, String description, long position, long size) {
    markers.add(new Marker(type, description == null ? "" : description, position, size, null));
  }

  /**
   * A {@code New Segment} marker at 0-based sample {@code position}; {@code start} (may be null) is
   * the wall-clock time of that sample, which readers take as the recording date.
   */
  public void newSegment(long position, LocalDateTime start) {
    markers.add(
        new Marker(
            "New Segment", "", position, 1, start == null ? null : SEGMENT_DATE.format(start)));
  }

  /**
   * Flushes the samples and writes {@code .vmrk} and {@code .vhdr} (after the data, so the header
   * only exists for a complete file set); {@code comment} lines go to the header's comment block.
   */
  public void finish(List<String> comment) throws IOException {
    if (closed) {
      throw new IllegalStateException("finished already");
    }
    flushBuffer();
    data.close();
    closed = true;
    Files.writeString(dir.resolve(stem + ".vmrk"), markerFile(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(stem + ".vhdr"), headerFile(comment), StandardCharsets.UTF_8);
  }

  private String markerFile() {
    StringBuilder b = new StringBuilder(256 + 64 * markers.size());
    b.append("Brain Vision Data Exchange Marker File, Version 1.0\r\n\r\n");
    b.append("[Common Infos]\r\nCodepage=UTF-8\r\nDataFile=").append(stem).append(".eeg\r\n\r\n");
    b.append("[Marker Infos]\r\n");
    b.append("; Each entry: Mk<Marker number>=<Type>,<Description>,<Position in data points>,\r\n");
    b.append(
        "; <Size in data points>, <Channel number (0 = marker is related to all channels)>\r\n");
    b.append("; Fields are delimited by commas, some fields might be omitted (empty).\r\n");
    b.append("; Commas in type or description text are coded as \"\\1\".\r\n");
    List<Marker> sorted = new ArrayList<>(markers);
    sorted.sort(Comparator.comparingLong(Marker::position)); // stable: New Segment first
    int k = 1;
    for (Marker m : sorted) {
      b.append("Mk")
          .append(k++)
          .append('=')
          .append(field(m.type()))
          .append(',')
          .append(field(m.description()))
          .append(',')
          .append(m.position() + 1)
          .append(',')
          .append(Math.max(1, m.size()))
          .append(",0");
      if (m.date() != null) {
        b.append(',').append(m.date());
      }
      b.append("\r\n");
    }
    return b.toString();
  }

  private String headerFile(List<String> comment) {
    StringBuilder b = new StringBuilder(1024 + 48 * names.size());
    b.append("Brain Vision Data Exchange Header File Version 1.0\r\n");
    b.append("; Data written by eegdecode (BIDS export)\r\n\r\n");
    b.append("[Common Infos]\r\nCodepage=UTF-8\r\n");
    b.append("DataFile=").append(stem).append(".eeg\r\n");
    b.append("MarkerFile=").append(stem).append(".vmrk\r\n");
    b.append("DataFormat=BINARY\r\n");
    b.append("; Data orientation: MULTIPLEXED=ch1,pt1, ch2,pt1 ...\r\n");
    b.append("DataOrientation=MULTIPLEXED\r\n");
    b.append("NumberOfChannels=").append(names.size()).append("\r\n");
    b.append("; Sampling interval in microseconds\r\n");
    b.append("SamplingInterval=").append(samplingInterval(rate)).append("\r\n\r\n");
    b.append("[Binary Infos]\r\nBinaryFormat=IEEE_FLOAT_32\r\n\r\n");
    b.append("[Channel Infos]\r\n");
    b.append("; Each entry: Ch<Channel number>=<Name>,<Reference channel name>,\r\n");
    b.append("; <Resolution in \"Unit\">,<Unit>, Future extensions..\r\n");
    b.append("; Fields are delimited by commas, some fields might be omitted (empty).\r\n");
    b.append("; Commas in channel names are coded as \"\\1\".\r\n");
    for (int c = 0; c < names.size(); c++) {
      b.append("Ch")
          .append(c + 1)
          .append('=')
          .append(field(names.get(c)))
          .append(",,1,")
          .append(field(units.get(c)))
          .append("\r\n");
    }
    if (comment != null && !comment.isEmpty()) {
      b.append("\r\n[Comment]\r\n");
      for (String line : comment) {
        b.append(line.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
      }
    }
    return b.toString();
  }

  /**
   * The sampling interval in µs as a plain decimal: exact for the usual rates (250 → 4000, 512 →
   * 1953.125, 1024 → 976.5625), else the shortest decimal of the double.
   */
  static String samplingInterval(double rate) {
    BigDecimal exact = BigDecimal.valueOf(1_000_000L);
    try {
      return exact.divide(BigDecimal.valueOf(rate)).stripTrailingZeros().toPlainString();
    } catch (ArithmeticException notTerminating) {
      return new BigDecimal(Double.toString(1e6 / rate)).toPlainString();
    }
  }

  /** A text field: commas as {@code \1}, line breaks as spaces. */
  static String field(String text) {
    return text.replace(",", "\\1").replace('\r', ' ').replace('\n', ' ');
  }

  /** Closes the data file without writing the header (the caller discards the files). */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      data.close();
    }
  }
}
