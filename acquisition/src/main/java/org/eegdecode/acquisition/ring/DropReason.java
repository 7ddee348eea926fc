package org.eegdecode.acquisition.ring;

/** Why a sample, marker or epoch did not make it downstream; every drop is counted by reason. */
public enum DropReason {
  /** The sample ring was full: the ingest could not place a sample or marker. */
  RING_FULL("ring_full"),
  /** A marker older than the oldest buffered EEG sample: its epoch cannot be cut. */
  MARKER_TOO_OLD("marker_too_old"),
  /** A marker with the same timestamp as one already accepted. */
  DUPLICATE_MARKER("duplicate_marker"),
  /** A marker rejected by the marker filter (not an error; counted for the summary). */
  MARKER_FILTERED("marker_filtered"),
  /** A marker whose text was longer than the ring slot and was cut. */
  MARKER_TRUNCATED("marker_truncated"),
  /** An epoch spanning missing samples (index jump) or a timestamp gap. */
  GAP("gap"),
  /** An epoch spanning a timestamp jump backwards or far forwards (clock reset). */
  TIMESTAMP_JUMP("timestamp_jump"),
  /** An epoch spanning a stall of the EEG stream. */
  OUTAGE("outage"),
  /** An epoch holding NaN or infinite values. */
  NON_FINITE("non_finite"),
  /** The epoch ring was full: a completed epoch could not be handed downstream. */
  EPOCH_RING_FULL("epoch_ring_full"),
  /** Epochs still waiting for samples when the pipeline stopped. */
  INCOMPLETE_AT_STOP("incomplete_at_stop"),
  /** An accepted marker found every pending-epoch slot taken (acquisition.max_pending_epochs). */
  PENDING_FULL("pending_full");

  private final String key;

  DropReason(String key) {
    this.key = key;
  }

  /** The name used in JSON summaries and the recording. */
  public String key() {
    return key;
  }
}
