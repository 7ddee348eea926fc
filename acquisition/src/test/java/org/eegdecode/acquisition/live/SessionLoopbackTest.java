package org.eegdecode.acquisition.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.EventHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.session.LslReplay;
import org.eegdecode.acquisition.session.SessionInfo;
import org.eegdecode.acquisition.session.SessionRecorder;
import org.eegdecode.acquisition.session.SessionReplay;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.acquisition.session.XdfExport;
import org.eegdecode.acquisition.session.XdfImport;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.acquisition.xdf.XdfFile;
import org.eegdecode.acquisition.xdf.XdfReader;
import org.eegdecode.acquisition.xdf.XdfStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record a live loopback session (simulator → LSL → ingest → ring, recorder beside the epocher),
 * then replay it: into the pipeline the epochs are bit-identical; re-published over LSL and
 * acquired again, every marker lands on the same sample, so the epochs match. The markers are
 * integer trigger codes on an int32 stream with catch codes (99999) between trials, as a PsychoPy
 * experiment sends them: recorded, exported to XDF, imported and replayed as numbers, and the catch
 * markers never open an epoch.
 */
class SessionLoopbackTest {
  private static final int TRIALS = 12;
  private static final int CATCHES = 2; // after trials 4 and 8 (catch_every=4, not after the last)
  @TempDir static Path dataset;
  @TempDir Path tmp;

  record Epoch(long index, String marker, float[] data) {}

  @BeforeAll
  static void writeDataset() throws Exception {
    LiveLoopbackTest.writeDataset(dataset);
  }

  private static Config config(String id) {
    return Config.load(
        null,
        List.of(
            "dataset_dir=" + dataset,
            "simulate.eeg_name=eeg-" + id,
            "simulate.marker_name=markers-" + id,
            "simulate.source_id=sim-" + id,
            "channels=" + ThingsFormat.CHANNELS_17,
            "simulate.native_rate=250",
            "simulate.soa=0.2",
            "simulate.jitter_ms=0.2",
            "simulate.extra_channels=2",
            "simulate.marker_format=int32",
            "simulate.marker_convention=code",
            "simulate.catch_every=4",
            "simulate.trials=" + TRIALS));
  }

  private static EventHandler<EpochEvent> collector(List<Epoch> into) {
    return (event, sequence, endOfBatch) -> {
      synchronized (into) {
        into.add(new Epoch(event.epochIndex(), event.markerText(), event.data().clone()));
      }
    };
  }

