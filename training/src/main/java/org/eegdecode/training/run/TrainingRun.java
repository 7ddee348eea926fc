package org.eegdecode.training.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.bundle.PreprocessingContract;
import org.eegdecode.decoder.gallery.Gallery;
import org.eegdecode.decoder.model.ModelConfig;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.data.ThingsDataset;
import org.eegdecode.training.trainer.Features;
import org.eegdecode.training.trainer.FoldData;
import org.eegdecode.training.trainer.FoldLoader;
import org.eegdecode.training.trainer.FoldResult;
import org.eegdecode.training.trainer.FoldTrainer;
import org.eegdecode.training.trainer.TrainSettings;

/**
 * {@code eegdecode train}: every fold of the configured protocol and subject(s), trained, evaluated
 * and saved as a bundle, with the run folder written as the folds complete. With {@code refit} (the
 * default) a fold trains twice: once with the validation concepts held out, to choose the epoch
 * count, then from scratch on every training concept for that many epochs; the refit ships. The
 * test set never chooses anything.
 */
public final class TrainingRun {
  /** What a run produced; {@code summary} is the JSON line's object. */
  public record Outcome(Path dir, List<FoldResult> folds, ObjectNode summary, List<Path> bundles) {}

  public static final String BASELINE = PreprocessingContract.BASELINE_PRESTIMULUS;
  public static final String UNITS = "as the training files (µV after MVNN)";

  private TrainingRun() {}

  /** Opens the configured dataset and runs; progress bars go to {@code progress} (null: none). */
  public static Outcome run(Config config, String tag, PrintStream progress) throws IOException {
    DataSettings data = DataSettings.from(config);
    return run(config, tag, progress, new FoldLoader(ThingsDataset.open(data), data));
  }

