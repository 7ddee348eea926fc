package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a session holds, read from its records (not from the manifest alone, which a crash leaves
 * saying {@code recording}): streams with sample counts and time spans, markers, clock offsets,
 * decoded results, duration, and whether it was closed cleanly (an END record exists).
 */
public final class SessionInfo {
  private SessionInfo() {}

  /** Per-stream tallies. */
  private static final class Tally {
    final SessionStream stream;
    long samples;
    long clockOffsets;
    long stalls;
    double first = Double.NaN;
    double last = Double.NaN;
    double firstRaw = Double.NaN;
    double lastRaw = Double.NaN;

    Tally(SessionStream stream) {
      this.stream = stream;
    }

    void stamp(double corrected, double raw) {
      if (Double.isNaN(first)) {
        first = corrected;
        firstRaw = raw;
      }
      last = corrected;
      lastRaw = raw;
    }
  }

  /** The JSON {@code eegdecode session-info} prints. */
  public static ObjectNode describe(Path dir) throws IOException {
    SessionReader reader = SessionReader.open(dir);
    Map<Integer, Tally> tallies = new LinkedHashMap<>();
    long[] counts = new long[3]; // results, unknown records, records before their stream
    ObjectNode[] ends = new ObjectNode[2]; // start info, end summary
    long[] walls = {-1, -1};
    ObjectNode[] decoder = new ObjectNode[1];
    long records =
        reader.read(
            new SessionReader.Visitor() {
              @Override
              public void start(long wallMillis, double lslClock, ObjectNode info) {
                walls[0] = wallMillis;
                ends[0] = info;
              }

              @Override
              public void stream(SessionStream stream) {
                tallies.put(stream.id(), new Tally(stream));
              }

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
                Tally t = tallies.get(stream);
                if (t == null || n == 0) {
                  counts[2]++;
                  return;
                }
                t.samples += n;
                t.stamp(corrected[0], raw[0]);
                t.stamp(corrected[n - 1], raw[n - 1]);
              }

              @Override
              public void string(
                  int stream, double raw, double corrected, double number, String[] values) {
                Tally t = tallies.get(stream);
                if (t == null) {
                  counts[2]++;
                  return;
                }
                t.samples++;
                t.stamp(corrected, raw);
              }

              @Override
              public void state(int stream, byte state, double corrected) {
                Tally t = tallies.get(stream);
                if (t != null && state == SessionFormat.STATE_STALL) {
                  t.stalls++;
                }
              }

              @Override
              public void clock(int stream, double collectedAt, double offset) {
                Tally t = tallies.get(stream);
                if (t != null) {
                  t.clockOffsets++;
                }
              }

              @Override
              public void decoder(ObjectNode info) {
                decoder[0] = info;
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
                counts[0]++;
              }

              @Override
              public void end(long wallMillis, ObjectNode summary) {
                walls[1] = wallMillis;
                ends[1] = summary;
              }

              @Override
              public void unknown(byte type) {
                counts[1]++;
              }
            });
    ObjectNode manifest = reader.manifest();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("session", dir.toString());
    out.put("state", manifest.path("state").asText());
    out.put("closed_cleanly", walls[1] >= 0);
    if (manifest.hasNonNull("failure")) {
      out.put("failure", manifest.get("failure").asText());
    }
    out.put("recorder", manifest.path("recorder").asText());
    out.put("started", walls[0] >= 0 ? Instant.ofEpochMilli(walls[0]).toString() : null);
    out.put("ended", walls[1] >= 0 ? Instant.ofEpochMilli(walls[1]).toString() : null);
    out.put("records", records);
    double first = Double.NaN;
    double last = Double.NaN;
    long markers = 0;
    ArrayNode streams = out.putArray("streams");
    for (Tally t : tallies.values()) {
      ObjectNode s = streams.addObject();
      SessionStream stream = t.stream;
      s.put("id", stream.id());
      s.put("role", stream.role());
      s.put("name", stream.name());
      s.put("type", stream.info().type());
      s.put("channel_count", stream.channelCount());
      s.put("channel_format", stream.info().channelFormat());
      s.put("nominal_srate", stream.info().nominalRate());
      s.put("source_id", stream.info().sourceId());
      s.put("sample_count", t.samples);
      putTime(s, "first_timestamp", t.first);
      putTime(s, "last_timestamp", t.last);
      s.put("duration_s", t.samples > 0 ? t.last - t.first : 0.0);
      s.put("clock_offsets", t.clockOffsets);
      s.put("stalls", t.stalls);
      if (!Double.isNaN(t.first)) {
        first = Double.isNaN(first) ? t.first : Math.min(first, t.first);
        last = Double.isNaN(last) ? t.last : Math.max(last, t.last);
      }
      if (SessionFormat.ROLE_MARKERS.equals(stream.role())) {
        markers += t.samples;
      }
    }
    out.put("duration_s", Double.isNaN(first) ? 0.0 : last - first);
    out.put("markers", markers);
    out.put("decoded_results", counts[0]);
    if (decoder[0] != null) {
      out.put("bundle", decoder[0].path("bundle").asText());
      out.put("fingerprint", decoder[0].path("fingerprint").asText());
    }
    if (counts[1] > 0) {
      out.put("unknown_records", counts[1]);
    }
    if (counts[2] > 0) {
      out.put("records_without_stream", counts[2]);
    }
    if (ends[1] != null && ends[1].size() > 0) {
      out.set("summary", ends[1]);
    }
    return out;
  }

  private static void putTime(ObjectNode o, String key, double value) {
    if (Double.isNaN(value)) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }
}