  private static void awaitEpochs(Acquisition acquisition, List<Epoch> epochs, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      synchronized (epochs) {
        if (epochs.size() >= n && acquisition.pipeline().epocherCounters().pending() == 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aRecordedSessionReplaysToTheSameEpochs() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Config config = config(id);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    Path session = tmp.resolve("session");
    SessionWriter writer =
        SessionWriter.create(session, new SessionWriter.Options(0), "test", null);
    SessionRecorder recorder = new SessionRecorder(writer, 64);
    List<Epoch> live = new ArrayList<>();
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    LiveAcquisition acquisition =
        LiveAcquisition.start(
            config,
            StreamQuery.byName(settings.eegName()),
            StreamQuery.byName(settings.markerName()),
            null,
            recorder,
            collector(live));
    try {
      streaming.get(60, TimeUnit.SECONDS);
      awaitEpochs(acquisition, live, TRIALS);
    } finally {
      acquisition.close();
    }
    ObjectNode liveSummary = acquisition.summary();
    writer.close(liveSummary);
    assertEquals(TRIALS, live.size(), liveSummary.toString());
    assertEquals(CATCHES, liveSummary.get("catch_markers").get("99999").asLong());
    assertEquals(TRIALS + CATCHES, liveSummary.get("markers_seen").asLong());
    assertEquals("int32", acquisition.markerStream().channelFormat());
    for (Epoch e : live) {
      int code = Integer.parseInt(e.marker()); // an int32 marker reads as its code
      assertTrue(code >= 1 && code <= 6, e.marker());
      int image = simulator.signal().schedule().image((int) e.index());
      assertEquals(Integer.toString(image + 1), e.marker(), "trial " + e.index() + ": its code");
    }

    ObjectNode info = SessionInfo.describe(session);
    assertTrue(info.get("closed_cleanly").asBoolean());
    assertEquals(TRIALS + CATCHES, info.get("markers").asLong());
    assertEquals(
        liveSummary.get("samples").asLong(),
        info.get("streams").get(0).get("sample_count").asLong(),
        "every sample the epocher saw is recorded");
    assertEquals(19, info.get("streams").get(0).get("channel_count").asInt());
    assertTrue(info.get("streams").get(0).get("clock_offsets").asLong() >= 1, info.toString());

    // 1. straight into the pipeline, as fast as possible: bit-identical epochs
    List<Epoch> replayed = new ArrayList<>();
    try (SessionReplay replay =
        SessionReplay.start(session, 0, config, null, null, collector(replayed))) {
      assertTrue(replay.awaitEnd(30_000));
      replay.close();
      assertEquals(null, replay.failure());
      assertEquals(liveSummary.get("samples"), replay.summary().get("samples"));
    }
    assertSameEpochs(live, replayed);

    // 1b. exported to XDF: the marker stream is int32 with the codes as numbers; imported again
    // (as LabRecorder files are), it replays to the same epochs
    Path xdf = tmp.resolve("session.xdf");
    XdfExport.export(session, xdf);
    XdfFile file = XdfReader.load(xdf);
    XdfStream markers = null;
    for (long streamId : file.streamIds()) {
      if (file.stream(streamId).name().equals(settings.markerName())) {
        markers = file.stream(streamId);
      }
    }
    assertEquals("int32", markers.channelFormat());
    List<Double> codes = new ArrayList<>();
    for (double[] sample : markers.numericValues()) {
      codes.add(sample[0]);
    }
    assertEquals(TRIALS + CATCHES, codes.size());
    assertEquals(CATCHES, codes.stream().filter(c -> c == 99999.0).count());
    assertEquals(
        live.stream().map(e -> Double.parseDouble(e.marker())).toList(),
        codes.stream().filter(c -> c != 99999.0).toList());
    Path imported = tmp.resolve("imported");
    ObjectNode importSummary =
        XdfImport.toSession(xdf, imported, null, null, new SessionWriter.Options(0));
    assertEquals(settings.markerName(), importSummary.get("markers").asText());
    List<Epoch> fromXdf = new ArrayList<>();
    try (SessionReplay replay =
        SessionReplay.start(imported, 0, config, null, null, collector(fromXdf))) {
      assertTrue(replay.awaitEnd(30_000));
      replay.close();
      assertEquals(CATCHES, replay.summary().get("catch_markers").get("99999").asLong());
    }
    assertEquals(live.size(), fromXdf.size());
    for (int i = 0; i < live.size(); i++) {
      assertEquals(live.get(i).marker(), fromXdf.get(i).marker());
    }

    // 2. re-published over LSL (same names), acquired again: markers on the same samples
    List<Epoch> again = new ArrayList<>();
    CompletableFuture<ObjectNode> publishing =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return LslReplay.run(session, 1.0, 20, () -> false);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    LiveAcquisition reacquired =
        LiveAcquisition.start(
            config,
            StreamQuery.byName(settings.eegName()),
            StreamQuery.byName(settings.markerName()),
            null,
            collector(again));
    ObjectNode published;
    try {
      published = publishing.get(60, TimeUnit.SECONDS);
      awaitEpochs(reacquired, again, TRIALS);
    } finally {
      reacquired.close();
    }
    assertEquals(TRIALS + CATCHES, published.get("streams").get(1).get("samples_pushed").asLong());
    assertEquals("int32", reacquired.markerStream().channelFormat());
    assertEquals(CATCHES, reacquired.summary().get("catch_markers").get("99999").asLong());
    assertEquals(live.size(), again.size(), reacquired.summary().toString());
    for (int i = 0; i < live.size(); i++) {
      assertEquals(live.get(i).marker(), again.get(i).marker());
      float[] a = live.get(i).data();
      float[] b = again.get(i).data();
      double peak = 0;
      double worst = 0;
      for (int k = 0; k < a.length; k++) {
        peak = Math.max(peak, Math.abs(a[k]));
        worst = Math.max(worst, Math.abs(a[k] - b[k]));
      }
      assertTrue(worst <= 1e-4 * peak, "epoch " + i + ": differs by " + worst + " of " + peak);
    }
  }

  private static void assertSameEpochs(List<Epoch> expected, List<Epoch> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).index(), actual.get(i).index());
      assertEquals(expected.get(i).marker(), actual.get(i).marker());
      assertArrayEquals(expected.get(i).data(), actual.get(i).data(), "epoch " + i);
    }
  }
}
