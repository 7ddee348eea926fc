package org.eegdecode.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Validation rows held out from the <em>training</em> concepts, whole concepts at a time, so model
 * selection never looks at the test set and validation stays zero-shot like the test.
 */
public record ValidationSplit(EegSet train, EegSet validation, List<String> validationConcepts) {

  /**
   * @param conceptOfImage concept of each training image (metadata order)
   * @param fraction share of the distinct concepts to hold out (0 → no validation rows)
   */
  public static ValidationSplit byConcept(
      EegSet training, List<String> conceptOfImage, double fraction, long seed) {
    List<String> concepts = new ArrayList<>(new LinkedHashSet<>(conceptOfImage));
    int held = fraction <= 0 ? 0 : (int) Math.ceil(fraction * concepts.size());
    held = Math.min(held, concepts.size() - 1);
    Collections.shuffle(concepts, new Random(seed));
    Set<String> heldOut = new LinkedHashSet<>(concepts.subList(0, Math.max(held, 0)));
    int[] trainRows = new int[training.rows()];
    int[] valRows = new int[training.rows()];
    int nTrain = 0;
    int nVal = 0;
    for (int r = 0; r < training.rows(); r++) {
      if (heldOut.contains(conceptOfImage.get(training.image()[r]))) {
        valRows[nVal++] = r;
      } else {
        trainRows[nTrain++] = r;
      }
    }
    List<String> sorted = new ArrayList<>(heldOut);
    Collections.sort(sorted);
    return new ValidationSplit(
        training.select(java.util.Arrays.copyOf(trainRows, nTrain)),
        training.select(java.util.Arrays.copyOf(valRows, nVal)),
        List.copyOf(sorted));
  }
}
