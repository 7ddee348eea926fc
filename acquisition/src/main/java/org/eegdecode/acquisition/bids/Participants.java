package org.eegdecode.acquisition.bids;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code participants.tsv} kept consistent as recordings are added: a new subject gets one row
 * (other columns the user added, such as age or sex, get {@code n/a}); an existing subject is left
 * as it is; every other row and column is kept exactly.
 */
final class Participants {
  static final String FILE = "participants.tsv";
  static final String ID = "participant_id";

  private Participants() {}

  /**
   * The table with {@code participantId} in it, or null when {@code existing} (may be null) already
   * lists it.
   */
  static Tsv withParticipant(Path existing, String participantId) throws IOException {
    if (existing == null) {
      Tsv t = new Tsv(ID);
      t.add(participantId);
      return t;
    }
    Tsv t = Tsv.read(existing);
    int column = t.header().indexOf(ID);
    if (column != 0) {
      throw new IOException(existing + ": the first column must be " + ID);
    }
    for (List<String> row : t.rows()) {
      if (row.get(0).equals(participantId)) {
        return null;
      }
    }
    List<String> row = new ArrayList<>();
    row.add(participantId);
    while (row.size() < t.header().size()) {
      row.add(Tsv.NA);
    }
    t.add(row);
    return t;
  }
}
