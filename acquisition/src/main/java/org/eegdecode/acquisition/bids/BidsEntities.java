package org.eegdecode.acquisition.bids;

import java.util.regex.Pattern;

/**
 * The BIDS entities that name one EEG recording: {@code sub-<subject>[_ses-<session>]_task-<task>
 * [_run-<run>]}. Labels are letters and digits only (BIDS forbids {@code _}, {@code -}, spaces and
 * everything else, since they separate entities); the run is an index (digits). A bad value is
 * rejected here, before anything is written, with the option it came from.
 *
 * @param session null when the dataset has no sessions
 * @param run null when the task has a single run
 */
public record BidsEntities(String subject, String session, String task, String run) {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]+");
  private static final Pattern INDEX = Pattern.compile("[0-9]+");

  public BidsEntities {
    label("--subject", subject);
    if (session != null) {
      label("--session", session);
    }
    label("--task", task);
    if (run != null && !INDEX.matcher(run).matches()) {
      throw new IllegalArgumentException(
          "--run '" + run + "': a BIDS run is a non-negative integer (digits only)");
    }
  }

  private static void label(String option, String value) {
    if (value == null || !LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          option
              + " '"
              + (value == null ? "" : value)
              + "': a BIDS label is letters and digits only (no '_', '-', spaces or other"
              + " characters)");
    }
  }

  /** {@code sub-01[_ses-1]_task-rsvp[_run-1]}: the stem every file of the recording shares. */
  public String prefix() {
    StringBuilder b = new StringBuilder("sub-").append(subject);
    if (session != null) {
      b.append("_ses-").append(session);
    }
    b.append("_task-").append(task);
    if (run != null) {
      b.append("_run-").append(run);
    }
    return b.toString();
  }

  /** {@code sub-01[/ses-1]/eeg}: the recording's folder relative to the dataset root. */
  public String eegDir() {
    return "sub-" + subject + (session != null ? "/ses-" + session : "") + "/eeg";
  }

  /** {@code sub-01}: the participant_id in participants.tsv. */
  public String participantId() {
    return "sub-" + subject;
  }
}
