package org.eegdecode.bench.jmh;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.DeviceGallery;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.PlainJavaEncoder;
import org.eegdecode.decoder.model.SupaEegModel;

/**
 * The live decoder's per-batch work, shared by {@link DecoderBenchmark} and the report: the
 * full-size EEG branch (17 × 100 → 1024 → 512, random weights: the cost does not depend on their
 * values) encodes a batch on a device and the whole batch is ranked top-5 against a 200-image
 * gallery there, as {@code LiveDecoder} does (one upload from a direct buffer, one matrix product,
 * one top-k, only the k indices and scores read back). {@link PlainJavaEncoder} runs the same
 * weights on the host, ranked with {@link Gallery#topK}.
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
  private final DeviceGallery deviceGallery;
  private final ByteBuffer input;
  private final ByteBuffer single;
  private final Shape shape;
  private final Shape singleShape;
  private final float[] hostInput;
  private final float[] embeddings;
  private final int[] rows;
  private final float[] scores;
  private final int[] index = new int[TOP_K];
  private final float[] score = new float[TOP_K];

  /** On the CPU. */
  public EncodeWork(int batch) {
    this(batch, Device.cpu());
  }

  public EncodeWork(int batch, Device device) {
    this.batch = batch;
    manager = NDManager.newBaseManager(device, Devices.ENGINE);
    model = new SupaEegModel(ModelConfig.from(Config.defaults(), 17, 100, 3200, 10));
    model.initialize(manager);
    store = new ParameterStore(manager, false);
    plain = new PlainJavaEncoder(model, batch);
    gallery = DecoderBenchmark.gallery(GALLERY, model.config().featureDim(), 1);
    deviceGallery = new DeviceGallery(gallery, manager);
    int length = model.config().eegInputDim();
    hostInput = new float[batch * length];
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < hostInput.length; i++) {
      hostInput[i] = (float) random.nextGaussian();
    }
    input =
        ByteBuffer.allocateDirect(hostInput.length * Float.BYTES).order(ByteOrder.nativeOrder());
    input.asFloatBuffer().put(hostInput);
    single = input.slice(0, length * Float.BYTES).order(ByteOrder.nativeOrder());
    shape = new Shape(batch, length);
    singleShape = new Shape(1, length);
    embeddings = new float[batch * model.config().featureDim()];
    rows = new int[batch * TOP_K];
    scores = new float[batch * TOP_K];
  }

  /** The live decoder's pass: upload, forward, device top-5 of the whole batch. */
  public int djl() {
    return pass(input, shape);
  }

  /** The decoder's warm pass before an epoch completes: the same work at batch 1, discarded. */
  public int warm() {
    return pass(single, singleShape);
  }

  private int pass(ByteBuffer x, Shape s) {
    try (NDManager batchManager = manager.newSubManager()) {
      NDArray in = batchManager.create(x, s, DataType.FLOAT32);
      NDArray e = model.encodeEeg(store, in, false);
      deviceGallery.topK(e, TOP_K, rows, scores);
      return rows[0];
    }
  }

  /** The same with {@link PlainJavaEncoder}. */
  public int plainJava() {
    plain.encode(hostInput, 0, batch, embeddings, 0);
    int best = 0;
    for (int b = 0; b < batch; b++) {
      gallery.topK(embeddings, b * gallery.dim(), TOP_K, index, score);
      best += index[0];
    }
    return best;
  }

  /** FLOPs of one epoch's forward pass (the four Linear layers). */
  public long flopsPerEpoch() {
    return PlainJavaEncoder.flopsPerSample(model.config());
  }

  public String device() {
    return manager.getDevice().toString();
  }

  @Override
  public void close() {
    manager.close();
  }
}
