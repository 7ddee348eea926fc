package org.eegdecode.acquisition.xdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.xdf.XdfChunks.Chunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class XdfWriterTest {
  private static final long BIG_ID = 46202862L;

  @TempDir Path dir;

  private static StreamInfo info(String name, int channels, double rate, String format) {
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      labels.add("ch" + c);
    }
    return new StreamInfo(
        name, "EEG", channels, rate, format, name + "-src", "host", name + "-uid", labels);
  }

  private static String header(String name, int channels, double rate, String format) {
    return XdfWriter.headerXml(info(name, channels, rate, format), 123.25);
  }

  /** Distinct, awkward time stamps: not on any grid, so a deduced one could never match. */
  private static double[] stamps(int n, double start) {
    double[] ts = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start + i * 0.0039 + Math.ulp(start) * (i % 3);
    }
    return ts;
  }

  @Test
  void numericStreamsRoundTripBitExactly() throws IOException {
    Path file = dir.resolve("numeric.xdf");
    float[] f32 = {
      Float.NaN,
      Float.MIN_VALUE,
      -Float.MIN_NORMAL / 4,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MAX_VALUE,
      -0.0f,
      1.1f
    };
    double[] f32AsDouble = {1e-40, Double.NaN, 3.141592653589793, -1e38, 0.0, 2.5, -7.0, 1e-50};
    double[] d64 = {
      Double.MIN_VALUE, -Double.MAX_VALUE, Double.NaN, -0.0, Math.PI, Double.POSITIVE_INFINITY
    };
    double[] i16 = {Short.MIN_VALUE, Short.MAX_VALUE, 0, -1, 1, 12345};
    double[] i32 = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 65536, -65537};
    double[] i8 = {Byte.MIN_VALUE, Byte.MAX_VALUE, 0, -1};
    double[] i64 = {-0x1p63, 0x1p53, -0x1p53, 42};
    double[] tsF = stamps(4, 1000.123456789);
    double[] tsF2 = stamps(4, 1000.2);
    double[] tsD = stamps(3, 5.1);
    double[] tsI16 = stamps(3, 0.0);
    double[] tsI32 = stamps(2, 9.0e8);
    double[] tsI8 = stamps(2, -3.5);
    double[] tsI64 = stamps(2, 77.7);
    try (XdfWriter w = XdfWriter.create(file)) {
      w.streamHeader(0, header("f32", 2, 250, "float32"));
      w.streamHeader(BIG_ID, header("d64", 2, 0, "double64"));
      w.streamHeader(0xFFFF_FFFFL, header("i16", 2, 512, "int16"));
      w.streamHeader(7, header("i32", 3, 1, "int32"));
      w.streamHeader(8, header("i8", 2, 10, "int8"));
      w.streamHeader(9, header("i64", 2, 10, "int64"));
      w.numericSamples(0, 2, 4, tsF, f32);
      w.numericSamples(0, 2, 4, tsF2, f32AsDouble);
      w.numericSamples(BIG_ID, 2, 3, tsD, d64);
      w.numericSamples(0xFFFF_FFFFL, 2, 3, tsI16, i16);
      w.numericSamples(7, 3, 2, tsI32, i32);
      w.numericSamples(8, 2, 2, tsI8, i8);
      w.numericSamples(9, 2, 2, tsI64, i64);
    }
    XdfFile f = XdfReader.readRaw(file);
    assertEquals(List.of(0L, BIG_ID, 0xFFFF_FFFFL, 7L, 8L, 9L), f.streamIds());
    assertEquals(0, f.recoveredCorruptions());

    double[] f32Expected = new double[16];
    for (int i = 0; i < 8; i++) {
      f32Expected[i] = f32[i];
      f32Expected[8 + i] = (float) f32AsDouble[i];
    }
    assertStream(f.stream(0), "f32", "float32", 250, 2, concat(tsF, tsF2), f32Expected);
    assertEquals(
        Float.floatToRawIntBits(Float.MIN_VALUE),
        Float.floatToRawIntBits((float) f.stream(0).numericValues()[0][1]),
        "subnormal kept");
    assertStream(f.stream(BIG_ID), "d64", "double64", 0, 2, tsD, d64);
    assertStream(f.stream(0xFFFF_FFFFL), "i16", "int16", 512, 2, tsI16, i16);
    assertStream(f.stream(7), "i32", "int32", 1, 3, tsI32, i32);
    assertStream(f.stream(8), "i8", "int8", 10, 2, tsI8, i8);
    assertStream(f.stream(9), "i64", "int64", 10, 2, tsI64, i64);
    assertWellFormed(file, f);
    assertTrue(f.fileHeaderXml().contains("<version>1.0</version>"), f.fileHeaderXml());
    assertTrue(f.fileHeaderXml().contains("<datetime>"), f.fileHeaderXml());
  }

  @Test
  void stringStreamsRoundTrip() throws IOException {
    Path file = dir.resolve("strings.xdf");
    String long300 = "é".repeat(150); // 300 UTF-8 bytes: a 4-byte length
    assertEquals(300, long300.getBytes(StandardCharsets.UTF_8).length);
    String[] markers = {"", "Grüße ✓ 𝄞", long300, "<stim id=\"1\"/> & more"};
    String[] pairs = {"a", "", "左", "右"};
    double[] ts1 = stamps(4, 91725.01400425);
    double[] ts2 = {5.1, 5.1};
    try (XdfWriter w = XdfWriter.create(file)) {
      w.streamHeader(BIG_ID, header("markers", 1, 0, "string"));
      w.streamHeader(2, header("pairs", 2, 0, "string"));
      w.stringSamples(BIG_ID, 4, ts1, markers);
      w.stringSamples(2, 2, ts2, pairs);
    }
    XdfFile f = XdfReader.readRaw(file);
    XdfStream m = f.stream(BIG_ID);
    assertEquals("string", m.channelFormat());
    assertBits(ts1, m.timestamps());
    String[][] mv = m.stringValues();
    for (int i = 0; i < markers.length; i++) {
      assertArrayEquals(new String[] {markers[i]}, mv[i], "marker " + i);
    }
    XdfStream p = f.stream(2);
    assertBits(ts2, p.timestamps());
    assertArrayEquals(new String[] {"a", ""}, p.stringValues()[0]);
    assertArrayEquals(new String[] {"左", "右"}, p.stringValues()[1]);
    assertWellFormed(file, f);
  }

  @Test
  void emptyStreamsAndClockOffsetsRoundTrip() throws IOException {
    Path file = dir.resolve("offsets.xdf");
    double[] ts = stamps(5, 40.0);
    double[] values = {1, 2, 3, 4, 5};
    try (XdfWriter w = XdfWriter.create(file)) {
      w.streamHeader(3, header("empty-eeg", 1, 100, "float32"));
      w.streamHeader(4, header("empty-markers", 1, 0, "string"));
      w.streamHeader(5, header("data", 1, 10, "double64"));
      w.clockOffset(5, 38.5, -0.000123456789);
      w.numericSamples(5, 1, 3, ts, values);
      w.clockOffset(5, 43.5, 0.25);
      w.clockOffset(3, 43.5, -1e-5);
      w.numericSamples(5, 1, 2, Arrays.copyOfRange(ts, 3, 5), Arrays.copyOfRange(values, 3, 5));
    }
    XdfFile f = XdfReader.readRaw(file);
    assertEquals(List.of(3L, 4L, 5L), f.streamIds());
    for (long id : List.of(3L, 4L)) {
      XdfStream s = f.stream(id);
      assertEquals(0, s.sampleCount());
      assertEquals(0, s.timestamps().length);
      assertEquals(0, s.numericValues().length);
      assertEquals(0, s.stringValues().length);
    }
    assertEquals(List.of(43.5), f.stream(3).clockTimes());
    assertEquals(List.of(-1e-5), f.stream(3).clockValues());
    XdfStream data = f.stream(5);
    assertEquals(List.of(38.5, 43.5), data.clockTimes());
    assertEquals(List.of(-0.000123456789, 0.25), data.clockValues());
    assertEquals(List.of(0, 3), data.clockSampleCounts);
    assertStream(data, "data", "double64", 10, 1, ts, values);
    assertWellFormed(file, f);
    // Empty streams also survive sync and dejitter.
    XdfFile synced = XdfReader.load(file);
    assertEquals(0, synced.stream(3).sampleCount());
    assertEquals(0, synced.stream(4).sampleCount());
  }

  @Test
  void clockOffsetsShiftTimestampsWhenSynchronised() throws IOException {
    Path file = dir.resolve("sync.xdf");
    int n = 3000; // 30 s at 100 Hz
    double[] ts = new double[n];
    double[] values = new double[n * 2];
    for (int i = 0; i < n; i++) {
      ts[i] = 2000 + i / 100.0;
      values[2 * i] = i;
      values[2 * i + 1] = -i;
    }
    try (XdfWriter w = XdfWriter.create(file)) {
      w.streamHeader(1, header("eeg", 2, 100, "float32"));
      for (int from = 0; from < n; from += 50) {
        if (from % 500 == 0) {
          w.clockOffset(1, ts[from], -0.1);
        }
        w.numericSamples(
            1,
            2,
            50,
            Arrays.copyOfRange(ts, from, from + 50),
            Arrays.copyOfRange(values, 2 * from, 2 * from + 100));
      }
    }
    XdfStream s = XdfReader.load(file).stream(1);
    double[] synced = s.timestamps();
    assertEquals(n, synced.length);
    for (int i = 0; i < n; i++) {
      assertEquals(ts[i] - 0.1, synced[i], 1e-9, "synchronised time stamp " + i);
    }
    assertEquals(100.0, s.effectiveSrate(), 1e-6);
  }

  @Test
  void sharedExamplesRewriteIdentically() throws IOException {
    for (String name : List.of("minimal.xdf", "empty_streams.xdf")) {
      XdfFile original = XdfReader.readRaw(XdfReaderTest.shared(name));
      Path copy = dir.resolve(name);
      rewrite(original, copy);
      XdfFile again = XdfReader.readRaw(copy);
      assertEquals(original.streamIds(), again.streamIds(), name);
      for (long id : original.streamIds()) {
        XdfStream a = original.stream(id);
        XdfStream b = again.stream(id);
        String what = name + " stream " + id;
        assertEquals(a.headerXml(), b.headerXml(), what);
        assertEquals(a.name(), b.name(), what);
        assertEquals(a.type(), b.type(), what);
        assertEquals(a.channelFormat(), b.channelFormat(), what);
        assertEquals(a.channelCount(), b.channelCount(), what);
        assertEquals(a.nominalSrate(), b.nominalSrate(), what);
        assertEquals(a.channelLabels(), b.channelLabels(), what);
        assertEquals(a.sampleCount(), b.sampleCount(), what);
        assertBits(a.timestamps(), b.timestamps());
        assertEquals(a.clockTimes(), b.clockTimes(), what);
        assertEquals(a.clockValues(), b.clockValues(), what);
        assertEquals(a.clockSampleCounts, b.clockSampleCounts, what);
        for (int k = 0; k < a.sampleCount(); k++) {
          if (a.isString()) {
            assertArrayEquals(a.stringValues()[k], b.stringValues()[k], what + " sample " + k);
          } else {
            assertArrayEquals(a.numericValues()[k], b.numericValues()[k], what + " sample " + k);
          }
        }
      }
      assertWellFormed(copy, again);
    }
  }

  /** Writes {@code f} again: headers, then per stream its samples and offsets in file order. */
  private static void rewrite(XdfFile f, Path target) throws IOException {
    try (XdfWriter w = XdfWriter.create(target)) {
      for (XdfStream s : f.streams().values()) {
        w.streamHeader(s.id(), s.headerXml());
      }
      for (XdfStream s : f.streams().values()) {
        double[] ts = s.timestamps();
        int written = 0;
        for (int k = 0; k <= s.clockTimes.size(); k++) {
          int upTo = k < s.clockTimes.size() ? s.clockSampleCounts.get(k) : s.sampleCount();
          int n = upTo - written;
          double[] t = Arrays.copyOfRange(ts, written, upTo);
          if (s.isString()) {
            String[] v =
                Arrays.stream(s.stringValues(), written, upTo)
                    .flatMap(Arrays::stream)
                    .toArray(String[]::new);
            w.stringSamples(s.id(), n, t, v);
          } else {
            double[] v =
                Arrays.stream(s.numericValues(), written, upTo)
                    .flatMapToDouble(Arrays::stream)
                    .toArray();
            w.numericSamples(s.id(), s.channelCount(), n, t, v);
          }
          written = upTo;
          if (k < s.clockTimes.size()) {
            w.clockOffset(s.id(), s.clockTimes.get(k), s.clockValues.get(k));
          }
        }
      }
    }
  }

  @Test
  void boundariesEveryTenSecondsOfDataAndBeforeFooters() throws IOException {
    int n = 3500; // 35 s at 100 Hz
    double[] ts = new double[n];
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 500 + i / 100.0;
      values[i] = i;
    }
    Path chunked = dir.resolve("chunked.xdf");
    Path oneCall = dir.resolve("one-call.xdf");
    try (XdfWriter w = XdfWriter.create(chunked)) {
      w.streamHeader(1, header("eeg", 1, 100, "float32"));
      for (int from = 0; from < n; from += 50) {
        w.numericSamples(
            1,
            1,
            50,
            Arrays.copyOfRange(ts, from, from + 50),
            Arrays.copyOfRange(values, from, from + 50));
      }
    }
    try (XdfWriter w = XdfWriter.create(oneCall)) {
      w.streamHeader(1, header("eeg", 1, 100, "float32"));
      w.numericSamples(1, 1, n, ts, values);
    }
    for (Path file : List.of(chunked, oneCall)) {
      XdfFile f = XdfReader.readRaw(file);
      assertBits(ts, f.stream(1).timestamps());
      List<Chunk> chunks = XdfChunks.read(file);
      List<double[]> spans = sampleSpansBetweenBoundaries(chunks);
      assertTrue(spans.size() >= 4, file + ": boundaries split 35 s into >= 4 parts");
      for (double[] span : spans) {
        assertTrue(
            span[1] - span[0] < XdfWriter.Limits.DEFAULT.boundaryIntervalSeconds(),
            file + ": samples between two boundaries span " + (span[1] - span[0]) + " s");
      }
      assertWellFormed(file, f);
    }
  }

  @Test
  void boundariesAndChunkSplitsBySize() throws IOException {
    XdfWriter.Limits limits = new XdfWriter.Limits(1e9, 4096, 1000);
    Path file = dir.resolve("sized.xdf");
    int n = 2000;
    double[] ts = stamps(n, 10.0);
    double[] values = new double[n * 4];
    Arrays.setAll(values, i -> i * 0.5);
    try (XdfWriter w = XdfWriter.create(file, limits)) {
      w.streamHeader(1, header("eeg", 4, 256, "double64"));
      w.numericSamples(1, 4, n, ts, values);
    }
    XdfFile f = XdfReader.readRaw(file);
    assertStream(f.stream(1), "eeg", "double64", 256, 4, ts, values);
    List<Chunk> chunks = XdfChunks.read(file);
    long boundaryEnd = 0;
    int samplesChunks = 0;
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      if (c.tag() == 3) {
        samplesChunks++;
        assertTrue(c.content().capacity() <= 4 + 5 + limits.maxChunkBytes(), "chunk size");
        assertTrue(
            c.offset() - boundaryEnd < limits.boundaryIntervalBytes(),
            "a boundary at least every " + limits.boundaryIntervalBytes() + " bytes");
      } else if (c.tag() == 5) {
        boundaryEnd = chunks.get(i + 1).offset();
      }
    }
    assertTrue(samplesChunks >= n * 41 / limits.maxChunkBytes(), "split into small chunks");
    assertWellFormed(file, f);
  }

  @Test
  void unclosedOrAbortedWriterLeavesNoTarget() throws IOException {
    Path target = dir.resolve("atomic.xdf");
    XdfWriter w = XdfWriter.create(target);
    w.streamHeader(1, header("eeg", 1, 100, "float32"));
    w.numericSamples(1, 1, 1, new double[] {1.0}, new float[] {2f});
    assertFalse(Files.exists(target), "no target before close");
    assertTrue(Files.exists(XdfWriter.partialFile(target)), "written to the partial file");
    w.abort();
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(XdfWriter.partialFile(target)), "abort deletes the partial file");
    w.close(); // after abort: nothing
    assertFalse(Files.exists(target));
    assertThrows(IllegalStateException.class, () -> w.boundary());

    // A failed write inside try-with-resources publishes nothing.
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          try (XdfWriter w2 = XdfWriter.create(target)) {
            w2.streamHeader(1, header("eeg", 1, 100, "int16"));
            w2.numericSamples(1, 1, 1, new double[] {1.0}, new double[] {1e6});
          }
        });
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(XdfWriter.partialFile(target)));

    // close() publishes, replacing a previous file.
    Files.writeString(target, "old");
    try (XdfWriter w3 = XdfWriter.create(target)) {
      w3.streamHeader(1, header("eeg", 1, 100, "float32"));
      assertEquals("old", Files.readString(target));
    }
    assertEquals(1, XdfReader.readRaw(target).streamIds().size());
    assertFalse(Files.exists(XdfWriter.partialFile(target)));
  }

  @Test
  void invalidUseFailsClearly() throws IOException {
    assertInvalid("stream 7", w -> w.numericSamples(7, 1, 1, new double[] {1}, new double[] {1}));
    assertInvalid("stream 7", w -> w.clockOffset(7, 1, 0));
    assertInvalid(
        "3 channels given, the header declares 2",
        w -> w.numericSamples(1, 3, 1, new double[] {1}, new double[] {1, 2, 3}));
    assertInvalid(
        "40000.0 does not fit int16",
        w -> w.numericSamples(1, 2, 1, new double[] {1}, new double[] {1, 40000}));
    assertInvalid(
        "not an integer", w -> w.numericSamples(1, 2, 1, new double[] {1}, new double[] {1.5, 0}));
    assertInvalid("string samples", w -> w.stringSamples(1, 1, new double[] {1}, new String[2]));
    assertInvalid(
        "numeric samples for a string stream",
        w -> w.numericSamples(2, 1, 1, new double[] {1}, new double[] {1}));
    assertInvalid("null string", w -> w.stringSamples(2, 1, new double[] {1}, new String[1]));
    assertInvalid("already written", w -> w.streamHeader(1, header("again", 2, 1, "int16")));
    assertInvalid(
        "not finite",
        w -> w.numericSamples(1, 2, 1, new double[] {Double.NaN}, new double[] {1, 2}));
    assertInvalid(
        "2 values for 2 samples",
        w -> w.numericSamples(1, 2, 2, new double[] {1, 2}, new double[] {1, 2}));
    assertInvalid("out of range", w -> w.streamHeader(-1, header("neg", 1, 1, "int8")));
    assertInvalid("channel_count", w -> w.streamHeader(9, "<info><name>x</name></info>"));

    Path f32 = dir.resolve("f32.xdf");
    try (XdfWriter w = XdfWriter.create(f32)) {
      w.streamHeader(1, header("eeg", 1, 1, "float32"));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> w.numericSamples(1, 1, 1, new double[] {1}, new double[] {1e40}));
      assertTrue(e.getMessage().contains("float32"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> w.boundary(), "failed writer refuses");
      w.abort();
    }
  }

  private interface WriterCall {
    void call(XdfWriter w) throws IOException;
  }

  /** Stream 1 is int16 × 2, stream 2 string × 1; {@code call} must fail naming the problem. */
  private void assertInvalid(String expected, WriterCall call) throws IOException {
    Path target = dir.resolve("invalid.xdf");
    XdfWriter w = XdfWriter.create(target);
    w.streamHeader(1, header("eeg", 2, 100, "int16"));
    w.streamHeader(2, header("markers", 1, 0, "string"));
    Executable ex = () -> call.call(w);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
    String m = e.getMessage();
    assertTrue(m.contains(expected), "'" + expected + "' in: " + m);
    assertTrue(m.contains(target.toString()), "names the file: " + m);
    assertFalse(m.contains("\n"), "one line: " + m);
    IOException closed =
        assertThrows(IOException.class, w::close, "a failed writer publishes no file");
    assertTrue(closed.getMessage().contains(expected), closed.getMessage());
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(XdfWriter.partialFile(target)));
  }

  @Test
  void headerXmlParsesBack() throws Exception {
    StreamInfo eeg =
        new StreamInfo(
            "EEG <amp> & co",
            "EEG",
            3,
            512.5,
            "float32",
            "amp-42",
            "lab-pc",
            "uid-1",
            List.of("Fp1", "Fp2", "O<z>"));
    String xml = XdfWriter.headerXml(eeg, 91684.87631725401);
    XdfStream s = XdfReader.parseHeader(1, xml);
    assertEquals("EEG <amp> & co", s.name());
    assertEquals("EEG", s.type());
    assertEquals(3, s.channelCount());
    assertEquals(512.5, s.nominalSrate());
    assertEquals("float32", s.channelFormat());
    assertEquals(List.of("Fp1", "Fp2", "O<z>"), s.channelLabels());
    Element info = parse(xml);
    assertEquals("amp-42", text(info, "source_id"));
    assertEquals("lab-pc", text(info, "hostname"));
    assertEquals("uid-1", text(info, "uid"));
    assertEquals(91684.87631725401, Double.parseDouble(text(info, "created_at")));
    for (String tag : List.of("version", "session_id")) {
      assertEquals(1, info.getElementsByTagName(tag).getLength(), tag);
    }

    StreamInfo markers =
        new StreamInfo("Markers", "Markers", 1, 0, "string", "m", "h", "u", List.of());
    String mx = XdfWriter.headerXml(markers, 1.0);
    assertFalse(mx.contains("<desc"), mx);
    XdfStream ms = XdfReader.parseHeader(2, mx);
    assertEquals(0.0, ms.nominalSrate());
    assertTrue(ms.channelLabels().isEmpty());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            XdfWriter.headerXml(
                new StreamInfo("x", "EEG", 2, 1, "float32", "s", "h", "u", List.of("a")), 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            XdfWriter.headerXml(
                new StreamInfo("x", "EEG", 1, 1, "undefined", "s", "h", "u", List.of()), 0));
  }

  // --- helpers ---

  private static void assertStream(
      XdfStream s,
      String name,
      String format,
      double rate,
      int channels,
      double[] ts,
      double[] valuesRowMajor) {
    assertEquals(name, s.name());
    assertEquals(format, s.channelFormat());
    assertEquals(rate, s.nominalSrate());
    assertEquals(channels, s.channelCount());
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      labels.add("ch" + c);
    }
    assertEquals(labels, s.channelLabels());
    assertEquals(ts.length, s.sampleCount());
    assertBits(ts, s.timestamps());
    double[][] v = s.numericValues();
    for (int k = 0; k < ts.length; k++) {
      assertArrayEquals(
          Arrays.copyOfRange(valuesRowMajor, k * channels, (k + 1) * channels),
          v[k],
          name + " sample " + k);
    }
  }

  private static void assertBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "sample count");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[i]),
          Double.doubleToRawLongBits(actual[i]),
          "time stamp " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }

  /**
   * Spec-level checks of a written file: minimal lengths, explicit time stamps on every sample, one
   * footer per stream (after a boundary) matching what the reader saw.
   */
  private static void assertWellFormed(Path file, XdfFile raw) throws IOException {
    List<Chunk> chunks = XdfChunks.read(file);
    assertEquals(1, chunks.get(0).tag(), "FileHeader first");
    Map<Long, String> footers = new LinkedHashMap<>();
    int firstFooter = -1;
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertEquals(
          XdfChunks.minimalLengthBytes(c.length()), c.lengthBytes(), "chunk at " + c.offset());
      if (c.tag() == 3) {
        for (int b : XdfChunks.timestampBytes(c, raw.stream(c.streamId()))) {
          assertEquals(8, b, "explicit time stamp in chunk at " + c.offset());
        }
      } else if (c.tag() == 6) {
        if (firstFooter < 0) {
          firstFooter = i;
        }
        footers.put(c.streamId(), c.xml());
      } else if (firstFooter >= 0) {
        throw new AssertionError("chunk with tag " + c.tag() + " after the footers");
      }
    }
    assertEquals(5, chunks.get(firstFooter - 1).tag(), "a boundary before the footers");
    assertEquals(raw.streamIds(), new ArrayList<>(footers.keySet()), "one footer per stream");
    for (XdfStream s : raw.streams().values()) {
      Element info = parse(footers.get(s.id()));
      int n = s.sampleCount();
      assertEquals(n, Integer.parseInt(text(info, "sample_count")), "footer sample_count");
      assertEquals(
          n == 0 ? 0 : s.firstTimestamp(), Double.parseDouble(text(info, "first_timestamp")));
      assertEquals(
          n == 0 ? 0 : s.lastTimestamp(), Double.parseDouble(text(info, "last_timestamp")));
      NodeList offsets = info.getElementsByTagName("offset");
      assertEquals(s.clockTimes().size(), offsets.getLength(), "footer clock offsets");
      for (int k = 0; k < offsets.getLength(); k++) {
        Element o = (Element) offsets.item(k);
        assertEquals(s.clockTimes().get(k), Double.parseDouble(text(o, "time")));
        assertEquals(s.clockValues().get(k), Double.parseDouble(text(o, "value")));
      }
    }
  }

  /** [first, last] time stamp of the samples between successive boundary chunks. */
  private static List<double[]> sampleSpansBetweenBoundaries(List<Chunk> chunks) {
    List<double[]> spans = new ArrayList<>();
    double[] span = null;
    for (Chunk c : chunks) {
      if (c.tag() == 5) {
        span = null;
      } else if (c.tag() == 3) {
        java.nio.ByteBuffer b = c.content().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.getInt();
        long n = XdfChunks.varLen(b);
        for (long k = 0; k < n; k++) {
          b.get(); // time stamp byte (8)
          double t = b.getDouble();
          b.getFloat(); // one float32 value
          if (span == null) {
            span = new double[] {t, t};
            spans.add(span);
          }
          span[1] = t;
        }
      }
    }
    return spans;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Element parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      return f.newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.trim().getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("not XML: " + xml, e);
    }
  }

  private static String text(Element parent, String tag) {
    NodeList list = parent.getElementsByTagName(tag);
    assertEquals(1, list.getLength(), "one <" + tag + ">");
    return list.item(0).getTextContent();
  }
}
