package org.eegdecode.training.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.eegdecode.acquisition.npy.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files hold exactly what the model classes compute, trial by trial and entry by entry. */
class SynthModelTest {
  @TempDir Path tmp;

  @Test
  void filesHoldTheModelsTrialsAndFeatures() throws IOException {
    SynthSpec spec = new SynthSpec("tiny", 2, 5, 3, 2, 4, 3, 17, 0.8, 16, 21);
    SynthGenerator generator = new SynthGenerator(spec);
    Path root = tmp.resolve("d");
    generator.generate(root, false);

    NdArray eeg = SynthTestSupport.eeg(root, spec, 2, Split.TEST);
    double[] written = eeg.toFloat64();
    EegModel model = new EegModel(spec, 2);
    ImageLatents latents = new ImageLatents();
    int length = spec.channels() * spec.samples();
    double[] clean = new double[length];
    double[] trial = new double[length];
    for (int image = 0; image < spec.testImages(); image++) {
      generator.latentModel().fill(Split.TEST, image, latents);
      model.clean(latents.visible, new double[EegModel.sourcesLength()], clean);
      for (int rep = 0; rep < spec.testRepetitions(); rep++) {
        model.trial(Split.TEST, image, rep, clean, trial);
        int base = (image * spec.testRepetitions() + rep) * length;
        for (int k = 0; k < length; k++) {
          assertEquals(trial[k], written[base + k], "image " + image + " rep " + rep);
        }
      }
    }

    Map<String, NdArray> bank = SynthTestSupport.features(root);
    SynthCatalog catalog = generator.catalog();
    int image = 7;
    String key =
        catalog.concepts(Split.TRAINING).get(image)
            + "/"
            + catalog.files(Split.TRAINING).get(image);
    double[] stored = bank.get(key).toFloat64();
    double[] layer = new double[FeatureModel.DIM];
    generator.latentModel().fill(Split.TRAINING, image, latents);
    for (int l = 0; l < FeatureModel.LAYERS; l++) {
      generator
          .featureModel()
          .fill(Split.TRAINING, image, latents, l, new double[FeatureModel.inputLength()], layer);
      for (int d = 0; d < FeatureModel.DIM; d++) {
        // float16 keeps 11 significant bits
        double tolerance = Math.max(Math.abs(layer[d]), 6.1e-5) * 0x1.0p-11;
        assertEquals(layer[d], stored[l * FeatureModel.DIM + d], tolerance, "layer " + l);
      }
    }
  }
}
