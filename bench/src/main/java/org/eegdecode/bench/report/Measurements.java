package org.eegdecode.bench.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.session.RecordingSettings;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.bench.BenchData;
import org.eegdecode.bench.LoadBench;
import org.eegdecode.bench.PipelineAllocation;
import org.eegdecode.bench.StackSampler;
import org.eegdecode.bench.TrainEpochBench;
import org.eegdecode.bench.jmh.BenchStreams;
import org.eegdecode.bench.jmh.EncodeWork;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.live.LiveDecoding;
import org.eegdecode.decoder.live.ResultSink;
import org.eegdecode.training.cli.DemoBundle;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;

/**
 * The report's parts: each measures with the project's existing benchmarks ({@code
 * org.eegdecode.bench.jmh} through JMH, {@link TrainEpochBench}, {@link LoadBench}, the demo's
 * simulator and live decoder) and writes its figures into the report. A part that throws leaves its
 * fields null; {@link ReportCommand} records why.
 */
final class Measurements {
  /** Values per sample of the benchmarked amplifier (64 channels). */
  static final int CHANNELS = 64;

  private final boolean quick;
  private final Path dataset;
  private final String python;
  private final JmhRuns jmh;

  Measurements(boolean quick, Path dataset, String python, Path out) {
    this.quick = quick;
    this.dataset = dataset;
    this.python = python;
    this.jmh = new JmhRuns(quick ? JmhRuns.Timing.QUICK : JmhRuns.Timing.FULL, out);
  }

  /** Notes on the JMH runs (a lock held by another run on the machine). */
  List<String> notes() {
    return jmh.lockNotes();
  }

  /** The parts in run order; each names the report fields it fills. */
  List<Part> parts() {
    return List.of(
        new Part("gemm", List.of("gemm_gflops"), this::gemm),
        new Part("encode", List.of("encode_score_us"), this::encode),
        new Part("gallery", List.of("gallery_score_us"), this::gallery),
        new Part("epoch", List.of("epoch_assembly_us"), this::epoch),
        new Part("ingest", List.of("ingest_values_per_s", "alloc_bytes_per_sample"), this::ingest),
        new Part("load", List.of("load_subject_s", "numpy_load_subject_s"), this::load),
        new Part("train", List.of("train_epoch_s", "train_gflops"), this::train),
        new Part("live", List.of("complete_to_result_ms", "marker_to_result_ms"), this::live),
        new Part("recording", List.of(), this::recording));
  }

  /** A named measurement and the fields it fills. */
  record Part(String name, List<String> fields, Body body) {}

  /** What a part does. */
  interface Body {
    void run(BenchReport report) throws Exception;
  }

  // ------------------------------------------------------------------ parts

  /** n × n float32 matMul on the CPU with the engine's threads (training's) and with one. */
  void gemm(BenchReport r) {
    int n = 2048;
    int repeats = 10;
    double all =
        gflops(n, TrainEpochBench.median(TrainEpochBench.matmul(Device.cpu(), n, repeats)));
    int before = JniUtils.getNumThreads();
    double one;
    try {
      JniUtils.setNumThreads(1);
      one = gflops(n, TrainEpochBench.median(TrainEpochBench.matmul(Device.cpu(), n, repeats)));
    } finally {
      JniUtils.setNumThreads(before);
    }
    r.set("gemm_gflops", all);
    ObjectNode g = r.section("gemm");
    g.put("n", n);
    g.put("threads", before);
    g.put("gflops_1_thread", BenchReport.round(one));
    g.put("what", "median of " + repeats + " DJL (PyTorch) float32 matMul of two n × n matrices");
  }

  private static double gflops(int n, double seconds) {
    return 2.0 * n * n * (double) n / seconds / 1e9;
  }

  /** Batches the encode parts measure. */
  static final String[] BATCHES = {"1", "8", "32"};

