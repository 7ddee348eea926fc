package org.eegdecode.decoder.live;

import org.eegdecode.acquisition.stimulus.MarkerTally;
import org.eegdecode.acquisition.stimulus.Resolution;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.decoder.gallery.Gallery;

/**
 * Running top-1 / top-5 of the live decoder against the stimulus markers. Each epoch's marker is
 * resolved against the gallery by the shared {@link StimulusResolver} (mapping file, {@code
 * concept/file}, file name, concept, bare concept, integer code: whatever the stimulus program
 * sends); a marker that names a gallery image or concept is <em>labelled</em> and counts as correct
 * at k when a gallery row of that concept ranks ≤ k (with one image per concept, the THINGS test
 * gallery, that is the offline retrieval's hit at k). Other markers are decoded but leave the
 * accuracy alone and are tallied ({@link MarkerTally}: unknown values shown in the summary); with
 * no labelled marker at all the accuracy is null.
 *
 * <p>Resolution runs on the marker's UTF-8 bytes through open-addressing tables into a reused
 * holder: no allocation per epoch. Counters are written by the decoder thread only and read by
 * anyone.
 */
public final class LiveAccuracy {
  public static final int TOP1 = 1;
  public static final int TOP5 = 5;

  private final StimulusResolver resolver;
  private final Resolution resolution = new Resolution();
  private final Resolution probe = new Resolution();
  private final MarkerTally tally = new MarkerTally();

  private volatile long labelled;
  private volatile long unlabelled;
  private volatile long top1;
  private volatile long top5;

  /** Against {@code gallery} with the default conventions (no mapping file, catch code 99999). */
  public LiveAccuracy(Gallery gallery) {
    this(StimulusResolver.of(gallery.concepts(), gallery.files()));
  }

  /** Against the resolver's image list, which must be the gallery's, row for row. */
  public LiveAccuracy(StimulusResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * The concept id the marker names by any convention (its text only: a numeric marker is read from
   * its decimal text), or -1. Allocation-free; not for the decoder thread's concurrent use.
   */
  public synchronized int conceptOf(byte[] marker, int length) {
    resolver.resolve(marker, length, Double.NaN, probe);
    return probe.concept();
  }

  /** The concept id of a gallery row. */
  public int conceptOfRow(int row) {
    return resolver.conceptOfRow(row);
  }

  /** Distinct concepts in the gallery. */
  public int concepts() {
    return resolver.conceptCount();
  }

  /**
   * Resolves one ranked epoch's marker, scores it and stores the verdict in it.
   *
   * @return whether the marker was labelled
   */
  boolean score(DecodedEpoch result) {
    resolver.resolve(
        result.markerArray(), result.markerLength(), result.markerNumber(), resolution);
    tally.record(resolution, result.markerArray(), result.markerLength());
    int concept = resolution.concept();
    if (concept < 0) {
      unlabelled = unlabelled + 1;
      result.label(resolution, null, false, false);
      return false;
    }
    int[] rows = result.rowsArray();
    int depth = Math.min(TOP5, result.rankDepth());
    int rank = -1;
    for (int r = 0; r < depth; r++) {
      if (rows[r] >= 0 && resolver.conceptOfRow(rows[r]) == concept) {
        rank = r;
        break;
      }
    }
    boolean hit1 = rank == 0;
    boolean hit5 = rank >= 0;
    result.label(resolution, resolver.conceptName(concept), hit1, hit5);
    labelled = labelled + 1;
    if (hit1) {
      top1 = top1 + 1;
    }
    if (hit5) {
      top5 = top5 + 1;
    }
    return true;
  }

  /** The resolver markers are read with. */
  public StimulusResolver resolver() {
    return resolver;
  }

  /** How the markers resolved (conventions, unknown values). */
  public MarkerTally tally() {
    return tally;
  }

  /** Epochs whose marker named a gallery image or concept. */
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
