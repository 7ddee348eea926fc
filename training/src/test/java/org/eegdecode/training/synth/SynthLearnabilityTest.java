package org.eegdecode.training.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny dataset carries the structure the real one does: layer 28 is the most EEG-related layer,
 * averaging trials helps as the SNR says, subjects share structure but differ. Everything is read
 * back from the written files.
 */
class SynthLearnabilityTest {
  @TempDir static Path tmp;
  static Path root;
  static SynthGenerator generator;
  static final SynthSpec SPEC = SynthTestSupport.TINY;

  @BeforeAll
  static void generate() throws IOException {
    root = tmp.resolve("tiny");
    generator = new SynthGenerator(SPEC);
    generator.generate(root, false);
  }

  @Test
  void layer28IsTheMostEegRelatedLayer() throws IOException {
    Map<String, NdArray> bank = SynthTestSupport.features(root);
    double[][][] layerRdms = new double[FeatureModel.LAYERS][][];
    for (int l = 0; l < FeatureModel.LAYERS; l++) {
      layerRdms[l] =
          SynthTestSupport.rdm(
              SynthTestSupport.layer(bank, generator.catalog(), Split.TRAINING, l));
    }
    for (int subject = 1; subject <= SPEC.subjects(); subject++) {
      NdArray eeg = SynthTestSupport.eeg(root, SPEC, subject, Split.TRAINING);
      double[][] eegRdm =
          SynthTestSupport.rdm(SynthTestSupport.postStimulus(eeg, SPEC.trainRepetitions()));
      double[] r = new double[FeatureModel.LAYERS];
      for (int l = 0; l < r.length; l++) {
        r[l] = SynthTestSupport.rsa(eegRdm, layerRdms[l]);
      }
      String what = "subject " + subject + " RSA per layer " + Arrays.toString(r);
      assertEquals(2, argmax(r), what);
      assertTrue(r[2] > 0.3, what);
      assertTrue(r[2] > r[1] + 0.05 && r[2] > r[3] + 0.05, what);
      assertTrue(r[0] < r[2] / 2 && r[4] < r[2] / 2, what);
    }
  }

  @Test
  void trialAveragingRaisesTheCorrelationWithTheVisibleCode() throws IOException {
    // a low SNR, where single trials carry little and averaging matters most
    SynthSpec low = new SynthSpec("tiny", 1, 4, 2, 2, 40, 16, 17, 0.3, 16, SPEC.seed());
    SynthGenerator lowGenerator = new SynthGenerator(low);
    Path lowRoot = tmp.resolve("low-snr");
    lowGenerator.generate(lowRoot, false);
    int n = low.testImages();
    double[][] visible = new double[n][];
    double[][] clean = new double[n][];
    EegModel model = new EegModel(low, 1);
    ImageLatents image = new ImageLatents();
    double[] sources = new double[EegModel.sourcesLength()];
    double[] trial = new double[low.channels() * low.samples()];
    for (int i = 0; i < n; i++) {
      lowGenerator.latentModel().fill(Split.TEST, i, image);
      visible[i] = image.visible();
      model.clean(visible[i], sources, trial);
      clean[i] = SynthTestSupport.postStimulus(trial, low.channels());
    }
    NdArray eeg = SynthTestSupport.eeg(lowRoot, low, 1, Split.TEST);
    double[][] single = SynthTestSupport.postStimulus(eeg, 1);
    double[][] averaged = SynthTestSupport.postStimulus(eeg, low.testRepetitions());

    double[][] visibleRdm = SynthTestSupport.rdm(visible);
    double rsaSingle = SynthTestSupport.rsa(SynthTestSupport.rdm(single), visibleRdm);
    double rsaAveraged = SynthTestSupport.rsa(SynthTestSupport.rdm(averaged), visibleRdm);
    assertTrue(
        rsaAveraged > 2 * rsaSingle && rsaAveraged > 0.25,
        "RSA with v: single trial " + rsaSingle + ", averaged " + rsaAveraged);

    // correlation with the noise-free signal: about snr·√k / sqrt(1 + snr²·k) for k trials
    double corrSingle = 0;
    double corrAveraged = 0;
    for (int i = 0; i < n; i++) {
      corrSingle += SynthTestSupport.pearson(single[i], clean[i]) / n;
      corrAveraged += SynthTestSupport.pearson(averaged[i], clean[i]) / n;
    }
    assertEquals(expected(low.snr(), 1), corrSingle, 0.08, "single-trial correlation");
    assertEquals(
        expected(low.snr(), low.testRepetitions()), corrAveraged, 0.08, "averaged correlation");
  }

