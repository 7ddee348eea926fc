package org.eegdecode.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.testing.PythonNumpy;

/** A miniature THINGS-EEG2 folder written by real numpy (make_things_mini.py). */
final class MiniThings {
  static final int TRAIN_IMAGES = 10;
  static final int TRAIN_REPS = 4;
  static final int TEST_IMAGES = 3;
  static final int TEST_REPS = 6;

  private MiniThings() {}

  static Path write(Path dir, String... flags) {
    List<String> args = new ArrayList<>();
    args.add(dir.toString());
    args.addAll(List.of(flags));
    PythonNumpy.run(PythonNumpy.any(), "/python/make_things_mini.py", args.toArray(String[]::new));
    return dir;
  }

  /** The formula the script wrote: subject*10000 + image*1000 + rep*100 + channel*10 + t*0.01. */
  static double eeg(int subject, int image, double rep, int channel, int t) {
    return subject * 10000 + image * 1000 + rep * 100 + channel * 10 + t * 0.01;
  }

  static DataSettings settings(Path dir, String... overrides) {
    List<String> all = new ArrayList<>();
    all.add("dataset_dir=" + dir);
    all.addAll(List.of(overrides));
    return DataSettings.from(Config.defaults().withOverrides(all));
  }
}
