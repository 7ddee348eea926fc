package org.eegdecode.decoder.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.Test;

/** The device top-k ranks a batch exactly as the host's {@link Gallery#topK} ranks each query. */
class DeviceGalleryTest {
  private static Gallery random(int size, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] rows = new float[size * dim];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < size; i++) {
      names.add("c" + i);
    }
    return Gallery.normalised(names, names, rows, dim);
  }

  @Test
  void aBatchScoredInOneProductMatchesTheHostRankingOfEachQuery() {
    Gallery g = random(200, 64, 1);
    float[] queries = random(32, 64, 2).embeddings();
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
        DeviceGallery dg = new DeviceGallery(g, m)) {
      int k = 7;
      int[] rows = new int[32 * k];
      float[] scores = new float[32 * k];
      try (NDManager batch = m.newSubManager()) {
        NDArray q = batch.create(queries, new Shape(32, 64));
        dg.topK(q, k, rows, scores);
      }
      int[] hostRows = new int[k];
      float[] hostScores = new float[k];
      for (int i = 0; i < 32; i++) {
        g.topK(queries, i * 64, k, hostRows, hostScores);
        int[] got = new int[k];
        float[] gotScores = new float[k];
        System.arraycopy(rows, i * k, got, 0, k);
        System.arraycopy(scores, i * k, gotScores, 0, k);
        assertArrayEquals(hostRows, got, "query " + i);
        assertArrayEquals(hostScores, gotScores, 1e-5f, "query " + i);
        assertTrue(gotScores[0] >= gotScores[k - 1]);
      }
    }
  }

  @Test
  void moreRanksThanImagesFillTheSurplusLikeTheHost() {
    Gallery g = random(3, 8, 3);
    float[] query = random(1, 8, 4).embeddings();
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
        DeviceGallery dg = new DeviceGallery(g, m)) {
      int[] rows = new int[5];
      float[] scores = new float[5];
      dg.topK(m.create(query, new Shape(1, 8)), 5, rows, scores);
      int[] hostRows = new int[5];
      float[] hostScores = new float[5];
      g.topK(query, 0, 5, hostRows, hostScores);
      assertArrayEquals(hostRows, rows);
      assertEquals(-1, rows[4]);
      assertTrue(Float.isNaN(scores[3]) && Float.isNaN(scores[4]));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> dg.topK(m.create(new float[4], new Shape(1, 4)), 5, rows, scores));
      assertTrue(e.getMessage().contains("(n, 8)"), e.getMessage());
    }
  }
}
