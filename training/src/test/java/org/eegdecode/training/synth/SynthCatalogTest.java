package org.eegdecode.training.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.junit.jupiter.api.Test;

/** Names and order of {@code image_metadata.npy}, as in the release. */
class SynthCatalogTest {
  private static final Pattern CONCEPT = Pattern.compile("(\\d{5})_([a-z]+(?:_[a-z]+)?)");

  @Test
  void metadataFollowsTheReleaseConventions() {
    SynthSpec spec = SynthPreset.FULL.spec();
    SynthCatalog catalog = new SynthCatalog(spec);
    assertEquals(ThingsFormat.METADATA_KEYS, new ArrayList<>(catalog.metadata().keySet()));
    List<String> trainConcepts = catalog.concepts(Split.TRAINING);
    List<String> trainFiles = catalog.files(Split.TRAINING);
    assertEquals(16540, trainConcepts.size());
    assertEquals(200, catalog.concepts(Split.TEST).size());

    Set<String> allThings = new TreeSet<>();
    Set<String> trainNames = new HashSet<>();
    Set<String> testNames = new HashSet<>();
    Set<Integer> thingsIds = new HashSet<>();
    for (Split split : Split.values()) {
      List<String> concepts = catalog.concepts(split);
      List<String> things =
          castStrings(
              catalog
                  .metadata()
                  .get(
                      split == Split.TRAINING
                          ? ThingsFormat.KEY_TRAIN_CONCEPTS_THINGS
                          : ThingsFormat.KEY_TEST_CONCEPTS_THINGS));
      List<String> files = catalog.files(split);
      int perConcept = split == Split.TRAINING ? spec.trainImagesPerConcept() : 1;
      String previousName = "";
      for (int i = 0; i < concepts.size(); i++) {
        Matcher m = CONCEPT.matcher(concepts.get(i));
        assertTrue(m.matches(), concepts.get(i));
        String name = m.group(2);
        // split-local numbering: concept k (1-based) owns images (k-1)*perConcept ...
        assertEquals(i / perConcept + 1, Integer.parseInt(m.group(1)), concepts.get(i));
        Matcher t = CONCEPT.matcher(things.get(i));
        assertTrue(t.matches(), things.get(i));
        assertEquals(name, t.group(2));
        assertTrue(files.get(i).matches(Pattern.quote(name) + "_\\d{2}[a-z]\\.jpg"), files.get(i));
        if (i % perConcept == 0) {
          assertTrue(name.compareTo(previousName) > 0, "alphabetical within the split");
          previousName = name;
          thingsIds.add(Integer.parseInt(t.group(1)));
          allThings.add(things.get(i));
          (split == Split.TRAINING ? trainNames : testNames).add(name);
        } else {
          assertEquals(concepts.get(i - 1), concepts.get(i), "images grouped by concept");
          assertTrue(files.get(i).compareTo(files.get(i - 1)) > 0, "file numbers increase");
        }
      }
    }
    int total = spec.trainConcepts() + spec.testConcepts();
    assertEquals(spec.trainConcepts(), trainNames.size(), "unique training names");
    assertEquals(spec.testConcepts(), testNames.size(), "unique test names");
    trainNames.retainAll(testNames);
    assertTrue(trainNames.isEmpty(), "test concepts are disjoint from training concepts");
    assertEquals(total, thingsIds.size());
    assertEquals(1, thingsIds.stream().mapToInt(Integer::intValue).min().orElseThrow());
    assertEquals(total, thingsIds.stream().mapToInt(Integer::intValue).max().orElseThrow());
    // THINGS numbering is alphabetical over both splits, so the splits interleave
    List<String> sorted = new ArrayList<>(allThings);
    for (int k = 0; k < sorted.size(); k++) {
      assertEquals(k + 1, Integer.parseInt(sorted.get(k).substring(0, 5)));
      assertTrue(k == 0 || name(sorted.get(k)).compareTo(name(sorted.get(k - 1))) > 0);
    }
    List<String> testThings =
        castStrings(catalog.metadata().get(ThingsFormat.KEY_TEST_CONCEPTS_THINGS));
    int firstTest = Integer.parseInt(testThings.get(0).substring(0, 5));
    int lastTest = Integer.parseInt(testThings.get(testThings.size() - 1).substring(0, 5));
    assertTrue(lastTest - firstTest + 1 > spec.testConcepts(), "test concepts spread out");
    assertFalse(trainFiles.isEmpty());
  }

  @Test
  void namesDependOnlyOnTheSeed() {
    SynthSpec spec = SynthTestSupport.TINY;
    assertEquals(new SynthCatalog(spec).metadata(), new SynthCatalog(spec).metadata());
    assertFalse(
        new SynthCatalog(spec)
            .metadata()
            .equals(new SynthCatalog(spec.withSeed(spec.seed() + 1)).metadata()));
  }

  private static String name(String concept) {
    return concept.substring(6);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castStrings(Object value) {
    return (List<String>) value;
  }
}
