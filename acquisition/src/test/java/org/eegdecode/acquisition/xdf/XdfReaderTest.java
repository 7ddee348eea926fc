package org.eegdecode.acquisition.xdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eegdecode.acquisition.cli.XdfInfoCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

public class XdfReaderTest {
  private static final double EPS = 1e-9;

  /** A file of ../shared/xdf (fails the test when missing). */
  public static Path shared(String name) {
    String root = System.getProperty("eegdecode.root");
    if (root == null) {
      fail("system property eegdecode.root is not set (surefire sets it to the repo root)");
    }
    Path p = Path.of(root, "..", "shared", "xdf", name).normalize();
    if (!Files.isRegularFile(p)) {
      fail("missing shared XDF example " + p + " (expected ../shared/xdf beside the repository)");
    }
    return p;
  }

  @Test
  void minimalRawValuesAndTimestamps() throws IOException {
    XdfFile f = XdfReader.load(shared("minimal.xdf"), false, false);
    assertEquals(List.of(0L, 46202862L), f.streamIds());
    assertEquals(0x02C0FFEEL, f.streamIds().get(1));
    assertEquals(0, f.recoveredCorruptions());
    assertTrue(f.fileHeaderXml().contains("<version>1.0</version>"));

    XdfStream eeg = f.stream(0);
    assertEquals("SendDataC", eeg.name());
    assertEquals("EEG", eeg.type());
    assertEquals(3, eeg.channelCount());
    assertEquals("int16", eeg.channelFormat());
    assertEquals(10.0, eeg.nominalSrate());
    assertEquals(9, eeg.sampleCount());
    double[][] expected = {
      {192, 255, 238},
      {12, 22, 32},
      {13, 23, 33},
      {14, 24, 34},
      {15, 25, 35},
      {12, 22, 32},
      {13, 23, 33},
      {14, 24, 34},
      {15, 25, 35}
    };
    double[][] values = eeg.numericValues();
    assertEquals(9, values.length);
    for (int i = 0; i < 9; i++) {
      assertArrayEquals(expected[i], values[i], "sample " + i);
    }
    double[] ts = eeg.timestamps();
    for (int i = 0; i < 9; i++) {
      assertEquals(5.1 + 0.1 * i, ts[i], EPS, "raw timestamp " + i);
    }
    assertEquals(List.of(6.1, 7.1), eeg.clockTimes());
    assertEquals(List.of(-0.1, -0.1), eeg.clockValues());

    XdfStream str = f.stream(0x02C0FFEE);
    assertEquals("SendDataString", str.name());
    assertEquals("StringMarker", str.type());
    assertEquals(1, str.channelCount());
    assertEquals("string", str.channelFormat());
    assertTrue(str.clockTimes().isEmpty());
    String[][] sv = str.stringValues();
    assertEquals(9, sv.length);
    assertTrue(sv[0][0].trim().startsWith("<?xml"), "first string sample is XML: " + sv[0][0]);
    List<String> rest =
        Arrays.stream(sv).skip(1).map(r -> r[0]).collect(java.util.stream.Collectors.toList());
    assertEquals(List.of("Hello", "World", "from", "LSL", "Hello", "World", "from", "LSL"), rest);
    double[] sts = str.timestamps();
    for (int i = 0; i < 9; i++) {
      assertEquals(5.1 + 0.1 * i, sts[i], EPS, "string timestamp " + i);
    }
  }

  @Test
  void minimalSynchronisedAndDejittered() throws IOException {
    XdfFile f = XdfReader.load(shared("minimal.xdf"));
    XdfStream eeg = f.stream(0);
    double[] ts = eeg.timestamps();
    for (int i = 0; i < 9; i++) {
      assertEquals(5.0 + 0.1 * i, ts[i], 1e-7, "synchronised timestamp " + i);
    }
    assertEquals(10.0, eeg.effectiveSrate(), 1e-6);
    assertPairs(List.of(new int[] {0, 8}), eeg.segments());
    assertPairs(List.of(new int[] {0, 8}), eeg.clockSegments());
    // The string stream has no clock offsets: unchanged.
    double[] sts = f.stream(0x02C0FFEE).timestamps();
    assertEquals(5.1, sts[0], 1e-7);
    assertEquals(5.9, sts[8], 1e-7);
  }

