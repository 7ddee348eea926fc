package org.eegdecode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.training.cli.EegDecode;

/** The full-size subject the whole-process benchmarks measure on. */
public final class BenchData {
  private BenchData() {}

  /**
   * Subject 1's training EEG in {@code dataset}; when it is missing, a 1-subject full-size
   * synthetic dataset is written there first (1.7 GB).
   */
  public static Path fullSizeSubject(Path dataset) throws IOException {
    Path file =
        dataset.resolve(ThingsFormat.subjectDir(1, "")).resolve(ThingsFormat.TRAINING_EEG_FILE);
    if (!Files.isRegularFile(file)) {
      int code =
          EegDecode.commandLine().execute("synth", dataset.toString(), "preset=full", "subjects=1");
      if (code != 0) {
        throw new IOException(dataset + ": could not write the full-size synthetic dataset");
      }
    }
    return file;
  }
}
