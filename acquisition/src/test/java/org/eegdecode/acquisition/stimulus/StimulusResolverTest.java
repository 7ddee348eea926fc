package org.eegdecode.acquisition.stimulus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.stimulus.Resolution.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every convention, against THINGS-style lists; ambiguity and catch codes; no allocation. */
class StimulusResolverTest {
  /** A THINGS test split in miniature: one image per concept. */
  static final List<String> TEST_CONCEPTS =
      List.of("00001_aircraft_carrier", "00002_antelope", "00003_backscratcher", "00004_zebra");

  static final List<String> TEST_FILES =
      List.of(
          "aircraft_carrier_06s.jpg", "antelope_01b.jpg", "backscratcher_03s.jpg", "zebra_01b.jpg");

  /** A training split in miniature: two images per concept. */
  static final List<String> TRAIN_CONCEPTS =
      List.of("00001_aardvark", "00001_aardvark", "00002_abacus", "00002_abacus");

  static final List<String> TRAIN_FILES =
      List.of("aardvark_01b.jpg", "aardvark_02s.jpg", "abacus_01b.jpg", "abacus_03s.jpg");

  static Resolution resolve(StimulusResolver r, String marker, double number) {
    byte[] b = marker.getBytes(StandardCharsets.UTF_8);
    Resolution out = new Resolution();
    r.resolve(b, b.length, number, out);
    return out;
  }

  static Resolution resolve(StimulusResolver r, String marker) {
    return resolve(r, marker, Double.NaN);
  }

  static StimulusResolver withSettings(
      List<String> concepts, List<String> files, String... overrides) throws IOException {
    List<String> all = new ArrayList<>(List.of(overrides));
    return StimulusResolver.create(concepts, files, StimulusSettings.from(Config.load(null, all)));
  }

  private static void assertImage(Resolution r, int row, MarkerConvention by) {
    assertEquals(Outcome.IMAGE, r.outcome(), r.toString());
    assertEquals(row, r.row(), r.toString());
    assertEquals(by, r.convention(), r.toString());
  }

  @ParameterizedTest
  @EnumSource(
      value = MarkerConvention.class,
      names = {"CONCEPT_FILE", "FILE", "CONCEPT", "BARE_CONCEPT", "CODE"})
  void everyImageOfTheTestListResolvesByEveryConvention(MarkerConvention convention) {
    StimulusResolver r = StimulusResolver.of(TEST_CONCEPTS, TEST_FILES);
    for (int row = 0; row < TEST_CONCEPTS.size(); row++) {
      String marker = r.markerFor(row, convention);
      Resolution got = resolve(r, marker);
      assertImage(got, row, convention);
      assertEquals(r.conceptOfRow(row), got.concept());
      assertTrue(got.labelled());
    }
  }

  @Test
  void theTextVariantsRealProgramsSend() {
    StimulusResolver r = StimulusResolver.of(TEST_CONCEPTS, TEST_FILES);
    // integer codes: numeric streams (the number), decimal strings, padded strings
    assertImage(resolve(r, "2", 2.0), 1, MarkerConvention.CODE);
    assertImage(resolve(r, "2"), 1, MarkerConvention.CODE);
    assertImage(resolve(r, " +3 "), 2, MarkerConvention.CODE);
    assertImage(resolve(r, "004"), 3, MarkerConvention.CODE);
    assertImage(resolve(r, "4", 4.0f), 3, MarkerConvention.CODE);
    // file names: extension and folders ignored
    for (String file :
        List.of(
            "zebra_01b",
            "zebra_01b.png",
            "stimuli/test_images/00004_zebra/zebra_01b.jpg",
            "C:\\Users\\lab\\stim\\zebra_01b.JPG".replace(".JPG", ".jpeg"))) {
      assertImage(resolve(r, file), 3, MarkerConvention.FILE);
    }
    // concepts, full and bare; concept/file with a file the list does not have
    assertImage(resolve(r, "00002_antelope"), 1, MarkerConvention.CONCEPT);
    assertImage(resolve(r, "aircraft_carrier"), 0, MarkerConvention.BARE_CONCEPT);
    assertImage(resolve(r, "00004_zebra/zebra_99x.jpg"), 3, MarkerConvention.CONCEPT_FILE);
    // nothing: out-of-range codes, other words, the case differs
    for (String unknown : List.of("0", "5", "-1", "fixation", "Zebra", "", "zebra/")) {
      Resolution got = resolve(r, unknown);
      assertEquals(Outcome.UNKNOWN, got.outcome(), unknown);
      assertEquals(-1, got.concept());
      assertNull(got.convention());
    }
  }

