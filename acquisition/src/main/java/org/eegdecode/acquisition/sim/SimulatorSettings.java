package org.eegdecode.acquisition.sim;

import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.stimulus.MarkerConvention;

/**
 * The {@code simulate:} section: what the amplifier simulator streams and what it injects, and how
 * its stimulus markers look ({@code marker_format}: the LSL channel format of the marker stream;
 * {@code marker_convention}: how each marker names its image; {@code catch_every}: a catch marker
 * after every N-th trial).
 */
public record SimulatorSettings(
    String split,
    int subject,
    double nativeRate,
    double soa,
    int trials,
    String eegName,
    String markerName,
    String sourceId,
    double chunkMs,
    double leadS,
    double jitterMs,
    double clockOffsetS,
    double markerLagMs,
    int duplicateMarkers,
    int dropouts,
    double outageAtS,
    double outageS,
    int extraChannels,
    boolean shuffleChannels,
    long seed,
    double waitForConsumersS,
    String markerFormat,
    String markerConvention,
    int catchEvery) {

  /** The LSL channel formats a marker stream can have. */
  public static final List<String> MARKER_FORMATS =
      List.of("string", "int8", "int16", "int32", "int64", "float32", "double64");

  public static SimulatorSettings from(Config config) {
    SimulatorSettings s = config.section("simulate", SimulatorSettings.class);
    s.validate();
    return s;
  }

  private void validate() {
    if (!split.equals("test") && !split.equals("training")) {
      throw new ConfigException("simulate.split must be 'test' or 'training', got '" + split + "'");
    }
    require(subject >= 1, "simulate.subject must be ≥ 1, got " + subject);
    require(nativeRate > 0, "simulate.native_rate must be positive, got " + nativeRate);
    require(soa > 0, "simulate.soa must be positive, got " + soa);
    require(trials > 0, "simulate.trials must be positive, got " + trials);
    require(chunkMs > 0, "simulate.chunk_ms must be positive, got " + chunkMs);
    require(leadS >= 0, "simulate.lead_s must be ≥ 0, got " + leadS);
    require(jitterMs >= 0, "simulate.jitter_ms must be ≥ 0, got " + jitterMs);
    require(markerLagMs >= 0, "simulate.marker_lag_ms must be ≥ 0, got " + markerLagMs);
    require(
        duplicateMarkers >= 0, "simulate.duplicate_markers must be ≥ 0, got " + duplicateMarkers);
    require(dropouts >= 0, "simulate.dropouts must be ≥ 0, got " + dropouts);
    require(outageS >= 0, "simulate.outage_s must be ≥ 0, got " + outageS);
    require(extraChannels >= 0, "simulate.extra_channels must be ≥ 0, got " + extraChannels);
    require(
        MARKER_FORMATS.contains(markerFormat),
        "simulate.marker_format must be one of " + MARKER_FORMATS + ", got '" + markerFormat + "'");
    MarkerConvention convention;
    try {
      convention = MarkerConvention.of(markerConvention);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("simulate.marker_convention: " + e.getMessage());
    }
    require(
        markerFormat.equals("string")
            || convention == MarkerConvention.CODE
            || convention == MarkerConvention.MAPPING,
        "simulate.marker_format "
            + markerFormat
            + " carries numbers: simulate.marker_convention must be code or mapping (with"
            + " integer markers), got "
            + markerConvention);
    require(catchEvery >= 0, "simulate.catch_every must be ≥ 0, got " + catchEvery);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }

  public boolean training() {
    return split.equals("training");
  }

  public MarkerConvention convention() {
    return MarkerConvention.of(markerConvention);
  }

  /** Whether the marker stream carries numbers. */
  public boolean numericMarkers() {
    return !markerFormat.equals("string");
  }

  /** The marker stream's source_id. */
  public String markerSourceId() {
    return sourceId + "-markers";
  }
}
