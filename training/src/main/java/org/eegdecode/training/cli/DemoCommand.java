package org.eegdecode.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.cli.ConfigOptions;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatedSignal;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.sim.TrialSchedule;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.bundle.PreprocessingContract;
import org.eegdecode.decoder.live.DecodedEpoch;
import org.eegdecode.decoder.live.DecoderSettings;
import org.eegdecode.decoder.live.LiveDecoding;
import org.eegdecode.decoder.live.ResultSink;
import org.eegdecode.decoder.ui.LiveView;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.eval.Agreement;
import org.eegdecode.training.eval.BundleEvaluation;
import org.eegdecode.training.eval.Retrieval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode demo}: the whole product on one machine. Makes the synthetic dataset (tiny
 * preset) unless one is cached, trains a bundle unless one is cached, starts the amplifier
 * simulator on loopback LSL and decodes it live, printing each decoded epoch and a final summary
 * with the live single-trial top-1 next to the same bundle's offline single-trial top-1 (on the
 * demo's own trials and on every test trial), and whether they agree within sampling error.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Synthetic dataset → trained bundle → amplifier simulator on loopback LSL → live decoding.",
      "Caches the dataset (dataset_dir) and the bundle (output_dir/demo/); prints each decoded"
          + " epoch, then one JSON summary line with the live and the offline top-1.",
      "With --ui, the live view in the browser at the printed URL (127.0.0.1 unless --ui-host)."
    })
