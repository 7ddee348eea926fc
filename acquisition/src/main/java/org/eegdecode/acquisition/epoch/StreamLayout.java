package org.eegdecode.acquisition.epoch;

import java.util.List;

/**
 * The EEG stream as the epocher sees it: its name (for error messages), nominal rate and channel
 * labels in the order of {@link org.eegdecode.acquisition.ring.SampleEvent#values()}.
 */
public record StreamLayout(String name, double nominalRate, List<String> channelLabels) {
  public StreamLayout {
    name = name == null ? "" : name;
    channelLabels = List.copyOf(channelLabels);
    if (channelLabels.isEmpty()) {
      throw new IllegalArgumentException("EEG stream '" + name + "' has no channels");
    }
  }

  /**
   * A layout from what the stream announces; when it does not label exactly {@code channelCount}
   * channels, they are called {@code ch1 … chN} (a model that needs real labels then fails with the
   * missing names).
   */
  public static StreamLayout of(
      String name, double nominalRate, int channelCount, List<String> channelLabels) {
    if (channelLabels != null && channelLabels.size() == channelCount) {
      return new StreamLayout(name, nominalRate, channelLabels);
    }
    String[] generated = new String[channelCount];
    for (int c = 0; c < channelCount; c++) {
      generated[c] = "ch" + (c + 1);
    }
    return new StreamLayout(name, nominalRate, List.of(generated));
  }

  public int channelCount() {
    return channelLabels.size();
  }
}
