package org.eegdecode.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.eegdecode.decoder.Devices;
import org.junit.jupiter.api.Test;

/** Device ranks equal the host's, ties (counted against the model) and NaN included. */
class DeviceRetrievalTest {
  @Test
  void ranksMatchTheHostRuleAcrossBlocksWithTiesAndNaN() {
    int n = DeviceRetrieval.BLOCK + 37; // two blocks
    int m = 50;
    int dim = 16;
    Random r = new Random(9);
    float[] gallery = new float[m * dim];
    for (int i = 0; i < gallery.length; i++) {
      gallery[i] = (float) r.nextGaussian();
    }
    System.arraycopy(gallery, 0, gallery, dim, dim); // rows 0 and 1 identical: a tie
    float[] queries = new float[n * dim];
    int[] target = new int[n];
    for (int q = 0; q < n; q++) {
      target[q] = r.nextInt(m);
      for (int d = 0; d < dim; d++) {
        // near the target's own row, so that many ranks are small
        queries[q * dim + d] = gallery[target[q] * dim + d] + (float) r.nextGaussian() * 1.5f;
      }
    }
    target[0] = 0;
    System.arraycopy(gallery, 0, queries, 0, dim); // query 0 is row 0: tied with row 1 → rank 2
    queries[dim] = Float.NaN; // query 1 is NaN: ranks last
    int[] host = Retrieval.ranks(Retrieval.cosine(queries, n, gallery, m, dim), n, m, target);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
      int[] device = DeviceRetrieval.ranks(manager, queries, n, gallery, m, dim, target);
      assertEquals(2, device[0]);
      assertEquals(m, device[1]);
      assertArrayEquals(host, device);
      Retrieval.Result result =
          DeviceRetrieval.evaluate(manager, queries, n, gallery, m, dim, target);
      assertEquals(Retrieval.topK(host, 1), result.top1());
      assertEquals(Retrieval.topK(host, 5), result.top5());
    }
  }
}
