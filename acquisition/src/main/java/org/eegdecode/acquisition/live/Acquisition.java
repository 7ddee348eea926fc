package org.eegdecode.acquisition.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.ring.AcquisitionPipeline;

/**
 * A running source of epochs, live ({@link LiveAcquisition}) or replayed ({@link
 * org.eegdecode.acquisition.session.SessionReplay}): the pipeline it feeds and what a session
 * runner needs to decide when it is over.
 */
public interface Acquisition extends AutoCloseable {
  AcquisitionPipeline pipeline();

  /** The EEG stream (full info: channel labels included). */
  StreamInfo eegStream();

  StreamInfo markerStream();

  /** The input ended by itself (a replay published its last event); live input never does. */
  boolean inputEnded();

  /** The error that stopped the EEG input, or null. */
  Throwable failure();

  /** Whether the EEG input still runs (false once a replay is done or live ingest died). */
  boolean eegAlive();

  /** Markers received so far. */
  long markersReceived();

  /** Whether the EEG stream is stalled now. */
  boolean eegStalled();

  long eegStalls();

  /**
   * Counts for a JSON summary: epochs, markers, drops by reason, an {@code eeg} and a {@code
   * markers} object.
   */
  ObjectNode summary();

  /** Stops the input, then drains the pipeline. Idempotent. */
  @Override
  void close();
}