  /**
   * Runs on an already opened dataset (sweeps reuse one loader and its features): {@code seeds}
   * seeds (seed, seed + 1, …) each in a {@code seed-<s>/} folder of the run with a mean ± SD
   * summary, or the one configured seed in the run folder itself.
   */
  public static Outcome run(Config config, String tag, PrintStream progress, FoldLoader loader)
      throws IOException {
    TrainSettings settings = TrainSettings.from(config);
    DataSettings data = loader.settings();
    RunFolder folder =
        RunFolder.create(
            Path.of(settings.outputDir()),
            data.protocol(),
            data.subject(),
            tag,
            LocalDateTime.now());
    folder.writeConfig(config);
    if (settings.seeds() == 1) {
      return runSeed(config, settings, progress, loader, folder);
    }
    List<Outcome> outcomes = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < settings.seeds(); i++) {
      long seed = settings.seed() + i;
      seeds.add(seed);
      Config seeded = config.with("seed", seed).with("seeds", 1);
      RunFolder child = folder.child("seed-" + seed);
      child.writeConfig(seeded);
      outcomes.add(
          runSeed(seeded, TrainSettings.from(seeded), progress, loader.withSeed(seed), child));
    }
    ObjectNode summary = SeedSummary.build(seeds, outcomes, folder.dir());
    folder.writeSummary(summary);
    folder.writeSeedResults(summary);
    List<FoldResult> folds = new ArrayList<>();
    List<Path> bundles = new ArrayList<>();
    for (Outcome o : outcomes) {
      folds.addAll(o.folds());
      bundles.addAll(o.bundles());
    }
    return new Outcome(folder.dir(), List.copyOf(folds), summary, List.copyOf(bundles));
  }

  /** Every fold of one seed into {@code folder}. */
  private static Outcome runSeed(
      Config config,
      TrainSettings settings,
      PrintStream progress,
      FoldLoader loader,
      RunFolder folder)
      throws IOException {
    DataSettings data = loader.settings();
    ThingsDataset dataset = loader.dataset();
    Features trainFeatures = loader.features(true);
    List<Integer> layerIds = layerIds(config);
    if (trainFeatures.layers() != layerIds.size()) {
      throw new ConfigException(
          "layer_ids lists "
              + layerIds.size()
              + " layers "
              + layerIds
              + " but the feature bank holds "
              + trainFeatures.layers()
              + " per image");
    }
    int subjectTable = Collections.max(dataset.subjects());
    List<FoldResult> results = new ArrayList<>();
    List<Path> bundles = new ArrayList<>();
    List<RunSummary.Subject> subjects = new ArrayList<>();
    String testMode = FoldData.testMode(data.dataAverageTest());
    int nWay = 0;
    for (ThingsDataset.Fold fold : dataset.folds()) {
      FoldData fd = loader.load(fold);
      nWay = fd.testFeatures().images();
      ModelConfig modelConfig =
          ModelConfig.from(config, fd.channels(), fd.times(), trainFeatures.dim(), subjectTable);
      String task = String.format(Locale.ROOT, "%s sub-%02d", fold.protocol(), fold.testSubject());
      boolean refit = settings.refit() && fd.validation().rows() > 0;
      Path bundleDir = folder.bundleDir(fold.testSubject());
      FoldResult result;
      try (FoldTrainer trainer = new FoldTrainer(modelConfig, settings, fd)) {
        result =
            train(
                progress,
                refit ? task + " select" : task,
                settings.epochs(),
                l -> trainer.train(l));
        if (!refit) {
          saveBundle(trainer, fd, result, bundleDir, fd.validationConcepts());
        }
      }
      if (refit) {
        // the epoch count was chosen on the validation concepts; now every training concept
        // trains, from the same seed, for that many epochs, and that model ships
        FoldData all = loader.load(fold, false);
        int epochs = result.selectedEpoch();
        try (FoldTrainer trainer = new FoldTrainer(modelConfig, settings, all)) {
          result =
              train(progress, task + " refit", epochs, l -> trainer.trainFor(l, epochs))
                  .refitOf(result);
          saveBundle(trainer, all, result, bundleDir, fd.validationConcepts());
        }
      }
      bundles.add(bundleDir);
      results.add(result);
      subjects.add(
          new RunSummary.Subject(
              result.subject(),
              result.test(),
              result.testModes(),
              result.testSelectedTop1(),
              result.selectedEpoch(),
              result.selection(),
              result.routerWeights()));
      folder.writeMetrics(results, layerIds);
    }
    folder.writeResults(results, data.protocol(), testMode, nWay, layerIds);
    folder.writePlots(results, layerIds, 1.0 / Math.max(1, nWay));
    ObjectNode summary =
        RunSummary.build(data.protocol(), testMode, layerIds, subjects, folder.dir(), bundles);
    summary.put("seed", settings.seed());
    folder.writeSummary(summary);
    return new Outcome(folder.dir(), List.copyOf(results), summary, List.copyOf(bundles));
  }

  private static FoldResult train(
      PrintStream progress,
      String task,
      int epochs,
      Function<FoldTrainer.Listener, FoldResult> training) {
    if (progress == null) {
      return training.apply(null);
    }
    try (TrainingProgress bar = new TrainingProgress(task, epochs, progress)) {
      return training.apply(bar);
    }
  }

  static List<Integer> layerIds(Config config) {
    List<Integer> ids = new ArrayList<>();
    config.get("layer_ids").forEach(n -> ids.add(n.asInt()));
    return ids;
  }

  /** The bundle of a trained fold: model, contract, test-image gallery, router prior, metrics. */
  static void saveBundle(
      FoldTrainer trainer,
      FoldData fd,
      FoldResult result,
      Path dir,
      List<String> validationConcepts)
      throws IOException {
    PreprocessingContract contract = contract(fd.channelNames(), fd.timeAxis());
    Features test = fd.testFeatures();
    try (NDManager manager = trainer.model().getNDManager().newSubManager()) {
      Gallery gallery =
          Gallery.embed(
              trainer.block(),
              manager,
              test.values(),
              test.images(),
              fd.testConcepts(),
              fd.testFiles());
      ModelBundle bundle =
          ModelBundle.create(
              trainer.model(),
              trainer.modelConfig(),
              contract,
              gallery,
              result.routerWeights(),
              foldMetrics(result, fd, validationConcepts));
      bundle.save(dir);
    }
  }

  /** The preprocessing a live pipeline must reproduce to feed this model. */
  public static PreprocessingContract contract(List<String> channels, double[] times) {
    double rate =
        times.length > 1 ? Math.round(1e6 / (times[1] - times[0])) / 1e6 : ThingsFormat.RATE_HZ;
    double tmin = times[0];
    double tmax = Math.round((tmin + times.length / rate) * 1e9) / 1e9;
    return new PreprocessingContract(
        List.copyOf(channels), rate, tmin, tmax, BASELINE, null, UNITS);
  }

  static ObjectNode foldMetrics(FoldResult r, FoldData fd, List<String> validationConcepts) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("protocol", r.protocol());
    o.put("subject", r.subject());
    ArrayNode train = o.putArray("train_subjects");
    fd.fold().trainSubjects().forEach(train::add);
    o.put("test_mode", fd.testMode());
    o.put("n_way", r.test().candidates());
    o.put("selection", r.selection());
    o.put("selected_epoch", r.selectedEpoch());
    if (r.selectionRun() != null) {
      o.put("selection_epochs_run", r.selectionRun().epochsRun());
      o.put("selection_early_stopped", r.selectionRun().earlyStopped());
    }
    o.put("epochs_run", r.epochsRun());
    o.put("early_stopped", r.earlyStopped());
    RunFolder.put(o, "top1", r.test().top1());
    RunFolder.put(o, "top5", r.test().top5());
    r.testModes().put(o);
    RunFolder.put(o, "val_top1", r.validation().top1());
    RunFolder.put(o, "val_top5", r.validation().top5());
    RunFolder.put(o, "test_selected_top1", r.testSelectedTop1());
    RunFolder.put(o, "test_selected_top5", r.testSelectedTop5());
    o.put("test_selected_epoch", r.testSelectedEpoch());
    ArrayNode val = o.putArray("validation_concepts");
    validationConcepts.forEach(val::add);
    RunFolder.put(o, "seconds", r.seconds());
    return o;
  }
}
