package org.eegdecode.training.trainer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.AdamW;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eegdecode.decoder.Devices;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.decoder.model.SupaEegModel;
import org.eegdecode.training.eval.Embedder;
import org.eegdecode.training.eval.Retrieval;
import org.eegdecode.training.eval.TestModes;
import org.eegdecode.training.eval.ZeroShot;
import org.eegdecode.training.loss.Losses;

/**
 * Trains the SUPAEEG model on one fold with a manual DJL loop: seeded shuffled batches, Gaussian
 * time-smoothing augmentation, stage 1 {@code w·MMD + (1−w)·InfoNCE} then InfoNCE only, AdamW with
 * the configured lr / weight decay, global gradient-norm clipping, optional warm-up + cosine,
 * validation/test retrieval every {@code eval_every} epochs, early stopping on validation top-1,
 * and the best-validation parameters restored at the end ({@link #train}); or exactly a given
 * number of epochs with no selection, the refit on every training concept ({@link #trainFor}).
 *
 * <p>The fold stays on the training device: its EEG (samples × C·T, about 110 MB at full size),
 * image indices, subjects and features (images × layers × dim, about 1 GB) are uploaded once; each
 * batch gathers its rows there and is augmented there ({@link DeviceSmoothing}). Within an epoch
 * nothing comes back to the host: loss and gradient-norm figures are summed on the device and read
 * once per epoch ({@link #trainEpoch}). The same code runs on the CPU.
 */
public final class FoldTrainer implements AutoCloseable {
  /** Called after every epoch (evaluated or not); used for the progress bar. */
  public interface Listener {
    void onEpoch(EpochRecord record, int maxEpochs);
  }

  private static final NDIndex SUMS = new NDIndex("0:4");
  private static final NDIndex LARGEST = new NDIndex("4:5");
  private static final NDIndex ALL = new NDIndex(":");

  /** Rows embedded per inference batch. */
  private static final int EVAL_BATCH = 2048;

  private final ModelConfig modelConfig;
  private final TrainSettings settings;
  private final FoldData data;
  private final Device device;
  private final Model model;
  private final SupaEegModel block;
  private final Trainer trainer;
  private final SettableTracker tracker;
  private final NDManager manager;
  private final NDArray trainFeatures;
  private final NDArray testFeatures;
  private final Random random;
  private final TimeSmoothing smoothing;
  private final LearningRate schedule;
  private final int stepsPerEpoch;
  private final float[] bandwidths;
  private final NDArray trainEeg;
  private final NDArray trainImages;
  private final NDArray trainSubjects;
  private final DeviceSmoothing deviceSmoothing;

  public FoldTrainer(ModelConfig modelConfig, TrainSettings settings, FoldData data) {
    this(modelConfig, settings, data, Devices.resolve(settings.device()));
  }

