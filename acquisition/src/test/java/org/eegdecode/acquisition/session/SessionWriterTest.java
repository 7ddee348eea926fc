package org.eegdecode.acquisition.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eegdecode.acquisition.xdf.XdfFile;
import org.eegdecode.acquisition.xdf.XdfReader;
import org.eegdecode.acquisition.xdf.XdfReaderTest;
import org.eegdecode.acquisition.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionWriterTest {
  @TempDir Path tmp;

  @Test
  void everyRecordReadsBackExactly() throws IOException {
    Path dir = tmp.resolve("s");
    SessionWriter w = SessionFixture.write(dir, 20);
    w.close(new ObjectMapper().createObjectNode().put("note", "done"));
    SessionFixture.Collected c = SessionFixture.read(dir);
    assertEquals(2, c.streams.size());
    assertEquals(SessionFixture.EEG, c.streams.get(0).info());
    assertEquals(SessionFixture.MARKERS, c.streams.get(1).info());
    assertEquals(200, c.index.size());
    for (int i = 0; i < 200; i++) {
      assertEquals(i, c.index.get(i));
      assertEquals(SessionFixture.corrected(i), c.corrected.get(i));
      assertEquals(SessionFixture.corrected(i) - SessionFixture.OFFSET, c.raw.get(i));
      for (int ch = 0; ch < SessionFixture.CHANNELS; ch++) {
        assertEquals(SessionFixture.value(i, ch), (float) c.values.get(i)[ch]);
      }
    }
    assertEquals(
        List.of(
            SessionFixture.marker(0),
            SessionFixture.marker(1),
            SessionFixture.marker(2),
            SessionFixture.marker(3)),
        c.markers);
    assertEquals(4, c.clocks.size());
    assertEquals(List.of(SessionFormat.STATE_STALL, SessionFormat.STATE_RESUMED), c.states);
    assertArrayEquals(new int[] {1, 0}, c.resultRows.get(0));
    assertTrue(c.ended);

    ObjectNode info = SessionInfo.describe(dir);
    assertEquals("closed", info.get("state").asText());
    assertTrue(info.get("closed_cleanly").asBoolean());
    JsonNode eeg = info.get("streams").get(0);
    assertEquals(200, eeg.get("sample_count").asLong());
    assertEquals(1, eeg.get("stalls").asLong());
    assertEquals(2, eeg.get("clock_offsets").asLong());
    assertEquals(SessionFixture.corrected(0), eeg.get("first_timestamp").asDouble());
    assertEquals(SessionFixture.corrected(199), eeg.get("last_timestamp").asDouble());
    assertEquals(4, info.get("markers").asLong());
    assertEquals(2, info.get("decoded_results").asLong());
    assertEquals("done", info.get("summary").get("note").asText());
  }

  @Test
  void anExportedSessionReReadsWithIdenticalSamplesAndTimestamps() throws IOException {
    Path dir = tmp.resolve("s");
    SessionFixture.write(dir, 30).close();
    Path xdf = tmp.resolve("s.xdf");
    XdfExport.export(dir, xdf);
    SessionFixture.Collected c = SessionFixture.read(dir);

    XdfFile raw = XdfReader.readRaw(xdf);
    XdfStream eeg = raw.stream(0);
    assertEquals("fixture-eeg", eeg.name());
    assertEquals(SessionFixture.EEG.channelLabels(), eeg.channelLabels());
    double[] ts = eeg.timestamps();
    double[][] values = eeg.numericValues();
    assertEquals(c.raw.size(), ts.length);
    for (int i = 0; i < ts.length; i++) {
      assertEquals(c.raw.get(i), ts[i], "raw timestamp " + i); // bit-exact
      assertArrayEquals(c.values.get(i), values[i], 0.0, "sample " + i);
    }
    XdfStream markers = raw.stream(1);
    double[] mts = markers.timestamps();
    String[][] texts = markers.stringValues();
    assertEquals(c.markers.size(), mts.length);
    for (int k = 0; k < mts.length; k++) {
      assertEquals(c.markerRaw.get(k), mts[k]);
      assertEquals(c.markers.get(k), texts[k][0]);
    }
    // LabRecorder's clock offsets: collection time in the stream's clock (local − offset)
    List<Double> times = new ArrayList<>();
    for (int base = 0; base < 300; base += 100) {
      times.add(SessionFixture.corrected(base) - SessionFixture.OFFSET);
    }
    assertEquals(times, eeg.clockTimes());
    assertEquals(List.of(-0.125, -0.125, -0.125), eeg.clockValues());
    XdfStream results = raw.stream(2);
    assertEquals(XdfExport.RESULTS_NAME, results.name());
    JsonNode first = new ObjectMapper().readTree(results.stringValues()[0][0]);
    assertEquals("00002_thing", first.get("topk").get(0).get("concept").asText());
    assertEquals(0.5, first.get("topk").get(0).get("score").asDouble());

    // pyxdf-style sync brings the raw stamps back onto the corrected clock
    XdfStream synced = XdfReader.load(xdf).stream(0);
    double[] syncedTs = synced.timestamps();
    for (int i = 0; i < syncedTs.length; i++) {
      assertEquals(c.corrected.get(i), syncedTs[i], 1e-9);
    }

    // and an import gives the session back
    Path imported = tmp.resolve("imported");
    XdfImport.toSession(xdf, imported, null, null, new SessionWriter.Options(0));
    SessionFixture.Collected back = SessionFixture.read(imported);
    assertEquals(SessionFormat.ROLE_EEG, back.streams.get(0).role());
    assertEquals(SessionFormat.ROLE_MARKERS, back.streams.get(1).role());
    assertEquals(SessionFormat.ROLE_OTHER, back.streams.get(2).role());
    assertEquals(c.index, back.index);
    assertEquals(c.raw, back.raw);
    for (int i = 0; i < c.values.size(); i++) {
      assertArrayEquals(c.values.get(i), back.values.get(i), 0.0);
      assertEquals(c.corrected.get(i), back.corrected.get(i), 1e-9);
    }
    assertEquals(c.markers, back.markers);
    assertEquals(6, back.clocks.size());
  }

  @Test
  void aFullDiskIsReportedOnceAndEverythingAcknowledgedStaysReadable() throws IOException {
    Path dir = tmp.resolve("s");
    AtomicLong free = new AtomicLong(Long.MAX_VALUE);
    SessionWriter w =
        SessionWriter.create(dir, new SessionWriter.Options(1L << 30), "test", null, free::get);
    w.stream(new SessionStream(0, SessionFormat.ROLE_EEG, SessionFixture.EEG, ""));
    w.stream(new SessionStream(1, SessionFormat.ROLE_MARKERS, SessionFixture.MARKERS, ""));
    List<Long> acknowledged = new ArrayList<>();
    SessionFixture.writeChunks(w, 0, 1000, acknowledged);
    assertEquals(1000, acknowledged.size());
    free.set(10L << 20); // the disk fills up: the next space check fails
    SessionFixture.writeChunks(w, 10_000, 40_000, acknowledged);
    assertNotNull(w.failure());
    assertTrue(w.failure().startsWith("disk full: 10 MiB free"), w.failure());
    assertTrue(w.recordsLost() > 0);
    assertFalse(w.numeric(0, 1, 0, new long[0], new double[0], new double[0], new float[0]));
    w.close();

    JsonNode manifest = new ObjectMapper().readTree(dir.resolve(SessionFormat.MANIFEST).toFile());
    assertEquals("failed", manifest.get("state").asText());
    ObjectNode info = SessionInfo.describe(dir);
    assertEquals("failed", info.get("state").asText());
    assertFalse(info.get("closed_cleanly").asBoolean());
    assertTrue(info.get("failure").asText().startsWith("disk full"));
    // every acknowledged chunk is there, and nothing else
    SessionFixture.Collected c = SessionFixture.read(dir);
    assertEquals(acknowledged.size() * (long) SessionFixture.CHUNK, c.index.size());
    assertEquals(acknowledged.get(acknowledged.size() - 1), c.index.get(c.index.size() - 1));
  }

  @Test
  void unusableDirectoriesAreOneLineErrors() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                SessionWriter.create(
                    file.resolve("s"), SessionWriter.Options.defaults(), "t", null));
    assertTrue(e.getMessage().startsWith(file.resolve("s") + ": cannot create"), e.getMessage());
    Path used = tmp.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("x"), "x");
    e =
        assertThrows(
            IOException.class,
            () -> SessionWriter.create(used, SessionWriter.Options.defaults(), "t", null));
    assertEquals(used + ": not empty (a session needs a new directory)", e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () ->
                SessionWriter.create(
                    tmp.resolve("big"), new SessionWriter.Options(Long.MAX_VALUE), "t", null));
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    e = assertThrows(IOException.class, () -> SessionReader.open(used));
    assertEquals(used + ": not a session directory (no session.json)", e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void theSharedEmptyStreamsFileImportsWithItsStreamsAndValues() throws IOException {
    Path session = tmp.resolve("imported");
    ObjectNode summary =
        XdfImport.toSession(
            XdfReaderTest.shared("empty_streams.xdf"),
            session,
            null,
            null,
            new SessionWriter.Options(0));
    assertEquals("Data stream: test stream 0 counter", summary.get("eeg").asText());
    assertEquals("ctrl", summary.get("markers").asText());
    ObjectNode info = SessionInfo.describe(session);
    assertTrue(info.get("closed_cleanly").asBoolean());
    List<Long> counts = new ArrayList<>();
    for (JsonNode s : info.get("streams")) {
      counts.add(s.get("sample_count").asLong());
    }
    // header order 3, 4, 1, 2: empty float32, the counter (10), ctrl (1), empty markers
    assertEquals(List.of(0L, 10L, 1L, 0L), counts);
    List<Double> counter = new ArrayList<>();
    List<String> ctrl = new ArrayList<>();
    SessionReader.open(session)
        .read(
            new SessionReader.Visitor() {
              @Override
              public void numeric(
                  int stream,
                  int valueBytes,
                  int channels,
                  int n,
                  long[] index,
                  double[] raw,
                  double[] corrected,
                  double[] values) {
                assertEquals(8, valueBytes, "int32 is kept exactly, as float64");
                for (int i = 0; i < n; i++) {
                  counter.add(values[i]);
                  assertEquals(91725.21394789 + index[i], raw[i], 1e-6);
                }
              }

              @Override
              public void string(
                  int stream, double raw, double corrected, double number, String[] values) {
                ctrl.add(values[0]);
              }
            });
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), counter);
    assertEquals(List.of("{\"state\": 2}"), ctrl);
  }
}