  @Test
  void conceptsWithSeveralImagesResolveToTheConceptAndFilesAndCodesToTheImage() {
    StimulusResolver r = StimulusResolver.of(TRAIN_CONCEPTS, TRAIN_FILES);
    Resolution concept = resolve(r, "aardvark");
    assertEquals(Outcome.CONCEPT, concept.outcome());
    assertEquals(-1, concept.row());
    assertEquals(r.conceptOfRow(0), concept.concept());
    assertEquals(Outcome.CONCEPT, resolve(r, "00002_abacus").outcome());
    assertImage(resolve(r, "aardvark_02s.jpg"), 1, MarkerConvention.FILE);
    assertImage(resolve(r, "4", 4), 3, MarkerConvention.CODE);
    assertImage(resolve(r, "00002_abacus/abacus_01b.jpg"), 2, MarkerConvention.CONCEPT_FILE);
    Stimulus s = r.lookup("abacus");
    assertEquals(
        new Stimulus(
            Outcome.CONCEPT, MarkerConvention.BARE_CONCEPT, -1, "00002_abacus", null, null),
        s);
  }

  @Test
  void catchCodesComeFirstAndNonIntegersAreErrors() throws IOException {
    StimulusResolver r = StimulusResolver.of(TEST_CONCEPTS, TEST_FILES);
    assertEquals(Outcome.CATCH, resolve(r, "99999", 99999).outcome());
    assertEquals(Outcome.CATCH, resolve(r, "99999").outcome());
    assertEquals(99999, resolve(r, "99999").code());
    assertEquals(Outcome.NOT_INTEGER, resolve(r, "2.5", 2.5).outcome());
    assertEquals(Outcome.NOT_INTEGER, r.lookup("2.5").outcome());
    assertEquals(Outcome.UNKNOWN, resolve(r, "1e300", 1e300).outcome());
    // configured: code 2 is a catch code, 99999 is not any more
    StimulusResolver custom =
        withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.catch_codes=[2, 77]");
    assertEquals(Outcome.CATCH, resolve(custom, "2", 2).outcome());
    assertEquals(Outcome.UNKNOWN, resolve(custom, "99999", 99999).outcome());
    assertEquals(List.of(2L, 77L), custom.catchCodes().codes());
    StimulusResolver none = withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.catch_codes=[]");
    assertEquals(Outcome.UNKNOWN, resolve(none, "99999").outcome());
  }

  @Test
  void conventionsCanBeSwitchedOff() throws IOException {
    StimulusResolver codesOnly =
        withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.conventions=[code]");
    assertImage(resolve(codesOnly, "1"), 0, MarkerConvention.CODE);
    assertEquals(Outcome.UNKNOWN, resolve(codesOnly, "zebra").outcome());
    assertEquals(Outcome.UNKNOWN, resolve(codesOnly, "zebra_01b.jpg").outcome());
    assertEquals(Outcome.UNKNOWN, resolve(codesOnly, "00004_zebra/zebra_01b.jpg").outcome());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.conventions=[codes]"));
    assertEquals(
        "stimulus.conventions: unknown marker convention 'codes' (valid: mapping, concept_file,"
            + " file, concept, bare_concept, code)",
        bad.getMessage());
  }

