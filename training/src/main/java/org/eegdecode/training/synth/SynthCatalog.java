package org.eegdecode.training.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eegdecode.acquisition.things.ThingsFormat;

/**
 * Concept and file names of a synthetic dataset, laid out like {@code image_metadata.npy}.
 *
 * <p>Concept names are unique pseudo-words built from syllables (some two-word, like {@code
 * aircraft_carrier}). As in THINGS, all concepts sorted alphabetically get the global index used by
 * the {@code _THINGS} lists, the test concepts are a seeded choice among them (so the two splits
 * interleave), and each split numbers its own concepts alphabetically from 1. Training images are
 * grouped by concept; files look like {@code name_03k.jpg}.
 */
public final class SynthCatalog {
  private static final String[] ONSETS = {
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "pl",
    "gr", "sh"
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou"};
  private static final String[] CODAS = {"", "", "", "n", "r", "l", "s", "t", "k"};

  private final List<String> trainConcepts = new ArrayList<>();
  private final List<String> trainConceptsThings = new ArrayList<>();
  private final List<String> trainFiles = new ArrayList<>();
  private final List<String> testConcepts = new ArrayList<>();
  private final List<String> testConceptsThings = new ArrayList<>();
  private final List<String> testFiles = new ArrayList<>();

  public SynthCatalog(SynthSpec spec) {
    int total = spec.trainConcepts() + spec.testConcepts();
    List<String> names = new ArrayList<>(uniqueNames(spec.seed(), total));
    boolean[] isTest = chooseTest(spec.seed(), total, spec.testConcepts());
    SplitMix fileRandom = SplitMix.of(spec.seed(), Streams.NAMES, 2);
    int trainIndex = 0;
    int testIndex = 0;
    for (int g = 0; g < total; g++) {
      String name = names.get(g);
      String things = String.format("%05d_%s", g + 1, name);
      if (isTest[g]) {
        testIndex++;
        testConcepts.add(String.format("%05d_%s", testIndex, name));
        testConceptsThings.add(things);
        testFiles.add(fileName(name, 1 + fileRandom.nextInt(12), fileRandom));
      } else {
        trainIndex++;
        String concept = String.format("%05d_%s", trainIndex, name);
        int perConcept = spec.trainImagesPerConcept();
        int number = 0;
        for (int k = 0; k < perConcept; k++) {
          // increasing numbers with gaps, like the THINGS images kept for the EEG experiment
          number += 1 + (fileRandom.nextInt(3) == 0 && number + perConcept - k < 99 ? 1 : 0);
          trainConcepts.add(concept);
          trainConceptsThings.add(things);
          trainFiles.add(fileName(name, number, fileRandom));
        }
      }
    }
  }

  private static String fileName(String name, int number, SplitMix random) {
    return String.format("%s_%02d%c.jpg", name, number, (char) ('a' + random.nextInt(26)));
  }

  /** {@code count} distinct pseudo-words, sorted (the THINGS order). */
  private static TreeSet<String> uniqueNames(long seed, int count) {
    SplitMix random = SplitMix.of(seed, Streams.NAMES, 1);
    TreeSet<String> names = new TreeSet<>();
    while (names.size() < count) {
      String name = word(random);
      if (random.nextInt(10) == 0) {
        name = name + "_" + word(random);
      }
      names.add(name);
    }
    return names;
  }

  private static String word(SplitMix random) {
    int syllables = 2 + random.nextInt(2);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < syllables; i++) {
      sb.append(ONSETS[random.nextInt(ONSETS.length)])
          .append(VOWELS[random.nextInt(VOWELS.length)]);
    }
    return sb.append(CODAS[random.nextInt(CODAS.length)]).toString();
  }

  /** A seeded choice of {@code testCount} of the {@code total} concepts. */
  private static boolean[] chooseTest(long seed, int total, int testCount) {
    List<Integer> order = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      order.add(i);
    }
    SplitMix random = SplitMix.of(seed, Streams.SPLIT_CHOICE);
    for (int i = total - 1; i > 0; i--) {
      Collections.swap(order, i, random.nextInt(i + 1));
    }
    boolean[] isTest = new boolean[total];
    for (int i = 0; i < testCount; i++) {
      isTest[order.get(i)] = true;
    }
    return isTest;
  }

  public List<String> concepts(Split split) {
    return split == Split.TRAINING ? trainConcepts : testConcepts;
  }

  public List<String> files(Split split) {
    return split == Split.TRAINING ? trainFiles : testFiles;
  }

  /** The {@code image_metadata.npy} dict, keys in the release's order. */
  public Map<String, Object> metadata() {
    Map<String, Object> dict = new LinkedHashMap<>();
    List<List<String>> lists =
        List.of(
            trainConcepts,
            trainConceptsThings,
            trainFiles,
            testConcepts,
            testConceptsThings,
            testFiles);
    for (int i = 0; i < lists.size(); i++) {
      dict.put(ThingsFormat.METADATA_KEYS.get(i), lists.get(i));
    }
    return dict;
  }
}
