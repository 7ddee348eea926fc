package org.eegdecode.decoder.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.SupaEegModel;
import org.eegdecode.decoder.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryTest {
  @TempDir Path tmp;

  private static List<String> names(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(String.format("%s%05d", prefix, i));
    }
    return out;
  }

  private static Gallery random(int n, int dim, long seed) {
    return Gallery.normalised(
        names("c", n), names("f", n), TestModels.gaussian(seed, n * dim), dim);
  }

  /** Brute force: indices sorted by descending score, then ascending index. */
  private static int[] bruteForce(float[] scores, int k) {
    return IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  @Test
  void topKMatchesBruteForce() {
    int dim = 16;
    Gallery g = random(300, dim, 1);
    float[] queries = TestModels.gaussian(2, 40 * dim);
    float[] scores = g.scores(queries, 40);
    float[] emb = g.embeddings();
    for (int q = 0; q < 40; q++) {
      float[] row = Arrays.copyOfRange(scores, q * 300, q * 300 + 300);
      // scores() is the dot product (to float rounding).
      for (int i = 0; i < 300; i += 37) {
        double dot = 0;
        for (int j = 0; j < dim; j++) {
          dot += (double) queries[q * dim + j] * emb[i * dim + j];
        }
        assertEquals(dot, row[i], 1e-5);
      }
      for (int k : new int[] {1, 5, 300}) {
        int[] index = new int[k];
        float[] score = new float[k];
        g.topK(queries, q * dim, k, index, score);
        assertArrayEquals(bruteForce(row, k), index, "query " + q + " k " + k);
        for (int j = 0; j < k; j++) {
          assertEquals(row[index[j]], score[j], 0f);
        }
      }
    }
  }

  @Test
  void tiesKeepTheLowerIndexFirstAndSurplusSlotsAreEmpty() {
    float s = (float) Math.sqrt(0.5);
    // Rows 1, 3 and 4 are identical, row 0 is orthogonal, row 2 opposite.
    float[] e = {0, 1, s, s, -s, -s, s, s, s, s};
    Gallery g = new Gallery(names("c", 5), names("f", 5), e, 2);
    float[] query = {9, 9, 1, 0}; // the second query starts at offset 2
    int[] index = new int[7];
    float[] score = new float[7];
    g.topK(query, 0, 3, index, score);
    assertArrayEquals(new int[] {1, 3, 4}, Arrays.copyOf(index, 3));
    g.topK(query, 0, 5, index, score);
    assertArrayEquals(new int[] {1, 3, 4, 0, 2}, Arrays.copyOf(index, 5));
    g.topK(query, 2, 7, index, score);
    assertArrayEquals(new int[] {1, 3, 4, 0, 2, -1, -1}, index);
    assertTrue(Float.isNaN(score[5]) && Float.isNaN(score[6]));
    g.topK(new float[] {Float.NaN, 0}, 0, 2, index, score);
    assertArrayEquals(new int[] {0, 1}, Arrays.copyOf(index, 2), "NaN scores rank by index");
    assertThrows(IllegalArgumentException.class, () -> g.topK(query, 0, 0, index, score));
    assertThrows(IllegalArgumentException.class, () -> g.topK(query, 0, 8, index, score));
    assertThrows(IndexOutOfBoundsException.class, () -> g.topK(query, 3, 1, index, score));
  }

  @Test
  void topKDoesNotAllocate() {
    Gallery g = random(200, 512, 3);
    float[] query = TestModels.gaussian(4, 512);
    int[] index = new int[5];
    float[] score = new float[5];
    for (int i = 0; i < 2000; i++) {
      g.topK(query, 0, 5, index, score); // warm up (JIT)
    }
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 1000; i++) {
      g.topK(query, 0, 5, index, score);
    }
    long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertTrue(allocated < 1000, "topK allocated " + allocated + " bytes in 1000 calls");
  }

  @Test
  void rowsMustBeUnitLengthAndSizesConsistent() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Gallery(names("c", 1), names("f", 1), new float[] {1, 1}, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Gallery(names("c", 2), names("f", 1), new float[] {1, 0, 0, 1}, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Gallery(names("c", 1), names("f", 1), new float[] {1, 0, 0}, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gallery.normalised(names("c", 1), names("f", 1), new float[] {0, 0}, 2));
  }

  @Test
  void saveLoadRoundTripIsExact() throws IOException {
    Gallery g = random(57, 24, 5);
    Path dir = tmp.resolve("g");
    g.save(dir);
    assertTrue(Files.isRegularFile(dir.resolve(Gallery.EMBEDDINGS_FILE)));
    Gallery back = Gallery.load(dir);
    assertEquals(57, back.size());
    assertEquals(24, back.dim());
    assertEquals(g.concepts(), back.concepts());
    assertEquals(g.files(), back.files());
    assertArrayEquals(g.embeddings(), back.embeddings());
  }

  @Test
  void loadErrorsNameTheFile() throws IOException {
    Gallery g = random(5, 4, 6);
    Path dir = tmp.resolve("g");
    g.save(dir);
    // Rows that do not match the index.
    NpyWriter.writeArray(
        dir.resolve(Gallery.EMBEDDINGS_FILE), NdArray.of(random(4, 4, 7).embeddings(), 4, 4));
    IOException e = assertThrows(IOException.class, () -> Gallery.load(dir));
    assertTrue(e.getMessage().contains(Gallery.EMBEDDINGS_FILE), e.getMessage());
    // float64 is not a gallery.
    NpyWriter.writeArray(dir.resolve(Gallery.EMBEDDINGS_FILE), NdArray.of(new double[20], 5, 4));
    e = assertThrows(IOException.class, () -> Gallery.load(dir));
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
    Files.delete(dir.resolve(Gallery.INDEX_FILE));
    e = assertThrows(IOException.class, () -> Gallery.load(dir));
    assertTrue(e.getMessage().contains(Gallery.INDEX_FILE), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void embedUsesTheImageBranchWithTheGlobalPrior() {
    Engine.getEngine(Devices.ENGINE).setRandomSeed(3);
    ModelConfig c = TestModels.small();
    int n = 300; // more than one batch
    int per = c.layers() * c.imageInputDim();
    float[] features = TestModels.gaussian(8, n * per);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
      SupaEegModel model = new SupaEegModel(c);
      model.initialize(manager);
      Gallery g = Gallery.embed(model, manager, features, n, names("c", n), names("f", n));
      assertEquals(n, g.size());
      assertEquals(c.featureDim(), g.dim());
      float[] direct;
      try (NDManager m = manager.newSubManager()) {
        direct =
            model
                .encodeImages(
                    new ParameterStore(m, false),
                    m.create(features, new Shape(n, c.layers(), c.imageInputDim())),
                    null,
                    false)
                .toFloatArray();
      }
      assertArrayEquals(direct, g.embeddings(), 1e-6f);
      Random random = new Random(9);
      for (int t = 0; t < 5; t++) {
        int i = random.nextInt(n);
        int[] index = new int[1];
        float[] score = new float[1];
        g.topK(g.embeddings(), i * g.dim(), 1, index, score);
        assertEquals(i, index[0], "an image retrieves itself");
      }
      assertThrows(
          IllegalArgumentException.class,
          () ->
              Gallery.embed(model, manager, features, n + 1, names("c", n + 1), names("f", n + 1)));
    }
  }
}
