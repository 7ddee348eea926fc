package org.eegdecode.acquisition.stimulus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.ingest.MarkerIngest;

/**
 * Which image a stimulus marker names: the one place that reads markers the way real stimulus
 * programs send them (live decoding, {@code epochs} calibration recording, summaries, exports). It
 * works on an ordered image list, (concept, file) per row: a model bundle's gallery, or a dataset
 * split's {@code image_metadata.npy} lists.
 *
 * <p>A marker is tried, in this order, as:
 *
 * <ol>
 *   <li>a catch code ({@code stimulus.catch_codes}, default 99999): {@link
 *       Resolution.Outcome#CATCH}, no stimulus (the epocher opens no epoch for it either);
 *   <li>a line of the mapping file ({@code stimulus.mapping}: marker → image file or concept);
 *   <li>{@code concept/file}, exactly as listed;
 *   <li>an image file name, folders and extension ignored ({@code C:\stim\zebra_01b.png} names
 *       {@code zebra_01b.jpg});
 *   <li>a concept, as listed ({@code 00042_zebra}) or without its numeric prefix ({@code zebra}); a
 *       {@code concept/…} marker whose file is not listed still names its concept;
 *   <li>an integer code: the 1-based index into the list (THINGS-EEG2's paradigm codes image i of
 *       {@code test_img_files} / {@code train_img_files} as i), from a numeric LSL stream of any
 *       format or a decimal string.
 * </ol>
 *
 * A concept with one image in the list resolves to that image ({@link Resolution.Outcome#IMAGE});
 * with several, to the concept ({@link Resolution.Outcome#CONCEPT}). A number that is not an
 * integer is {@link Resolution.Outcome#NOT_INTEGER} (an error on that marker); anything else is
 * {@link Resolution.Outcome#UNKNOWN}. The default needs no option; {@code stimulus.conventions}
 * switches built-in conventions off.
 *
 * <p><b>Ambiguity is an error at construction:</b> a marker text that the enabled conventions read
 * as two different images (two concepts with the same bare name, one file name in two concepts, a
 * file named like another image's code …) throws, naming the text and both images, unless the
 * mapping file says what that text means. Rows with the same concept and file are one image.
 *
 * <p>{@link #resolve} is allocation-free (open-addressing tables over the marker's UTF-8 bytes, a
 * caller-owned {@link Resolution}) and thread-safe (the resolver is immutable); {@link #lookup} is
 * the allocating convenience for exports and tools.
 */
public final class StimulusResolver {
  private final List<String> concepts;
  private final List<String> files;
  private final List<String> conceptNames;
  private final int[] rowConcept;
  private final int[] canonicalRow;
  private final int[] conceptSingleRow;
  private final int[] conceptImages;
  private final Set<MarkerConvention> enabled;
  private final boolean byConceptPrefix;
  private final boolean byCode;
  private final CatchCodes catchCodes;
  private final MappingFile mapping;
  private final Map<Integer, List<String>> mappedMarkers;

  /** Full-text keys: mapping, concept/file, concept, bare concept (entry index). */
  private final ByteKeyTable names;

  private final int[] nameRow;
  private final int[] nameConcept;
  private final MarkerConvention[] nameConvention;

  /** File-name stems → row (only when {@link MarkerConvention#FILE} is enabled). */
  private final ByteKeyTable stems;

  /** Full concept → concept id (for {@code concept/unlisted-file} markers). */
  private final ByteKeyTable conceptIds;

