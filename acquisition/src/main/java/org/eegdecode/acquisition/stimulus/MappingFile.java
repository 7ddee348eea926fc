package org.eegdecode.acquisition.stimulus;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A marker mapping file ({@code stimulus.mapping}): one line per marker, the marker then the image
 * it stands for (an image file name, {@code concept/file} or a concept), tab-separated ({@code
 * .tsv}, {@code .txt}) or comma-separated ({@code .csv}; any other name: tab when the first data
 * line has one). Lines starting with {@code #} and blank lines are skipped, as is a first line
 * whose first column is {@code marker}; quoting follows RFC 4180; columns after the second are
 * ignored (a PsychoPy conditions file can be used as it is when its first two columns fit).
 *
 * <pre>
 * marker	image
 * 1	aircraft_carrier_06s.jpg
 * 2	00002_antelope/antelope_01b.jpg
 * stim_zebra	00199_zebra
 * </pre>
 *
 * <p>Read with Jackson's CSV module (the project's YAML/JSON library family).
 */
public final class MappingFile {
  /** One mapping line. */
  public record Entry(String marker, String target, long line) {}

  private final Path file;
  private final List<Entry> entries;

  private MappingFile(Path file, List<Entry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws IOException one line naming the file (and line) and what is wrong: missing or
   *     unreadable, not valid CSV/TSV, a line without marker and image, the same marker mapped to
   *     two different images, no mapping at all
   */
  public static MappingFile read(Path file) throws IOException {
    String where = "stimulus.mapping " + file;
    if (!Files.isRegularFile(file)) {
      throw new IOException(where + ": no such file");
    }
    char separator = separator(file);
    CsvSchema schema =
        CsvSchema.emptySchema().withColumnSeparator(separator).withComments().withoutHeader();
    CsvMapper mapper =
        CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();
    List<Entry> entries = new ArrayList<>();
    Map<String, Entry> byMarker = new LinkedHashMap<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows =
            mapper.readerFor(String[].class).with(schema).readValues(in)) {
      boolean first = true;
      while (true) {
        String[] row;
        long line;
        try {
          if (!rows.hasNextValue()) {
            break;
          }
          row = rows.nextValue();
          line = rows.getParser().currentTokenLocation().getLineNr(); // the row's own line
        } catch (JacksonException e) {
          throw new IOException(
              where
                  + " line "
                  + e.getLocation().getLineNr()
                  + ": not valid "
                  + (separator == '\t' ? "TSV" : "CSV")
                  + ": "
                  + e.getOriginalMessage(),
              e);
        }
        if (row.length == 0 || (row.length == 1 && row[0].isBlank())) {
          continue;
        }
        if (first && row[0].strip().toLowerCase(Locale.ROOT).equals("marker")) {
          first = false;
          continue; // header
        }
        first = false;
        if (row.length < 2 || row[0].isBlank() || row[1].isBlank()) {
          throw new IOException(
              where
                  + " line "
                  + line
                  + ": expected a marker and an image separated by "
                  + (separator == '\t' ? "a tab" : "a comma")
                  + ", got '"
                  + String.join(String.valueOf(separator), row)
                  + "'");
        }
        Entry entry = new Entry(row[0].strip(), row[1].strip(), line);
        Entry before = byMarker.putIfAbsent(entry.marker(), entry);
        if (before == null) {
          entries.add(entry);
        } else if (!before.target().equals(entry.target())) {
          throw new IOException(
              where
                  + " lines "
                  + before.line()
                  + " and "
                  + line
                  + ": marker '"
                  + entry.marker()
                  + "' maps to both '"
                  + before.target()
                  + "' and '"
                  + entry.target()
                  + "'");
        }
      }
    } catch (CharacterCodingException e) {
      throw new IOException(where + ": not UTF-8 text", e);
    }
    if (entries.isEmpty()) {
      throw new IOException(where + ": holds no mapping (expected lines 'marker<TAB>image')");
    }
    return new MappingFile(file, entries);
  }

  /** Comma for {@code .csv}, tab for {@code .tsv}/{@code .txt}, else tab if the data has one. */
  private static char separator(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return ',';
    }
    if (name.endsWith(".tsv") || name.endsWith(".txt") || name.endsWith(".tab")) {
      return '\t';
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
          return line.indexOf('\t') >= 0 ? '\t' : ',';
        }
      }
    }
    return '\t';
  }

  public Path file() {
    return file;
  }

  /** The mappings in file order, each marker once. */
  public List<Entry> entries() {
    return entries;
  }
}
