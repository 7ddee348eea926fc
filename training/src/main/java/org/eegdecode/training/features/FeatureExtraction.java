package org.eegdecode.training.features;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eegdecode.decoder.Devices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code eegdecode features}: every image of THINGS-style folders through a TorchScript backbone
 * ({@link Backbone}), preprocessed as the seed's processor does it ({@link Preprocessor}), into a
 * feature bank in the seed's format.
 *
 * <p>Images are decoded and resized by {@code features.workers} threads, {@code 2 × batch_size}
 * images ahead of the forward passes, so that the device is not kept waiting. Nothing half-written
 * is ever presented as the bank: {@code OUT} is replaced atomically once every image is done. Every
 * {@code features.checkpoint_s} seconds, and when a bad image stops the run, the work done so far
 * goes to {@code OUT.partial} (a valid bank of the images done); {@code --resume} skips the images
 * already in {@code OUT} and {@code OUT.partial}. {@code OUT.json} (and {@code OUT.partial.json})
 * record the backbone, layers and preprocessing that made them; resuming with other ones is
 * refused.
 */
public final class FeatureExtraction {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureExtraction.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What to run. */
  public record Request(
      Path backbone,
      List<Path> images,
      Path out,
      boolean resume,
      String device,
      FeatureSettings settings) {
    public Request {
      Objects.requireNonNull(backbone, "backbone");
      images = List.copyOf(images);
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(settings, "settings");
    }
  }

  private FeatureExtraction() {}

