package org.eegdecode.decoder.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SUPAEEG dual encoder: an EEG branch and an image branch that meet in one shared projection,
 * with a layer router over the image feature bank and a learned InfoNCE scale.
 *
 * <pre>
 * EEG   (B, C·T) → Linear(C·T→H) → x + Dropout(Linear(H→H)(GELU(x))) → LayerNorm(H) → Linear(H→F) ┐
 * image (B, L, D) → router weights (B|1, L) → Σ_l w_l·x_l (B, D) → Linear(D→M) → Linear(M→F)      ┤
 *                                                                        shared Linear(F→F) → L2 ─┘
 * </pre>
 *
 * H = {@code eegFeatureDim}, M = {@code imageMidDim}, F = {@code featureDim}. The router adds to
 * the learned global layer logits a per-subject bias (training only; each sample's bias is dropped
 * with {@code subjectDropoutRate}, each layer logit is masked to −∞ with {@code layerDropoutRate},
 * and a sample whose every layer was drawn keeps them all) and takes {@code softmax(logits / T)}.
 * Inference uses the global prior only, whatever the subjects.
 *
 * <p>Children, in save order: {@code eeg_in, eeg_residual, eeg_dropout, eeg_norm, eeg_out,
 * image_in, image_out, shared}; direct parameters {@code router_logits (L)}, {@code subject_bias
 * (subjects, L)}, {@code logit_scale ()}. Linear layers start like PyTorch's {@code nn.Linear}
 * (weights and biases uniform in ±1/√fan_in), LayerNorm at γ = 1, β = 0. In {@link
 * RouterMode#UNIFORM} and {@link RouterMode#SINGLE} modes the router parameters are kept (same file
 * layout) but do not require gradients, so optimisers leave them alone.
 *
 * <p>Intermediate arrays are attached to the manager of the inputs (close a per-batch sub-manager).
 */