  @Test
  void emptyStreamsLoadEmpty() throws IOException {
    XdfFile f = XdfReader.load(shared("empty_streams.xdf"), false, false);
    assertEquals(List.of(3L, 4L, 1L, 2L), f.streamIds());

    XdfStream ctrl = f.stream(1);
    assertEquals("ctrl", ctrl.name());
    assertEquals("string", ctrl.channelFormat());
    assertEquals(1, ctrl.sampleCount());
    assertEquals("{\"state\": 2}", ctrl.stringValues()[0][0]);
    assertEquals(91725.01400425, ctrl.timestamps()[0], 1e-8); // listed to 8 decimals

    XdfStream marker = f.stream(2);
    assertEquals("string", marker.channelFormat());
    assertEquals(0, marker.sampleCount());
    assertEquals(0, marker.stringValues().length);
    assertEquals(0, marker.timestamps().length);

    XdfStream empty = f.stream(3);
    assertEquals("float32", empty.channelFormat());
    assertEquals(List.of("ch:00"), empty.channelLabels());
    assertEquals(0, empty.sampleCount());
    assertEquals(0, empty.numericValues().length);

    XdfStream counter = f.stream(4);
    assertEquals("Data stream: test stream 0 counter", counter.name());
    assertEquals("int32", counter.channelFormat());
    assertEquals(1.0, counter.nominalSrate());
    assertEquals(10, counter.sampleCount());
    double[][] v = counter.numericValues();
    double[] ts = counter.timestamps();
    for (int k = 0; k < 10; k++) {
      assertArrayEquals(new double[] {k}, v[k]);
      assertEquals(91725.21394789 + k, ts[k], 1e-8, "counter timestamp " + k);
    }
    // The footer claims a last_timestamp one second later; it must not be used.
    assertEquals(91725.21394789 + 9, counter.lastTimestamp(), 1e-8);
  }

  @Test
  void emptyStreamsSurviveSyncAndDejitter() throws IOException {
    XdfFile f = XdfReader.load(shared("empty_streams.xdf"));
    for (long id : List.of(2L, 3L)) {
      XdfStream s = f.stream(id);
      assertEquals(0, s.sampleCount());
      assertTrue(s.segments().isEmpty());
      assertTrue(s.clockSegments().isEmpty());
      assertEquals(0.0, s.effectiveSrate());
    }
    XdfStream counter = f.stream(4);
    assertEquals(10, counter.sampleCount());
    assertEquals(1.0, counter.effectiveSrate(), 1e-3);
  }

  @Test
  void clockResetsSplitIntoClockSegments() throws IOException {
    XdfFile f = XdfReader.load(shared("clock_resets.xdf"));
    boolean split = false;
    for (XdfStream s : f.streams().values()) {
      assertCovering(s.sampleCount(), s.clockSegments(), s.name() + " clock_segments");
      assertCovering(s.sampleCount(), s.segments(), s.name() + " segments");
      split |= s.clockSegments().size() >= 2;
      double[] ts = s.timestamps();
      for (int[] seg : s.clockSegments()) {
        for (int i = seg[0] + 1; i <= seg[1]; i++) {
          assertTrue(ts[i] >= ts[i - 1], s.name() + ": time goes back inside a clock segment");
        }
      }
    }
    assertTrue(split, "some stream splits into >= 2 clock segments");
    XdfStream eeg = f.stream(2);
    assertTrue(eeg.effectiveSrate() > 0);
    // Synchronised: every stream's time stamps land on one (the recorder's) clock.
    assertTrue(eeg.lastTimestamp() - eeg.firstTimestamp() < 1e4);
  }

  @Test
  void corruptedCopyRecoversOrFailsOnOneLine(@TempDir Path dir) throws IOException {
    byte[] data = Files.readAllBytes(shared("clock_resets.xdf"));
    int mid = data.length / 2;
    Arrays.fill(data, mid, mid + 4096, (byte) 0xFF);
    Path copy = dir.resolve("corrupt.xdf");
    Files.write(copy, data);
    try {
      XdfFile f = XdfReader.load(copy);
      assertTrue(f.recoveredCorruptions() >= 1, "corruption detected and recovered");
      assertFalse(f.streams().isEmpty());
      XdfFile intact = XdfReader.load(shared("clock_resets.xdf"));
      assertTrue(f.stream(2).sampleCount() < intact.stream(2).sampleCount());
      assertCovering(f.stream(2).sampleCount(), f.stream(2).clockSegments(), "recovered");
    } catch (IOException e) {
      assertOneLine(e, copy);
    }
  }

  @Test
  void corruptionWithoutLaterBoundaryFails(@TempDir Path dir) throws IOException {
    byte[] data = Files.readAllBytes(shared("minimal.xdf"));
    int last = XdfReader.indexOf(data, XdfReader.BOUNDARY, 0);
    int next;
    while ((next = XdfReader.indexOf(data, XdfReader.BOUNDARY, last + 1)) >= 0) {
      last = next;
    }
    int at = last + XdfReader.BOUNDARY.length + 1; // inside the chunk after the last boundary
    Arrays.fill(data, at, Math.min(data.length, at + 8), (byte) 0xFF);
    data[last + XdfReader.BOUNDARY.length] = 0x07; // invalid length-of-length byte
    Path copy = dir.resolve("corrupt-tail.xdf");
    Files.write(copy, data);
    IOException e = assertThrows(IOException.class, () -> XdfReader.load(copy));
    assertOneLine(e, copy);
    assertTrue(e.getMessage().contains("offset " + (last + XdfReader.BOUNDARY.length)));
  }

