package org.eegdecode.acquisition.bids;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link BrainVisionWriter} wrote, straight from the specification (INI sections,
 * {@code Ch<n>=name,ref,resolution,unit}, {@code Mk<n>=type,description,position,size,channel},
 * float32 little-endian multiplexed data), for the exact comparisons of the tests. A reader the
 * project did not write (MNE) is checked separately where it is installed.
 */
final class BrainVisionFiles {
  record Marker(String type, String description, long position, long size) {}

  final Map<String, Map<String, String>> header;
  final List<String> names = new ArrayList<>();
  final List<String> units = new ArrayList<>();
  final double rate;
  final int channels;
  final float[] data;
  final List<Marker> markers = new ArrayList<>();

  private BrainVisionFiles(Path vhdr) throws IOException {
    header = ini(vhdr);
    Map<String, String> common = header.get("Common Infos");
    if (!"MULTIPLEXED".equals(common.get("DataOrientation"))
        || !"BINARY".equals(common.get("DataFormat"))
        || !"IEEE_FLOAT_32".equals(header.get("Binary Infos").get("BinaryFormat"))) {
      throw new IOException(vhdr + ": not float32 multiplexed binary");
    }
    channels = Integer.parseInt(common.get("NumberOfChannels"));
    rate = 1e6 / Double.parseDouble(common.get("SamplingInterval"));
    Map<String, String> infos = header.get("Channel Infos");
    for (int c = 1; c <= channels; c++) {
      String[] f = infos.get("Ch" + c).split(",", -1);
      names.add(f[0].replace("\\1", ","));
      if (!f[2].equals("1")) {
        throw new IOException("resolution " + f[2]);
      }
      units.add(f[3].replace("\\1", ","));
    }
    byte[] bytes = Files.readAllBytes(vhdr.resolveSibling(common.get("DataFile")));
    if (bytes.length % (4 * channels) != 0) {
      throw new IOException("data is not whole samples: " + bytes.length + " bytes");
    }
    data = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    Map<String, String> mk = ini(vhdr.resolveSibling(common.get("MarkerFile"))).get("Marker Infos");
    for (int k = 1; mk.containsKey("Mk" + k); k++) {
      String[] f = mk.get("Mk" + k).split(",", -1);
      markers.add(
          new Marker(
              f[0].replace("\\1", ","),
              f[1].replace("\\1", ","),
              Long.parseLong(f[2]) - 1,
              Long.parseLong(f[3])));
    }
  }

  static BrainVisionFiles read(Path vhdr) throws IOException {
    return new BrainVisionFiles(vhdr);
  }

  int samples() {
    return data.length / channels;
  }

  float value(int sample, int channel) {
    return data[sample * channels + channel];
  }

  List<Marker> markers(String type) {
    return markers.stream().filter(m -> m.type().equals(type)).toList();
  }

  /** Sections of key=value lines; comment lines (;) and the first (identification) line skipped. */
  private static Map<String, Map<String, String>> ini(Path file) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Map<String, String> section = null;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith(";") || line.isBlank()) {
        continue;
      }
      if (line.startsWith("[")) {
        section = new LinkedHashMap<>();
        out.put(line.substring(1, line.indexOf(']')), section);
      } else if (section != null && line.indexOf('=') > 0) {
        section.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return out;
  }
}
