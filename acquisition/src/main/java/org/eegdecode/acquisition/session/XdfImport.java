package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.eegdecode.acquisition.ingest.MarkerIngest;
import org.eegdecode.acquisition.lsl.LslInlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.xdf.XdfFile;
import org.eegdecode.acquisition.xdf.XdfReader;
import org.eegdecode.acquisition.xdf.XdfStream;

/**
 * Turns a LabRecorder XDF file into a session: every stream, with the file's raw stamps as raw and
 * pyxdf-style synchronised, dejittered stamps (the defaults of {@link XdfReader#load}) as
 * corrected, merged across streams in corrected-time order; clock offsets are kept (their
 * collection times moved to the local clock). float32/int8/int16 values are stored as float32,
 * wider formats as float64, so both are exact.
 *
 * <p>Roles: the EEG stream is the one named {@code eegName}, else the first regular numeric stream
 * of type EEG, else the regular numeric stream with the most samples; the marker stream is the one
 * named {@code markerName}, else the first string or irregular numeric stream whose type contains
 * "marker" (integer triggers come on numeric streams: int32, float32 …), else the irregular string
 * stream with the most samples, else the irregular numeric one with the most. Every other stream is
 * kept with role {@code other}.
 *
 * <p>The marker stream's samples become marker records whatever its format, as live recording
 * writes them: the text (a number formatted as {@link LslInlet#formatNumber} does) and the number,
 * so a replay reads integer triggers exactly as the live ingest does; the stream keeps its format
 * in its header, and an export writes the numbers back.
 */
public final class XdfImport {
  private static final int CHUNK = 64;

  private XdfImport() {}

  /** Imports {@code xdf} into the new session directory {@code session}; returns a summary. */
  public static ObjectNode toSession(
      Path xdf, Path session, String eegName, String markerName, SessionWriter.Options options)
      throws IOException {
    XdfFile raw = XdfReader.readRaw(xdf);
    XdfFile synced = XdfReader.load(xdf);
    List<XdfStream> streams = new ArrayList<>();
    for (long id : synced.streamIds()) {
      streams.add(synced.stream(id));
    }
    XdfStream eeg = pick(streams, eegName, xdf, true);
    XdfStream markers = pick(streams, markerName, xdf, false);
    ObjectNode start = JsonNodeFactory.instance.objectNode();
    start.put("imported_from", xdf.toString());
    SessionWriter writer = SessionWriter.create(session, options, "eegdecode import-xdf", start);
    boolean ok = false;
    try {
      List<Cursor> cursors = new ArrayList<>();
      int id = 0;
      for (XdfStream s : streams) {
        String role =
            s == eeg
                ? SessionFormat.ROLE_EEG
                : s == markers ? SessionFormat.ROLE_MARKERS : SessionFormat.ROLE_OTHER;
        SessionStream stream = new SessionStream(id, role, info(s), s.headerXml());
        writer.stream(stream);
        cursors.add(new Cursor(id, s, raw.stream(s.id()), s == markers));
        id++;
      }
      merge(cursors, writer);
      ObjectNode summary = JsonNodeFactory.instance.objectNode();
      summary.put("imported_from", xdf.toString());
      writer.close(summary);
      if (writer.failure() != null) {
        throw new IOException(session + ": import failed: " + writer.failure());
      }
      ok = true;
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("xdf", xdf.toString());
      out.put("session", session.toString());
      out.put("streams", streams.size());
      out.put("eeg", eeg == null ? null : eeg.name());
      out.put("markers", markers == null ? null : markers.name());
      out.put("records", writer.records());
      return out;
    } finally {
      if (!ok) {
        writer.close();
      }
    }
  }

  /** The StreamInfo of an XDF stream (source id, hostname and uid from its header XML). */
  static StreamInfo info(XdfStream s) {
    String xml = s.headerXml();
    return new StreamInfo(
        s.name(),
        s.type(),
        s.channelCount(),
        s.nominalSrate(),
        s.channelFormat(),
        field(xml, "source_id"),
        field(xml, "hostname"),
        field(xml, "uid"),
        s.channelLabels());
  }

  /** The text of the first top-level {@code <tag>…</tag>} in {@code xml}, or "". */
  static String field(String xml, String tag) {
    if (xml == null) {
      return "";
    }
    int open = xml.indexOf("<" + tag + ">");
    int close = open < 0 ? -1 : xml.indexOf("</" + tag + ">", open);
    return close < 0 ? "" : xml.substring(open + tag.length() + 2, close).strip();
  }

