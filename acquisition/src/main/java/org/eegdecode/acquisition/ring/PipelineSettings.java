package org.eegdecode.acquisition.ring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Locale;
import org.eegdecode.acquisition.config.Config;

/**
 * The {@code acquisition:} keys the rings and the epocher use (the LSL keys of the same section
 * belong to the ingest and are ignored here).
 *
 * @param ringSize sample-ring events, a power of two
 * @param epochRingSize epoch-ring events, a power of two
 * @param waitStrategy how idle ring consumers wait: blocking | lite_blocking | sleeping | yielding
 *     | busy_spin
 * @param bufferSeconds native signal kept for markers that arrive after their data
 * @param maxPendingEpochs epochs open at once (waiting for samples)
 * @param markerFilter regex the whole marker text must match ("" = any)
 * @param markerValues exact marker texts that open an epoch (empty = any)
 * @param antialiasCutoff anti-alias low-pass cutoff as a fraction of the model rate
 * @param antialiasHalfWidthS anti-alias FIR half-length in seconds
 * @param timestampJumpS a timestamp step this far from what the sample index implies is a clock
 *     jump
 * @param stopTimeoutS how long {@code stop()} waits for the rings to drain
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSettings(
    int ringSize,
    int epochRingSize,
    String waitStrategy,
    double bufferSeconds,
    int maxPendingEpochs,
    String markerFilter,
    List<String> markerValues,
    double antialiasCutoff,
    double antialiasHalfWidthS,
    double timestampJumpS,
    double stopTimeoutS) {

  public PipelineSettings {
    markerFilter = markerFilter == null ? "" : markerFilter;
    markerValues = markerValues == null ? List.of() : List.copyOf(markerValues);
    waitStrategy = waitStrategy == null ? "blocking" : waitStrategy.trim().toLowerCase(Locale.ROOT);
    requirePowerOfTwo("acquisition.ring_size", ringSize);
    requirePowerOfTwo("acquisition.epoch_ring_size", epochRingSize);
    WaitStrategies.parse(waitStrategy); // fails early, naming the key
    requirePositive("acquisition.buffer_seconds", bufferSeconds);
    if (maxPendingEpochs < 1) {
      throw new IllegalArgumentException(
          "acquisition.max_pending_epochs must be >= 1, got " + maxPendingEpochs);
    }
    if (!(antialiasCutoff > 0 && antialiasCutoff < 0.5)) {
      throw new IllegalArgumentException(
          "acquisition.antialias_cutoff is a fraction of the model rate in (0, 0.5), got "
              + antialiasCutoff);
    }
    requirePositive("acquisition.antialias_half_width_s", antialiasHalfWidthS);
    requirePositive("acquisition.timestamp_jump_s", timestampJumpS);
    requirePositive("acquisition.stop_timeout_s", stopTimeoutS);
  }

  /** Binds the {@code acquisition} section. */
  public static PipelineSettings fromConfig(Config config) {
    return config.section("acquisition", PipelineSettings.class);
  }

  /** The defaults of {@code configs/default.yaml}. */
  public static PipelineSettings defaults() {
    return fromConfig(Config.defaults());
  }

  private static void requirePowerOfTwo(String key, int n) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException(key + " must be a power of two >= 2, got " + n);
    }
  }

  private static void requirePositive(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(key + " must be > 0, got " + v);
    }
  }
}
