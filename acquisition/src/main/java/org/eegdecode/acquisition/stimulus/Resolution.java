package org.eegdecode.acquisition.stimulus;

/**
 * What a marker names, as {@link StimulusResolver#resolve} found it: a reusable holder, so that
 * resolving allocates nothing (one per consuming thread). Row and concept index into the resolver's
 * image list and its distinct concepts.
 */
public final class Resolution {
  /** The kinds of answer. */
  public enum Outcome {
    /** One image of the list ({@link #row()}). */
    IMAGE,
    /** A concept with several images in the list; which one was shown the marker does not say. */
    CONCEPT,
    /** A catch code ({@code stimulus.catch_codes}): no stimulus of interest. */
    CATCH,
    /** Nothing in the list answers to the marker. */
    UNKNOWN,
    /** A number that is not an integer (e.g. 12.5 on a float32 stream): not a code, an error. */
    NOT_INTEGER
  }

  private Outcome outcome = Outcome.UNKNOWN;
  private MarkerConvention convention;
  private int row = -1;
  private int concept = -1;
  private long code = MarkerCode.NONE;

  void set(Outcome outcome, MarkerConvention convention, int row, int concept, long code) {
    this.outcome = outcome;
    this.convention = convention;
    this.row = row;
    this.concept = concept;
    this.code = code;
  }

  /** Copies {@code other} into this holder. */
  public void copyFrom(Resolution other) {
    set(other.outcome, other.convention, other.row, other.concept, other.code);
  }

  /** Back to "nothing resolved". */
  public void clear() {
    set(Outcome.UNKNOWN, null, -1, -1, MarkerCode.NONE);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The convention that matched; null unless {@link #outcome()} is IMAGE or CONCEPT. */
  public MarkerConvention convention() {
    return convention;
  }

  /** The image's row in the list, -1 unless {@link Outcome#IMAGE}. */
  public int row() {
    return row;
  }

  /** The concept's index among the list's distinct concepts, -1 unless IMAGE or CONCEPT. */
  public int concept() {
    return concept;
  }

  /** The marker's integer code ({@link MarkerCode}), whatever the outcome. */
  public long code() {
    return code;
  }

  /** Whether the marker named a stimulus of the list (an image, or at least its concept). */
  public boolean labelled() {
    return concept >= 0;
  }

  @Override
  public String toString() {
    return outcome
        + (convention == null ? "" : " by " + convention.key())
        + (row >= 0 ? " row " + row : "")
        + (concept >= 0 ? " concept " + concept : "")
        + (code > MarkerCode.NOT_INTEGER ? " code " + code : "");
  }
}