public final class SupaEegModel extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final float NORM_EPS = 1e-12f;

  private final ModelConfig config;
  private final Block eegIn;
  private final Block eegResidual;
  private final Block eegDropout;
  private final Block eegNorm;
  private final Block eegOut;
  private final Block imageIn;
  private final Block imageOut;
  private final Block shared;
  private final Parameter routerLogits;
  private final Parameter subjectBias;
  private final Parameter logitScale;

  public SupaEegModel(ModelConfig config) {
    super(VERSION);
    this.config = Objects.requireNonNull(config, "config");
    int h = config.eegFeatureDim();
    int f = config.featureDim();
    eegIn = addChildBlock("eeg_in", linear(h, config.eegInputDim()));
    eegResidual = addChildBlock("eeg_residual", linear(h, h));
    eegDropout = addChildBlock("eeg_dropout", Dropout.builder().optRate(config.dropout()).build());
    eegNorm = addChildBlock("eeg_norm", LayerNorm.builder().optEpsilon(1e-5f).build());
    eegOut = addChildBlock("eeg_out", linear(f, h));
    imageIn = addChildBlock("image_in", linear(config.imageMidDim(), config.imageInputDim()));
    imageOut = addChildBlock("image_out", linear(f, config.imageMidDim()));
    shared = addChildBlock("shared", linear(f, f));

    boolean routed = config.routerMode() == RouterMode.ROUTER;
    float[] init = config.routerInit();
    routerLogits =
        addParameter(
            Parameter.builder()
                .setName("router_logits")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(config.layers()))
                .optInitializer(
                    (Initializer)
                        (manager, shape, dataType) ->
                            manager.create(init, shape).toType(dataType, false))
                .optRequiresGrad(routed)
                .build());
    subjectBias =
        addParameter(
            Parameter.builder()
                .setName("subject_bias")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(config.subjects(), config.layers()))
                .optInitializer(Initializer.ZEROS)
                .optRequiresGrad(routed)
                .build());
    logitScale =
        addParameter(
            Parameter.builder()
                .setName("logit_scale")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape())
                .optInitializer(new ConstantInitializer(config.logitScaleInit()))
                .build());
  }

  /** A Linear layer initialised like PyTorch's {@code nn.Linear(in, out)}. */
  private static Linear linear(int out, int in) {
    Linear block = Linear.builder().setUnits(out).build();
    float bound = (float) (1.0 / Math.sqrt(in));
    block.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    block.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    return block;
  }

  public ModelConfig config() {
    return config;
  }

  /** Input shapes for {@link #initialize}: EEG (batch, C·T), features (batch, L, D), subjects. */
  public Shape[] inputShapes(long batch) {
    return new Shape[] {
      new Shape(batch, config.eegInputDim()),
      new Shape(batch, config.layers(), config.imageInputDim()),
      new Shape(batch)
    };
  }

  /** Creates the parameters (float32) on {@code manager}'s device; a no-op when already done. */
  public void initialize(NDManager manager) {
    initialize(manager, DataType.FLOAT32, inputShapes(1));
  }

  /** Number of scalar parameters; needs an initialised or loaded block. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : getParameters().values()) {
      n += p.getArray().size();
    }
    return n;
  }

  /** Scalar parameters of the EEG branch alone (its five layers plus the shared projection). */
  public long eegBranchParameterCount() {
    long n = 0;
    for (Block b : new Block[] {eegIn, eegResidual, eegNorm, eegOut, shared}) {
      for (Parameter p : b.getParameters().values()) {
        n += p.getArray().size();
      }
    }
    return n;
  }

  /**
   * EEG embeddings.
   *
   * @param eeg (B, C·T) float32, already flattened ((B, C, T) is flattened here)
   * @return (B, F), rows L2-normalised
   */
  public NDArray encodeEeg(ParameterStore ps, NDArray eeg, boolean training) {
    Shape shape = eeg.getShape();
    NDArray x = eeg;
    if (shape.dimension() == 3) {
      x = eeg.reshape(shape.get(0), shape.get(1) * shape.get(2));
    }
    if (x.getShape().dimension() != 2 || x.getShape().get(1) != config.eegInputDim()) {
      throw new IllegalArgumentException(
          "EEG input must be (batch, "
              + config.eegInputDim()
              + ") = (batch, "
              + config.channels()
              + "·"
              + config.timepoints()
              + "), got "
              + shape);
    }
    NDArray h = one(eegIn, ps, x, training);
    NDArray r = one(eegResidual, ps, Activation.gelu(h), training);
    r = one(eegDropout, ps, r, training);
    h = one(eegNorm, ps, h.add(r), training);
    h = one(eegOut, ps, h, training);
    return project(ps, h, training);
  }

  /**
   * Image embeddings through the router.
   *
   * @param features (B, L, D) float32, layers in {@code layerIds} order
   * @param subjects (B,) int32 0-based subject indices, or null; used in training only
   * @return (B, F), rows L2-normalised
   */
  public NDArray encodeImages(
      ParameterStore ps, NDArray features, NDArray subjects, boolean training) {
    Shape shape = features.getShape();
    int layers = config.layers();
    if (shape.dimension() != 3
        || shape.get(1) != layers
        || shape.get(2) != config.imageInputDim()) {
      throw new IllegalArgumentException(
          "image features must be (batch, "
              + layers
              + ", "
              + config.imageInputDim()
              + "), got "
              + shape);
    }
    long batch = shape.get(0);
    NDArray mixed;
    switch (config.routerMode()) {
      case UNIFORM:
        mixed = features.mean(new int[] {1});
        break;
      case SINGLE:
        mixed = features.get(new NDIndex(":, {}, :", config.singleLayerIndex()));
        break;
      default:
        NDArray w = router(ps, subjects, batch, training, features.getManager(), features);
        mixed = features.mul(w.expandDims(2)).sum(new int[] {1});
        break;
    }
    NDArray h = one(imageIn, ps, mixed, training);
    h = one(imageOut, ps, h, training);
    return project(ps, h, training);
  }

  /**
   * Router weights, rows summing to 1: (B, L) for B subjects, or (1, L) with {@code subjects} null.
   * Outside training every row is the global prior {@code softmax(router_logits / T)}; in uniform
   * and single modes the constant 1/L and one-hot weights. With {@code subjects} null the result
   * belongs to {@code ps.getManager()}.
   */
  public NDArray routerWeights(ParameterStore ps, NDArray subjects, boolean training) {
    long batch = subjects == null ? 1 : subjects.getShape().get(0);
    NDManager manager = subjects == null ? ps.getManager() : subjects.getManager();
    return routerWeights(ps, subjects, batch, training, manager);
  }

  /**
   * Router weights (batch, L) on {@code manager}; {@code subjects} may be null (no subject bias) or
   * hold {@code batch} indices.
   */
  public NDArray routerWeights(
      ParameterStore ps, NDArray subjects, long batch, boolean training, NDManager manager) {
    int layers = config.layers();
    Device device = subjects != null ? subjects.getDevice() : manager.getDevice();
    switch (config.routerMode()) {
      case UNIFORM:
        return manager.full(new Shape(batch, layers), 1f / layers, DataType.FLOAT32, device);
      case SINGLE:
        float[] hot = new float[layers];
        hot[config.singleLayerIndex()] = 1f;
        return manager.create(hot, new Shape(1, layers)).toDevice(device, false).repeat(0, batch);
      default:
        NDArray anchor = manager.zeros(new Shape(batch, layers), DataType.FLOAT32, device);
        return router(ps, subjects, batch, training, manager, anchor);
    }
  }

  /**
   * Router mode: softmax over the global logits (plus, in training, the subject bias and the layer
   * mask). Returns (1, L) for the global prior when there is nothing per-sample, else (batch, L).
   * {@code anchor} is any array on the target manager and device (its values are not used).
   */
  private NDArray router(
      ParameterStore ps,
      NDArray subjects,
      long batch,
      boolean training,
      NDManager manager,
      NDArray anchor) {
    int layers = config.layers();
    if (subjects != null
        && (subjects.getShape().dimension() != 1 || subjects.getShape().get(0) != batch)) {
      throw new IllegalArgumentException(
          "subjects must be (" + batch + ",), got " + subjects.getShape());
    }
    Device device = anchor.getDevice();
    NDArray global = ps.getValue(routerLogits, device, training);
    boolean perSample =
        training
            && (subjects != null && config.subjectDropoutRate() < 1
                || config.layerDropoutRate() > 0);
    long rows = perSample ? batch : 1;
    // Start from an array of the caller's manager so that every intermediate stays there.
    NDArray logits = manager.zeros(new Shape(rows, layers), DataType.FLOAT32, device).add(global);
    if (training && subjects != null && config.subjectDropoutRate() < 1) {
      NDArray bias = ps.getValue(subjectBias, device, training);
      NDArray oneHot =
          subjects.toType(DataType.INT64, false).oneHot(config.subjects(), DataType.FLOAT32);
      NDArray perSubject = oneHot.matMul(bias);
      if (config.subjectDropoutRate() > 0) {
        NDArray keep =
            manager
                .randomUniform(0f, 1f, new Shape(batch, 1), DataType.FLOAT32, device)
                .gte(config.subjectDropoutRate())
                .toType(DataType.FLOAT32, false);
        perSubject = perSubject.mul(keep);
      }
      logits = logits.add(perSubject);
    }
    if (training && config.layerDropoutRate() > 0) {
      NDArray mask =
          manager
              .randomUniform(0f, 1f, new Shape(rows, layers), DataType.FLOAT32, device)
              .lt(config.layerDropoutRate());
      NDArray everyLayer = mask.toType(DataType.INT32, false).sum(new int[] {1}, true).eq(layers);
      mask = mask.logicalAnd(everyLayer.logicalNot());
      NDArray minusInf =
          manager.full(new Shape(rows, layers), Float.NEGATIVE_INFINITY, DataType.FLOAT32, device);
      logits = NDArrays.where(mask, minusInf, logits);
    }
    if (config.routerTemperature() != 1f) {
      logits = logits.div(config.routerTemperature());
    }
    NDArray weights = logits.softmax(1);
    if (!perSample && batch != 1 && subjects != null) {
      weights = weights.repeat(0, batch);
    }
    return weights;
  }

  /** {@code exp(logit_scale)}, a scalar; it belongs to the parameter's manager. */
  public NDArray logitScale(ParameterStore ps) {
    NDArray p = ps.getValue(logitScale, ps.getManager().getDevice(), true);
    return p.exp();
  }

  /** {@code exp(logit_scale)}, a scalar on {@code manager} (and its device). */
  public NDArray logitScale(ParameterStore ps, NDManager manager, boolean training) {
    NDArray p = ps.getValue(logitScale, manager.getDevice(), training);
    return manager.zeros(new Shape(), DataType.FLOAT32, manager.getDevice()).add(p).exp();
  }

  /** The global router prior (L) as plain floats (uniform / one-hot in the ablation modes). */
  public float[] globalRouterWeights(NDManager manager) {
    try (NDManager sub = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(sub, false);
      return routerWeights(ps, null, 1, false, sub).toFloatArray();
    }
  }

  private NDArray project(ParameterStore ps, NDArray h, boolean training) {
    return one(shared, ps, h, training).normalize(2, -1, NORM_EPS);
  }

  private static NDArray one(Block block, ParameterStore ps, NDArray x, boolean training) {
    return block.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /**
   * Inputs: {@code (eeg (B, C·T), features (B', L, D)[, subjects (B',) int32])}; outputs: {@code
   * (eegEmb (B, F), imgEmb (B', F), exp(logit_scale) ())}.
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() < 2 || inputs.size() > 3) {
      throw new IllegalArgumentException(
          "SupaEegModel takes (eeg, features[, subjects]), got " + inputs.size() + " arrays");
    }
    NDArray eeg = inputs.get(0);
    NDArray subjects = inputs.size() > 2 ? inputs.get(2) : null;
    NDArray eegEmb = encodeEeg(ps, eeg, training);
    NDArray imgEmb = encodeImages(ps, inputs.get(1), subjects, training);
    NDArray scale =
        eeg.getManager()
            .zeros(new Shape(), DataType.FLOAT32, eeg.getDevice())
            .add(ps.getValue(logitScale, eeg.getDevice(), training))
            .exp();
    return new NDList(eegEmb, imgEmb, scale);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long f = config.featureDim();
    return new Shape[] {
      new Shape(inputShapes[0].get(0), f), new Shape(inputShapes[1].get(0), f), new Shape()
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    long h = config.eegFeatureDim();
    long f = config.featureDim();
    eegIn.initialize(manager, dataType, new Shape(1, config.eegInputDim()));
    eegResidual.initialize(manager, dataType, new Shape(1, h));
    eegDropout.initialize(manager, dataType, new Shape(1, h));
    eegNorm.initialize(manager, dataType, new Shape(1, h));
    eegOut.initialize(manager, dataType, new Shape(1, h));
    imageIn.initialize(manager, dataType, new Shape(1, config.imageInputDim()));
    imageOut.initialize(manager, dataType, new Shape(1, config.imageMidDim()));
    shared.initialize(manager, dataType, new Shape(1, f));
  }

  @Override
  public String toString() {
    return "SupaEegModel"
        + Arrays.asList(
            config.channels() + "×" + config.timepoints(),
            "layers " + config.layerIds(),
            "D " + config.imageInputDim(),
            "F " + config.featureDim(),
            config.routerMode().key());
  }
}
