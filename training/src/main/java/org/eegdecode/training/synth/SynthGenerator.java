package org.eegdecode.training.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eegdecode.acquisition.npy.DType;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.acquisition.things.ThingsFormat;

/**
 * Writes a synthetic THINGS-EEG2 folder in the exact release formats (see {@code
 * shared/reference/things-eeg2.md}): per-subject EEG dicts, {@code image_metadata.npy}, the
 * InternViT-style feature bank and small JPEGs. EEG arrays and feature entries are streamed, never
 * held whole, so a full-size subject (0.9 GB, 3.3 GB with 63 channels) needs a few MB of heap.
 * Files are written in parallel; every value comes from its own keyed random stream, so the same
 * settings give the same bytes.
 *
 * <p>The generative model, built so that the real data's structure is learnable:
 *
 * <ul>
 *   <li>{@link LatentModel}: concept codes {@code c_k ~ N(0, I_32)}, image codes {@code z = c_k +
 *       0.6 ε}; the EEG-visible part {@code v = P z} (16 dims), the semantic rest {@code s = Q z}
 *       and a per-image low-level code q. Test concepts are disjoint from training concepts and
 *       drawn from the same distribution (zero-shot).
 *   <li>{@link FeatureModel}: layer l mixes {@code [α_l v; λ_l q; σ_l s]} through a random
 *       3200-wide projection; α peaks at layer 28, low-level q dominates early and semantic s late
 *       layers, so layer 28 is the most EEG-related.
 *   <li>{@link EegModel}: six sources × four gamma-shaped evoked components (peaks 100–360 ms)
 *       whose amplitudes are an image-independent ERP plus linear and mildly quadratic read-outs of
 *       v; per-subject mixing {@code M + 0.8 Δ_s} and latency shift; AR(1) unit-variance noise per
 *       trial at the configured single-trial SNR. The baseline is pure noise.
 *   <li>{@link ImageRenderer}: pictures whose colours and patterns follow z and q.
 * </ul>
 */
public final class SynthGenerator {
  private static final int IMAGES_PER_TASK = 256;

  private final SynthSpec spec;
  private final LatentModel latentModel;
  private final FeatureModel featureModel;
  private final SynthCatalog catalog;
  private final int threads;