  private StimulusResolver(
      List<String> concepts,
      List<String> files,
      Set<MarkerConvention> enabled,
      CatchCodes catchCodes,
      MappingFile mapping) {
    if (concepts.size() != files.size()) {
      throw new IllegalArgumentException(
          "image list has " + concepts.size() + " concepts but " + files.size() + " files");
    }
    this.concepts = List.copyOf(concepts);
    this.files = List.copyOf(files);
    Set<MarkerConvention> on = EnumSet.noneOf(MarkerConvention.class);
    on.addAll(enabled);
    on.remove(MarkerConvention.MAPPING);
    this.enabled = Collections.unmodifiableSet(on);
    this.byConceptPrefix = on.contains(MarkerConvention.CONCEPT_FILE);
    this.byCode = on.contains(MarkerConvention.CODE);
    this.catchCodes = Objects.requireNonNull(catchCodes, "catchCodes");
    this.mapping = mapping;
    int n = this.concepts.size();

    Map<String, Integer> ids = new LinkedHashMap<>();
    rowConcept = new int[n];
    for (int row = 0; row < n; row++) {
      Integer before = ids.putIfAbsent(this.concepts.get(row), ids.size());
      rowConcept[row] = before == null ? ids.size() - 1 : before;
    }
    conceptNames = List.copyOf(ids.keySet());
    Map<String, Integer> firstRowOfImage = new HashMap<>();
    canonicalRow = new int[n];
    conceptImages = new int[conceptNames.size()];
    conceptSingleRow = new int[conceptNames.size()];
    Arrays.fill(conceptSingleRow, -1);
    for (int row = 0; row < n; row++) {
      Integer first = firstRowOfImage.putIfAbsent(this.concepts.get(row) + "/" + file(row), row);
      canonicalRow[row] = first == null ? row : first;
      if (first == null) {
        int c = rowConcept[row];
        conceptImages[c]++;
        conceptSingleRow[c] = conceptImages[c] == 1 ? row : -1;
      }
    }
    conceptIds = new ByteKeyTable(ids);

    // Every built-in key, conflicts kept (they matter only where enabled or used by the mapping).
    Map<String, Candidate> conceptFile = new LinkedHashMap<>();
    Map<String, Candidate> fileStems = new LinkedHashMap<>();
    Map<String, Candidate> conceptKeys = new LinkedHashMap<>();
    Map<String, Candidate> bareKeys = new LinkedHashMap<>();
    for (int row = 0; row < n; row++) {
      if (canonicalRow[row] != row) {
        continue;
      }
      String concept = this.concepts.get(row);
      add(conceptFile, concept + "/" + file(row), image(row, MarkerConvention.CONCEPT_FILE));
      String stem = stem(file(row));
      if (!stem.isEmpty()) {
        add(fileStems, stem, image(row, MarkerConvention.FILE));
      }
    }
    for (int c = 0; c < conceptNames.size(); c++) {
      String concept = conceptNames.get(c);
      add(conceptKeys, concept, conceptCandidate(c, MarkerConvention.CONCEPT));
      String bare = bare(concept);
      if (!bare.equals(concept)) {
        add(bareKeys, bare, conceptCandidate(c, MarkerConvention.BARE_CONCEPT));
      }
    }

    // The mapping file: each target named like a marker would name it, by every name convention.
    Map<String, Candidate> mapped = new LinkedHashMap<>();
    Map<Integer, List<String>> markersByRow = new HashMap<>();
    if (mapping != null) {
      for (MappingFile.Entry e : mapping.entries()) {
        String where = "stimulus.mapping " + mapping.file() + " line " + e.line();
        long code = MarkerCode.of(bytes(e.marker()), bytes(e.marker()).length, Double.NaN);
        if (catchCodes.indexOf(code) >= 0) {
          throw new IllegalArgumentException(
              where
                  + ": marker '"
                  + e.marker()
                  + "' is a catch code (stimulus.catch_codes "
                  + catchCodes
                  + ") and opens no epoch; remove the line or the catch code");
        }
        Candidate target =
            target(e.target(), where, conceptFile, fileStems, conceptKeys, bareKeys)
                .as(MarkerConvention.MAPPING);
        mapped.put(e.marker(), target);
        if (target.row >= 0) {
          markersByRow.computeIfAbsent(target.row, k -> new ArrayList<>()).add(e.marker());
        }
      }
    }
    mappedMarkers = Map.copyOf(markersByRow);

    // The full-text table, in precedence order; mapped markers shadow every built-in reading.
    Map<String, Candidate> full = new LinkedHashMap<>(mapped);
    List<Map<String, Candidate>> nameConventions = new ArrayList<>();
    if (enabled.contains(MarkerConvention.CONCEPT_FILE)) {
      nameConventions.add(conceptFile);
    }
    if (enabled.contains(MarkerConvention.CONCEPT)) {
      nameConventions.add(conceptKeys);
    }
    if (enabled.contains(MarkerConvention.BARE_CONCEPT)) {
      nameConventions.add(bareKeys);
    }
    for (Map<String, Candidate> convention : nameConventions) {
      for (Map.Entry<String, Candidate> e : convention.entrySet()) {
        String key = e.getKey();
        if (mapped.containsKey(key)) {
          continue;
        }
        Candidate c = e.getValue();
        requireUnambiguous(key, c);
        Candidate before = full.putIfAbsent(key, c);
        if (before != null && !consistent(before, c)) {
          throw ambiguous(key, before, c);
        }
      }
    }
    Map<String, Integer> stemRows = new LinkedHashMap<>();
    if (enabled.contains(MarkerConvention.FILE)) {
      for (Map.Entry<String, Candidate> e : fileStems.entrySet()) {
        if (!mapped.containsKey(e.getKey())) {
          requireUnambiguous(e.getKey(), e.getValue());
        }
        stemRows.put(e.getKey(), e.getValue().row);
      }
    }
    this.stems = new ByteKeyTable(stemRows);

    // Cross-checks: a text one convention reads differently from another that comes later.
    for (Map.Entry<String, Candidate> e : full.entrySet()) {
      if (e.getValue().convention == MarkerConvention.MAPPING) {
        continue;
      }
      String key = e.getKey();
      byte[] b = bytes(key);
      int stemRow = stemRow(b, b.length);
      if (stemRow >= 0 && !consistent(e.getValue(), image(stemRow, MarkerConvention.FILE))) {
        throw ambiguous(key, e.getValue(), image(stemRow, MarkerConvention.FILE));
      }
      checkCode(key, e.getValue(), mapped);
    }
    for (Map.Entry<String, Integer> e : stemRows.entrySet()) {
      checkCode(e.getKey(), image(e.getValue(), MarkerConvention.FILE), mapped);
    }

    Map<String, Integer> index = new LinkedHashMap<>();
    nameRow = new int[full.size()];
    nameConcept = new int[full.size()];
    nameConvention = new MarkerConvention[full.size()];
    for (Map.Entry<String, Candidate> e : full.entrySet()) {
      int i = index.size();
      index.put(e.getKey(), i);
      nameRow[i] = e.getValue().row;
      nameConcept[i] = e.getValue().concept;
      nameConvention[i] = e.getValue().convention;
    }
    this.names = new ByteKeyTable(index);
  }