  /** The devices the encode parts run on: the CPU and every GPU the engine sees. */
  static List<String> devices() {
    List<String> out = new ArrayList<>(List.of("cpu"));
    int gpus = Engine.getEngine(Devices.ENGINE).getGpuCount();
    for (int i = 0; i < gpus; i++) {
      out.add("gpu(" + i + ")");
    }
    return out;
  }

  /**
   * Encode + top-5 of 200 at batch 1, 8 and 32 on every device (DJL, one PyTorch thread on the CPU)
   * and plain Java on the host; then the same work paced as the live decoder sees it.
   */
  void encode(BenchReport r) throws Exception {
    List<String> devices = devices();
    Collection<RunResult> res =
        jmh.run(
            "encode",
            "DecoderBenchmark\\.encodeAndScore$",
            Map.of(
                "threads",
                new String[] {"1"},
                "batch",
                BATCHES,
                "device",
                devices.toArray(new String[0])),
            false);
    // plain Java runs on the host whatever the device: once
    Collection<RunResult> plainRes =
        jmh.run(
            "encode-plain",
            "DecoderBenchmark\\.encodeAndScorePlainJava$",
            Map.of("threads", new String[] {"1"}, "batch", BATCHES, "device", new String[] {"cpu"}),
            false);
    ObjectNode djl = JsonNodeFactory.instance.objectNode();
    ObjectNode plain = r.section("encode_score_plain_java_us");
    ObjectNode ratios = r.section("ratios").putObject("plain_java_over_djl");
    ObjectNode gflops = r.section("inference_gflops");
    long flops;
    try (EncodeWork w = new EncodeWork(1)) {
      flops = w.flopsPerEpoch();
    }
    for (String device : devices) {
      ObjectNode perDevice = JsonNodeFactory.instance.objectNode();
      for (String batch : BATCHES) {
        RunResult d = JmhRuns.find(res, "encodeAndScore", "batch", batch, "device", device);
        String key = "batch" + batch;
        perDevice.set(
            key, BenchReport.percentiles(JmhRuns.percentile(d, 50), JmhRuns.percentile(d, 99)));
        double seconds = JmhRuns.percentile(d, 50) / 1e6;
        gflops.put(
            key + "_djl_" + device,
            BenchReport.round(flops * Double.parseDouble(batch) / seconds / 1e9));
        if (device.equals("cpu")) {
          RunResult p = JmhRuns.find(plainRes, "encodeAndScorePlainJava", "batch", batch);
          plain.set(
              key, BenchReport.percentiles(JmhRuns.percentile(p, 50), JmhRuns.percentile(p, 99)));
          for (String q : new String[] {"50", "99"}) {
            double ratio =
                JmhRuns.percentile(p, Double.parseDouble(q))
                    / JmhRuns.percentile(d, Double.parseDouble(q));
            ratios.put(key + "_p" + q, BenchReport.round(ratio));
          }
        }
      }
      if (device.equals("cpu")) {
        djl.setAll(perDevice);
      } else {
        r.section("encode_score_us_by_device").set(device, perDevice);
      }
    }
    gflops.put("flops_per_epoch", flops);
    r.set("encode_score_us", djl);
    r.section("profiles").set("encode_batch1_djl", profileEncode());
    ObjectNode paced = r.section("encode_paced_ms");
    for (String device : devices) {
      paced.set(device, paced(Devices.resolve(device), quick ? 40 : 100));
    }
  }