  private static XdfStream pick(List<XdfStream> streams, String name, Path xdf, boolean eeg)
      throws IOException {
    if (name != null) {
      for (XdfStream s : streams) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      throw new IOException(xdf + ": no stream named '" + name + "'");
    }
    for (XdfStream s : streams) {
      if (eeg
          ? !s.isString() && s.nominalSrate() > 0 && s.type().equalsIgnoreCase("EEG")
          : (s.isString() || s.nominalSrate() == 0)
              && s.type().toLowerCase(Locale.ROOT).contains("marker")) {
        return s;
      }
    }
    if (eeg) {
      return most(streams, s -> !s.isString() && s.nominalSrate() > 0);
    }
    XdfStream strings = most(streams, s -> s.isString() && s.nominalSrate() == 0);
    return strings != null ? strings : most(streams, s -> !s.isString() && s.nominalSrate() == 0);
  }

  /** The candidate with the most samples (empty streams last), or null. */
  private static XdfStream most(List<XdfStream> streams, Predicate<XdfStream> candidate) {
    XdfStream best = null;
    for (XdfStream s : streams) {
      if (candidate.test(s) && (best == null || s.sampleCount() > best.sampleCount())) {
        best = s;
      }
    }
    return best;
  }

  /** One stream's position in the merge. */
  private static final class Cursor {
    final int id;
    final XdfStream stream;
    final boolean wide;
    final double[] corrected;
    final double[] raw;
    final double[][] numeric;
    final String[][] strings;
    final List<Double> clockTimes;
    final List<Double> clockValues;
    final boolean markers;
    int next;
    int nextClock;

    Cursor(int id, XdfStream synced, XdfStream rawStream, boolean markers) {
      this.id = id;
      this.stream = synced;
      this.markers = markers;
      String format = synced.channelFormat();
      this.wide = format.equals("double64") || format.equals("int32") || format.equals("int64");
      this.corrected = synced.timestamps();
      this.raw = rawStream.timestamps();
      this.numeric = synced.isString() ? null : synced.numericValues();
      this.strings = synced.isString() ? synced.stringValues() : null;
      this.clockTimes = rawStream.clockTimes();
      this.clockValues = rawStream.clockValues();
    }

    /** Local time of the next clock offset (collection time is in the stream's clock). */
    double nextClockTime() {
      return nextClock < clockTimes.size()
          ? clockTimes.get(nextClock) + clockValues.get(nextClock)
          : Double.POSITIVE_INFINITY;
    }

    double nextSampleTime() {
      return next < corrected.length ? corrected[next] : Double.POSITIVE_INFINITY;
    }
  }

  private static void merge(List<Cursor> cursors, SessionWriter writer) throws IOException {
    long[] index = new long[CHUNK];
    double[] raw = new double[CHUNK];
    double[] corrected = new double[CHUNK];
    while (true) {
      Cursor best = null;
      boolean clock = false;
      double bestTime = Double.POSITIVE_INFINITY;
      double second = Double.POSITIVE_INFINITY;
      for (Cursor c : cursors) {
        double tc = c.nextClockTime();
        double ts = c.nextSampleTime();
        double t = Math.min(tc, ts);
        if (t < bestTime) {
          second = bestTime;
          bestTime = t;
          best = c;
          clock = tc <= ts;
        } else if (t < second) {
          second = t;
        }
      }
      if (best == null) {
        return;
      }
      if (clock) {
        writer.clock(best.id, bestTime, best.clockValues.get(best.nextClock));
        best.nextClock++;
      } else if (best.strings != null) {
        int i = best.next++;
        String[] values = best.strings[i];
        double number = values.length == 1 ? MarkerIngest.parseNumber(values[0]) : Double.NaN;
        writer.strings(best.id, best.raw[i], best.corrected[i], number, values);
      } else if (best.markers) {
        int i = best.next++;
        double[] sample = best.numeric[i];
        String[] values = new String[sample.length];
        for (int c = 0; c < sample.length; c++) {
          values[c] = LslInlet.formatNumber(sample[c]);
        }
        double number = sample.length == 0 ? Double.NaN : sample[0];
        writer.strings(best.id, best.raw[i], best.corrected[i], number, values);
      } else {
        int channels = best.stream.channelCount();
        int n = 0;
        double limit = Math.min(second, best.nextClockTime());
        while (n < CHUNK
            && best.next < best.corrected.length
            && (n == 0 || best.corrected[best.next] <= limit)) {
          index[n] = best.next;
          raw[n] = best.raw[best.next];
          corrected[n] = best.corrected[best.next];
          best.next++;
          n++;
        }
        int first = best.next - n;
        if (best.wide) {
          double[] values = new double[n * channels];
          for (int i = 0; i < n; i++) {
            System.arraycopy(best.numeric[first + i], 0, values, i * channels, channels);
          }
          writer.numeric64(best.id, channels, n, index, raw, corrected, values);
        } else {
          float[] values = new float[n * channels];
          for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
              values[i * channels + c] = (float) best.numeric[first + i][c];
            }
          }
          writer.numeric(best.id, channels, n, index, raw, corrected, values);
        }
      }
      if (writer.failure() != null) {
        throw new IOException(writer.directory() + ": import failed: " + writer.failure());
      }
    }
  }
}
