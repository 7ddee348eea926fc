package org.eegdecode.acquisition.epoch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The epocher's running totals. Written by the epocher's thread alone (ordered stores, no locked
 * instructions), readable from any thread.
 *
 * <p>Accounting: {@code markersSeen = catchMarkers + markersAccepted + marker_filtered +
 * duplicate_marker}, and every accepted marker ends as exactly one emitted epoch or one epoch drop
 * ({@link Epocher#EPOCH_DROP_REASONS}), or is still {@link #pending()}.
 */
public final class EpocherCounters {
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong malformedSamples = new AtomicLong();
  private final AtomicLong markersSeen = new AtomicLong();
  private final AtomicLong markersAccepted = new AtomicLong();
  private final AtomicLong catchMarkers = new AtomicLong();
  private final AtomicLong epochsEmitted = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong dueHints = new AtomicLong();
  private final AtomicLong dueHintsRingFull = new AtomicLong();

  /** EEG samples buffered. */
  public long samples() {
    return samples.get();
  }

  /** EEG events skipped because they carried fewer channels than the stream layout. */
  public long malformedSamples() {
    return malformedSamples.get();
  }

  public long markersSeen() {
    return markersSeen.get();
  }

  /** Markers that passed the filter and were not duplicates: each opens one epoch. */
  public long markersAccepted() {
    return markersAccepted.get();
  }

  /** Markers that were catch codes ({@code stimulus.catch_codes}): they open no epoch. */
  public long catchMarkers() {
    return catchMarkers.get();
  }

  public long epochsEmitted() {
    return epochsEmitted.get();
  }

  /** Accepted markers whose epochs are still waiting for samples. */
  public long pending() {
    return pending.get();
  }

  /** Due hints published ({@link DueHintConsumer}); 0 when no consumer asked for them. */
  public long dueHints() {
    return dueHints.get();
  }

  /** Due hints not published because the epoch ring was full (no epoch is lost by this). */
  public long dueHintsRingFull() {
    return dueHintsRingFull.get();
  }

  void addDueHint() {
    dueHints.lazySet(dueHints.get() + 1);
  }

  void addDueHintRingFull() {
    dueHintsRingFull.lazySet(dueHintsRingFull.get() + 1);
  }

  void addSample() {
    samples.lazySet(samples.get() + 1);
  }

  void addMalformed() {
    malformedSamples.lazySet(malformedSamples.get() + 1);
  }

  void addMarkerSeen() {
    markersSeen.lazySet(markersSeen.get() + 1);
  }

  void addMarkerAccepted() {
    markersAccepted.lazySet(markersAccepted.get() + 1);
  }

  void addCatch() {
    catchMarkers.lazySet(catchMarkers.get() + 1);
  }

  void addEpochEmitted() {
    epochsEmitted.lazySet(epochsEmitted.get() + 1);
  }

  void setPending(long n) {
    pending.lazySet(n);
  }

  @Override
  public String toString() {
    return "samples="
        + samples()
        + " markers_seen="
        + markersSeen()
        + " markers_accepted="
        + markersAccepted()
        + " catch_markers="
        + catchMarkers()
        + " epochs_emitted="
        + epochsEmitted()
        + " pending="
        + pending()
        + " due_hints="
        + dueHints();
  }
}
