package org.eegdecode.decoder.live;

import java.nio.charset.StandardCharsets;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.stimulus.MarkerConvention;
import org.eegdecode.acquisition.stimulus.Resolution;
import org.eegdecode.decoder.gallery.Gallery;

/**
 * One decoded epoch as the sinks see it: the marker that opened it, the stimulus it names (resolved
 * against the gallery: {@link #stimulusRow()}, {@link #stimulusConcept()}, {@link
 * #stimulusFile()}), the ranked gallery entries, the live-accuracy verdict and a timestamp per
 * stage. The decoder preallocates one per batch slot and overwrites it for every epoch, so a sink
 * must copy what it keeps beyond {@link ResultSink#accept}.
 *
 * <p>Stage timestamps ({@link System#nanoTime()} unless named LSL): closing sample reached the
 * ingest thread → epoch published by the epocher → taken by the decoder → encode start/end (the
 * whole batch's forward pass) → scored against the gallery → result published (handed to the sinks;
 * also read on the local LSL clock for the marker-to-result latency).
 */
public final class DecodedEpoch {
  private final Gallery gallery;
  private final int topK;
  private final int[] rows;
  private final float[] scores;
  private final byte[] marker = new byte[SampleEvent.MAX_MARKER_BYTES];
  private int markerLength;
  private double markerNumber;
  private double markerTimestamp;
  private double onsetTimestamp;
  private long epochIndex;
  private long sequence;

  private long closingArrivalNanos;
  private long epochPublishedNanos;
  private long receivedNanos;
  private long encodeStartNanos;
  private long encodeEndNanos;
  private long scoredNanos;
  private long resultPublishedNanos;
  private double resultPublishedLsl;

  private long batchNumber;
  private int batchSize;
  private int batchPosition;

  private int trueConcept = -1;
  private final Resolution stimulus = new Resolution();
  private String stimulusConcept;
  private boolean top1;
  private boolean top5;

  /**
   * @param topK entries published per epoch
   * @param rankDepth entries ranked per epoch (≥ topK; the accuracy needs 5)
   */
  DecodedEpoch(Gallery gallery, int topK, int rankDepth) {
    this.gallery = gallery;
    this.topK = topK;
    this.rows = new int[rankDepth];
    this.scores = new float[rankDepth];
  }

  /** Copies the epoch's identity and epocher timing (not its data). */
  void capture(EpochEvent event, long sequence, long receivedNanos) {
    this.epochIndex = event.epochIndex();
    this.sequence = sequence;
    this.markerLength = Math.min(event.markerLength(), marker.length);
    System.arraycopy(event.markerBytes(), 0, marker, 0, markerLength);
    this.markerNumber = event.markerNumber();
    this.markerTimestamp = event.markerTimestamp();
    this.onsetTimestamp = event.onsetTimestamp();
    this.closingArrivalNanos = event.closingArrivalNanos();
    this.epochPublishedNanos = event.publishedNanos();
    this.receivedNanos = receivedNanos;
    this.trueConcept = -1;
    this.stimulus.clear();
    this.stimulusConcept = null;
    this.top1 = false;
    this.top5 = false;
  }

  void batch(long number, int size, int position, long encodeStart, long encodeEnd) {
    this.batchNumber = number;
    this.batchSize = size;
    this.batchPosition = position;
    this.encodeStartNanos = encodeStart;
    this.encodeEndNanos = encodeEnd;
  }

  void scored(long nanos) {
    this.scoredNanos = nanos;
  }

  /** The resolved marker, its concept's name (null when unlabelled) and the verdict. */
  void label(Resolution resolved, String conceptName, boolean top1, boolean top5) {
    this.stimulus.copyFrom(resolved);
    this.stimulusConcept = conceptName;
    this.trueConcept = resolved.concept();
    this.top1 = top1;
    this.top5 = top5;
  }

  void published(long nanos, double lsl) {
    this.resultPublishedNanos = nanos;
    this.resultPublishedLsl = lsl;
  }

  int[] rowsArray() {
    return rows;
  }

  float[] scoresArray() {
    return scores;
  }

  byte[] markerArray() {
    return marker;
  }

  // ------------------------------------------------------------------ what sinks read

  /** The epocher's running number of the marker that opened this epoch. */
  public long epochIndex() {
    return epochIndex;
  }

  /** The epoch ring sequence this epoch came in on. */
  public long sequence() {
    return sequence;
  }

  /** The marker text (allocates: for sinks). */
  public String markerText() {
    return new String(marker, 0, markerLength, StandardCharsets.UTF_8);
  }

  /** The marker's UTF-8 bytes are {@code markerBytes()[0 … markerLength())}; do not modify. */
  public byte[] markerBytes() {
    return marker;
  }

