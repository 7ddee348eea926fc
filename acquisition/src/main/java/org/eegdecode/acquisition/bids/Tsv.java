package org.eegdecode.acquisition.bids;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A BIDS tab-separated table: a header row, then one row per line, UTF-8, {@code n/a} for a missing
 * value. Written by hand on purpose: BIDS TSV has no quoting or escaping at all (a CSV library
 * would quote cells, which BIDS readers then take literally), so a cell simply must not hold a tab
 * or a line break; {@link #cell} turns those into spaces.
 */
final class Tsv {
  static final String NA = "n/a";

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Tsv(List<String> header) {
    this.header = List.copyOf(header);
  }

  Tsv(String... header) {
    this(Arrays.asList(header));
  }

  List<String> header() {
    return header;
  }

  List<List<String>> rows() {
    return rows;
  }

  /** Appends a row; cells are cleaned by {@link #cell}. */
  void add(List<String> row) {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException(row.size() + " cells for " + header.size() + " columns");
    }
    List<String> clean = new ArrayList<>(row.size());
    for (String c : row) {
      clean.add(cell(c));
    }
    rows.add(clean);
  }

  void add(String... row) {
    add(Arrays.asList(row));
  }

  /** A cell: null or blank is n/a; tabs and line breaks become spaces. */
  static String cell(String value) {
    if (value == null || value.isBlank()) {
      return NA;
    }
    return value.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
  }

  /** A number in seconds with microsecond resolution (plain decimal, no exponent). */
  static String seconds(double s) {
    return Double.isNaN(s) ? NA : String.format(Locale.ROOT, "%.6f", s);
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.join("\t", header)).append('\n');
    for (List<String> r : rows) {
      b.append(String.join("\t", r)).append('\n');
    }
    return b.toString();
  }

  void write(Path file) throws IOException {
    Files.writeString(file, text(), StandardCharsets.UTF_8);
  }

  /** Reads a BIDS TSV (first line the header; short rows padded with n/a). */
  static Tsv read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IOException(file + ": empty table (no header row)");
    }
    String first = lines.get(0);
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1);
    }
    Tsv t = new Tsv(Arrays.asList(first.split("\t", -1)));
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      List<String> cells = new ArrayList<>(Arrays.asList(line.split("\t", -1)));
      if (cells.size() > t.header.size()) {
        throw new IOException(
            file
                + ": line "
                + (i + 1)
                + " has "
                + cells.size()
                + " cells for "
                + t.header.size()
                + " columns");
      }
      while (cells.size() < t.header.size()) {
        cells.add(NA);
      }
      t.rows.add(cells);
    }
    return t;
  }
}
