package org.eegdecode.acquisition.session;

import org.eegdecode.acquisition.config.Config;

/**
 * The {@code recording} section.
 *
 * @param chunkSamples most EEG samples per NUMERIC record
 * @param minFreeMb free disk below which recording stops (see {@link SessionWriter})
 */
public record RecordingSettings(int chunkSamples, double minFreeMb) {
  public RecordingSettings {
    if (chunkSamples < 1) {
      throw new IllegalArgumentException(
          "recording.chunk_samples must be >= 1, got " + chunkSamples);
    }
    if (!(minFreeMb >= 0)) {
      throw new IllegalArgumentException("recording.min_free_mb must be >= 0, got " + minFreeMb);
    }
  }

  public static RecordingSettings fromConfig(Config config) {
    return config.section("recording", RecordingSettings.class);
  }

  public SessionWriter.Options writerOptions() {
    return new SessionWriter.Options((long) (minFreeMb * (1 << 20)));
  }
}