  public FoldTrainer(
      ModelConfig modelConfig, TrainSettings settings, FoldData data, Device device) {
    this.modelConfig = modelConfig;
    this.settings = settings;
    this.data = data;
    this.device = device;
    if (data.train().rows() < 2) {
      throw new IllegalArgumentException(
          "sub-" + data.fold().testSubject() + ": fewer than 2 training samples");
    }
    int seed = (int) settings.seed();
    Engine.getEngine(Devices.ENGINE).setRandomSeed(seed);
    this.random = new Random(settings.seed() * 1_000_003L + data.fold().testSubject());
    this.model = Model.newInstance("supaeeg", device, Devices.ENGINE);
    this.block = new SupaEegModel(modelConfig);
    model.setBlock(block);
    this.tracker = new SettableTracker((float) settings.lr());
    AdamW optimizer =
        AdamW.builder()
            .optLearningRateTracker(tracker)
            .optWeightDecays((float) settings.weightDecay())
            .build();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.l2Loss()) // required by DJL, unused: the loss is ours
            .optOptimizer(optimizer)
            .optDevices(new Device[] {device});
    this.trainer = model.newTrainer(config);
    int length = data.train().length();
    Features f = data.trainFeatures();
    trainer.initialize(new Shape(2, length), new Shape(2, f.layers(), f.dim()), new Shape(2));
    this.manager = model.getNDManager().newSubManager(device);
    this.trainFeatures = manager.create(f.values(), new Shape(f.images(), f.layers(), f.dim()));
    Features t = data.testFeatures();
    this.testFeatures = manager.create(t.values(), new Shape(t.images(), t.layers(), t.dim()));
    this.smoothing =
        new TimeSmoothing(
            settings.smoothProb(), settings.smoothKernelSize(), settings.smoothSigma());
    this.stepsPerEpoch = batchesPerEpoch(data.train().rows(), settings.batchSize());
    this.schedule = new LearningRate(settings, stepsPerEpoch);
    this.bandwidths = settings.bandwidths();
    Samples train = data.train();
    this.trainEeg =
        new Staging()
            .upload(manager, train.x(), 0, train.rows() * length, new Shape(train.rows(), length));
    long[] images = new long[train.rows()];
    for (int i = 0; i < images.length; i++) {
      images[i] = train.image()[i];
    }
    this.trainImages = manager.create(images);
    this.trainSubjects = manager.create(train.subject());
    this.deviceSmoothing = new DeviceSmoothing(smoothing, data.channels(), data.times(), manager);
  }

  /** Batches of one epoch: full batches, with a last partial batch of at least 2 samples kept. */
  static int batchesPerEpoch(int samples, int batchSize) {
    return samples / batchSize + (samples % batchSize >= 2 ? 1 : 0);
  }

  public Model model() {
    return model;
  }

  public SupaEegModel block() {
    return block;
  }

  public ModelConfig modelConfig() {
    return modelConfig;
  }

  public FoldData data() {
    return data;
  }

  public Device device() {
    return device;
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /**
   * One pass over the shuffled training samples. The permutation and the smoothing picks are drawn
   * on the host (seeded) and uploaded once; every step then gathers its EEG, images, features and
   * subjects from the device-resident fold, augments and trains there, and adds its loss figures to
   * device-side sums that are read back once, at the end of the epoch.
   */
  public EpochStats trainEpoch(int epoch) {
    long begin = System.nanoTime();
    int n = data.train().rows();
    int[] order = permutation(n);
    int stage = settings.stage(epoch);
    float w =
        stage == 1
            ? Losses.mmdWeight(
                epoch,
                settings.stage1Epochs(),
                (float) settings.mmdStart(),
                (float) settings.mmdEnd())
            : 0f;
    int batchSize = settings.batchSize();
    // a 1-sample remainder is dropped: MMD and InfoNCE need pairs
    int seen = Math.min(n, stepsPerEpoch * batchSize);
    long[] rows = new long[seen];
    for (int i = 0; i < seen; i++) {
      rows[i] = order[i];
    }
    float[] picks = new float[seen];
    smoothing.pick(seen, random, picks, 0);
    double firstLr = Double.NaN;
    float[] sums;
    try (NDManager epochManager = manager.newSubManager()) {
      NDArray orderOnDevice = epochManager.create(rows);
      NDArray picksOnDevice = epochManager.create(picks);
      // {Σ loss·count, Σ mmd·count, Σ infonce·count, Σ norm·count, max clipped norm}
      NDArray totals = epochManager.zeros(new Shape(5));
      for (int step = 0; step < stepsPerEpoch; step++) {
        int start = step * batchSize;
        int count = Math.min(batchSize, n - start);
        float lr = schedule.at(epoch, step);
        if (step == 0) {
          firstLr = lr;
        }
        tracker.set(lr);
        step(orderOnDevice, picksOnDevice, start, count, stage, w, totals);
      }
      sums = totals.toFloatArray();
    }
    return new EpochStats(
        epoch,
        stage,
        decimal(firstLr),
        sums[0] / seen,
        stage == 1 ? sums[1] / seen : Double.NaN,
        sums[2] / seen,
        decimal(w),
        sums[3] / seen,
        sums[4],
        seen,
        stepsPerEpoch,
        (System.nanoTime() - begin) / 1e9);
  }

  /** The float's shortest decimal as a double (1e-4f reads 1.0E-4, not 9.99999974E-5). */
  private static double decimal(double floatValue) {
    return Double.isNaN(floatValue)
        ? floatValue
        : Double.parseDouble(Float.toString((float) floatValue));
  }

  /**
   * Forward, loss, backward, global-norm clip, AdamW step on samples {@code order[start … start +
   * count)}, all on the device; adds {loss, mmd, infonce, gradient norm before clipping} × count to
   * {@code totals[0 … 3]} and keeps the largest norm after clipping in {@code totals[4]}.
   */
  private void step(
      NDArray order, NDArray picks, int start, int count, int stage, float w, NDArray totals) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDIndex range = new NDIndex("{}:{}", start, start + count);
      NDIndex rows = new NDIndex("{}", order.get(range));
      NDArray eeg = deviceSmoothing.apply(trainEeg.get(rows), picks.get(range));
      NDArray feats = trainFeatures.get(new NDIndex("{}", trainImages.get(rows)));
      NDArray subj = trainSubjects.get(rows);
      NDArray lossFigures;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList outputs = trainer.forward(new NDList(eeg, feats, subj));
        NDArray eegEmb = outputs.get(0);
        NDArray imgEmb = outputs.get(1);
        NDArray scale = outputs.get(2);
        NDArray nce = Losses.infoNce(eegEmb, imgEmb, scale);
        NDArray loss;
        NDArray mmd;
        if (stage == 1) {
          mmd = Losses.mmd(eegEmb, imgEmb, bandwidths);
          loss = mmd.mul(w).add(nce.mul(1f - w));
        } else {
          mmd = nce.zerosLike();
          loss = nce;
        }
        collector.backward(loss);
        lossFigures = NDArrays.stack(new NDList(loss, mmd, nce)).stopGradient();
      }
      List<NDArray> grads = GradientClipping.gradients(block.getParameters());
      NDArray[] norms = GradientClipping.clipOnDevice(grads, settings.gradClip());
      NDArray norm = norms == null ? lossFigures.get(0).zerosLike() : norms[0];
      NDArray clipped = norms == null ? norm : norms[1];
      NDArray figures =
          NDArrays.concat(new NDList(lossFigures, norm.reshape(1))).mul((float) count);
      NDArray next =
          NDArrays.concat(
              new NDList(
                  totals.get(SUMS).add(figures), totals.get(LARGEST).maximum(clipped.reshape(1))));
      totals.set(ALL, next); // in place: totals outlives this step's scope
      // the clipped gradients are views of the parameters' own: close the views, keep the data
      GradientClipping.close(grads);
    }
    trainer.step();
  }

  /** Validation (among the validation images) and test (among all test images) retrieval. */
  public Evaluation evaluate() {
    long begin = System.nanoTime();
    Embedder embedder = new Embedder(block, manager, EVAL_BATCH);
    Retrieval.Result val = ZeroShot.amongShown(embedder, data.validation(), trainFeatures);
    Retrieval.Result test =
        ZeroShot.amongAll(embedder, data.test(), testFeatures, data.testFeatures().images());
    float[] router = embedder.routerWeights();
    return new Evaluation(val, test, router, (System.nanoTime() - begin) / 1e9);
  }

  public float[] routerWeights() {
    return new Embedder(block, manager, EVAL_BATCH).routerWeights();
  }

  /**
   * The whole schedule: epochs with evaluation every eval_every (and at the last epoch), early
   * stopping after early_stop_patience evaluations without a better validation top-1, then the
   * parameters of the best validation top-1 restored and re-evaluated.
   */
  public FoldResult train(Listener listener) {
    return run(listener, settings.epochs(), true);
  }

  /**
   * Exactly {@code epochs} epochs with no selection (the refit on every training concept): test
   * evaluated every eval_every epochs for the curve only; the last epoch's parameters are kept.
   */
  public FoldResult trainFor(Listener listener, int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    return run(listener, epochs, false);
  }

  private FoldResult run(Listener listener, int maxEpochs, boolean select) {
    long begin = System.nanoTime();
    int subject = data.fold().testSubject();
    boolean hasValidation = select && data.validation().rows() > 0;
    List<EpochRecord> history = new ArrayList<>();
    double bestVal = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    float[][] bestParams = null;
    double bestTest = Double.NEGATIVE_INFINITY;
    double bestTestTop5 = Double.NaN;
    int bestTestEpoch = 0;
    int sinceBest = 0;
    boolean stopped = false;
    int epoch = 0;
    while (epoch < maxEpochs && !stopped) {
      epoch++;
      EpochStats stats = trainEpoch(epoch);
      boolean evaluate = epoch % settings.evalEvery() == 0 || epoch == maxEpochs;
      Evaluation eval = evaluate ? evaluate() : null;
      float[] router = eval != null ? eval.routerWeights() : routerWeights();
      EpochRecord record =
          new EpochRecord(
              subject,
              epoch,
              stats.stage(),
              stats.lr(),
              stats.loss(),
              stats.mmd(),
              stats.infonce(),
              stats.mmdWeight(),
              stats.gradNorm(),
              eval == null ? Double.NaN : eval.validation().top1(),
              eval == null ? Double.NaN : eval.validation().top5(),
              eval == null ? Double.NaN : eval.test().top1(),
              eval == null ? Double.NaN : eval.test().top5(),
              router,
              stats.seconds(),
              eval == null ? 0 : eval.seconds());
      history.add(record);
      if (eval != null) {
        if (eval.test().top1() > bestTest) {
          bestTest = eval.test().top1();
          bestTestTop5 = eval.test().top5();
          bestTestEpoch = epoch;
        }
        if (hasValidation) {
          if (eval.validation().top1() > bestVal) {
            bestVal = eval.validation().top1();
            bestEpoch = epoch;
            bestParams = snapshot();
            sinceBest = 0;
          } else {
            sinceBest++;
            if (settings.earlyStopPatience() > 0 && sinceBest >= settings.earlyStopPatience()) {
              stopped = true;
            }
          }
        }
      }
      if (listener != null) {
        listener.onEpoch(record, maxEpochs);
      }
    }
    String selection;
    if (hasValidation && bestParams != null) {
      restore(bestParams);
      selection = "validation";
    } else {
      bestEpoch = epoch;
      selection = "last";
    }
    Evaluation fin = evaluate();
    TestModes modes = testModes();
    return new FoldResult(
        subject,
        data.fold().protocol(),
        selection,
        bestEpoch,
        fin.validation(),
        fin.test(),
        modes,
        bestTest,
        bestTestTop5,
        bestTestEpoch,
        fin.routerWeights(),
        epoch,
        stopped,
        (System.nanoTime() - begin) / 1e9,
        List.copyOf(history),
        null);
  }

  /** Test retrieval of the current parameters in every mode (single trials included). */
  public TestModes testModes() {
    Embedder embedder = new Embedder(block, manager, EVAL_BATCH);
    int images = data.testFeatures().images();
    int[] all = new int[images];
    for (int i = 0; i < images; i++) {
      all[i] = i;
    }
    float[] gallery = embedder.images(testFeatures, all);
    return TestModes.evaluate(
        embedder,
        data.testTrials(),
        data.testTrialsAveraged() ? data.test() : null,
        gallery,
        images);
  }

  /** Host copies of every parameter's values, in the block's parameter order. */
  public float[][] snapshot() {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      out.add(
          array.getDataType() == DataType.FLOAT32
              ? array.toFloatArray()
              : array.toType(DataType.FLOAT32, false).toFloatArray());
    }
    return out.toArray(new float[0][]);
  }

  /** Writes a {@link #snapshot} back into the parameters. */
  public void restore(float[][] values) {
    int i = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      array.set(FloatBuffer.wrap(values[i++]));
    }
  }

  private int[] permutation(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /** Closes the trainer and the uploaded arrays; the model stays open (see {@link #model}). */
  public void closeTrainer() {
    trainer.close();
    manager.close();
  }

  @Override
  public void close() {
    closeTrainer();
    model.close();
  }
}
