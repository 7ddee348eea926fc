package org.eegdecode.decoder.live;

/**
 * The compact JSON object published per decoded epoch (LSL results stream and JSON lines):
 *
 * <pre>
 * {"epoch":12,"marker":"42","marker_ts":1234.5678,
 *  "stimulus":{"concept":"00042_zebra","file":"zebra_01b.jpg","by":"code"},
 *  "topk":[{"concept":"00042_zebra","file":"zebra_01b.jpg","score":0.4213},…],
 *  "latency_ms":{"complete_to_result":0.41,"marker_to_result":812.35}}
 * </pre>
 *
 * {@code epoch} is the epocher's marker number, {@code marker_ts} the marker's timestamp on the
 * local LSL clock, {@code stimulus} the image the marker names ({@code file} null when it names a
 * concept only; the whole field null when it names nothing of the gallery), scores are cosine
 * similarities, latencies in ms with µs resolution. Built in one reused {@link StringBuilder}; only
 * the returned string is allocated. Not thread-safe: one instance per sink.
 */
public final class ResultJson {
  private final StringBuilder out = new StringBuilder(512);

  /** The JSON object for {@code result} (one line, no trailing newline). */
  public String format(DecodedEpoch result) {
    out.setLength(0);
    out.append("{\"epoch\":").append(result.epochIndex());
    out.append(",\"marker\":");
    string(result.markerText());
    out.append(",\"marker_ts\":");
    number(result.markerTimestamp());
    out.append(",\"stimulus\":");
    if (result.stimulusConcept() == null) {
      out.append("null");
    } else {
      out.append("{\"concept\":");
      string(result.stimulusConcept());
      out.append(",\"file\":");
      if (result.stimulusFile() == null) {
        out.append("null");
      } else {
        string(result.stimulusFile());
      }
      out.append(",\"by\":\"").append(result.stimulusConvention().key()).append("\"}");
    }
    out.append(",\"topk\":[");
    for (int r = 0; r < result.topK(); r++) {
      if (r > 0) {
        out.append(',');
      }
      out.append("{\"concept\":");
      string(result.concept(r));
      out.append(",\"file\":");
      string(result.file(r));
      out.append(",\"score\":");
      number(Math.rint(result.score(r) * 1e6) / 1e6);
      out.append('}');
    }
    out.append("],\"latency_ms\":{\"complete_to_result\":");
    number(Math.rint(result.completeToResultMs() * 1e3) / 1e3);
    out.append(",\"marker_to_result\":");
    number(Math.rint(result.markerToResultMs() * 1e3) / 1e3);
    out.append("}}");
    return out.toString();
  }

  private void number(double v) {
    if (Double.isFinite(v)) {
      out.append(v);
    } else {
      out.append("null");
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
