package org.eegdecode.training.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.eegdecode.acquisition.things.ThingsFormat;

/** Shared helpers of the synth tests: small specs, reading back what was written, RSA. */
final class SynthTestSupport {
  private SynthTestSupport() {}

  static final SynthSpec TINY = SynthPreset.TINY.spec();

  /** A spec smaller than tiny, for tests that only need the files to exist. */
  static SynthSpec micro(int channels) {
    return new SynthSpec("tiny", 1, 6, 2, 2, 3, 4, channels, 0.8, 16, 11);
  }

  static Map<?, ?> readDict(Path file) throws IOException {
    return (Map<?, ?>) NpyReader.read(file);
  }

  /** The EEG array of one subject and split, as written. */
  static NdArray eeg(Path root, SynthSpec spec, int subject, Split split) throws IOException {
    Path file =
        root.resolve(ThingsFormat.subjectDir(subject, spec.subjectSuffix()))
            .resolve(SynthGenerator.eegFileName(split));
    return (NdArray) readDict(file).get(ThingsFormat.KEY_EEG);
  }

  /** Feature-bank entries keyed by {@code concept + '/' + file}, in file order. */
  static Map<String, NdArray> features(Path root) throws IOException {
    Map<String, NdArray> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : readDict(root.resolve(ThingsFormat.FEATURE_FILE)).entrySet()) {
      Object[] key = (Object[]) e.getKey();
      out.put(key[0] + "/" + key[1], (NdArray) e.getValue());
    }
    return out;
  }

  /** One layer of each image of a split, in dataset order: images × 3200. */
  static double[][] layer(Map<String, NdArray> bank, SynthCatalog catalog, Split split, int layer) {
    List<String> concepts = catalog.concepts(split);
    List<String> files = catalog.files(split);
    double[][] out = new double[concepts.size()][];
    for (int i = 0; i < out.length; i++) {
      double[] all = bank.get(concepts.get(i) + "/" + files.get(i)).toFloat64();
      out[i] = new double[FeatureModel.DIM];
      System.arraycopy(all, layer * FeatureModel.DIM, out[i], 0, FeatureModel.DIM);
    }
    return out;
  }

  /**
   * Post-stimulus EEG per image (channels × samples from t = 0), averaged over the first {@code
   * reps} repetitions.
   */
  static double[][] postStimulus(NdArray eeg, int reps) {
    int[] shape = eeg.shape();
    int c = shape[2];
    int t = shape[3];
    int onset = 20;
    double[] data = eeg.toFloat64();
    double[][] out = new double[shape[0]][c * (t - onset)];
    for (int i = 0; i < shape[0]; i++) {
      for (int r = 0; r < reps; r++) {
        int base = (i * shape[1] + r) * c * t;
        for (int ch = 0; ch < c; ch++) {
          for (int s = onset; s < t; s++) {
            out[i][ch * (t - onset) + s - onset] += data[base + ch * t + s] / reps;
          }
        }
      }
    }
    return out;
  }

  /** The post-stimulus part (t >= 0) of one trial (channels × 100), flattened like above. */
  static double[] postStimulus(double[] trial, int channels) {
    int t = trial.length / channels;
    int onset = 20;
    double[] out = new double[channels * (t - onset)];
    for (int ch = 0; ch < channels; ch++) {
      System.arraycopy(trial, ch * t + onset, out, ch * (t - onset), t - onset);
    }
    return out;
  }

  /**
   * Representational dissimilarity (1 − Pearson r between images), after removing the mean image so
   * that offsets shared by all images do not dominate.
   */
  static double[][] rdm(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        mean[k] += row[k] / n;
      }
    }
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++) {
      double m = 0;
      for (int k = 0; k < d; k++) {
        z[i][k] = x[i][k] - mean[k];
        m += z[i][k] / d;
      }
      double norm = 0;
      for (int k = 0; k < d; k++) {
        z[i][k] -= m;
        norm += z[i][k] * z[i][k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < d; k++) {
        z[i][k] /= norm;
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += z[i][k] * z[j][k];
        }
        out[i][j] = 1 - dot;
        out[j][i] = 1 - dot;
      }
    }
    return out;
  }

  /** Pearson correlation of the upper triangles of two RDMs. */
  static double rsa(double[][] a, double[][] b) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        pairs.add(new double[] {a[i][j], b[i][j]});
      }
    }
    double[] x = new double[pairs.size()];
    double[] y = new double[pairs.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = pairs.get(k)[0];
      y[k] = pairs.get(k)[1];
    }
    return pearson(x, y);
  }

  static double pearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
