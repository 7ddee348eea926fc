package org.eegdecode.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.data.ThingsDataset;
import org.eegdecode.training.trainer.EpochStats;
import org.eegdecode.training.trainer.FoldData;
import org.eegdecode.training.trainer.FoldLoader;
import org.eegdecode.training.trainer.FoldTrainer;
import org.eegdecode.training.trainer.TrainSettings;
import org.eegdecode.training.trainer.TrainingFlops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Training throughput on one full-size subject (16 540 images, 17 × 100, features 5 × 3200): the
 * median of a few timed epochs after one warm-up, the achieved GFLOP/s from the Linear layers'
 * FLOPs per sample, and in the same process the device's float32 matrix-multiply rate (median of n
 * × n matMul) for comparison. Prints one JSON object.
 */
@Command(
    name = "train-epoch",
    mixinStandardHelpOptions = true,
    description =
        "Time training epochs on one full-size synthetic subject; achieved GFLOP/s vs matMul.")
public final class TrainEpochBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--dataset",
      defaultValue = "data/bench-full",
      description = "Dataset folder; a 1-subject full-size synthetic one is made if missing.")
  Path dataset;

  @Option(names = "--epochs", defaultValue = "3", description = "Timed epochs (after 1 warm-up).")
  int epochs;

  @Option(names = "--matmul-size", defaultValue = "2048", description = "n of the n × n matMul.")
  int matmulSize;

  @Option(names = "--matmul-repeats", defaultValue = "10", description = "Timed matMuls.")
  int matmulRepeats;

  @Parameters(paramLabel = "key=value", description = "Config overrides (batch_size, device …).")
  List<String> overrides;

  @Override
  public Integer call() throws Exception {
    ObjectNode out =
        measure(
            dataset, epochs, matmulSize, matmulRepeats, overrides == null ? List.of() : overrides);
    System.out.println(JSON.writeValueAsString(out));
    return 0;
  }

  /**
   * Loads fold 1 of subject 1 of {@code dataset} (written first when missing), trains one warm-up
   * and {@code epochs} timed epochs, then times the matMul; returns the JSON object {@code
   * train-epoch} prints, with a {@code profile} of the training thread over the timed epochs.
   */
  public static ObjectNode measure(
      Path dataset, int epochs, int matmulSize, int matmulRepeats, List<String> overrides)
      throws IOException {
    BenchData.fullSizeSubject(dataset);
    Config config =
        Config.load(null, overrides)
            .with("dataset_dir", dataset.toString())
            .with("protocol", "intra")
            .with("subject", 1)
            .with("early_stop_patience", 0);
    DataSettings data = DataSettings.from(config);
    TrainSettings settings = TrainSettings.from(config);
    Device device = Devices.resolve(settings.device());
    long t0 = System.nanoTime();
    ThingsDataset things = ThingsDataset.open(data);
    FoldLoader loader = new FoldLoader(things, data);
    FoldData fold = loader.load(things.folds().get(0));
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    ModelConfig mc =
        ModelConfig.from(
            config,
            fold.channels(),
            fold.times(),
            fold.trainFeatures().dim(),
            Collections.max(things.subjects()));
    long flopsPerSample = TrainingFlops.trainingFlops(mc);
    double[] seconds = new double[epochs];
    EpochStats last;
    double warmup;
    double evalSeconds;
    int samples;
    int steps;
    ObjectNode profile;
    try (FoldTrainer trainer = new FoldTrainer(mc, settings, fold, device)) {
      last = trainer.trainEpoch(1);
      warmup = last.seconds();
      try (StackSampler sampler = StackSampler.start(Thread.currentThread(), 10)) {
        for (int i = 0; i < epochs; i++) {
          last = trainer.trainEpoch(i + 2);
          seconds[i] = last.seconds();
        }
        profile = sampler.toJson(8);
      }
      long e0 = System.nanoTime();
      trainer.evaluate();
      evalSeconds = (System.nanoTime() - e0) / 1e9;
      samples = last.samples();
      steps = last.steps();
    }
    double median = median(seconds);
    double achieved = flopsPerSample * (double) samples / median / 1e9;
    double[] matmul = matmul(device, matmulSize, matmulRepeats);
    double matmulMedian = median(matmul);
    double matmulGflops = 2.0 * matmulSize * matmulSize * (double) matmulSize / matmulMedian / 1e9;

    ObjectNode out = JSON.createObjectNode();
    out.put("dataset", dataset.toAbsolutePath().normalize().toString());
    out.put("device", device.toString());
    out.put("threads", Runtime.getRuntime().availableProcessors());
    out.put("load_s", loadSeconds);
    out.put("train_samples", samples);
    out.put("batch_size", settings.batchSize());
    out.put("steps_per_epoch", steps);
    out.put("stage", last.stage());
    out.put("warmup_epoch_s", warmup);
    out.put("epoch_median_s", median);
    out.set("epoch_s", JSON.valueToTree(seconds));
    out.put("samples_per_s", samples / median);
    out.put("eval_s", evalSeconds);
    out.put("flops_per_sample", flopsPerSample);
    out.put("flops_counted", "Linear layers only: 2·MACs forward + 2× that backward");
    out.put("achieved_gflops", achieved);
    out.put("matmul_n", matmulSize);
    out.put("matmul_median_s", matmulMedian);
    out.put("matmul_gflops", matmulGflops);
    out.put("achieved_over_matmul", achieved / matmulGflops);
    out.set("profile", profile);
    return out;
  }

  /** Seconds of each timed n × n float32 matMul (one untimed first). */
  public static double[] matmul(Device device, int n, int repeats) {
    List<Double> times = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager(device, Devices.ENGINE)) {
      NDArray a = manager.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32, device);
      NDArray b = manager.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32, device);
      for (int i = 0; i <= repeats; i++) {
        long t = System.nanoTime();
        float sink;
        try (NDArray c = a.matMul(b);
            NDArray first = c.get(0, 0)) {
          // one element back to the host: waits for the product on asynchronous devices
          sink = first.getFloat();
        }
        double s = (System.nanoTime() - t) / 1e9;
        if (Float.isNaN(sink)) {
          throw new IllegalStateException("NaN in matMul");
        }
        if (i > 0) {
          times.add(s);
        }
      }
    }
    return times.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