  public int markerLength() {
    return markerLength;
  }

  /** The marker's numeric value, NaN for text markers. */
  public double markerNumber() {
    return markerNumber;
  }

  /** The marker's timestamp on the local LSL clock. */
  public double markerTimestamp() {
    return markerTimestamp;
  }

  /** Timestamp of the epoch's t = 0 sample (local LSL clock). */
  public double onsetTimestamp() {
    return onsetTimestamp;
  }

  /** Entries published ({@code decoder.top_k}, or fewer for a smaller gallery). */
  public int topK() {
    return Math.min(topK, gallery.size());
  }

  /** Entries ranked (at least {@link #topK()}; the first five feed the live accuracy). */
  public int rankDepth() {
    return Math.min(rows.length, gallery.size());
  }

  /** Gallery row at {@code rank} (0 = best). */
  public int galleryRow(int rank) {
    return rows[rank];
  }

  /** Cosine similarity of the epoch's embedding with the row at {@code rank}. */
  public float score(int rank) {
    return scores[rank];
  }

  public String concept(int rank) {
    return gallery.concepts().get(rows[rank]);
  }

  public String file(int rank) {
    return gallery.files().get(rows[rank]);
  }

  public Gallery gallery() {
    return gallery;
  }

  /** Whether the marker named an image or a concept of the gallery (by any convention). */
  public boolean labelled() {
    return trueConcept >= 0;
  }

  /**
   * What the marker named: one gallery image, a concept only (several images of it in the gallery),
   * a catch code, nothing known, or a non-integer number.
   */
  public Resolution.Outcome stimulusOutcome() {
    return stimulus.outcome();
  }

  /** How the marker named its stimulus ({@code code}, {@code file} …), null when unlabelled. */
  public MarkerConvention stimulusConvention() {
    return stimulus.convention();
  }

  /** Gallery row of the image shown, -1 unless the marker named one gallery image. */
  public int stimulusRow() {
    return stimulus.row();
  }

  /** Concept of the image shown, null when the marker named none. */
  public String stimulusConcept() {
    return stimulusConcept;
  }

  /** File of the image shown, null unless the marker named one gallery image. */
  public String stimulusFile() {
    int row = stimulus.row();
    return row >= 0 ? gallery.files().get(row) : null;
  }

  /** Index of the marker's concept among the gallery's distinct concepts; -1 when unlabelled. */
  public int trueConcept() {
    return trueConcept;
  }

  /** The best entry is the marker's concept (false when unlabelled). */
  public boolean top1Correct() {
    return top1;
  }

  /** The marker's concept is among the best five entries (false when unlabelled). */
  public boolean top5Correct() {
    return top5;
  }

  /** {@link System#nanoTime()} when the epoch's last sample reached the ingest thread. */
  public long closingArrivalNanos() {
    return closingArrivalNanos;
  }

  /** {@link System#nanoTime()} when the epocher published the epoch. */
  public long epochPublishedNanos() {
    return epochPublishedNanos;
  }

  /** {@link System#nanoTime()} when the decoder took the epoch off the ring. */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** Start of the batch's forward pass (host → device copy included). */
  public long encodeStartNanos() {
    return encodeStartNanos;
  }

  /** End of the batch's forward pass (embeddings back on the host). */
  public long encodeEndNanos() {
    return encodeEndNanos;
  }

  /** When this epoch's ranking was done. */
  public long scoredNanos() {
    return scoredNanos;
  }

  /** When the result was handed to the sinks. */
  public long resultPublishedNanos() {
    return resultPublishedNanos;
  }

  /** The local LSL clock when the result was handed to the sinks. */
  public double resultPublishedLsl() {
    return resultPublishedLsl;
  }

  /** Closing sample arrival → result published, in ms. */
  public double completeToResultMs() {
    return (resultPublishedNanos - closingArrivalNanos) / 1e6;
  }

  /** Marker timestamp → result published on the local LSL clock, in ms. */
  public double markerToResultMs() {
    return (resultPublishedLsl - markerTimestamp) * 1e3;
  }

  /** Running number of the forward pass that encoded this epoch (0 = first). */
  public long batchNumber() {
    return batchNumber;
  }

  /** Epochs in that forward pass. */
  public int batchSize() {
    return batchSize;
  }

  /** This epoch's row in that forward pass. */
  public int batchPosition() {
    return batchPosition;
  }

  /** One line for logs and tests (allocates). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append("DecodedEpoch[").append(epochIndex).append(" '").append(markerText()).append("' →");
    for (int r = 0; r < topK(); r++) {
      out.append(' ').append(concept(r)).append(' ').append(score(r));
    }
    return out.append(']').toString();
  }
}
