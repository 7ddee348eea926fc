package org.eegdecode.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.Gallery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The live decoder's work per epoch batch on a device ({@link EncodeWork}): the EEG branch of
 * SUPAEEG for a batch of 1, 8 and 32 epochs followed by top-5 scoring against a 200-image gallery
 * on the same device, with DJL ({@code encodeAndScore}) and in plain Java with the same weights
 * ({@code encodeAndScorePlainJava}), and the gallery scoring alone for 200 and 20,000 entries
 * ({@code score}). PyTorch's intra-op threads are a parameter: on 2 cores one thread avoids handing
 * each small matmul to a second thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DecoderBenchmark {
  private static final int TOP_K = 5;

  /** A gallery of random unit vectors. */
  static Gallery gallery(int size, int dim, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] rows = new float[size * dim];
    List<String> concepts = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        float v = (float) random.nextGaussian();
        rows[i * dim + d] = v;
        norm += v * v;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dim; d++) {
        rows[i * dim + d] *= scale;
      }
      concepts.add("concept" + i);
    }
    return new Gallery(concepts, concepts, rows, dim);
  }

  /** Encode a batch of epochs and score each against a 200-entry gallery (DJL or plain Java). */
  @State(Scope.Thread)
  public static class Encoder {
    @Param({"1", "8", "32"})
    int batch;

    /** {@code cpu} or {@code gpu(0)} etc. (the report adds every GPU the engine sees). */
    @Param({"cpu"})
    String device;

    @Param({"1", "2"})
    String threads;

    EncodeWork work;

    @Setup(Level.Trial)
    public void setUp() {
      System.setProperty("ai.djl.pytorch.num_threads", threads);
      work = new EncodeWork(batch, Devices.resolve(device));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      work.close();
    }
  }

  @Benchmark
  public int encodeAndScore(Encoder s) {
    return s.work.djl();
  }

  /** The same forward pass and weights in plain Java ({@code threads} does not apply). */
  @Benchmark
  public int encodeAndScorePlainJava(Encoder s) {
    return s.work.plainJava();
  }

  /** Scoring one embedding against galleries of 200 (the test set) and 20,000 images. */
  @State(Scope.Thread)
  public static class Scoring {
    @Param({"200", "20000"})
    int size;

    Gallery gallery;
    float[] query;
    int[] index = new int[TOP_K];
    float[] score = new float[TOP_K];

    @Setup(Level.Trial)
    public void setUp() {
      gallery = gallery(size, 512, 3);
      query = gallery(1, 512, 4).embeddings();
    }
  }

  @Benchmark
  public void score(Scoring s, Blackhole bh) {
    s.gallery.topK(s.query, 0, TOP_K, s.index, s.score);
    bh.consume(s.index[0]);
  }
}
