package org.eegdecode.acquisition.xdf;

import java.util.ArrayList;
import java.util.List;

/**
 * One stream of an XDF file: its header, its samples (numeric values as {@code double}, strings as
 * {@code String}), its time stamps and its clock offsets, plus the results of synchronisation.
 *
 * <p>Numeric values are held as {@code double}: int64 values beyond ±2^53 lose precision.
 */
public final class XdfStream {
  final long id;
  final String name;
  final String type;
  final int channelCount;
  final String channelFormat;
  final double nominalSrate;
  final List<String> channelLabels;
  final String headerXml;

  double[] timestamps = new double[0];
  double[][] numeric = new double[0][];
  String[][] strings = new String[0][];
  int sampleCount;
  double lastTimestamp;

  final List<Double> clockTimes = new ArrayList<>();
  final List<Double> clockValues = new ArrayList<>();

  /** How many samples of this stream had been read when each clock offset was read. */
  final List<Integer> clockSampleCounts = new ArrayList<>();

  double effectiveSrate;
  List<int[]> segments = new ArrayList<>();
  List<int[]> clockSegments = new ArrayList<>();

  XdfStream(
      long id,
      String name,
      String type,
      int channelCount,
      String channelFormat,
      double nominalSrate,
      List<String> channelLabels,
      String headerXml) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.channelCount = channelCount;
    this.channelFormat = channelFormat;
    this.nominalSrate = nominalSrate;
    this.channelLabels = List.copyOf(channelLabels);
    this.headerXml = headerXml;
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public int channelCount() {
    return channelCount;
  }

  public String channelFormat() {
    return channelFormat;
  }

  public double nominalSrate() {
    return nominalSrate;
  }

  public boolean isString() {
    return "string".equals(channelFormat);
  }

  /** Labels from {@code desc/channels/channel/label}; empty when the header has none. */
  public List<String> channelLabels() {
    return channelLabels;
  }

  public String headerXml() {
    return headerXml;
  }

  public int sampleCount() {
    return sampleCount;
  }

  /** Time stamps (after synchronisation and dejittering when those were requested). */
  public double[] timestamps() {
    return timestamps.clone();
  }

  /** Numeric samples, [sample][channel]; empty for string streams. */
  public double[][] numericValues() {
    double[][] out = new double[numeric.length][];
    for (int i = 0; i < numeric.length; i++) {
      out[i] = numeric[i].clone();
    }
    return out;
  }

  /** String samples, [sample][channel]; empty for numeric streams. */
  public String[][] stringValues() {
    String[][] out = new String[strings.length][];
    for (int i = 0; i < strings.length; i++) {
      out[i] = strings[i].clone();
    }
    return out;
  }

  public List<Double> clockTimes() {
    return List.copyOf(clockTimes);
  }

  public List<Double> clockValues() {
    return List.copyOf(clockValues);
  }

  public double effectiveSrate() {
    return effectiveSrate;
  }

  /** Dejitter segments as inclusive sample index pairs {@code [first, last]}. */
  public List<int[]> segments() {
    return copy(segments);
  }

  /** Clock-sync segments as inclusive sample index pairs {@code [first, last]}. */
  public List<int[]> clockSegments() {
    return copy(clockSegments);
  }

  public double firstTimestamp() {
    return sampleCount == 0 ? Double.NaN : timestamps[0];
  }

  public double lastTimestamp() {
    return sampleCount == 0 ? Double.NaN : timestamps[sampleCount - 1];
  }

  private static List<int[]> copy(List<int[]> pairs) {
    List<int[]> out = new ArrayList<>(pairs.size());
    for (int[] p : pairs) {
      out.add(p.clone());
    }
    return out;
  }
}
