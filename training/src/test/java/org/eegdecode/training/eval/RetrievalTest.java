package org.eegdecode.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RetrievalTest {
  @Test
  void ranksOfAHandComputedMatrix() {
    // 3 queries × 4 candidates; targets 0, 2, 3
    float[] sim = {
      0.9f, 0.1f, 0.2f, 0.3f, // target 0 is the best → rank 1
      0.5f, 0.7f, 0.6f, 0.1f, // target 2 (0.6) is beaten by 0.7 → rank 2
      0.4f, 0.3f, 0.2f, 0.1f // target 3 is the worst → rank 4
    };
    int[] ranks = Retrieval.ranks(sim, 3, 4, new int[] {0, 2, 3});
    assertArrayEquals(new int[] {1, 2, 4}, ranks);
    assertEquals(1.0 / 3, Retrieval.topK(ranks, 1), 1e-12);
    assertEquals(2.0 / 3, Retrieval.topK(ranks, 2), 1e-12);
    assertEquals(1.0, Retrieval.topK(ranks, 5), 1e-12);
    Retrieval.Result r = Retrieval.evaluate(sim, 3, 4, new int[] {0, 2, 3});
    assertEquals(1.0 / 3, r.top1(), 1e-12);
    assertEquals(1.0, r.top5(), 1e-12);
    assertEquals(0.25, r.chanceTop1(), 1e-12);
  }

  @Test
  void tiesCountAgainstTheModel() {
    // every candidate scores the same: the target is never strictly first
    float[] flat = new float[6 * 6];
    java.util.Arrays.fill(flat, 0.5f);
    int[] targets = {0, 1, 2, 3, 4, 5};
    int[] ranks = Retrieval.ranks(flat, 6, 6, targets);
    for (int r : ranks) {
      assertEquals(6, r);
    }
    Retrieval.Result res = Retrieval.evaluate(flat, 6, 6, targets);
    assertEquals(0.0, res.top1());
    assertEquals(0.0, res.top5());
    // one tie with the target: rank 2, not 1
    float[] tie = {0.8f, 0.8f, 0.1f};
    assertArrayEquals(new int[] {2}, Retrieval.ranks(tie, 1, 3, new int[] {0}));
  }

  @Test
  void top5OnATwentyWayIdentityWithShiftedScores() {
    int n = 20;
    float[] sim = new float[n * n];
    int[] targets = new int[n];
    for (int q = 0; q < n; q++) {
      targets[q] = q;
      for (int c = 0; c < n; c++) {
        sim[q * n + c] = -Math.abs(c - (q + q % 7) % n); // best candidate is (q + q%7) mod n
      }
    }
    // rank of q's own image: candidates strictly closer to (q + q%7) than q is, plus ties
    int[] ranks = Retrieval.ranks(sim, n, n, targets);
    int top1 = 0;
    int top5 = 0;
    for (int q = 0; q < n; q++) {
      int best = (q + q % 7) % n;
      int d = Math.abs(q - best);
      int better = 0;
      for (int c = 0; c < n; c++) {
        if (c != q && Math.abs(c - best) <= d) {
          better++;
        }
      }
      assertEquals(better + 1, ranks[q], "query " + q);
      top1 += ranks[q] <= 1 ? 1 : 0;
      top5 += ranks[q] <= 5 ? 1 : 0;
    }
    Retrieval.Result r = Retrieval.evaluate(sim, n, n, targets);
    assertEquals(top1 / (double) n, r.top1(), 1e-12);
    assertEquals(top5 / (double) n, r.top5(), 1e-12);
    assertEquals(3.0 / 20, r.top1(), 1e-12); // q % 7 == 0 for q = 0, 7, 14
  }

  @Test
  void nonFiniteTargetScoreRanksLast() {
    float[] sim = {Float.NaN, 0.1f, 0.2f};
    assertArrayEquals(new int[] {3}, Retrieval.ranks(sim, 1, 3, new int[] {0}));
  }

  @Test
  void cosineOfKnownVectors() {
    float[] a = {3, 4, 0, 0, 2, 0};
    float[] b = {1, 0, 0, 0, 5, 0, 0, 0, 0};
    float[] sim = Retrieval.cosine(a, 2, b, 3, 3);
    assertArrayEquals(new float[] {0.6f, 0.8f, 0f, 0f, 1f, 0f}, sim, 1e-6f);
  }

  @Test
  void badShapesAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> Retrieval.ranks(new float[5], 2, 3, new int[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> Retrieval.ranks(new float[6], 2, 3, new int[] {0, 3}));
  }
}
