package org.eegdecode.training.synth;

/**
 * What {@code eegdecode synth} wrote (or found complete), printed as one JSON line. Shapes are
 * numpy's (images, repetitions, channels, samples) and (layers, width).
 */
public record SynthSummary(
    String out,
    String preset,
    int subjects,
    int channels,
    int[] trainShape,
    int[] testShape,
    int[] featureShape,
    int featureEntries,
    int images,
    long files,
    long bytes,
    double seconds,
    boolean reused) {

  static SynthSummary of(
      SynthSpec spec, String out, long files, long bytes, double seconds, boolean reused) {
    return new SynthSummary(
        out,
        spec.preset(),
        spec.subjects(),
        spec.channels(),
        spec.trainShape(),
        spec.testShape(),
        new int[] {FeatureModel.LAYERS, FeatureModel.DIM},
        spec.trainImages() + spec.testImages(),
        spec.trainImages() + spec.testImages(),
        files,
        bytes,
        seconds,
        reused);
  }
}