  public SynthGenerator(SynthSpec spec) {
    this(spec, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
  }

  public SynthGenerator(SynthSpec spec, int threads) {
    spec.validate();
    this.spec = spec;
    this.latentModel = new LatentModel(spec);
    this.featureModel = new FeatureModel(spec.seed());
    this.catalog = new SynthCatalog(spec);
    this.threads = threads;
  }

  public SynthCatalog catalog() {
    return catalog;
  }

  /**
   * Writes the dataset into {@code out}, or reuses it when it already holds a complete run with the
   * same settings (unless {@code force}).
   *
   * @throws IOException when writing fails or {@code out} holds unrelated files (without force)
   */
  public SynthSummary generate(Path out, boolean force) throws IOException {
    long start = System.nanoTime();
    SynthFolder folder = new SynthFolder(out);
    long[] done = force ? null : folder.completed(spec);
    if (done != null) {
      return SynthSummary.of(spec, out.toString(), done[0], done[1], seconds(start), true);
    }
    folder.prepare(force);
    Counter counter = new Counter();
    write(out.resolve(ThingsFormat.METADATA_FILE), catalog.metadata(), counter);
    List<Task> tasks = new ArrayList<>();
    tasks.add(() -> write(out.resolve(ThingsFormat.FEATURE_FILE), featureBank(), counter));
    for (int subject = 1; subject <= spec.subjects(); subject++) {
      Path dir = out.resolve(ThingsFormat.subjectDir(subject, spec.subjectSuffix()));
      int s = subject;
      for (Split split : Split.values()) {
        tasks.add(() -> write(dir.resolve(eegFileName(split)), eegDict(s, split), counter));
      }
    }
    for (Split split : Split.values()) {
      int images = split == Split.TRAINING ? spec.trainImages() : spec.testImages();
      for (int from = 0; from < images; from += IMAGES_PER_TASK) {
        int lo = from;
        int hi = Math.min(images, from + IMAGES_PER_TASK);
        tasks.add(() -> writeImages(out, split, lo, hi, counter));
      }
    }
    runAll(tasks);
    folder.complete(spec, counter.files.get(), counter.bytes.get());
    return SynthSummary.of(
        spec, out.toString(), counter.files.get(), counter.bytes.get(), seconds(start), false);
  }

  static String eegFileName(Split split) {
    return split == Split.TRAINING ? ThingsFormat.TRAINING_EEG_FILE : ThingsFormat.TEST_EEG_FILE;
  }

  static String imagesDir(Split split) {
    return split == Split.TRAINING
        ? ThingsFormat.TRAINING_IMAGES_DIR
        : ThingsFormat.TEST_IMAGES_DIR;
  }

  /** The dict of one EEG file; its data array is generated while it is written. */
  Map<String, Object> eegDict(int subject, Split split) {
    EegModel eeg = new EegModel(spec, subject);
    int repetitions = split == Split.TRAINING ? spec.trainRepetitions() : spec.testRepetitions();
    EegFiller filler = new EegFiller(latentModel, eeg, split, repetitions);
    int[] shape = split == Split.TRAINING ? spec.trainShape() : spec.testShape();
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put(
        ThingsFormat.KEY_EEG,
        NdArray.generated(DType.FLOAT64, shape, filler.blockLength(), filler));
    dict.put(ThingsFormat.KEY_CH_NAMES, spec.channelNames());
    double[] times = ThingsFormat.releaseTimes();
    dict.put(ThingsFormat.KEY_TIMES, NdArray.of(times, times.length));
    return dict;
  }

  /**
   * The feature-bank dict: (concept, file) → lazily generated (5, 3200) float16, training first.
   */
  Map<Object, Object> featureBank() {
    FeatureFiller filler = new FeatureFiller(latentModel, featureModel);
    Map<Object, Object> bank = new LinkedHashMap<>();
    for (Split split : Split.values()) {
      List<String> concepts = catalog.concepts(split);
      List<String> files = catalog.files(split);
      for (int i = 0; i < concepts.size(); i++) {
        bank.put(new Object[] {concepts.get(i), files.get(i)}, filler.entry(split, i));
      }
    }
    return bank;
  }

  LatentModel latentModel() {
    return latentModel;
  }

  FeatureModel featureModel() {
    return featureModel;
  }

  private void writeImages(Path out, Split split, int from, int to, Counter counter)
      throws IOException {
    ImageRenderer renderer = new ImageRenderer(spec.imageSize());
    ImageLatents latents = new ImageLatents();
    List<String> concepts = catalog.concepts(split);
    List<String> files = catalog.files(split);
    Path dir = out.resolve(imagesDir(split));
    for (int i = from; i < to; i++) {
      latentModel.fill(split, i, latents);
      Path file = dir.resolve(concepts.get(i)).resolve(files.get(i));
      renderer.write(latents, file);
      counter.add(file);
    }
  }

  private static void write(Path file, Object value, Counter counter) throws IOException {
    Files.createDirectories(file.getParent());
    NpyWriter.writeObject(file, value);
    counter.add(file);
  }

  /** Runs the tasks on a pool, rethrowing the first failure after cancelling the rest. */
  private void runAll(List<Task> tasks) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()));
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Task task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  task.run();
                  return null;
                }));
      }
      for (Future<Void> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof UncheckedIOException io) {
            throw io.getCause();
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while writing " + spec, e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double seconds(long start) {
    return Math.round((System.nanoTime() - start) / 1e6) / 1e3;
  }

  @FunctionalInterface
  private interface Task {
    void run() throws IOException;
  }

  /** Files and bytes written, across threads. */
  private static final class Counter {
    final AtomicLong files = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    void add(Path file) throws IOException {
      files.incrementAndGet();
      bytes.addAndGet(Files.size(file));
    }
  }
}
