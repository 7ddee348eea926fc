package org.eegdecode.acquisition.lsl;

import java.util.List;

/**
 * What is known of an LSL stream. Infos from {@link StreamResolver} carry no description, so their
 * {@code channelLabels} are empty; {@link LslInlet#fullInfo()} fills them from {@code
 * desc/channels/channel/label} (empty when the stream does not describe its channels).
 *
 * @param nominalRate samples per second; 0 for irregular streams (markers)
 * @param channelFormat {@code float32}, {@code double64}, {@code string}, {@code int32}, {@code
 *     int16}, {@code int8}, {@code int64} or {@code undefined}
 * @param uid unique per outlet instance: a restarted outlet keeps its {@code sourceId} but not its
 *     uid
 */
public record StreamInfo(
    String name,
    String type,
    int channelCount,
    double nominalRate,
    String channelFormat,
    String sourceId,
    String hostname,
    String uid,
    List<String> channelLabels) {
  public StreamInfo {
    channelLabels = channelLabels == null ? List.of() : List.copyOf(channelLabels);
  }

  /** True for string-valued streams (typical marker streams). */
  public boolean isString() {
    return "string".equals(channelFormat);
  }

  /** True for irregular-rate streams. */
  public boolean isIrregular() {
    return nominalRate == 0.0;
  }

  /** One line for logs and error messages: name, type, source_id, channels, rate. */
  public String describe() {
    return "name='"
        + name
        + "' type='"
        + type
        + "' source_id='"
        + sourceId
        + "' channels="
        + channelCount
        + " rate="
        + (isIrregular() ? "irregular" : formatRate(nominalRate))
        + " format="
        + channelFormat;
  }

  private static String formatRate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
