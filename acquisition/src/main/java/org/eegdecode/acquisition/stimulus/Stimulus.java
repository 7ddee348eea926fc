package org.eegdecode.acquisition.stimulus;

/**
 * What one marker names, with names spelled out (the allocating form of {@link Resolution}, for
 * exports, tools and tests): {@link StimulusResolver#lookup}.
 *
 * @param outcome image, concept only, catch, unknown or not an integer
 * @param convention how the marker named it (null unless image or concept)
 * @param row the image's row in the list, -1 unless {@link Resolution.Outcome#IMAGE}
 * @param concept the concept, null unless image or concept
 * @param file the image file as listed, null unless {@link Resolution.Outcome#IMAGE}
 * @param code the marker's integer code, null when it has none
 */
public record Stimulus(
    Resolution.Outcome outcome,
    MarkerConvention convention,
    int row,
    String concept,
    String file,
    Long code) {

  /** Whether the marker named one image of the list. */
  public boolean isImage() {
    return outcome == Resolution.Outcome.IMAGE;
  }

  public boolean isCatch() {
    return outcome == Resolution.Outcome.CATCH;
  }
}
