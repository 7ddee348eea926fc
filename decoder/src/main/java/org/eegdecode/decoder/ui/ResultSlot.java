package org.eegdecode.decoder.ui;

import java.nio.charset.StandardCharsets;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.decoder.live.DecodedEpoch;

/**
 * One decoded epoch on its way from the decoder thread to the view thread: a preallocated ring slot
 * holding plain copies (gallery rows, not strings), so that filling it allocates nothing.
 */
final class ResultSlot {
  final byte[] marker = new byte[SampleEvent.MAX_MARKER_BYTES];
  final int[] rows;
  final float[] scores;
  int markerLength;

  /** Gallery row of the image shown (-1 unless the marker named one image). */
  int shownRow;

  /** Concept shown (a gallery string, not a copy), null when the marker named none. */
  String shownConcept;

  int k;
  long epochIndex;
  double markerTimestamp;
  double completeToResultMs;
  double markerToResultMs;
  boolean labelled;
  boolean top1;
  boolean top5;

  ResultSlot(int topK) {
    rows = new int[topK];
    scores = new float[topK];
  }

  /** Copies {@code r} (on the decoder thread; no allocation). */
  void copy(DecodedEpoch r) {
    epochIndex = r.epochIndex();
    markerLength = Math.min(r.markerLength(), marker.length);
    System.arraycopy(r.markerBytes(), 0, marker, 0, markerLength);
    shownRow = r.stimulusRow();
    shownConcept = r.stimulusConcept();
    markerTimestamp = r.markerTimestamp();
    k = Math.min(r.topK(), rows.length);
    for (int i = 0; i < k; i++) {
      rows[i] = r.galleryRow(i);
      scores[i] = r.score(i);
    }
    labelled = r.labelled();
    top1 = r.top1Correct();
    top5 = r.top5Correct();
    completeToResultMs = r.completeToResultMs();
    markerToResultMs = r.markerToResultMs();
  }

  String markerText() {
    return new String(marker, 0, markerLength, StandardCharsets.UTF_8);
  }
}
