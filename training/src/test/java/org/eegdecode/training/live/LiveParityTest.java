package org.eegdecode.training.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.sim.TrialSchedule;
import org.eegdecode.acquisition.things.ThingsEegFile;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.live.LiveDecoding;
import org.eegdecode.decoder.live.LslResultSink;
import org.eegdecode.decoder.live.ResultSink;
import org.eegdecode.training.run.TinyDataset;
import org.junit.jupiter.api.Test;

/**
 * Live decoding equals offline decoding: a tiny trained bundle decodes the test split streamed by
 * the amplifier simulator at the model rate (100 Hz) with non-overlapping epochs (SOA 1 s) over
 * real loopback LSL through {@link LiveDecoding} (what {@code eegdecode decode} runs); the same
 * source epochs, baseline-corrected offline (mean of samples 0 … 20, i.e. −0.2 … 0 s inclusive),
 * encoded by the same bundle in one batch and one by one, rank the gallery identically.
 */
class LiveParityTest {
  private static final int TRIALS = 10;

  record Live(long epoch, String marker, int[] rows, float[] scores) {}

  @Test
  void liveRankingsAreTheOfflineRankings() throws Exception {
    Path bundleDir = LiveTesting.bundle();
    List<String> overrides =
        LiveTesting.overrides(
            "simulate.native_rate=100", "simulate.soa=1.0", "simulate.trials=" + TRIALS);
    Config config = LiveTesting.config(overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    List<Live> live = new ArrayList<>();
    ResultSink collect =
        r -> {
          int[] rows = new int[r.topK()];
          float[] scores = new float[r.topK()];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = r.galleryRow(i);
            scores[i] = r.score(i);
          }
          live.add(new Live(r.epochIndex(), r.markerText(), rows, scores));
        };
    JsonNode summary;
    try (ModelBundle bundle = ModelBundle.load(bundleDir, Device.cpu())) {
      CompletableFuture<AmplifierSimulator.Summary> streaming =
          CompletableFuture.supplyAsync(simulator::run);
      try {
        summary =
            LiveDecoding.run(
                config,
                bundle,
                StreamQuery.byName(settings.eegName()),
                StreamQuery.byName(settings.markerName()),
                LiveDecoding.Stop.epochs(TRIALS),
                List.of(collect, new LslResultSink(config.getString("decoder.results_stream"))));
      } finally {
        simulator.stop();
        streaming.get(30, TimeUnit.SECONDS);
      }
      assertEquals(TRIALS, summary.get("epochs_decoded").asLong(), summary.toString());
      assertEquals(TRIALS, live.size());
      assertEquals("max_epochs", summary.get("stopped_by").asText());
      assertEquals(0, summary.get("sink_errors").asLong(), summary.toString());
      assertEquals(1, summary.get("largest_batch").asInt(), "SOA 1 s: one epoch per pass");

      // the same epochs offline
      ThingsEegFile eeg =
          ThingsEegFile.read(
              TinyDataset.root()
                  .resolve(ThingsFormat.subjectDir(1, ""))
                  .resolve(ThingsFormat.TEST_EEG_FILE));
      TrialSchedule schedule = simulator.signal().schedule();
      List<String> channels = bundle.contract().channels();
      int c = channels.size();
      int t = bundle.config().timepoints();
      float[] source = eeg.data();
      float[] batch = new float[TRIALS * c * t];
      for (int k = 0; k < TRIALS; k++) {
        int trial = (int) live.get(k).epoch();
        int base =
            (schedule.image(trial) * eeg.repetitions() + schedule.repetition(trial))
                * eeg.channels().size();
        for (int ch = 0; ch < c; ch++) {
          int row = (base + eeg.channels().indexOf(channels.get(ch))) * t;
          double baseline = 0;
          for (int s = 0; s <= 20; s++) {
            baseline += source[row + s];
          }
          baseline /= 21;
          for (int s = 0; s < t; s++) {
            batch[(k * c + ch) * t + s] = (float) (source[row + s] - baseline);
          }
        }
      }
      Gallery gallery = bundle.gallery();
      int f = bundle.config().featureDim();
      int topK = config.getInt("decoder.top_k");
      float[] batched = embed(bundle, batch, TRIALS);
      int top1 = 0;
      for (int k = 0; k < TRIALS; k++) {
        Live l = live.get(k);
        float[] single = embed(bundle, slice(batch, k * c * t, c * t), 1);
        for (float[] offline : List.of(slice(batched, k * f, f), single)) {
          int[] rows = new int[topK];
          float[] scores = new float[topK];
          gallery.topK(offline, 0, topK, rows, scores);
          assertArrayEquals(rows, l.rows(), "epoch " + l.epoch() + " " + l.marker());
          assertArrayEquals(scores, l.scores(), 1e-4f, "epoch " + l.epoch());
        }
        int image = schedule.image((int) l.epoch());
        String concept = gallery.concepts().get(l.rows()[0]);
        assertEquals(
            eeg.images(), gallery.size(), "one gallery row per test image, in the same order");
        assertTrue(l.marker().startsWith(gallery.concepts().get(image) + "/"), l.marker());
        top1 += l.marker().startsWith(concept + "/") ? 1 : 0;
      }
      // the live accuracy counts exactly what the rankings say
      assertEquals((double) top1 / TRIALS, summary.get("top1").asDouble(), 1e-12);
      assertEquals(TRIALS, summary.get("labelled").asLong());
    }
    long markersAccepted = summary.get("markers_accepted").asLong();
    long epochDrops = 0;
    for (String reason :
        List.of(
            "gap",
            "timestamp_jump",
            "outage",
            "non_finite",
            "epoch_ring_full",
            "incomplete_at_stop",
            "pending_full")) {
      epochDrops += summary.get("dropped").get(reason).asLong();
    }
    assertEquals(
        markersAccepted,
        summary.get("epochs_emitted").asLong() + epochDrops,
        "every accepted marker is one epoch or one drop: " + summary);
    assertEquals(summary.get("epochs_emitted").asLong(), summary.get("epochs_seen").asLong());
    JsonNode latency = summary.get("latency_ms");
    assertTrue(latency.get("complete_to_result").get("p50").asDouble() > 0, latency.toString());
    // the marker precedes the end of its epoch (0.8 s of signal after it)
    assertTrue(latency.get("marker_to_result").get("p50").asDouble() >= 790, latency.toString());
  }

  private static float[] slice(float[] a, int from, int n) {
    float[] out = new float[n];
    System.arraycopy(a, from, out, 0, n);
    return out;
  }

  /** The offline path: the bundle's model in inference mode, as the evaluation embeds EEG. */
  private static float[] embed(ModelBundle bundle, float[] x, int n) {
    try (NDManager m = bundle.model().getNDManager().newSubManager()) {
      return bundle
          .block()
          .encodeEeg(new ParameterStore(m, false), m.create(x, new Shape(n, x.length / n)), false)
          .toFloatArray();
    }
  }
}