  /**
   * The encode work as the live decoder meets it, per batch size: back to back; one pass every
   * {@value #PACE_MS} ms (asleep in between, as the decoder waits between RSVP epochs); and paced
   * with the decoder's warm phase before each timed one (batch-1 dummy passes for {@code
   * decoder.warm_lead_ms} = {@value #WARM_LEAD_MS} ms, right up to the pass). Percentiles over
   * {@code n} timed passes each.
   */
  private static ObjectNode paced(Device device, int n) throws InterruptedException {
    int before = JniUtils.getNumThreads();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    try {
      JniUtils.setNumThreads(1);
      for (String b : BATCHES) {
        try (EncodeWork w = new EncodeWork(Integer.parseInt(b), device)) {
          long sink = 0;
          for (int i = 0; i < 300; i++) {
            sink += w.djl() + w.warm();
          }
          ObjectNode batch = out.putObject("batch" + b);
          double[] backToBack = null;
          for (String mode : new String[] {"back_to_back", "paced", "paced_warm"}) {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
              if (mode.equals("paced")) {
                Thread.sleep(PACE_MS);
              } else if (mode.equals("paced_warm")) {
                // the decoder's warm phase: passes for the lead, right up to the epoch
                Thread.sleep(PACE_MS - WARM_LEAD_MS);
                long until = System.nanoTime() + WARM_LEAD_MS * 1_000_000L;
                do {
                  sink += w.warm();
                } while (System.nanoTime() < until);
              }
              long start = System.nanoTime();
              sink += w.djl();
              ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            ObjectNode o = batch.putObject(mode);
            o.put("p50", BenchReport.round(quantile(ms, 0.5)));
            o.put("p99", BenchReport.round(quantile(ms, 0.99)));
            o.put("max", BenchReport.round(ms[n - 1]));
            if (backToBack == null) {
              backToBack = ms;
            } else {
              o.put(
                  "p99_over_back_to_back",
                  BenchReport.round(quantile(ms, 0.99) / quantile(backToBack, 0.99)));
            }
          }
          batch.put("checksum", sink);
        }
      }
      out.put("passes_each", n);
      out.put("pace_ms", PACE_MS);
      out.put("warm_lead_ms", WARM_LEAD_MS);
    } finally {
      JniUtils.setNumThreads(before);
    }
    return out;
  }

  private static final int PACE_MS = 200;
  private static final int WARM_LEAD_MS = 2;