  /** {@code OUT.partial}: the checkpoint of an unfinished run. */
  public static Path partialFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".partial");
  }

  /** {@code FILE.json}: what made a bank file. */
  public static Path provenanceFile(Path bank) {
    return bank.resolveSibling(bank.getFileName() + ".json");
  }

  /**
   * Runs the extraction; progress bar on {@code progress} (null: none).
   *
   * @return the summary (images, layers, dim, seconds, device, …)
   * @throws IOException one line naming the file or layer at fault
   */
  public static ObjectNode run(Request request, PrintStream progress) throws IOException {
    long start = System.nanoTime();
    FeatureSettings settings = request.settings();
    ImageFolder folder = ImageFolder.list(request.images());
    for (Path p : folder.skipped()) {
      LOG.warn("skipped (not a .jpg, .jpeg or .png in a concept folder): {}", p);
    }
    Path out = request.out().toAbsolutePath().normalize();
    Path partial = partialFile(out);
    if (Files.isDirectory(out)) {
      throw new IOException(out + ": is a folder; --out names the bank file (e.g. bank.npy)");
    }
    Files.createDirectories(out.getParent());
    Device device = Devices.resolve(request.device());
    try (Backbone backbone = Backbone.load(request.backbone(), device, settings.layerIds())) {
      backbone.probe(settings.imageSize());
      ObjectNode provenance = provenance(request, backbone);
      BankContents bank = new BankContents(backbone.layers(), backbone.dim(), settings.float16());
      int resumed = 0;
      boolean partialUsed = false;
      if (request.resume()) {
        for (Path existing : List.of(out, partial)) {
          if (Files.isRegularFile(existing)) {
            checkProvenance(existing, provenance);
            int added = bank.addFrom(existing);
            resumed += added;
            partialUsed |= existing.equals(partial);
            LOG.info("resume: {} entries from {}", added, existing);
          }
        }
      } else if (Files.exists(partial)) {
        LOG.warn(
            "{} is left from an unfinished run; it is ignored (--resume continues it)", partial);
      }
      List<ImageFolder.Entry> todo = new ArrayList<>();
      int present = 0;
      for (ImageFolder.Entry e : folder.entries()) {
        if (bank.contains(e.concept(), e.file())) {
          present++;
        } else {
          todo.add(e);
        }
      }
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      long loopStart = System.nanoTime();
      Run run = new Run(backbone, settings, bank, partial, provenance);
      run.extract(todo, progress);
      double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
      if (!todo.isEmpty() || partialUsed || !Files.exists(out)) {
        bank.write(out);
        writeJson(provenanceFile(out), withCount(provenance, bank.size()));
      }
      Files.deleteIfExists(partial);
      Files.deleteIfExists(provenanceFile(partial));

      ObjectNode summary = JSON.createObjectNode();
      summary.put("bank", out.toString());
      summary.put("images", bank.size());
      summary.put("computed", todo.size());
      summary.put("already_in_bank", present);
      summary.put("resumed_entries", resumed);
      summary.put("skipped_files", folder.skipped().size());
      ArrayNode layers = summary.putArray("layers");
      settings.layerIds().forEach(layers::add);
      summary.put("dim", backbone.dim());
      summary.put("hidden_states", backbone.hiddenStates());
      summary.put("tokens", backbone.tokens());
      summary.put("dtype", settings.dtype());
      summary.put("image_size", settings.imageSize());
      summary.put("batch_size", settings.batchSize());
      summary.put("workers", settings.effectiveWorkers());
      summary.put("device", backbone.device().toString());
      summary.put("load_seconds", round(loadSeconds));
      summary.put("extract_seconds", round(loopSeconds));
      summary.put("seconds", round((System.nanoTime() - start) / 1e9));
      summary.put(
          "images_per_s", todo.isEmpty() ? 0.0 : round(todo.size() / Math.max(loopSeconds, 1e-9)));
      summary.put("backbone", request.backbone().toAbsolutePath().normalize().toString());
      return summary;
    }
  }

  /** The extraction loop with its worker pool, checkpoints and progress bar. */
  private static final class Run {
    private final Backbone backbone;
    private final FeatureSettings settings;
    private final BankContents bank;
    private final Path partial;
    private final ObjectNode provenance;
    private final Preprocessor preprocessor;
    private int done;

    Run(
        Backbone backbone,
        FeatureSettings settings,
        BankContents bank,
        Path partial,
        ObjectNode provenance) {
      this.backbone = backbone;
      this.settings = settings;
      this.bank = bank;
      this.partial = partial;
      this.provenance = provenance;
      this.preprocessor = new Preprocessor(settings);
    }

    void extract(List<ImageFolder.Entry> todo, PrintStream progress) throws IOException {
      if (todo.isEmpty()) {
        return;
      }
      int batchSize = settings.batchSize();
      int per = preprocessor.valuesPerImage();
      int size = preprocessor.imageSize();
      int window = 2 * batchSize;
      BlockingQueue<float[]> buffers = new ArrayBlockingQueue<>(window);
      for (int i = 0; i < window; i++) {
        buffers.add(new float[per]);
      }
      float[] batch = new float[Math.multiplyExact(batchSize, per)];
      AtomicInteger threadId = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              settings.effectiveWorkers(),
              r -> {
                Thread t = new Thread(r, "eegdecode-features-" + threadId.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      ArrayDeque<Future<float[]>> pending = new ArrayDeque<>();
      long lastCheckpoint = System.nanoTime();
      ProgressBar bar = progress == null ? null : bar(todo.size(), progress);
      try {
        int next = 0;
        for (int from = 0; from < todo.size(); from += batchSize) {
          int n = Math.min(batchSize, todo.size() - from);
          for (int i = 0; i < n; i++) {
            while (pending.size() < window && next < todo.size()) {
              pending.add(submit(pool, todo.get(next++), buffers.poll()));
            }
            float[] pixels = take(pending.poll());
            System.arraycopy(pixels, 0, batch, i * per, per);
            buffers.add(pixels);
          }
          // keep the workers busy during the forward pass
          while (pending.size() < window && next < todo.size()) {
            pending.add(submit(pool, todo.get(next++), buffers.poll()));
          }
          float[] pooled = backbone.pool(batch, n, size);
          int stride = backbone.layers() * backbone.dim();
          for (int i = 0; i < n; i++) {
            ImageFolder.Entry e = todo.get(from + i);
            bank.put(e.concept(), e.file(), pooled, i * stride);
          }
          done += n;
          if (bar != null) {
            bar.stepBy(n);
          }
          if (settings.checkpointS() > 0
              && System.nanoTime() - lastCheckpoint > settings.checkpointS() * 1e9
              && done < todo.size()) {
            checkpoint();
            lastCheckpoint = System.nanoTime();
          }
        }
      } catch (IOException e) {
        throw (IOException) keepWorkDone(e);
      } catch (RuntimeException e) {
        throw (RuntimeException) keepWorkDone(e);
      } finally {
        pool.shutdownNow();
        if (bar != null) {
          bar.close();
        }
      }
    }

    private Future<float[]> submit(ExecutorService pool, ImageFolder.Entry e, float[] buffer) {
      return pool.submit(
          () -> {
            RgbImage image = ImageReading.read(e.path());
            try {
              preprocessor.toPixelValues(image, buffer, 0);
            } catch (RuntimeException ex) {
              throw new IOException(e.path() + ": cannot preprocess: " + ex.getMessage(), ex);
            }
            return buffer;
          });
    }

    private static float[] take(Future<float[]> future) throws IOException {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading images", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IOException(cause.getMessage(), cause);
      }
    }

    private void checkpoint() throws IOException {
      bank.write(partial);
      writeJson(provenanceFile(partial), withCount(provenance, bank.size()));
      LOG.info("checkpoint: {} entries in {}", bank.size(), partial);
    }

    /** Saves the images done to OUT.partial and says so in the error, which stays one line. */
    private Exception keepWorkDone(Exception e) {
      if (done == 0) {
        return e;
      }
      String kept;
      try {
        checkpoint();
        kept =
            " (the "
                + done
                + " images done are kept in "
                + partial
                + ": fix the problem and rerun with --resume)";
      } catch (IOException | RuntimeException c) {
        kept = " (the images done could not be kept: " + c.getMessage() + ")";
      }
      String message = (e.getMessage() == null ? e.toString() : e.getMessage()) + kept;
      return e instanceof IOException
          ? new IOException(message, e)
          : new IllegalStateException(message, e);
    }
  }

  private static ProgressBar bar(int total, PrintStream out) {
    return new ProgressBarBuilder()
        .setTaskName("features")
        .setInitialMax(total)
        .setUnit(" img", 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(out, 120))
        .build();
  }

  private static ObjectNode provenance(Request request, Backbone backbone) throws IOException {
    FeatureSettings s = request.settings();
    ObjectNode p = JSON.createObjectNode();
    p.put("format", "eegdecode feature bank provenance 1");
    Path file = request.backbone().toAbsolutePath().normalize();
    p.put("backbone", file.toString());
    p.put("backbone_bytes", Files.size(file));
    ArrayNode layers = p.putArray("layer_ids");
    s.layerIds().forEach(layers::add);
    p.put("hidden_states", backbone.hiddenStates());
    p.put("dim", backbone.dim());
    p.put("dtype", s.dtype());
    p.put("preprocessing", s.preprocessingText());
    return p;
  }

  private static ObjectNode withCount(ObjectNode provenance, int images) {
    ObjectNode copy = provenance.deepCopy();
    copy.put("images", images);
    copy.put("written", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return copy;
  }

  /** Refuses to resume a bank that another backbone, layer choice or preprocessing made. */
  private static void checkProvenance(Path bank, ObjectNode current) throws IOException {
    Path file = provenanceFile(bank);
    if (!Files.isRegularFile(file)) {
      return; // a bank made elsewhere (e.g. the seed's): its shape and dtype are still checked
    }
    JsonNode old;
    try {
      old = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    for (String key :
        List.of("layer_ids", "preprocessing", "dtype", "backbone_bytes", "hidden_states", "dim")) {
      JsonNode was = old.get(key);
      // compared as JSON text: a long written is an int read back
      if (was != null && !was.toString().equals(String.valueOf(current.get(key)))) {
        throw new IOException(
            bank
                + " was made with "
                + key
                + " "
                + was
                + ", this run uses "
                + current.get(key)
                + " (see "
                + file.getFileName()
                + "): use another --out, or run without --resume to replace it");
      }
    }
  }

  private static void writeJson(Path file, JsonNode node) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(node));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static double round(double v) {
    return Math.rint(v * 1000) / 1000;
  }
}
