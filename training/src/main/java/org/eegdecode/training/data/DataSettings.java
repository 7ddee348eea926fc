package org.eegdecode.training.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The seed's data keys (top level of the configuration). Jackson's snake_case strategy turns {@code
 * eegTStart} into {@code eeg_tstart}, hence the explicit names.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataSettings(
    String datasetDir,
    String featurePath,
    String eegSuffix,
    @JsonProperty("eeg_t_start") double eegTStart,
    @JsonProperty("eeg_t_end") double eegTEnd,
    boolean dataAverage,
    boolean dataAverageTest,
    List<String> channels,
    double valFraction,
    String protocol,
    int subject,
    long seed) {

  public static DataSettings from(Config config) {
    DataSettings settings = config.section("", DataSettings.class);
    settings.validate();
    return settings;
  }

  /** The same settings with another seed (validation split). */
  public DataSettings withSeed(long newSeed) {
    return new DataSettings(
        datasetDir,
        featurePath,
        eegSuffix,
        eegTStart,
        eegTEnd,
        dataAverage,
        dataAverageTest,
        channels,
        valFraction,
        protocol,
        subject,
        newSeed);
  }

  /** The same settings with other repetition averaging for training and test. */
  public DataSettings withAveraging(boolean training, boolean test) {
    return new DataSettings(
        datasetDir,
        featurePath,
        eegSuffix,
        eegTStart,
        eegTEnd,
        training,
        test,
        channels,
        valFraction,
        protocol,
        subject,
        seed);
  }

  private void validate() {
    if (!(eegTEnd > eegTStart)) {
      throw new ConfigException(
          "eeg_t_end (" + eegTEnd + ") must be greater than eeg_t_start (" + eegTStart + ")");
    }
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new ConfigException("val_fraction must be in [0, 1), got " + valFraction);
    }
    if (!protocol.equals("intra") && !protocol.equals("inter")) {
      throw new ConfigException("protocol must be 'intra' or 'inter', got '" + protocol + "'");
    }
    if (subject == 0 || subject < -1) {
      throw new ConfigException("subject must be a subject number (1, 2, …) or -1, got " + subject);
    }
  }
}
