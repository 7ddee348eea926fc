package org.eegdecode.acquisition.lsl;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/** Conversions between native {@code lsl_streaminfo} handles and {@link StreamInfo}. */
final class StreamInfos {
  private static final String[] FORMATS = {
    "undefined", "float32", "double64", "string", "int32", "int16", "int8", "int64"
  };

  private StreamInfos() {}

  static String formatName(int code) {
    return code >= 0 && code < FORMATS.length ? FORMATS[code] : "unknown(" + code + ")";
  }

  static int formatCode(String name) {
    for (int i = 0; i < FORMATS.length; i++) {
      if (FORMATS[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "unknown LSL channel format '" + name + "' (expected one of " + List.of(FORMATS) + ")");
  }

  /** Reads a handle (not destroyed here); labels come from the description when it has them. */
  static StreamInfo read(LslApi api, Pointer info) {
    return new StreamInfo(
        nullToEmpty(api.lsl_get_name(info)),
        nullToEmpty(api.lsl_get_type(info)),
        api.lsl_get_channel_count(info),
        api.lsl_get_nominal_srate(info),
        formatName(api.lsl_get_channel_format(info)),
        nullToEmpty(api.lsl_get_source_id(info)),
        nullToEmpty(api.lsl_get_hostname(info)),
        nullToEmpty(api.lsl_get_uid(info)),
        channelLabels(api, info));
  }

  /** The info's XML ({@code lsl_get_xml}); empty when liblsl returns none. */
  static String xml(LslApi api, Pointer info) {
    Pointer xml = api.lsl_get_xml(info);
    if (xml == null) {
      return "";
    }
    try {
      return xml.getString(0, "UTF-8");
    } finally {
      api.lsl_destroy_string(xml);
    }
  }

  /**
   * {@code desc/channels/channel/label}, in order; empty when the stream has no such description.
   */
  static List<String> channelLabels(LslApi api, Pointer info) {
    Pointer desc = api.lsl_get_desc(info);
    if (isEmpty(api, desc)) {
      return List.of();
    }
    Pointer channels = api.lsl_child(desc, "channels");
    if (isEmpty(api, channels)) {
      return List.of();
    }
    List<String> labels = new ArrayList<>();
    for (Pointer channel = api.lsl_child(channels, "channel");
        !isEmpty(api, channel);
        channel = api.lsl_next_sibling_n(channel, "channel")) {
      labels.add(nullToEmpty(api.lsl_child_value_n(channel, "label")));
    }
    return labels;
  }

  /** Appends {@code channels/channel/{label,unit,type}} to an info's description. */
  static void writeChannels(
      LslApi api, Pointer info, List<String> labels, String unit, String channelType) {
    Pointer channels = api.lsl_append_child(api.lsl_get_desc(info), "channels");
    for (String label : labels) {
      Pointer channel = api.lsl_append_child(channels, "channel");
      api.lsl_append_child_value(channel, "label", label);
      if (unit != null) {
        api.lsl_append_child_value(channel, "unit", unit);
      }
      if (channelType != null) {
        api.lsl_append_child_value(channel, "type", channelType);
      }
    }
  }

  private static boolean isEmpty(LslApi api, Pointer element) {
    return element == null || api.lsl_empty(element) != 0;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
