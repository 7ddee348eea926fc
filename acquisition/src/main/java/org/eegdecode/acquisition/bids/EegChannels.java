package org.eegdecode.acquisition.bids;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.eegdecode.acquisition.session.SessionStream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The EEG stream's channels as BIDS and BrainVision need them: names, units and BIDS types, read
 * from the stream's description ({@code desc/channels/channel} with {@code label}, {@code unit},
 * {@code type}, the XDF meta-data convention liblsl apps follow). Units are spelled the BIDS way
 * ({@code microvolts} becomes {@code µV}); a channel without a unit gets {@code n/a}. Names must
 * exist (from the description or given by the user), be unique and non-blank: BIDS requires it.
 */
public record EegChannels(List<String> names, List<String> units, List<String> types) {
  /** BIDS channel types ({@code channels.tsv} {@code type}); anything else becomes MISC. */
  private static final List<String> BIDS_TYPES =
      List.of(
          "AUDIO",
          "EEG",
          "EOG",
          "ECG",
          "EMG",
          "EYEGAZE",
          "GSR",
          "HEOG",
          "MISC",
          "PPG",
          "PUPIL",
          "REF",
          "RESP",
          "SYSCLOCK",
          "TEMP",
          "TRIG",
          "VEOG");

  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("microvolts", "µV"),
          Map.entry("microvolt", "µV"),
          Map.entry("uv", "µV"),
          Map.entry("µv", "µV"),
          Map.entry("μv", "µV"), // Greek mu
          Map.entry("millivolts", "mV"),
          Map.entry("millivolt", "mV"),
          Map.entry("mv", "mV"),
          Map.entry("volts", "V"),
          Map.entry("volt", "V"),
          Map.entry("v", "V"),
          Map.entry("nanovolts", "nV"),
          Map.entry("nanovolt", "nV"),
          Map.entry("nv", "nV"));

  public EegChannels {
    names = List.copyOf(names);
    units = List.copyOf(units);
    types = List.copyOf(types);
  }

  public int count() {
    return names.size();
  }

  /**
   * The channels of {@code stream}; {@code names} (may be null) replace the labels, for streams
   * whose description has none.
   *
   * @throws IOException no labels and none given, a count that does not match, a blank or repeated
   *     name
   */
  public static EegChannels of(SessionStream stream, List<String> names) throws IOException {
    int n = stream.channelCount();
    List<Map<String, String>> described = describedChannels(stream.xml());
    List<String> labels;
    if (names != null && !names.isEmpty()) {
      if (names.size() != n) {
        throw new IOException(
            "--channels: "
                + names.size()
                + " names for the "
                + n
                + " channels of EEG stream '"
                + stream.name()
                + "'");
      }
      labels = List.copyOf(names);
    } else {
      labels = stream.channelLabels();
      if (labels.isEmpty() && described.size() == n) {
        labels = new ArrayList<>();
        for (Map<String, String> c : described) {
          labels.add(c.getOrDefault("label", ""));
        }
      }
      if (labels.isEmpty() || labels.stream().allMatch(String::isBlank)) {
        throw new IOException(
            "EEG stream '"
                + stream.name()
                + "' has no channel labels in its description (desc/channels/channel/label);"
                + " BIDS needs channel names: give them with --channels NAME,NAME,…");
      }
      if (labels.size() != n) {
        throw new IOException(
            "EEG stream '"
                + stream.name()
                + "': "
                + labels.size()
                + " channel labels for "
                + n
                + " channels");
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String label = labels.get(i).strip();
      if (label.isEmpty()) {
        throw new IOException(
            "EEG stream '" + stream.name() + "': channel " + (i + 1) + " has a blank label");
      }
      if (label.indexOf('\t') >= 0 || label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
        throw new IOException(
            "EEG stream '"
                + stream.name()
                + "': channel label '"
                + label
                + "' holds a tab/newline");
      }
      Integer before = seen.put(label, i + 1);
      if (before != null) {
        throw new IOException(
            "EEG stream '"
                + stream.name()
                + "': channel label '"
                + label
                + "' is used by channels "
                + before
                + " and "
                + (i + 1)
                + " (BIDS channel names must be unique)");
      }
    }
    boolean eegStream = stream.info().type().equalsIgnoreCase("EEG");
    List<String> units = new ArrayList<>(n);
    List<String> types = new ArrayList<>(n);
    List<String> finalNames = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, String> c = described.size() == n ? described.get(i) : Map.of();
      finalNames.add(labels.get(i).strip());
      units.add(unit(c.get("unit")));
      types.add(type(c.get("type"), eegStream));
    }
    return new EegChannels(finalNames, units, types);
  }

  /** A BIDS unit for an LSL unit string ({@code n/a} when absent). */
  static String unit(String lsl) {
    if (lsl == null || lsl.isBlank()) {
      return "n/a";
    }
    String u = lsl.strip();
    return UNITS.getOrDefault(u.toLowerCase(Locale.ROOT), u);
  }

  /** A BIDS channel type for an LSL channel type; without one, the stream's (EEG or MISC). */
  static String type(String lsl, boolean eegStream) {
    if (lsl == null || lsl.isBlank()) {
      return eegStream ? "EEG" : "MISC";
    }
    String t = lsl.strip().toUpperCase(Locale.ROOT);
    return switch (t) {
      case "TRIGGER", "STIM", "MARKER", "MARKERS" -> "TRIG";
      case "REFERENCE" -> "REF";
      default -> BIDS_TYPES.contains(t) ? t : "MISC";
    };
  }

  /** The {@code desc/channels/channel} children of an info XML as maps, in order. */
  static List<Map<String, String>> describedChannels(String xml) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    if (xml == null || xml.isBlank()) {
      return out;
    }
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      doc = builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("unreadable stream description XML (" + e.getMessage() + ")", e);
    }
    Element desc = child(doc.getDocumentElement(), "desc");
    Element channels = desc == null ? null : child(desc, "channels");
    if (channels == null) {
      return out;
    }
    NodeList nodes = channels.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element e && e.getTagName().equals("channel")) {
        Map<String, String> fields = new HashMap<>();
        NodeList kids = e.getChildNodes();
        for (int k = 0; k < kids.getLength(); k++) {
          if (kids.item(k) instanceof Element field) {
            fields.putIfAbsent(field.getTagName(), field.getTextContent().strip());
          }
        }
        out.add(fields);
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