  @Test
  void truncatedCopyFails(@TempDir Path dir) throws IOException {
    byte[] data = Files.readAllBytes(shared("minimal.xdf"));
    Path copy = dir.resolve("truncated.xdf");
    Files.write(copy, Arrays.copyOf(data, data.length - 7));
    IOException e = assertThrows(IOException.class, () -> XdfReader.load(copy));
    assertOneLine(e, copy);
  }

  @Test
  void notAnXdfFileFails(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("plain.xdf");
    Files.writeString(copy, "hello");
    IOException e = assertThrows(IOException.class, () -> XdfReader.load(copy));
    assertOneLine(e, copy);
  }

  @Test
  void robustFitIgnoresAnOutlier() {
    double[] t = new double[20];
    double[] v = new double[20];
    for (int i = 0; i < 20; i++) {
      t[i] = 1000 + 5 * i;
      v[i] = -0.002 + 1e-6 * t[i];
    }
    v[7] += 0.05; // one bad clock offset measurement
    double[] ab = XdfSync.robustLine(t, v, 0, 19);
    // Least squares would be off by 0.05 / 20 = 2.5e-3 everywhere; the Huber fit stays close.
    for (int i = 0; i < 20; i++) {
      double truth = -0.002 + 1e-6 * t[i];
      assertEquals(truth, ab[0] + ab[1] * t[i], 5e-4, "fit at t=" + t[i]);
    }
  }

  @Test
  void xdfInfoCommandPrintsOneJsonObject() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(new XdfInfoCommand());
    cmd.setOut(new PrintWriter(out));
    int rc = cmd.execute(shared("minimal.xdf").toString());
    assertEquals(0, rc);
    String text = out.toString().trim();
    assertEquals(1, text.lines().count());
    JsonNode json = new ObjectMapper().readTree(text);
    JsonNode s0 = json.get("streams").get(0);
    assertEquals(0, s0.get("id").asInt());
    assertEquals("SendDataC", s0.get("name").asText());
    assertEquals("EEG", s0.get("type").asText());
    assertEquals(3, s0.get("channel_count").asInt());
    assertEquals("int16", s0.get("channel_format").asText());
    assertEquals(10.0, s0.get("nominal_srate").asDouble());
    assertEquals(10.0, s0.get("effective_srate").asDouble(), 1e-6);
    assertEquals(9, s0.get("sample_count").asInt());
    assertEquals(5.0, s0.get("first_timestamp").asDouble(), 1e-7);
    assertEquals(5.8, s0.get("last_timestamp").asDouble(), 1e-7);
    assertEquals("[[0,8]]", s0.get("segments").toString());
    assertEquals("[[0,8]]", s0.get("clock_segments").toString());
    assertEquals(46202862L, json.get("streams").get(1).get("id").asLong());

    StringWriter raw = new StringWriter();
    CommandLine cmd2 = new CommandLine(new XdfInfoCommand());
    cmd2.setOut(new PrintWriter(raw));
    assertEquals(0, cmd2.execute(shared("minimal.xdf").toString(), "--no-sync", "--no-dejitter"));
    JsonNode rawJson = new ObjectMapper().readTree(raw.toString());
    assertEquals(5.1, rawJson.get("streams").get(0).get("first_timestamp").asDouble(), EPS);
    assertEquals(5.9, rawJson.get("streams").get(0).get("last_timestamp").asDouble(), EPS);
  }

  private static void assertOneLine(IOException e, Path file) {
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    assertTrue(m.contains(file.toString()), "names the file: " + m);
    assertTrue(m.contains("byte offset"), "names the byte offset: " + m);
  }

  private static void assertCovering(int n, List<int[]> segs, String what) {
    if (n == 0) {
      assertTrue(segs.isEmpty(), what);
      return;
    }
    assertEquals(0, segs.get(0)[0], what + " starts at 0");
    for (int i = 0; i < segs.size(); i++) {
      int[] s = segs.get(i);
      assertTrue(s[0] <= s[1], what + " inclusive pair ordered");
      if (i > 0) {
        assertEquals(segs.get(i - 1)[1] + 1, s[0], what + " contiguous and monotone");
      }
    }
    assertEquals(n - 1, segs.get(segs.size() - 1)[1], what + " ends at the last sample");
  }

  private static void assertPairs(List<int[]> expected, List<int[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
  }
}
