package org.eegdecode.acquisition.xdf;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eegdecode.acquisition.lsl.StreamInfo;

/**
 * The XML that {@link XdfWriter} puts into FileHeader, StreamHeader and StreamFooter chunks, laid
 * out as LabRecorder and liblsl do. Numbers are written with {@link Double#toString} so that they
 * parse back to the same {@code double}.
 */
final class XdfXml {
  static final String DECLARATION = "<?xml version=\"1.0\"?>";

  /** liblsl's protocol version 1.10 as its {@code stream_info.as_xml()} writes it. */
  private static final String LSL_VERSION = "1.100000000000000";

  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private XdfXml() {}

  /** LabRecorder's file header: the format version and the recording's wall-clock start. */
  static String fileHeader(ZonedDateTime start) {
    return DECLARATION
        + "<info><version>1.0</version><datetime>"
        + DATETIME.format(start)
        + "</datetime></info>";
  }

  /**
   * A stream header as liblsl's {@code stream_info.as_xml()} lays it out (the network fields that
   * mean nothing in a file are left out); {@code desc/channels/channel/label} only when the info
   * has labels.
   */
  static String streamHeader(StreamInfo info, double createdAt) {
    XdfValueFormat.of(info.channelFormat());
    List<String> labels = info.channelLabels();
    if (!labels.isEmpty() && labels.size() != info.channelCount()) {
      throw new IllegalArgumentException(
          "stream '"
              + info.name()
              + "': "
              + labels.size()
              + " channel labels for "
              + info.channelCount()
              + " channels");
    }
    StringBuilder b = new StringBuilder(512 + 64 * labels.size());
    b.append(DECLARATION).append("\n<info>\n");
    element(b, "name", info.name());
    element(b, "type", info.type());
    element(b, "channel_count", Integer.toString(info.channelCount()));
    element(b, "channel_format", info.channelFormat());
    element(b, "source_id", info.sourceId());
    element(b, "nominal_srate", Double.toString(info.nominalRate()));
    element(b, "version", LSL_VERSION);
    element(b, "created_at", Double.toString(createdAt));
    element(b, "uid", info.uid());
    element(b, "session_id", "default");
    element(b, "hostname", info.hostname());
    if (!labels.isEmpty()) {
      b.append("\t<desc>\n\t\t<channels>\n");
      for (String label : labels) {
        b.append("\t\t\t<channel>\n\t\t\t\t<label>")
            .append(escape(label))
            .append("</label>\n\t\t\t</channel>\n");
      }
      b.append("\t\t</channels>\n\t</desc>\n");
    }
    return b.append("</info>\n").toString();
  }

  /**
   * LabRecorder's stream footer: first/last time stamp (0 for an empty stream, as LabRecorder
   * writes), sample count and every clock offset (collection time, offset value).
   */
  static String footer(
      double first, double last, long count, double[] times, double[] values, int offsets) {
    StringBuilder b = new StringBuilder(160 + 80 * offsets);
    b.append(DECLARATION)
        .append("<info><first_timestamp>")
        .append(count == 0 ? "0" : Double.toString(first))
        .append("</first_timestamp><last_timestamp>")
        .append(count == 0 ? "0" : Double.toString(last))
        .append("</last_timestamp><sample_count>")
        .append(count)
        .append("</sample_count><clock_offsets>");
    for (int i = 0; i < offsets; i++) {
      b.append("<offset><time>")
          .append(times[i])
          .append("</time><value>")
          .append(values[i])
          .append("</value></offset>");
    }
    return b.append("</clock_offsets></info>").toString();
  }

  private static void element(StringBuilder b, String name, String text) {
    b.append('\t').append('<').append(name).append('>');
    b.append(escape(text == null ? "" : text));
    b.append("</").append(name).append(">\n");
  }

  /** Escapes XML text; characters XML 1.0 cannot carry at all are rejected. */
  static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String rep;
      switch (c) {
        case '&':
          rep = "&amp;";
          break;
        case '<':
          rep = "&lt;";
          break;
        case '>':
          rep = "&gt;";
          break;
        default:
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
            throw new IllegalArgumentException(
                "character U+" + String.format("%04X", (int) c) + " cannot appear in XML");
          }
          rep = null;
      }
      if (rep != null && b == null) {
        b = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (b != null) {
        if (rep != null) {
          b.append(rep);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? text : b.toString();
  }
}
