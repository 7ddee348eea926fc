package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.xdf.XdfWriter;

/**
 * Writes a session as an XDF file with LabRecorder's structure: each stream's header (its recorded
 * liblsl XML), its samples with the stream's own raw timestamps, its clock offsets (collection time
 * in the stream's clock, as LabRecorder writes them: local time − offset), boundary chunks and
 * footers; pyxdf's synchronisation then rebuilds the corrected timestamps. Decoded results, when
 * the session has them, become one more string stream ({@value #RESULTS_NAME}, type {@value
 * #RESULTS_TYPE}) of one JSON object per epoch, stamped when the result was published (local clock,
 * so it needs no offsets). The file appears only once complete ({@link XdfWriter}). A numeric
 * marker stream (integer triggers on int32, float32 …), recorded as marker records, is written back
 * as numbers in its own format.
 */
public final class XdfExport {
  public static final String RESULTS_NAME = "eegdecode-results";
  public static final String RESULTS_TYPE = "DecodedConcepts";

  private XdfExport() {}

  /** Exports {@code session} to {@code xdf}; returns a summary (samples per stream). */
  public static ObjectNode export(Path session, Path xdf) throws IOException {
    SessionReader reader = SessionReader.open(session);
    List<SessionStream> streams = reader.streams();
    Map<Integer, long[]> counts = new HashMap<>();
    Map<Integer, StreamInfo> numericStreams = new HashMap<>();
    for (SessionStream s : streams) {
      if (!s.info().isString()) {
        numericStreams.put(s.id(), s.info());
      }
    }
    XdfWriter writer = XdfWriter.create(xdf);
    try {
      long resultsId = 0;
      for (SessionStream s : streams) {
        // The recorded liblsl XML, as LabRecorder writes it, unless it lost the channel labels.
        boolean usable =
            !s.xml().isBlank() && (s.channelLabels().isEmpty() || s.xml().contains("<label>"));
        String xml = usable ? s.xml() : XdfWriter.headerXml(s.info(), 0.0);
        writer.streamHeader(s.id(), xml);
        counts.put(s.id(), new long[1]);
        resultsId = Math.max(resultsId, s.id() + 1L);
      }
      ResultStream results = new ResultStream(writer, resultsId);
      reader.read(
          new SessionReader.Visitor() {
            private final double[] one = new double[1];

            @Override
            public void numeric(
                int stream,
                int valueBytes,
                int channels,
                int n,
                long[] index,
                double[] raw,
                double[] corrected,
                double[] values) {
              long[] count = counts.get(stream);
              if (count == null) {
                return;
              }
              try {
                writer.numericSamples(stream, channels, n, raw, values);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              count[0] += n;
            }

            @Override
            public void string(
                int stream, double raw, double corrected, double number, String[] values) {
              long[] count = counts.get(stream);
              if (count == null) {
                return;
              }
              one[0] = raw;
              try {
                StreamInfo numeric = numericStreams.get(stream);
                if (numeric == null) {
                  writer.stringSamples(stream, 1, one, values);
                } else {
                  writer.numericSamples(
                      stream, numeric.channelCount(), 1, one, numbers(numeric, number, values));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              count[0]++;
            }

            @Override
            public void clock(int stream, double collectedAt, double offset) {
              if (!counts.containsKey(stream)) {
                return;
              }
              try {
                writer.clockOffset(stream, collectedAt - offset, offset);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }

            @Override
            public void decoder(ObjectNode info) {
              results.describe(info);
            }

            @Override
            public void result(
                long epoch,
                double markerTimestamp,
                double onsetTimestamp,
                double publishedLsl,
                double completeToResultMs,
                String marker,
                int k,
                int[] rows,
                float[] scores) {
              results.write(
                  epoch,
                  markerTimestamp,
                  publishedLsl,
                  completeToResultMs,
                  marker,
                  k,
                  rows,
                  scores);
            }
          });
      writer.close();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      if (e instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw e;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("session", session.toString());
    out.put("xdf", xdf.toString());
    ArrayNode list = out.putArray("streams");
    for (SessionStream s : streams) {
      list.addObject()
          .put("id", s.id())
          .put("name", s.name())
          .put("samples", counts.get(s.id())[0]);
    }
    return out;
  }

  /** A marker record of a numeric stream as its values (the number, else the texts parsed). */
  private static double[] numbers(StreamInfo info, double number, String[] values) {
    double[] out = new double[info.channelCount()];
    for (int c = 0; c < out.length; c++) {
      String text = c < values.length ? values[c].strip() : "";
      if (c == 0 && !Double.isNaN(number)) {
        out[c] = number;
      } else {
        try {
          out[c] = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "marker '"
                  + text
                  + "' of "
                  + info.channelFormat()
                  + " stream '"
                  + info.name()
                  + "' is not a number");
        }
      }
    }
    return out;
  }

  /** The decoded results as a JSON string stream, declared at its first result. */
  private static final class ResultStream {
    private final XdfWriter writer;
    private final long id;
    private final double[] stamp = new double[1];
    private final String[] value = new String[1];
    private JsonNode concepts;
    private JsonNode files;
    private boolean declared;

    ResultStream(XdfWriter writer, long id) {
      this.writer = writer;
      this.id = id;
    }

    void describe(ObjectNode info) {
      concepts = info.get("concepts");
      files = info.get("files");
    }

    void write(
        long epoch,
        double markerTimestamp,
        double published,
        double completeMs,
        String marker,
        int k,
        int[] rows,
        float[] scores) {
      try {
        if (!declared) {
          declared = true;
          StreamInfo info =
              new StreamInfo(
                  RESULTS_NAME, RESULTS_TYPE, 1, 0.0, "string", RESULTS_NAME, "", "", List.of());
          writer.streamHeader(id, XdfWriter.headerXml(info, published));
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("epoch", epoch);
        json.put("marker", marker);
        json.put("marker_ts", markerTimestamp);
        ArrayNode top = json.putArray("topk");
        for (int r = 0; r < k; r++) {
          ObjectNode entry = top.addObject();
          if (concepts != null && rows[r] < concepts.size()) {
            entry.put("concept", concepts.get(rows[r]).asText());
            entry.put("file", files.get(rows[r]).asText());
          } else {
            entry.put("row", rows[r]);
          }
          entry.put("score", scores[r]);
        }
        json.put("complete_to_result_ms", completeMs);
        stamp[0] = published;
        value[0] = json.toString();
        writer.stringSamples(id, 1, stamp, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