  private static double expected(double snr, int trials) {
    double effective = snr * Math.sqrt(trials);
    return effective / Math.sqrt(1 + effective * effective);
  }

  @Test
  void baselineIsNoiseAndTheEvokedResponseFollowsOnset() throws IOException {
    NdArray eeg = SynthTestSupport.eeg(root, SPEC, 2, Split.TRAINING);
    int[] shape = eeg.shape();
    double[] data = eeg.toFloat64();
    int trials = shape[0] * shape[1];
    int c = shape[2];
    int t = shape[3];
    double[] grand = new double[c * t];
    for (int k = 0; k < trials; k++) {
      for (int j = 0; j < c * t; j++) {
        grand[j] += data[k * c * t + j] / trials;
      }
    }
    double baseline = 0;
    double evoked = 0;
    for (int ch = 0; ch < c; ch++) {
      for (int s = 0; s < t; s++) {
        double v = grand[ch * t + s] * grand[ch * t + s];
        if (s < 20) {
          baseline += v / (c * 20);
        } else {
          evoked += v / (c * (t - 20));
        }
      }
    }
    // pure noise averages down to 1/sqrt(trials); the image-independent ERP does not
    assertTrue(Math.sqrt(baseline) < 3 / Math.sqrt(trials), "baseline RMS " + Math.sqrt(baseline));
    assertTrue(Math.sqrt(evoked) > 0.3, "grand-average evoked RMS " + Math.sqrt(evoked));

    EegModel model = new EegModel(SPEC, 2);
    double[] clean = new double[c * t];
    double[] v = new double[LatentModel.VISIBLE_DIM];
    Arrays.fill(v, 1.5);
    model.clean(v, new double[EegModel.sourcesLength()], clean);
    for (int ch = 0; ch < c; ch++) {
      for (int s = 0; s <= 20; s++) {
        assertEquals(0, clean[ch * t + s], "clean signal before onset, channel " + ch);
      }
    }
  }

  @Test
  void subjectsShareStructureWithoutBeingInterchangeable() {
    EegModel one = new EegModel(SPEC, 1);
    EegModel two = new EegModel(SPEC, 2);
    double[] sources = new double[EegModel.sourcesLength()];
    int length = SPEC.channels() * SPEC.samples();
    double[] a = new double[length];
    double[] b = new double[length];
    ImageLatents image = new ImageLatents();
    double mean = 0;
    int n = 20;
    for (int i = 0; i < n; i++) {
      generator.latentModel().fill(Split.TEST, i, image);
      one.clean(image.visible, sources, a);
      two.clean(image.visible, sources, b);
      mean += SynthTestSupport.pearson(a, b) / n;
    }
    assertTrue(mean > 0.2 && mean < 0.95, "between-subject correlation " + mean);
  }

  @Test
  void zeroSnrIsPureNoise() {
    SynthSpec silent = new SynthSpec("tiny", 1, 4, 2, 2, 2, 2, 17, 0.0, 16, 3);
    double[] clean = new double[17 * 100];
    double[] v = new double[LatentModel.VISIBLE_DIM];
    Arrays.fill(v, 2);
    new EegModel(silent, 1).clean(v, new double[EegModel.sourcesLength()], clean);
    assertEquals(0, Arrays.stream(clean).map(Math::abs).max().orElseThrow());
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
