package org.eegdecode.acquisition.bids;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.session.SessionFormat;
import org.eegdecode.acquisition.session.SessionStream;
import org.eegdecode.acquisition.session.SessionWriter;

/**
 * A deterministic session with everything the BIDS export must place: a 5-channel 250 Hz EEG stream
 * (three EEG channels in microvolts, an EOG channel whose label holds a comma, a MISC channel
 * without unit) of {@link #SAMPLES} recorded samples, {@link #GAP} samples lost after sample {@link
 * #GAP_AT} − 1, a clock reset (raw stamps jump, corrected ones do not) at sample {@link #CLOCK_AT},
 * a stall around the gap, string markers ({@code concept/file}, an integer code, a text with a
 * comma; one before the first sample, one in the gap, one after the last sample) and two decoded
 * results. Sample {@code s} (counted as if nothing were lost) lies at {@code T0 + s/RATE}; markers
 * lie {@link #MARKER_FRACTION} of a period after their sample.
 */
final class BidsFixture {
  static final double RATE = 250;
  static final double T0 = 1000;
  static final int SAMPLES = 2000; // recorded (written) samples
  static final int GAP_AT = 1000; // first lost sample (timeline numbering)
  static final int GAP = 10; // lost samples
  static final int CLOCK_AT = 1500; // file position of the first sample after the clock reset
  static final double MARKER_FRACTION = 0.4;
  static final List<String> LABELS = List.of("Fz", "Cz", "Pz", "HEOG,left", "Aux");
  static final int[] MARKER_SAMPLES = {100, 250, 500, 1200, 1700}; // timeline numbering
  static final String CODE = "99999";
  static final String COMMA = "go, now";

  private BidsFixture() {}

  static final String XML =
      "<?xml version=\"1.0\"?><info><name>fx-eeg</name><type>EEG</type>"
          + "<channel_count>5</channel_count><nominal_srate>250</nominal_srate>"
          + "<channel_format>float32</channel_format><source_id>fx</source_id><desc><channels>"
          + "<channel><label>Fz</label><unit>microvolts</unit><type>EEG</type></channel>"
          + "<channel><label>Cz</label><unit>microvolts</unit><type>EEG</type></channel>"
          + "<channel><label>Pz</label><unit>microvolts</unit><type>EEG</type></channel>"
          + "<channel><label>HEOG,left</label><unit>microvolts</unit><type>EOG</type></channel>"
          + "<channel><label>Aux</label><type>MISC</type></channel>"
          + "</channels></desc></info>";

  static final StreamInfo EEG =
      new StreamInfo("fx-eeg", "EEG", 5, RATE, "float32", "fx", "host", "uid-1", LABELS);
  static final StreamInfo MARKERS =
      new StreamInfo("fx-markers", "Markers", 1, 0, "string", "fx-mk", "host", "uid-2", List.of());

  /** The value of channel {@code c} at recorded (file) sample {@code i}. */
  static float value(int i, int c) {
    return (float) (Math.sin(i * 0.037 + c) * 40 + c * 3.25 + i * 1e-3);
  }

  /** Timeline sample number of file sample {@code i}. */
  static int timelineSample(int i) {
    return i < GAP_AT ? i : i + GAP;
  }

  /** File position of timeline sample {@code s} (not in the gap). */
  static int filePosition(int s) {
    return s < GAP_AT ? s : s - GAP;
  }

  static double corrected(int timelineSample) {
    return T0 + timelineSample / RATE;
  }

  /** The raw stamp: the stream's clock, reset (shifted by 5000 s) from file sample CLOCK_AT. */
  static double raw(int fileSample, double corrected) {
    return corrected - 0.25 + (fileSample >= CLOCK_AT ? 5000 : 0);
  }

  /** Concept names, unique also without their numeric prefix (the bare-concept convention). */
  static final List<String> WORDS = List.of("aardvark", "bat", "cat", "dog", "eel");

  static String concept(int k) {
    return String.format("%05d_%s", k + 1, WORDS.get(k));
  }

  static String conceptMarker(int k) {
    return String.format("%s/%s_%d.jpg", concept(k), WORDS.get(k), k);
  }

