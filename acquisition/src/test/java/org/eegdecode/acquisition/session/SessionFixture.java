package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.lsl.StreamInfo;

/**
 * A deterministic session for tests: a 4-channel 250 Hz EEG stream written in chunks of {@link
 * #CHUNK} samples, a marker every 50 samples, a clock offset every 100 samples, one stall and
 * resumption. Every value is a function of its sample and channel, so readers can check it.
 */
final class SessionFixture {
  static final int CHANNELS = 4;
  static final double RATE = 250.0;
  static final int CHUNK = 10;
  static final double T0 = 1000.0;
  static final double OFFSET = -0.125;

  static final StreamInfo EEG =
      new StreamInfo(
          "fixture-eeg",
          "EEG",
          CHANNELS,
          RATE,
          "float32",
          "fx-eeg",
          "host",
          "uid-1",
          List.of("Fz", "Cz", "Pz", "Oz"));
  static final StreamInfo MARKERS =
      new StreamInfo(
          "fixture-markers", "Markers", 1, 0.0, "string", "fx-mk", "host", "uid-2", List.of());

  private SessionFixture() {}

  static float value(long sample, int channel) {
    return (float) (Math.sin(sample * 0.01 + channel) * 50 + channel);
  }

  /** Corrected (local) time of sample {@code i}; raw = corrected − offset. */
  static double corrected(long i) {
    return T0 + i / RATE;
  }

  static String marker(int k) {
    return String.format("%05d_thing/thing_%d.jpg", k + 1, k);
  }

  /** Appends {@code chunks} chunks (and their markers, offsets) from sample {@code first}. */
  static void writeChunks(SessionWriter w, long first, int chunks, List<Long> acknowledged) {
    long[] index = new long[CHUNK];
    double[] raw = new double[CHUNK];
    double[] corr = new double[CHUNK];
    float[] values = new float[CHUNK * CHANNELS];
    for (int c = 0; c < chunks; c++) {
      long base = first + (long) c * CHUNK;
      for (int i = 0; i < CHUNK; i++) {
        long s = base + i;
        index[i] = s;
        corr[i] = corrected(s);
        raw[i] = corr[i] - OFFSET;
        for (int ch = 0; ch < CHANNELS; ch++) {
          values[i * CHANNELS + ch] = value(s, ch);
        }
      }
      boolean ok = w.numeric(0, CHANNELS, CHUNK, index, raw, corr, values);
      if (base % 50 == 0) {
        int k = (int) (base / 50);
        byte[] text = marker(k).getBytes(StandardCharsets.UTF_8);
        double t = corrected(base) + 0.001;
        ok &= w.string(1, t - OFFSET, t, Double.NaN, text, text.length);
      }
      if (base % 100 == 0) {
        ok &= w.clock(0, corrected(base), OFFSET);
        ok &= w.clock(1, corrected(base), OFFSET);
      }
      if (ok && acknowledged != null) {
        acknowledged.add(base + CHUNK - 1);
      }
    }
  }

  /** A closed session of {@code chunks} chunks, with a stall in the middle and two results. */
  static SessionWriter write(Path dir, int chunks) throws IOException {
    SessionWriter w = SessionWriter.create(dir, new SessionWriter.Options(0), "test", null);
    w.stream(
        new SessionStream(
            0,
            SessionFormat.ROLE_EEG,
            EEG,
            "<info><name>fixture-eeg</name><type>EEG</type><channel_count>4</channel_count><nominal_srate>250</nominal_srate><channel_format>float32</channel_format></info>"));
    w.stream(new SessionStream(1, SessionFormat.ROLE_MARKERS, MARKERS, ""));
    writeChunks(w, 0, chunks / 2, null);
    w.state(0, SessionFormat.STATE_STALL, corrected(chunks / 2 * CHUNK - 1));
    w.state(0, SessionFormat.STATE_RESUMED, corrected(chunks / 2 * CHUNK));
    writeChunks(w, (long) (chunks / 2) * CHUNK, chunks - chunks / 2, null);
    ObjectNode decoder = JsonNodeFactory.instance.objectNode();
    decoder.put("bundle", "b");
    decoder.put("fingerprint", "f");
    decoder.putArray("concepts").add("00001_thing").add("00002_thing");
    decoder.putArray("files").add("a.jpg").add("b.jpg");
    w.decoder(decoder);
    byte[] m = marker(0).getBytes(StandardCharsets.UTF_8);
    w.result(0, T0, T0, T0 + 1, 0.5, m, m.length, 2, new int[] {1, 0}, new float[] {0.5f, 0.25f});
    w.result(
        1,
        T0 + 0.2,
        T0 + 0.2,
        T0 + 1.2,
        0.6,
        m,
        m.length,
        2,
        new int[] {0, 1},
        new float[] {0.75f, 0.125f});
    return w;
  }

  /** Everything a reader sees, flattened for comparisons. */
  static final class Collected implements SessionReader.Visitor {
    final List<SessionStream> streams = new ArrayList<>();
    final List<Long> index = new ArrayList<>();
    final List<Double> raw = new ArrayList<>();
    final List<Double> corrected = new ArrayList<>();
    final List<double[]> values = new ArrayList<>();
    final List<String> markers = new ArrayList<>();
    final List<Double> markerRaw = new ArrayList<>();
    final List<double[]> clocks = new ArrayList<>();
    final List<Byte> states = new ArrayList<>();
    final List<int[]> resultRows = new ArrayList<>();
    boolean ended;

    @Override
    public void stream(SessionStream stream) {
      streams.add(stream);
    }

    @Override
    public void numeric(
        int stream,
        int valueBytes,
        int channels,
        int n,
        long[] idx,
        double[] r,
        double[] c,
        double[] v) {
      for (int i = 0; i < n; i++) {
        index.add(idx[i]);
        raw.add(r[i]);
        corrected.add(c[i]);
        double[] row = new double[channels];
        System.arraycopy(v, i * channels, row, 0, channels);
        values.add(row);
      }
    }

    @Override
    public void string(int stream, double r, double c, double number, String[] v) {
      if (stream != 1) {
        return;
      }
      markers.add(v[0]);
      markerRaw.add(r);
    }

    @Override
    public void clock(int stream, double at, double offset) {
      clocks.add(new double[] {stream, at, offset});
    }

    @Override
    public void state(int stream, byte state, double c) {
      states.add(state);
    }

    @Override
    public void result(
        long epoch,
        double markerTs,
        double onsetTs,
        double published,
        double completeMs,
        String marker,
        int k,
        int[] rows,
        float[] scores) {
      int[] copy = new int[k];
      System.arraycopy(rows, 0, copy, 0, k);
      resultRows.add(copy);
    }

    @Override
    public void end(long wallMillis, ObjectNode summary) {
      ended = true;
    }
  }

  static Collected read(Path dir) throws IOException {
    Collected c = new Collected();
    SessionReader.open(dir).read(c);
    return c;
  }
}