  // ------------------------------------------------------------------ construction

  /** Every built-in convention, no mapping file, catch code 99999: the defaults. */
  public static StimulusResolver of(List<String> concepts, List<String> files) {
    return new StimulusResolver(
        concepts,
        files,
        EnumSet.complementOf(EnumSet.of(MarkerConvention.MAPPING)),
        CatchCodes.defaults(),
        null);
  }

  /**
   * A resolver for the image list with the {@code stimulus.*} settings.
   *
   * @throws IOException a mapping file that is missing or malformed (one line naming file and line)
   * @throws IllegalArgumentException an ambiguous marker text, a mapping target not in the list, a
   *     mapped catch code (one line naming the marker and both images)
   */
  public static StimulusResolver create(
      List<String> concepts, List<String> files, StimulusSettings settings) throws IOException {
    MappingFile mapping =
        settings.mappingFile() == null ? null : MappingFile.read(settings.mappingFile());
    return new StimulusResolver(
        concepts, files, settings.enabled(), settings.catchCodesSet(), mapping);
  }

  /** {@link #create} with the configuration's {@code stimulus} section. */
  public static StimulusResolver fromConfig(
      Config config, List<String> concepts, List<String> files) throws IOException {
    return create(concepts, files, StimulusSettings.from(config));
  }

  /** One reading of a marker text while building: an image (row ≥ 0) or a concept. */
  private record Candidate(int row, int concept, MarkerConvention convention, Candidate conflict) {
    Candidate as(MarkerConvention c) {
      return new Candidate(row, concept, c, null);
    }
  }

  private Candidate image(int row, MarkerConvention convention) {
    int r = canonicalRow[row];
    return new Candidate(r, rowConcept[r], convention, null);
  }

  private Candidate conceptCandidate(int concept, MarkerConvention convention) {
    return new Candidate(conceptSingleRow[concept], concept, convention, null);
  }

  private void add(Map<String, Candidate> map, String key, Candidate c) {
    Candidate before = map.get(key);
    if (before == null) {
      map.put(key, c);
    } else if (before.conflict == null && !consistent(before, c)) {
      map.put(key, new Candidate(before.row, before.concept, before.convention, c));
    }
  }

  private boolean consistent(Candidate a, Candidate b) {
    return a.concept == b.concept && (a.row < 0 || b.row < 0 || a.row == b.row);
  }

  private void requireUnambiguous(String key, Candidate c) {
    if (c.conflict != null) {
      throw ambiguous(key, c, c.conflict);
    }
  }

  private void checkCode(String key, Candidate c, Map<String, Candidate> mapped) {
    if (!byCode || mapped.containsKey(key)) {
      return;
    }
    byte[] b = bytes(key);
    long code = MarkerCode.parseInteger(b, 0, b.length);
    if (code >= 1 && code <= size() && catchCodes.indexOf(code) < 0) {
      Candidate byCode = image((int) code - 1, MarkerConvention.CODE);
      if (!consistent(c, byCode)) {
        throw ambiguous(key, c, byCode);
      }
    }
  }

