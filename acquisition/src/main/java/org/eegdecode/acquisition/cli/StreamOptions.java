package org.eegdecode.acquisition.cli;

import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.lsl.StreamQuery;
import picocli.CommandLine.Option;

/** {@code --eeg NAME --markers NAME}: the live streams a command reads. */
public final class StreamOptions {
  @Option(
      names = "--eeg",
      paramLabel = "NAME",
      description = "EEG stream name (default: acquisition.eeg_stream, else type EEG).")
  String eegName;

  @Option(
      names = "--markers",
      paramLabel = "NAME",
      description = "Marker stream name (default: acquisition.marker_stream, else type Markers).")
  String markerName;

  /** The --eeg name given, or null. */
  public String eegName() {
    return eegName;
  }

  /** The --markers name given, or null. */
  public String markerName() {
    return markerName;
  }

  public StreamQuery eeg(Config config) {
    return LiveAcquisition.eegQuery(config, eegName);
  }

  public StreamQuery markers(Config config) {
    return LiveAcquisition.markerQuery(config, markerName);
  }
}
