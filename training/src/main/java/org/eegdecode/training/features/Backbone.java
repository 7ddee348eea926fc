package org.eegdecode.training.features;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eegdecode.decoder.Devices;

/**
 * A TorchScript vision backbone on DJL's PyTorch engine, under eegdecode's contract: {@code
 * forward} takes a float32 batch (B, 3, H, W), already resized and normalised, and returns the
 * tuple (or list) of hidden states in Hugging Face's {@code output_hidden_states} convention (index
 * 0 = embedding output, index l = block l), each (B, tokens, D).
 *
 * <p>{@link #pool} keeps the requested hidden states and averages each over its tokens (CLS
 * included, as the seed's bank does) on the device, in float32 whatever the module computes in;
 * only (B, layers, D) comes back to the host. Runs without autograd.
 */
public final class Backbone implements AutoCloseable {
  private final Path file;
  private final Model model;
  private final PtSymbolBlock block;
  private final int[] layerIds;
  private int hiddenStates = -1;
  private int tokens = -1;
  private int dim = -1;

  private Backbone(Path file, Model model, int[] layerIds) {
    this.file = file;
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.layerIds = layerIds;
  }

  /**
   * Loads a TorchScript file onto {@code device}.
   *
   * @throws IOException one line naming the file: missing, or not a TorchScript module
   */
  public static Backbone load(Path file, Device device, List<Integer> layerIds) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "backbone file does not exist");
    }
    Model model = Model.newInstance("backbone", device, Devices.ENGINE);
    try {
      // mapLocation: a module traced on a GPU loads onto the CPU too (and the reverse).
      model.load(file, null, Map.of("mapLocation", "true"));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(
          file
              + ": not a TorchScript module (save one with torch.jit.trace(...).save): "
              + firstLine(e),
          e);
    }
    if (!(model.getBlock() instanceof PtSymbolBlock)) {
      model.close();
      throw new IOException(file + ": the engine did not load a TorchScript module");
    }
    return new Backbone(file, model, layerIds.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * One forward pass on a blank image: checks the contract and the layer ids before any real work
   * and learns the number of hidden states, tokens and the width.
   *
   * @throws IOException one line naming the file: the forward pass failed (often a wrong
   *     image_size), the output is not a tuple of (B, tokens, D) tensors, or a layer id is out of
   *     range
   */
  public void probe(int imageSize) throws IOException {
    pool(new float[3 * imageSize * imageSize], 1, imageSize);
  }

  /**
   * The pooled features of a batch.
   *
   * @param pixels batch × 3 × size × size float32 values, CHW per image
   * @return batch × layers × D, float32, layers in {@code layer_ids} order
   */
  public float[] pool(float[] pixels, int batch, int size) throws IOException {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x =
          manager.create(
              FloatBuffer.wrap(pixels, 0, batch * 3 * size * size),
              new Shape(batch, 3, size, size));
      NDList hidden = forward((PtNDArray) x, (PtNDManager) manager, batch, size);
      NDList pooled = new NDList(layerIds.length);
      for (int id : layerIds) {
        NDArray h = hidden.get(id);
        if (h.getDataType() != DataType.FLOAT32) {
          h = h.toType(DataType.FLOAT32, false);
        }
        pooled.add(h.mean(new int[] {1}));
      }
      return NDArrays.stack(pooled, 1).toFloatArray();
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  private NDList forward(PtNDArray x, PtNDManager manager, int batch, int size) throws IOException {
    IValue output;
    try (IValue input = IValue.from(x)) {
      output = block.forward(input);
    } catch (RuntimeException e) {
      throw new IOException(
          file
              + ": the forward pass on a ("
              + batch
              + ", 3, "
              + size
              + ", "
              + size
              + ") float32 batch failed (is features.image_size the backbone's input size?): "
              + firstLine(e),
          e);
    }
    try (IValue out = output) {
      IValue[] items;
      if (out.isTuple()) {
        items = out.toIValueTuple();
      } else if (out.isList()) {
        items = out.toIValueArray();
      } else {
        throw contract("returned " + out.getType() + ", not a tuple of hidden states");
      }
      NDList hidden = new NDList(items.length);
      try {
        for (int i = 0; i < items.length; i++) {
          if (!items[i].isTensor()) {
            throw contract(
                "element " + i + " of its output is " + items[i].getType() + ", not a tensor");
          }
          hidden.add(items[i].toTensor(manager));
        }
      } finally {
        for (IValue item : items) {
          item.close();
        }
      }
      check(hidden, batch);
      return hidden;
    }
  }

  private void check(NDList hidden, int batch) throws IOException {
    int count = hidden.size();
    for (int id : layerIds) {
      if (id >= count) {
        throw new IOException(
            "layer_ids: layer "
                + id
                + " is out of range: "
                + file
                + " returns "
                + count
                + " hidden states (0 = embeddings, 1.."
                + (count - 1)
                + " = blocks)");
      }
    }
    long width = -1;
    long tokenCount = -1;
    for (int i = 0; i < count; i++) {
      Shape s = hidden.get(i).getShape();
      if (s.dimension() != 3 || s.get(0) != batch) {
        throw contract(
            "hidden state " + i + " has shape " + s + ", expected (" + batch + ", tokens, D)");
      }
      if (width < 0) {
        width = s.get(2);
        tokenCount = s.get(1);
      } else if (s.get(2) != width) {
        throw contract(
            "hidden state " + i + " has width " + s.get(2) + " but hidden state 0 has " + width);
      }
    }
    hiddenStates = count;
    tokens = (int) tokenCount;
    dim = (int) width;
  }

  private IOException contract(String problem) {
    return new IOException(
        file
            + ": "
            + problem
            + " (the contract: forward(pixels) returns the tuple of hidden"
            + " states, each (B, tokens, D), as Hugging Face's output_hidden_states; see"
            + " docs/features.md)");
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    for (String line : m.split("\\R")) {
      if (!line.isBlank() && !line.strip().startsWith("Exception raised from")) {
        return line.strip();
      }
    }
    return m.strip();
  }

  public Path file() {
    return file;
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  /** Hidden states the module returns (known after {@link #probe}). */
  public int hiddenStates() {
    return hiddenStates;
  }

  /** Tokens per hidden state (known after {@link #probe}). */
  public int tokens() {
    return tokens;
  }

  /** Width D of a hidden state (known after {@link #probe}). */
  public int dim() {
    return dim;
  }

  public int layers() {
    return layerIds.length;
  }

  @Override
  public void close() {
    model.close();
  }
}