  /** The q-quantile of sorted values, linearly interpolated (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
  }

  /** Two seconds of batch-1 DJL encode + score on this thread, sampled (after one of warm-up). */
  private static ObjectNode profileEncode() {
    int before = JniUtils.getNumThreads();
    try (EncodeWork w = new EncodeWork(1)) {
      JniUtils.setNumThreads(1);
      long sink = 0;
      long end = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < end) {
        sink += w.djl();
      }
      ObjectNode out;
      try (StackSampler s = StackSampler.start(Thread.currentThread(), 2)) {
        end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
          sink += w.djl();
        }
        out = s.toJson(6);
      }
      out.put("checksum", sink);
      return out;
    } finally {
      JniUtils.setNumThreads(before);
    }
  }

  /** Top-5 scoring of one 512-d embedding against 200 and 20,000 gallery entries. */
  void gallery(BenchReport r) throws Exception {
    Collection<RunResult> res =
        jmh.run(
            "gallery",
            "DecoderBenchmark\\.score$",
            Map.of("size", new String[] {"200", "20000"}),
            false);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String size : new String[] {"200", "20000"}) {
      RunResult s = JmhRuns.find(res, "score", "size", size);
      out.set(
          "n" + size,
          BenchReport.percentiles(JmhRuns.percentile(s, 50), JmhRuns.percentile(s, 99)));
    }
    r.set("gallery_score_us", out);
  }

  /**
   * One epoch assembled from the native buffer (64 ch at 1 kHz → 17 × 100): latency in SampleTime,
   * then allocation per epoch in AverageTime.
   */
  void epoch(BenchReport r) throws Exception {
    String include = "EpochAssemblyBenchmark\\.assemble$";
    RunResult a = JmhRuns.find(jmh.run("epoch", include, Map.of(), false), "assemble");
    r.set(
        "epoch_assembly_us",
        BenchReport.percentiles(JmhRuns.percentile(a, 50), JmhRuns.percentile(a, 99)));
    RunResult gc =
        JmhRuns.find(jmh.run("epoch-alloc", include, Map.of(), true, Mode.AverageTime), "assemble");
    r.section("alloc")
        .put(
            "epoch_assembly_bytes_per_epoch",
            BenchReport.round(JmhRuns.secondary(gc, "gc.alloc.rate.norm")));
  }

  /**
   * The epocher per sample (64 channels, a marker and a completed epoch every 200 samples) with
   * JMH's allocation profiler, and the sample ring's ingest throughput into the epocher.
   */
  void ingest(BenchReport r) throws Exception {
    Collection<RunResult> epocher =
        jmh.run("epocher", "EpocherBenchmark\\.perSample$", Map.of(), true);
    RunResult e = JmhRuns.find(epocher, "perSample");
    double perSample = JmhRuns.secondary(e, "gc.alloc.rate.norm");
    Collection<RunResult> ring =
        jmh.run(
            "ring",
            "SampleRingBenchmark\\.publishSample$",
            Map.of(
                "consumer",
                new String[] {"epocher"},
                "waitStrategy",
                new String[] {"blocking", "yielding"}),
            true);
    RunResult g = JmhRuns.find(ring, "publishSample", "waitStrategy", "blocking");
    RunResult y = JmhRuns.find(ring, "publishSample", "waitStrategy", "yielding");
    ObjectNode alloc = r.section("alloc");
    alloc.put("epocher_bytes_per_sample", BenchReport.round(perSample));
    alloc.put("epocher_ns_per_sample", BenchReport.round(JmhRuns.score(e)));
    alloc.put(
        "ring_publish_bytes_per_sample",
        BenchReport.round(JmhRuns.secondary(g, "gc.alloc.rate.norm")));
    alloc.put(
        "ring_publish_bytes_per_sample_yielding",
        BenchReport.round(JmhRuns.secondary(y, "gc.alloc.rate.norm")));
    // Which thread allocates: JMH's norm above counts every thread of the JVM, its own included.
    ObjectNode threads =
        PipelineAllocation.measure(
            BenchStreams.layout64(),
            BenchStreams.spec(),
            BenchStreams.oneSecond(),
            2_000_000,
            quick ? 5_000_000 : 20_000_000);
    alloc.set("pipeline_threads", threads);
    r.set("alloc_bytes_per_sample", threads.get("bytes_per_sample").asDouble());
    r.set("ingest_values_per_s", JmhRuns.score(g) * CHANNELS);
    ObjectNode ingest = r.section("ingest");
    ingest.put("samples_per_s", BenchReport.round(JmhRuns.score(g)));
    ingest.put("channels", CHANNELS);
    ingest.put("wait_strategy", "blocking (the default)");
    ingest.put("samples_per_s_yielding", BenchReport.round(JmhRuns.score(y)));
  }

  /** One full-size subject in a fresh JVM against numpy.load in a fresh Python. */
  void load(BenchReport r) throws Exception {
    Path file = BenchData.fullSizeSubject(dataset);
    ObjectNode m = LoadBench.measure(file, quick ? 2 : 5, python, 2.0);
    r.set("load_subject_s", m.path("java").path("median_s").asDouble(Double.NaN));
    ObjectNode detail = r.section("load");
    detail.put("file_bytes", m.get("file_bytes").asLong());
    detail.put("repeats", m.get("repeats").asInt());
    detail.set("java", m.get("java"));
    JsonNode numpy = m.get("numpy");
    if (numpy == null || numpy.isNull()) {
      r.missing("numpy_load_subject_s", "numpy could not run: " + m.path("numpy_reason").asText());
      return;
    }
    detail.set("numpy", numpy);
    double np = numpy.path("load_float64").path("median_s").asDouble();
    double np32 = numpy.path("load_then_astype_float32").path("median_s").asDouble();
    r.set("numpy_load_subject_s", np);
    ObjectNode ratios = r.section("ratios");
    double java = m.path("java").path("median_s").asDouble();
    ratios.put("load_java_over_numpy_load", BenchReport.round(java / np));
    ratios.put("load_java_over_numpy_load_astype_float32", BenchReport.round(java / np32));
  }

  /** Training epochs on the full-size subject; GFLOP/s of the Linear layers against the gemm. */
  void train(BenchReport r) throws Exception {
    ObjectNode t = TrainEpochBench.measure(dataset, quick ? 1 : 3, 2048, quick ? 3 : 10, List.of());
    r.set("train_epoch_s", t.get("epoch_median_s").asDouble());
    r.set("train_gflops", t.get("achieved_gflops").asDouble());
    ObjectNode detail = r.section("train");
    for (String k :
        new String[] {
          "train_samples",
          "batch_size",
          "steps_per_epoch",
          "warmup_epoch_s",
          "epoch_s",
          "load_s",
          "flops_per_sample",
          "flops_counted",
          "matmul_gflops"
        }) {
      detail.set(k, t.get(k));
    }
    r.section("profiles").set("train_epoch", t.get("profile"));
  }

  /**
   * The demo's pieces end to end: cached synthetic dataset and bundle, the amplifier simulator on
   * loopback LSL (1 kHz, RSVP at SOA 0.2 s) and the live decoder; its latency histograms.
   */
  void live(BenchReport r) throws Exception {
    int trials = quick ? 150 : 600;
    // the warm phase off first: its run is the baseline, and the first live run of a process
    // tends to be the slower one, which would favour the warm phase the other way round
    ObjectNode cold = liveRun(trials, null, "decoder.warm=off").summary();
    LiveRun run = liveRun(trials, null, "decoder.warm=on");
    ObjectNode summary = run.summary();
    SimulatorSettings simulate = run.simulate();
    JsonNode latency = summary.get("latency_ms");
    r.set("complete_to_result_ms", threeFigures(latency.get("complete_to_result")));
    r.set("marker_to_result_ms", threeFigures(latency.get("marker_to_result")));
    ObjectNode live = r.section("live");
    live.put("trials", trials);
    live.put("native_rate_hz", simulate.nativeRate());
    live.put("soa_s", simulate.soa());
    live.set("epochs_decoded", summary.get("epochs_decoded"));
    live.set("seconds", summary.get("seconds"));
    live.set("encode_batch_ms", latency.get("encode_batch"));
    live.set("stage_means_ms", latency.get("stage_means"));
    live.set("dropped", summary.get("dropped"));
    live.set("largest_batch", summary.get("largest_batch"));
    live.set("threads", summary.get("threads"));
    live.set("top1", summary.get("top1"));
    live.set("warm_before_epoch", summary.get("warm_before_epoch"));
    // the same run without the warm phase, for its effect on the latency
    JsonNode coldLatency = cold.get("latency_ms");
    live.set("complete_to_result_ms_warm_off", threeFigures(coldLatency.get("complete_to_result")));
    live.set("encode_batch_ms_warm_off", coldLatency.get("encode_batch"));
    live.put(
        "p99_warm_on_over_off",
        BenchReport.round(
            latency.get("complete_to_result").get("p99").asDouble()
                / coldLatency.get("complete_to_result").get("p99").asDouble()));
  }

  /**
   * Session recording: the recorder's cost per sample through JMH ({@code RecorderBenchmark}:
   * append to Chronicle Queue vs only copying the sample, with the allocation profiler), then the
   * live run twice in this run, recording off and on ({@code decode --record}), for the cost of
   * recording on the epoch-complete → result latency.
   */
  void recording(BenchReport r) throws Exception {
    Collection<RunResult> jmhResults = jmh.run("recorder", "RecorderBenchmark\\.", Map.of(), true);
    RunResult record = JmhRuns.find(jmhResults, "record");
    RunResult copy = JmhRuns.find(jmhResults, "copyOnly");
    ObjectNode s = r.section("recording");
    double ns = JmhRuns.score(record);
    s.put("ns_per_sample", BenchReport.round(ns));
    s.put("samples_per_s", BenchReport.round(1e9 / ns));
    s.put("values_per_s", BenchReport.round(CHANNELS * 1e9 / ns));
    s.put("bytes_per_sample", BenchReport.round(JmhRuns.secondary(record, "gc.alloc.rate.norm")));
    s.put("copy_only_ns_per_sample", BenchReport.round(JmhRuns.score(copy)));
    s.put("one_core_share_at_1khz_64ch", BenchReport.round(ns * 1000 / 1e9));
    int trials = quick ? 100 : 300;
    Path session = Files.createTempDirectory("eegdecode-bench-recording-");
    try {
      ObjectNode off = liveRun(trials, null).summary();
      ObjectNode on = liveRun(trials, session.resolve("session")).summary();
      JsonNode offLatency = off.get("latency_ms").get("complete_to_result");
      JsonNode onLatency = on.get("latency_ms").get("complete_to_result");
      s.put("live_trials", trials);
      s.set("complete_to_result_ms_off", threeFigures(offLatency));
      s.set("complete_to_result_ms_on", threeFigures(onLatency));
      s.put(
          "p50_on_over_off",
          BenchReport.round(onLatency.get("p50").asDouble() / offLatency.get("p50").asDouble()));
      s.put(
          "p99_on_over_off",
          BenchReport.round(onLatency.get("p99").asDouble() / offLatency.get("p99").asDouble()));
      s.set("recording", on.get("recording"));
    } finally {
      try (Stream<Path> files = Files.walk(session)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** What one live run gave. */
  private record LiveRun(ObjectNode summary, SimulatorSettings simulate) {}

  /** The simulator and the live decoder for {@code trials} epochs; recording to {@code record}. */
  private LiveRun liveRun(int trials, Path record, String... extra) throws Exception {
    String id = "eegdecode-bench-" + ProcessHandle.current().pid();
    List<String> overrides = new ArrayList<>(DemoBundle.DEFAULTS);
    overrides.addAll(
        List.of(
            "simulate.trials=" + trials,
            "simulate.eeg_name=" + id + "-eeg",
            "simulate.marker_name=" + id + "-markers",
            "simulate.source_id=" + id,
            "decoder.results_stream=" + id + "-results",
            "decoder.summary_every_s=0"));
    overrides.addAll(List.of(extra));
    Config config = Config.load(null, overrides);
    DemoBundle.dataset(config);
    JsonNode offline = DemoBundle.summary(config);
    Path bundleDir = Path.of(offline.get("bundle").asText());
    SimulatorSettings simulate = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, simulate);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    ObjectNode summary;
    try (ModelBundle bundle =
        ModelBundle.load(bundleDir, Devices.resolve(config.getString("device")))) {
      List<ResultSink> sinks = new ArrayList<>(LiveDecoding.configuredSinks(config, null));
      SessionWriter writer =
          record == null
              ? null
              : SessionWriter.create(
                  record,
                  RecordingSettings.fromConfig(config).writerOptions(),
                  "eegdecode bench",
                  null);
      try (LiveDecoding session =
          LiveDecoding.start(
              config,
              bundle,
              LiveAcquisition.source(
                  StreamQuery.byName(simulate.eegName()),
                  StreamQuery.byName(simulate.markerName())),
              LiveDecoding.Stop.epochs(trials),
              sinks,
              writer)) {
        session.await();
        summary = session.finish();
      }
    } finally {
      simulator.stop();
    }
    streaming.get(30, TimeUnit.SECONDS);
    return new LiveRun(summary, simulate);
  }

  private static ObjectNode threeFigures(JsonNode f) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String k : new String[] {"p50", "p99", "max"}) {
      o.set(k, f.get(k));
    }
    return o;
  }
}
