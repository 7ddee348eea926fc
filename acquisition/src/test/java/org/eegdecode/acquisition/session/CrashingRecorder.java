package org.eegdecode.acquisition.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording process for {@link SessionCrashTest}: writes the fixture's chunks forever and prints
 * {@code ack N} (N = last sample of a complete chunk) after each acknowledged write, until killed.
 */
public final class CrashingRecorder {
  private CrashingRecorder() {}

  public static void main(String[] args) throws Exception {
    SessionWriter w =
        SessionWriter.create(Path.of(args[0]), new SessionWriter.Options(0), "crash-test", null);
    w.stream(new SessionStream(0, SessionFormat.ROLE_EEG, SessionFixture.EEG, ""));
    w.stream(new SessionStream(1, SessionFormat.ROLE_MARKERS, SessionFixture.MARKERS, ""));
    List<Long> acks = new ArrayList<>();
    for (long first = 0; ; first += SessionFixture.CHUNK) {
      acks.clear();
      SessionFixture.writeChunks(w, first, 1, acks);
      for (long ack : acks) {
        System.out.println("ack " + ack);
      }
      System.out.flush();
    }
  }
}
