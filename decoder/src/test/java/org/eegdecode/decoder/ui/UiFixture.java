package org.eegdecode.decoder.ui;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.live.DecoderSettings;
import org.eegdecode.decoder.live.LiveDecoder;
import org.eegdecode.decoder.live.ResultSink;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.SupaEegModel;
import org.eegdecode.decoder.model.TestModels;

/**
 * A small real model and a gallery of its own epochs' embeddings (epoch i ranks row i first), as in
 * the decoder's tests, for the view's tests; shared per test JVM.
 */
final class UiFixture {
  static final int N = 10;
  static final NDManager MANAGER = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
  static final ModelConfig CONFIG = TestModels.small();
  static final SupaEegModel MODEL = new SupaEegModel(CONFIG);
  static final float[][] EPOCHS = new float[N][];
  static final Gallery GALLERY;

  static {
    MODEL.initialize(MANAGER);
    int length = CONFIG.eegInputDim();
    float[] all = new float[N * length];
    for (int i = 0; i < N; i++) {
      EPOCHS[i] = TestModels.gaussian(200 + i, length);
      System.arraycopy(EPOCHS[i], 0, all, i * length, length);
    }
    float[] embedded;
    try (NDManager m = MANAGER.newSubManager()) {
      embedded =
          MODEL
              .encodeEeg(new ParameterStore(m, false), m.create(all, new Shape(N, length)), false)
              .toFloatArray();
    }
    List<String> concepts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      concepts.add(String.format("%05d_c%d", i + 1, i));
      files.add("c" + i + "_01.jpg");
    }
    GALLERY = Gallery.normalised(concepts, files, embedded, CONFIG.featureDim());
  }

  private UiFixture() {}

  static UiFeed.Layout layout() {
    return new UiFeed.Layout(
        CONFIG.channels(), CONFIG.timepoints(), 100, -0.02, List.of("A", "B", "C"));
  }

  static LiveDecoder decoder(ResultSink... sinks) {
    return new LiveDecoder(
        MODEL, MANAGER, GALLERY, DecoderSettings.defaults().withTopK(3), List.of(sinks), () -> 0);
  }

  /** Epoch i with marker {@code concept(i)/file(i)} at {@code markerTs}. */
  static EpochEvent event(int i, long index, double markerTs) {
    EpochEvent e = new EpochEvent(CONFIG.channels(), CONFIG.timepoints());
    System.arraycopy(EPOCHS[i], 0, e.data(), 0, EPOCHS[i].length);
    byte[] text =
        (GALLERY.concepts().get(i) + "/" + GALLERY.files().get(i)).getBytes(StandardCharsets.UTF_8);
    long now = System.nanoTime();
    e.set(index, text, text.length, Double.NaN, markerTs, markerTs + 0.001, now, now);
    return e;
  }

  /** A dataset folder holding the test images of the first {@code n} gallery rows. */
  static Path dataset(Path dir, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      Path p =
          dir.resolve("test_images")
              .resolve(GALLERY.concepts().get(i))
              .resolve(GALLERY.files().get(i));
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) i});
    }
    return dir;
  }

  static UiSettings fast() {
    return new UiSettings(0, 20, 100, 5.0, 100, 24, 1024, 64, 32);
  }
}
