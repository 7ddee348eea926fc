package org.eegdecode.decoder.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.decoder.gallery.Gallery;

/**
 * Running top-1 / top-5 of the live decoder against the stimulus markers. A marker {@code
 * concept/file} (the simulator's and our stimulus convention) whose concept is in the gallery is
 * <em>labelled</em>: it counts as correct at k when a gallery row of that concept ranks ≤ k (with
 * one image per concept, the THINGS test gallery, that is the offline retrieval's hit at k). Other
 * markers are decoded but leave the accuracy alone; with no labelled marker at all it is null.
 *
 * <p>The concept lookup runs on the marker's UTF-8 bytes through an open-addressing table: no
 * allocation per epoch. Counters are written by the decoder thread only and read by anyone.
 */
public final class LiveAccuracy {
  public static final int TOP1 = 1;
  public static final int TOP5 = 5;

  private final byte[][] conceptBytes;
  private final int[] rowConcept;
  private final int[] table;
  private final int mask;

  private volatile long labelled;
  private volatile long unlabelled;
  private volatile long top1;
  private volatile long top5;

  public LiveAccuracy(Gallery gallery) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<String> concepts = gallery.concepts();
    rowConcept = new int[concepts.size()];
    for (int row = 0; row < rowConcept.length; row++) {
      Integer id = ids.putIfAbsent(concepts.get(row), ids.size());
      rowConcept[row] = id == null ? ids.size() - 1 : id;
    }
    conceptBytes = new byte[ids.size()][];
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      conceptBytes[e.getValue()] = e.getKey().getBytes(StandardCharsets.UTF_8);
    }
    int capacity = Integer.highestOneBit(Math.max(4, conceptBytes.length * 2 - 1)) << 1;
    table = new int[capacity];
    Arrays.fill(table, -1);
    mask = capacity - 1;
    for (int id = 0; id < conceptBytes.length; id++) {
      byte[] b = conceptBytes[id];
      int slot = hash(b, 0, b.length) & mask;
      while (table[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = id;
    }
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    return h ^ (h >>> 16);
  }

  /**
   * The concept id of a {@code concept/file} marker (the text before the first '/'), or -1 when the
   * marker has no '/' or its concept is not in the gallery. Allocation-free.
   */
  public int conceptOf(byte[] marker, int length) {
    int slash = -1;
    for (int i = 0; i < length; i++) {
      if (marker[i] == '/') {
        slash = i;
        break;
      }
    }
    if (slash <= 0) {
      return -1;
    }
    int slot = hash(marker, 0, slash) & mask;
    for (int id; (id = table[slot]) >= 0; slot = (slot + 1) & mask) {
      byte[] b = conceptBytes[id];
      if (b.length == slash && Arrays.equals(b, 0, slash, marker, 0, slash)) {
        return id;
      }
    }
    return -1;
  }

  /** The concept id of a gallery row. */
  public int conceptOfRow(int row) {
    return rowConcept[row];
  }

  /** Distinct concepts in the gallery. */
  public int concepts() {
    return conceptBytes.length;
  }

  /**
   * Scores one ranked epoch and stores the verdict in it.
   *
   * @return whether the marker was labelled
   */
  boolean score(DecodedEpoch result) {
    int concept = conceptOf(result.markerArray(), result.markerLength());
    if (concept < 0) {
      unlabelled = unlabelled + 1;
      result.label(-1, false, false);
      return false;
    }
    int[] rows = result.rowsArray();
    int depth = Math.min(TOP5, result.rankDepth());
    int rank = -1;
    for (int r = 0; r < depth; r++) {
      if (rows[r] >= 0 && rowConcept[rows[r]] == concept) {
        rank = r;
        break;
      }
    }
    boolean hit1 = rank == 0;
    boolean hit5 = rank >= 0;
    result.label(concept, hit1, hit5);
    labelled = labelled + 1;
    if (hit1) {
      top1 = top1 + 1;
    }
    if (hit5) {
      top5 = top5 + 1;
    }
    return true;
  }

  /** Epochs whose marker named a gallery concept. */
  public long labelled() {
    return labelled;
  }

  /** Epochs decoded without a usable label. */
  public long unlabelled() {
    return unlabelled;
  }

  public long top1Hits() {
    return top1;
  }

  public long top5Hits() {
    return top5;
  }

  /** Top-1 accuracy so far, or null when no epoch was labelled. */
  public Double top1() {
    long n = labelled;
    return n == 0 ? null : (double) top1 / n;
  }

  /** Top-5 accuracy so far, or null when no epoch was labelled. */
  public Double top5() {
    long n = labelled;
    return n == 0 ? null : (double) top5 / n;
  }
}