  /** The marker texts sent at {@link #MARKER_SAMPLES}. */
  static List<String> markerTexts() {
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < MARKER_SAMPLES.length; k++) {
      texts.add(k == 2 ? CODE : k == 3 ? COMMA : conceptMarker(k));
    }
    return texts;
  }

  /** The markers in the order written: text and corrected time. */
  static List<Object[]> markers(List<String> texts) {
    List<Object[]> out = new ArrayList<>();
    out.add(new Object[] {"early", T0 - 0.5});
    for (int k = 0; k < MARKER_SAMPLES.length; k++) {
      String text = texts.get(k);
      out.add(new Object[] {text, corrected(MARKER_SAMPLES[k]) + MARKER_FRACTION / RATE});
    }
    out.add(new Object[] {"in-gap", corrected(GAP_AT + GAP / 2)});
    out.add(new Object[] {"late", corrected(SAMPLES + GAP) + 2.0});
    out.sort((a, b) -> Double.compare((double) a[1], (double) b[1]));
    return out;
  }

  /** Writes the session into {@code dir}; returns it closed. */
  static Path write(Path dir) throws IOException {
    return write(dir, true, markerTexts());
  }

  /** The same session with other marker texts at {@link #MARKER_SAMPLES}. */
  static Path writeWithMarkers(Path dir, List<String> texts) throws IOException {
    return write(dir, true, texts);
  }

  /** The same session, but its EEG stream describes no channels (no labels, no desc). */
  static Path writeWithoutLabels(Path dir) throws IOException {
    return write(dir, false, markerTexts());
  }

  private static Path write(Path dir, boolean labelled, List<String> texts) throws IOException {
    SessionWriter w = SessionWriter.create(dir, new SessionWriter.Options(0), "test", null);
    StreamInfo eeg =
        labelled
            ? EEG
            : new StreamInfo("fx-eeg", "EEG", 5, RATE, "float32", "fx", "host", "uid-1", List.of());
    String xml = labelled ? XML : XML.substring(0, XML.indexOf("<desc>")) + "<desc /></info>";
    w.stream(new SessionStream(0, SessionFormat.ROLE_EEG, eeg, xml));
    w.stream(new SessionStream(1, SessionFormat.ROLE_MARKERS, MARKERS, ""));
    List<Object[]> markers = markers(texts);
    int nextMarker = 0;
    int chunk = 25;
    long[] index = new long[chunk];
    double[] raw = new double[chunk];
    double[] corr = new double[chunk];
    float[] values = new float[chunk * LABELS.size()];
    for (int first = 0; first < SAMPLES; first += chunk) {
      int n = Math.min(chunk, SAMPLES - first);
      for (int j = 0; j < n; j++) {
        int i = first + j;
        index[j] = i;
        corr[j] = corrected(timelineSample(i));
        raw[j] = raw(i, corr[j]);
        for (int c = 0; c < LABELS.size(); c++) {
          values[j * LABELS.size() + c] = value(i, c);
        }
      }
      if (first == GAP_AT) {
        w.state(0, SessionFormat.STATE_RESUMED, corr[0]);
      }
      while (nextMarker < markers.size() && (double) markers.get(nextMarker)[1] <= corr[n - 1]) {
        writeMarker(w, markers.get(nextMarker++));
      }
      w.numeric(0, LABELS.size(), n, index, raw, corr, values);
      if (first + n == GAP_AT) {
        w.state(0, SessionFormat.STATE_STALL, corr[n - 1]);
      }
      if (first % 500 == 0) {
        w.clock(0, corr[0], corr[0] - raw[0]);
      }
    }
    while (nextMarker < markers.size()) {
      writeMarker(w, markers.get(nextMarker++));
    }
    ObjectNode decoder = JsonNodeFactory.instance.objectNode();
    decoder.put("bundle", "bundle-x");
    decoder.put("fingerprint", "fp");
    decoder.put("top_k", 2);
    decoder.putArray("concepts").add(concept(0)).add(concept(1));
    decoder.putArray("files").add("aardvark_0.jpg").add("bat_1.jpg");
    w.decoder(decoder);
    for (int k = 0; k < 2; k++) {
      byte[] m = conceptMarker(k).getBytes(StandardCharsets.UTF_8);
      double marker = corrected(MARKER_SAMPLES[k]) + MARKER_FRACTION / RATE;
      double onset = corrected(MARKER_SAMPLES[k] + 1);
      w.result(
          k,
          marker,
          onset,
          marker + 0.9,
          3.5 + k,
          m,
          m.length,
          2,
          new int[] {k, 1 - k},
          new float[] {0.75f, 0.125f});
    }
    w.close(JsonNodeFactory.instance.objectNode());
    return dir;
  }

  private static void writeMarker(SessionWriter w, Object[] marker) {
    byte[] text = ((String) marker[0]).getBytes(StandardCharsets.UTF_8);
    double t = (double) marker[1];
    w.string(1, t - 0.25, t, Double.NaN, text, text.length);
  }
}