  @Test
  void twoImagesAnsweringToOneTextIsAnErrorAtStartNamingBoth() throws IOException {
    IllegalArgumentException bare =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StimulusResolver.of(
                    List.of("00001_bat", "00002_bat"), List.of("bat_01b.jpg", "bat_02s.jpg")));
    assertEquals(
        "stimulus markers: 'bat' names two different images: 00001_bat/bat_01b.jpg (row 1,"
            + " bare_concept) and 00002_bat/bat_02s.jpg (row 2, bare_concept); say which in"
            + " stimulus.mapping, or drop bare_concept from stimulus.conventions",
        bare.getMessage());
    IllegalArgumentException file =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StimulusResolver.of(
                    List.of("00001_cat", "00002_dog"), List.of("1.jpg", "a/1.png")));
    assertTrue(
        file.getMessage()
            .startsWith("stimulus markers: '1' names two different images: 00001_cat/1.jpg"),
        file.getMessage());
    assertTrue(file.getMessage().contains("00002_dog/a/1.png"), file.getMessage());
    // 0-based file names against 1-based codes
    IllegalArgumentException code =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StimulusResolver.of(List.of("00001_cat", "00002_dog"), List.of("0.jpg", "1.jpg")));
    assertTrue(
        code.getMessage()
            .contains(
                "'1' names two different images: 00002_dog/1.jpg (row 2, file) and 00001_cat/0.jpg (row 1, code)"),
        code.getMessage());
    // ... which a user resolves by switching the convention off
    StimulusResolver noCodes =
        withSettings(
            List.of("00001_cat", "00002_dog"),
            List.of("0.jpg", "1.jpg"),
            "stimulus.conventions=[concept_file, file, concept, bare_concept]");
    assertImage(resolve(noCodes, "1"), 1, MarkerConvention.FILE);
    // the same image twice in a list is one image, not an ambiguity
    StimulusResolver twice =
        StimulusResolver.of(List.of("00001_cat", "00001_cat"), List.of("c.jpg", "c.jpg"));
    assertImage(resolve(twice, "cat"), 0, MarkerConvention.BARE_CONCEPT);
    assertImage(resolve(twice, "2"), 0, MarkerConvention.CODE);
  }

  @Test
  void aMappingFileComesFirstAndSettlesAnAmbiguity(@TempDir Path dir) throws IOException {
    Path map = dir.resolve("markers.tsv");
    Files.writeString(
        map,
        "# PsychoPy trigger codes\n"
            + "marker\timage\n"
            + "101\tzebra_01b.jpg\n"
            + "102\t00002_antelope/antelope_01b.jpg\n"
            + "\n"
            + "stim_aircraft\t00001_aircraft_carrier\n"
            + "1\tbackscratcher\n"
            + "bat\t00002_bat\n",
        StandardCharsets.UTF_8);
    List<String> concepts = new ArrayList<>(TEST_CONCEPTS);
    List<String> files = new ArrayList<>(TEST_FILES);
    concepts.addAll(List.of("00001_bat", "00002_bat"));
    files.addAll(List.of("bat_01b.jpg", "bat_02s.jpg"));
    StimulusResolver r = withSettings(concepts, files, "stimulus.mapping=" + map);
    assertImage(resolve(r, "101", 101), 3, MarkerConvention.MAPPING);
    assertImage(resolve(r, "102"), 1, MarkerConvention.MAPPING);
    assertImage(resolve(r, "stim_aircraft"), 0, MarkerConvention.MAPPING);
    assertImage(resolve(r, "1", 1), 2, MarkerConvention.MAPPING); // the mapping shadows code 1
    assertImage(resolve(r, "2", 2), 1, MarkerConvention.CODE);
    assertImage(resolve(r, "bat"), 5, MarkerConvention.MAPPING);
    assertEquals("101", r.markerFor(3, MarkerConvention.MAPPING));
    assertEquals("1", r.markerFor(2, MarkerConvention.MAPPING));
    assertNull(r.markerFor(4, MarkerConvention.MAPPING));

    Path csv = dir.resolve("markers.csv");
    Files.writeString(csv, "\"stim, with comma\",\"zebra_01b.jpg\",ignored\n7,zebra\n");
    StimulusResolver c = withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.mapping=" + csv);
    assertImage(resolve(c, "stim, with comma"), 3, MarkerConvention.MAPPING);
    assertImage(resolve(c, "7", 7.0), 3, MarkerConvention.MAPPING);
  }

  @Test
  void aBadMappingFileIsOneLineNamingFileAndLine(@TempDir Path dir) throws IOException {
    record Case(String name, String content, String message) {}
    List<Case> cases =
        List.of(
            new Case("one.tsv", "1\tzebra\n2\n", "line 2: expected a marker and an image"),
            new Case(
                "quote.csv", "1,zebra\n2,\"antelope\n", "not valid CSV: Missing closing quote"),
            new Case(
                "twice.tsv",
                "1\tzebra\n# c\n1\tantelope\n",
                "lines 1 and 3: marker '1' maps to both 'zebra' and 'antelope'"),
            new Case("empty.tsv", "# nothing\n\n", "holds no mapping"),
            new Case(
                "unknown.tsv",
                "1\tzebra\n2\tunicorn.jpg\n",
                "line 2: 'unicorn.jpg' is no image file, concept/file or concept of the image list"),
            new Case(
                "catch.tsv",
                "99999\tzebra\n",
                "line 1: marker '99999' is a catch code (stimulus.catch_codes [99999])"));
    for (Case c : cases) {
      Path file = dir.resolve(c.name());
      Files.writeString(file, c.content(), StandardCharsets.UTF_8);
      Exception e =
          assertThrows(
              Exception.class,
              () -> withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.mapping=" + file),
              c.name());
      assertTrue(e instanceof IOException || e instanceof IllegalArgumentException, e.toString());
      String message = e.getMessage();
      assertTrue(message.startsWith("stimulus.mapping " + file), c.name() + ": " + message);
      assertTrue(message.contains(c.message()), c.name() + ": " + message);
      assertTrue(!message.contains("\n"), message);
    }
    Path missing = dir.resolve("missing.tsv");
    IOException e =
        assertThrows(
            IOException.class,
            () -> withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.mapping=" + missing));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    Path latin1 = dir.resolve("latin1.tsv");
    Files.write(latin1, new byte[] {'1', '\t', (byte) 0xE4, '\n'});
    e =
        assertThrows(
            IOException.class,
            () -> withSettings(TEST_CONCEPTS, TEST_FILES, "stimulus.mapping=" + latin1));
    assertTrue(e.getMessage().endsWith("not UTF-8 text"), e.getMessage());
  }

  @Test
  void lookupSpellsOutTheStimulus() {
    StimulusResolver r = StimulusResolver.of(TEST_CONCEPTS, TEST_FILES);
    assertEquals(
        new Stimulus(Outcome.IMAGE, MarkerConvention.CODE, 3, "00004_zebra", "zebra_01b.jpg", 4L),
        r.lookup(4.0));
    assertEquals(
        new Stimulus(
            Outcome.IMAGE, MarkerConvention.FILE, 1, "00002_antelope", "antelope_01b.jpg", null),
        r.lookup("antelope_01b.jpg"));
    assertTrue(r.lookup(99999).isCatch());
    assertEquals(new Stimulus(Outcome.UNKNOWN, null, -1, null, null, null), r.lookup("x"));
    assertEquals(new Stimulus(Outcome.UNKNOWN, null, -1, null, null, 17L), r.lookup("17"));
  }

  @Test
  void resolvingAllocatesNothing() {
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (int i = 1; i <= 1654; i++) {
      for (int k = 0; k < 10; k++) {
        concepts.add(String.format("%05d_concept%d", i, i));
        files.add(String.format("concept%d_%02d.jpg", i, k));
      }
    }
    StimulusResolver r = StimulusResolver.of(concepts, files);
    List<byte[]> markers = new ArrayList<>();
    List<Double> numbers = new ArrayList<>();
    for (String m :
        List.of(
            "16540",
            "1",
            "99999",
            "00017_concept17/concept17_03.jpg",
            "C:\\stim\\concept900_09.png",
            "00017_concept17",
            "concept17",
            "fixation",
            "12.5")) {
      markers.add(m.getBytes(StandardCharsets.UTF_8));
      numbers.add(m.equals("16540") ? 16540.0 : m.equals("12.5") ? 12.5 : Double.NaN);
    }
    Resolution out = new Resolution();
    MarkerTally tally = new MarkerTally();
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = 0;
    int rounds = 200_000;
    long codes = 0;
    for (int i = 0; i < 2 * rounds; i++) {
      if (i == rounds) {
        before = mx.getThreadAllocatedBytes(thread);
      }
      int k = i % markers.size();
      codes += k < 2 ? 1 : 0;
      byte[] m = markers.get(k);
      r.resolve(m, m.length, numbers.get(k), out);
      tally.record(out, m, m.length);
    }
    long allocated = mx.getThreadAllocatedBytes(thread) - before;
    // (numbers.get unboxes the list's own Doubles: nothing new)
    System.out.println(
        "StimulusResolver.resolve + MarkerTally.record: "
            + allocated
            + " bytes allocated in "
            + rounds
            + " markers (16540-image list)");
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes in " + rounds + " markers");
    assertEquals(List.of("fixation"), tally.unknownValues());
    assertEquals(List.of("12.5"), tally.notIntegerValues());
    assertEquals(codes, tally.by(MarkerConvention.CODE));
    assertEquals(2 * rounds / markers.size() + 1, tally.catches(), 1);
  }
}