  private IllegalArgumentException ambiguous(String key, Candidate a, Candidate b) {
    return new IllegalArgumentException(
        "stimulus markers: '"
            + key
            + "' names two different images: "
            + describe(a)
            + " and "
            + describe(b)
            + "; say which in stimulus.mapping, or drop "
            + (a.convention == b.convention
                ? a.convention.key()
                : a.convention.key() + " or " + b.convention.key())
            + " from stimulus.conventions");
  }

  private String describe(Candidate c) {
    String what =
        c.row >= 0
            ? concepts.get(c.row) + "/" + files.get(c.row)
            : "concept "
                + conceptNames.get(c.concept)
                + " ("
                + conceptImages[c.concept]
                + " images)";
    return what + " (" + (c.row >= 0 ? "row " + (c.row + 1) + ", " : "") + c.convention.key() + ")";
  }

  /** A mapping target: concept/file, a file name, a concept or a bare concept of the list. */
  private Candidate target(
      String target,
      String where,
      Map<String, Candidate> conceptFile,
      Map<String, Candidate> fileStems,
      Map<String, Candidate> conceptKeys,
      Map<String, Candidate> bareKeys) {
    Candidate c = conceptFile.get(target);
    if (c == null) {
      c = fileStems.get(stem(target));
    }
    if (c == null) {
      c = conceptKeys.get(target);
    }
    if (c == null) {
      c = bareKeys.get(target);
    }
    if (c == null) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + target
              + "' is no image file, concept/file or concept of the image list ("
              + size()
              + " images"
              + (size() == 0 ? "" : ", e.g. " + concepts.get(0) + "/" + files.get(0))
              + ")");
    }
    if (c.conflict != null) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + target
              + "' names two different images: "
              + describe(c)
              + " and "
              + describe(c.conflict)
              + "; use concept/file");
    }
    return c;
  }

  // ------------------------------------------------------------------ resolving

  /**
   * Resolves one marker into {@code out}. Allocation-free.
   *
   * @param text the marker's UTF-8 bytes, {@code text[0 … length)}
   * @param number its numeric value (numeric streams, decimal strings), NaN when it has none
   */
  public void resolve(byte[] text, int length, double number, Resolution out) {
    long code = MarkerCode.of(text, length, number);
    if (catchCodes.indexOf(code) >= 0) {
      out.set(Resolution.Outcome.CATCH, null, -1, -1, code);
      return;
    }
    int e = names.get(text, 0, length);
    if (e >= 0
        && (nameConvention[e] == MarkerConvention.MAPPING
            || nameConvention[e] == MarkerConvention.CONCEPT_FILE)) {
      answer(nameRow[e], nameConcept[e], nameConvention[e], code, out);
      return;
    }
    int row = stemRow(text, length);
    if (row >= 0) {
      answer(row, rowConcept[row], MarkerConvention.FILE, code, out);
      return;
    }
    if (e >= 0) {
      answer(nameRow[e], nameConcept[e], nameConvention[e], code, out);
      return;
    }
    if (byConceptPrefix) {
      int slash = indexOf(text, length, (byte) '/');
      int concept = slash > 0 ? conceptIds.get(text, 0, slash) : -1;
      if (concept >= 0) {
        answer(conceptSingleRow[concept], concept, MarkerConvention.CONCEPT_FILE, code, out);
        return;
      }
    }
    if (byCode && code >= 1 && code <= concepts.size()) {
      int r = canonicalRow[(int) code - 1];
      answer(r, rowConcept[r], MarkerConvention.CODE, code, out);
      return;
    }
    out.set(
        code == MarkerCode.NOT_INTEGER
            ? Resolution.Outcome.NOT_INTEGER
            : Resolution.Outcome.UNKNOWN,
        null,
        -1,
        -1,
        code);
  }

  private static void answer(
      int row, int concept, MarkerConvention convention, long code, Resolution out) {
    out.set(
        row >= 0 ? Resolution.Outcome.IMAGE : Resolution.Outcome.CONCEPT,
        convention,
        row,
        concept,
        code);
  }

  /** The row whose file the marker names (last path component, with or without extension). */
  private int stemRow(byte[] text, int length) {
    if (stems == null) {
      return -1;
    }
    int start = 0;
    for (int i = length - 1; i >= 0; i--) {
      if (text[i] == '/' || text[i] == '\\') {
        start = i + 1;
        break;
      }
    }
    int row = stems.get(text, start, length);
    if (row >= 0) {
      return row;
    }
    for (int i = length - 1; i > start; i--) {
      if (text[i] == '.') {
        return stems.get(text, start, i);
      }
    }
    return -1;
  }

  private static int indexOf(byte[] text, int length, byte b) {
    for (int i = 0; i < length; i++) {
      if (text[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * What {@code marker} names (allocates; for exports, tools and tests). Its number is read from
   * the text as the ingest reads string markers.
   */
  public Stimulus lookup(String marker) {
    return lookup(marker, MarkerIngest.parseNumber(marker));
  }

  /** What a marker with this text and numeric value (NaN: none) names. */
  public Stimulus lookup(String marker, double number) {
    byte[] b = bytes(marker);
    Resolution r = new Resolution();
    resolve(b, b.length, number, r);
    return stimulus(r);
  }

  /** What a numeric marker (e.g. a recorded int32 trigger) names. */
  public Stimulus lookup(double number) {
    return lookup(
        Double.isFinite(number) && number == Math.rint(number)
            ? Long.toString((long) number)
            : Double.toString(number),
        number);
  }

  /** The named form of a resolution. */
  public Stimulus stimulus(Resolution r) {
    return new Stimulus(
        r.outcome(),
        r.convention(),
        r.row(),
        r.concept() >= 0 ? conceptNames.get(r.concept()) : null,
        r.row() >= 0 ? files.get(r.row()) : null,
        r.code() > MarkerCode.NOT_INTEGER ? r.code() : null);
  }

  // ------------------------------------------------------------------ the list

  /** Images in the list. */
  public int size() {
    return concepts.size();
  }

  /** Concept of each row. */
  public List<String> concepts() {
    return concepts;
  }

  /** File of each row. */
  public List<String> files() {
    return files;
  }

  /** Distinct concepts, in order of first appearance. */
  public int conceptCount() {
    return conceptNames.size();
  }

  public String conceptName(int concept) {
    return conceptNames.get(concept);
  }

  /** The concept index of a row. */
  public int conceptOfRow(int row) {
    return rowConcept[row];
  }

  public CatchCodes catchCodes() {
    return catchCodes;
  }

  /** The built-in conventions in use. */
  public Set<MarkerConvention> enabled() {
    return enabled;
  }

  /** The mapping file, or null. */
  public MappingFile mapping() {
    return mapping;
  }

  /**
   * The marker a stimulus program following {@code convention} sends for {@code row} (the simulator
   * uses it): {@code CODE} → row + 1, {@code MAPPING} → the first mapped marker naming that image
   * (null when none does).
   */
  public String markerFor(int row, MarkerConvention convention) {
    if (convention == MarkerConvention.MAPPING) {
      List<String> mapped = mappedMarkers(row);
      return mapped.isEmpty() ? null : mapped.get(0);
    }
    return markerFor(concepts.get(row), files.get(row), row, convention);
  }

  /** Every marker of the mapping file that names image {@code row}, in file order. */
  public List<String> mappedMarkers(int row) {
    List<String> mapped = mappedMarkers.get(canonicalRow[row]);
    return mapped == null ? List.of() : List.copyOf(mapped);
  }

  /**
   * The marker for image {@code row} = ({@code concept}, {@code file}) of a list in a built-in
   * convention (not {@code MAPPING}, which needs a resolver).
   */
  public static String markerFor(
      String concept, String file, int row, MarkerConvention convention) {
    return switch (convention) {
      case CODE -> Integer.toString(row + 1);
      case CONCEPT_FILE -> concept + "/" + file;
      case FILE -> file;
      case CONCEPT -> concept;
      case BARE_CONCEPT -> bare(concept);
      case MAPPING ->
          throw new IllegalArgumentException("the mapping convention needs a mapping file");
    };
  }

  @Override
  public String toString() {
    return "StimulusResolver["
        + size()
        + " images, "
        + conceptCount()
        + " concepts, conventions "
        + (mapping == null ? "" : "mapping " + mapping.file() + " + ")
        + enabled
        + ", catch "
        + catchCodes
        + "]";
  }

  // ------------------------------------------------------------------ name helpers

  private String file(int row) {
    return files.get(row);
  }

  /** A file name's last path component without its extension. */
  static String stem(String file) {
    int start = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1;
    int dot = file.lastIndexOf('.');
    return dot > start ? file.substring(start, dot) : file.substring(start);
  }

  /** A concept without its numeric prefix: {@code 00042_zebra} → {@code zebra}. */
  static String bare(String concept) {
    int i = 0;
    while (i < concept.length() && Character.isDigit(concept.charAt(i))) {
      i++;
    }
    if (i > 0 && i < concept.length() - 1 && concept.charAt(i) == '_') {
      return concept.substring(i + 1);
    }
    return concept;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