final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Mixin UiOptions ui;

  @Parameters(paramLabel = "key=value", description = "Overrides (dataset_dir, simulate.*, …).")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    List<String> all = new ArrayList<>(DemoBundle.DEFAULTS);
    if (overrides != null) {
      all.addAll(overrides);
    }
    Config config = configOptions.load(all);
    PrintWriter out = spec.commandLine().getOut();
    try (LiveView view =
        ui.start(
            config,
            Path.of(config.getString("dataset_dir")),
            spec.commandLine().getErr(),
            "demo")) {
      return run(config, out, view);
    }
  }

  private int run(Config config, PrintWriter out, LiveView view) throws Exception {
    status("dataset " + config.getString("dataset_dir"));
    phase(view, "making the synthetic dataset (cached)");
    DemoBundle.dataset(config);

    phase(view, "training the demo bundle (cached)");
    JsonNode offline = DemoBundle.summary(config);
    Path bundleDir = Path.of(offline.get("bundle").asText());
    status(
        String.format(
            Locale.ROOT,
            "bundle %s (offline %d-way top-1: single trials %.1f %%, %s %.1f %%)",
            bundleDir,
            offline.get("n_way").asInt(),
            100 * offline.get("mean_single_trial_top1").asDouble(),
            offline.get("test_mode").asText(),
            100 * offline.get("mean_top1").asDouble()));

    SimulatorSettings simulate = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, simulate);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    ObjectNode live;
    Retrieval.Result[] offlineTrials;
    try (ModelBundle bundle =
        ModelBundle.load(bundleDir, Devices.resolve(config.getString("device")))) {
      List<ResultSink> sinks = new ArrayList<>(LiveDecoding.configuredSinks(config, out));
      sinks.add(new ConsoleSink(out));
      if (view != null) {
        phase(view, "resolving the simulator's streams");
        sinks.add(view.feed(bundle, DecoderSettings.from(config)));
      }
      try (LiveDecoding session =
          LiveDecoding.start(
              config,
              bundle,
              StreamQuery.byName(simulate.eegName()),
              StreamQuery.byName(simulate.markerName()),
              LiveDecoding.Stop.epochs(simulate.trials()),
              sinks)) {
        if (view != null) {
          view.attach(session::progress);
          phase(view, "decoding");
        }
        session.await();
        live = session.finish();
        offlineTrials = offlineTrials(config, bundle, simulator, simulate);
        if (view != null) {
          view.finish(live);
        }
      }
    } finally {
      simulator.stop();
    }
    streaming.get(30, TimeUnit.SECONDS);

    ObjectNode summary = JSON.createObjectNode();
    summary.put("live_top1", live.get("top1").isNull() ? null : live.get("top1").asDouble());
    summary.put("live_top5", live.get("top5").isNull() ? null : live.get("top5").asDouble());
    long labelled = live.path("labelled").asLong(0);
    summary.put("live_trials", labelled);
    summary.put(
        "live_mode",
        "single trials, " + simulate.nativeRate() + " Hz, SOA " + simulate.soa() + " s");
    // like with like: the same bundle offline on single trials: the epochs the simulator streamed
    // (the live check), the same trials as the dataset holds them, every test trial of the subject
    Retrieval.Result streamed = offlineTrials[0];
    Retrieval.Result same = offlineTrials[1];
    if (streamed != null) {
      summary.put("offline_streamed_top1", streamed.top1());
      summary.put("offline_streamed_top5", streamed.top5());
    }
    if (same != null) {
      summary.put("offline_same_trials_top1", same.top1());
      summary.put("offline_same_trials_top5", same.top5());
    }
    summary.put("offline_single_trial_top1", offline.get("mean_single_trial_top1").asDouble());
    summary.put("offline_single_trial_top5", offline.get("mean_single_trial_top5").asDouble());
    summary.put(
        "offline_single_trials",
        offline.path("subjects").path(0).path("single_trial_queries").asLong());
    summary.put("offline_averaged_top1", offline.get("mean_top1").asDouble());
    summary.put("offline_averaged_top5", offline.get("mean_top5").asDouble());
    summary.put("offline_averaged_mode", offline.get("test_mode").asText());
    summary.put("n_way", offline.get("n_way").asInt());
    summary.put("chance_top1", offline.get("chance_top1").asDouble());
    if (!live.get("top1").isNull() && labelled > 0 && streamed != null) {
      summary.set(
          "agreement",
          Agreement.of(
              live.get("top1").asDouble(),
              labelled,
              streamed.top1(),
              same == null ? null : same.top1(),
              offline.get("mean_single_trial_top1").asDouble(),
              summary.get("offline_single_trials").asLong(),
              simulate.soa()
                  >= simulator.signal().postStimulus() + simulator.signal().preStimulus() - 1e-9));
    }
    summary.set("live", live);
    summary.put("bundle", bundleDir.toString());
    if (view != null) {
      summary.set("ui", view.summary());
    }
    out.println(JSON.writeValueAsString(summary));
    out.flush();
    return 0;
  }

  /**
   * The bundle offline on the demo's own trials, single trials: {streamed, dataset}. Streamed: each
   * epoch cut offline from the very signal the simulator streamed, sampled at the model's time
   * points and baseline-corrected as the epocher does (mean over −0.2 … 0 s), so it differs from
   * the live epoch only by the live anti-alias filter and decimation; at an SOA shorter than the
   * epoch it holds the following stimuli's responses, as a live RSVP epoch does. Dataset: the same
   * trials as the test file holds them, whole. Both null when the simulator streams the training
   * split, whose images are not in the bundle's gallery.
   */
  private static Retrieval.Result[] offlineTrials(
      Config config, ModelBundle bundle, AmplifierSimulator simulator, SimulatorSettings simulate)
      throws IOException {
    if (!simulate.split().equals("test")) {
      return new Retrieval.Result[] {null, null}; // training images are not in the gallery
    }
    SimulatedSignal signal = simulator.signal();
    TrialSchedule schedule = signal.schedule();
    PreprocessingContract contract = bundle.contract();
    List<String> labels = signal.channelLabels();
    int c = contract.channels().size();
    int t = bundle.config().timepoints();
    int[] images = new int[schedule.trials()];
    int[] repetitions = new int[schedule.trials()];
    float[] x = new float[Math.multiplyExact(images.length, c * t)];
    float[] frame = new float[labels.size()];
    int[] source = new int[c]; // the model's channels among the streamed ones, by label
    for (int ch = 0; ch < c; ch++) {
      source[ch] = labels.indexOf(contract.channels().get(ch));
    }
    for (int k = 0; k < images.length; k++) {
      images[k] = schedule.image(k);
      repetitions[k] = schedule.repetition(k);
      for (int j = 0; j < t; j++) {
        double tau = contract.tmin() + j / contract.modelRate();
        signal.sample(schedule.onset(k) + tau, 0, frame, 0);
        for (int ch = 0; ch < c; ch++) {
          x[(k * c + ch) * t + j] = frame[source[ch]];
        }
      }
      for (int ch = 0; ch < c; ch++) {
        int row = (k * c + ch) * t;
        double baseline = 0;
        int n = 0;
        for (int j = 0; j < t && contract.tmin() + j / contract.modelRate() <= 1e-9; j++) {
          baseline += x[row + j];
          n++;
        }
        for (int j = 0; n > 0 && j < t; j++) {
          x[row + j] -= (float) (baseline / n);
        }
      }
    }
    Retrieval.Result streamed = BundleEvaluation.rank(bundle, x, images, simulate.subject());
    Retrieval.Result same =
        BundleEvaluation.trials(
            bundle, DataSettings.from(config), simulate.subject(), images, repetitions);
    return new Retrieval.Result[] {streamed, same};
  }

  private static void phase(LiveView view, String text) {
    if (view != null) {
      view.phase(text);
    }
  }

  private static void status(String message) {
    System.err.println("demo: " + message);
  }

  /** Prints each decoded epoch as it comes: marker, best concept, score, a tick when right. */
  private static final class ConsoleSink implements ResultSink {
    private final PrintWriter out;

    ConsoleSink(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void accept(DecodedEpoch result) {
      // the shown image as the marker names it (any convention), else the marker as sent
      String truth =
          result.stimulusConcept() != null ? result.stimulusConcept() : result.markerText();
      String best = result.concept(0);
      out.printf(
          "epoch %4d  shown %-24s decoded %-24s %.3f %s%n",
          result.epochIndex(), truth, best, result.score(0), best.equals(truth) ? "✓" : "");
      out.flush();
    }

    @Override
    public String name() {
      return "console";
    }
  }
}
