package org.eegdecode.bench.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.PlainJavaEncoder;
import org.eegdecode.decoder.model.SupaEegModel;

/**
 * The live decoder's per-batch work, shared by {@link DecoderBenchmark} and the report's in-process
 * profile: the full-size EEG branch (17 × 100 → 1024 → 512, random weights: the cost does not
 * depend on their values) encodes a batch, then every embedding is ranked top-5 against a 200-image
 * gallery. The DJL forward pass and {@link PlainJavaEncoder} use the same weights.
 */
public final class EncodeWork implements AutoCloseable {
  static final int TOP_K = 5;
  static final int GALLERY = 200;

  private final int batch;
  private final NDManager manager;
  private final SupaEegModel model;
  private final ParameterStore store;
  private final PlainJavaEncoder plain;
  private final Gallery gallery;
  private final float[] input;
  private final float[] embeddings;
  private final int[] index = new int[TOP_K];
  private final float[] score = new float[TOP_K];

  public EncodeWork(int batch) {
    this.batch = batch;
    manager = NDManager.newBaseManager(Devices.resolve("cpu"), Devices.ENGINE);
    model = new SupaEegModel(ModelConfig.from(Config.defaults(), 17, 100, 3200, 10));
    model.initialize(manager);
    store = new ParameterStore(manager, false);
    plain = new PlainJavaEncoder(model, batch);
    gallery = DecoderBenchmark.gallery(GALLERY, model.config().featureDim(), 1);
    input = new float[batch * model.config().eegInputDim()];
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    embeddings = new float[batch * model.config().featureDim()];
  }

  /** DJL: input copied into a tensor, one forward pass, embeddings copied out, then ranking. */
  public int djl() {
    try (NDManager batchManager = manager.newSubManager()) {
      NDArray x = batchManager.create(input, new Shape(batch, model.config().eegInputDim()));
      float[] e = model.encodeEeg(store, x, false).toFloatArray();
      return rank(e);
    }
  }

  /** The same with {@link PlainJavaEncoder}. */
  public int plainJava() {
    plain.encode(input, 0, batch, embeddings, 0);
    return rank(embeddings);
  }

  private int rank(float[] e) {
    int best = 0;
    for (int b = 0; b < batch; b++) {
      gallery.topK(e, b * gallery.dim(), TOP_K, index, score);
      best += index[0];
    }
    return best;
  }

  /** FLOPs of one epoch's forward pass (the four Linear layers). */
  public long flopsPerEpoch() {
    return PlainJavaEncoder.flopsPerSample(model.config());
  }

  @Override
  public void close() {
    manager.close();
  }
}
