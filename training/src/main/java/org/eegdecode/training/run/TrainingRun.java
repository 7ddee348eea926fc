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
 * and saved as a bundle, with the run folder written as the folds complete.
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

  /** Runs on an already opened dataset (sweeps reuse one loader and its features). */
  public static Outcome run(Config config, String tag, PrintStream progress, FoldLoader loader)
      throws IOException {
    TrainSettings settings = TrainSettings.from(config);
    DataSettings data = loader.settings();
    ThingsDataset dataset = loader.dataset();
    List<ThingsDataset.Fold> folds = dataset.folds();
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
    RunFolder folder =
        RunFolder.create(
            Path.of(settings.outputDir()),
            data.protocol(),
            data.subject(),
            tag,
            LocalDateTime.now());
    folder.writeConfig(config);
    List<FoldResult> results = new ArrayList<>();
    List<Path> bundles = new ArrayList<>();
    List<RunSummary.Subject> subjects = new ArrayList<>();
    String testMode = FoldData.testMode(data.dataAverageTest());
    int nWay = 0;
    for (ThingsDataset.Fold fold : folds) {
      FoldData fd = loader.load(fold);
      nWay = fd.testFeatures().images();
      ModelConfig modelConfig =
          ModelConfig.from(config, fd.channels(), fd.times(), trainFeatures.dim(), subjectTable);
      FoldResult result;
      try (FoldTrainer trainer = new FoldTrainer(modelConfig, settings, fd)) {
        String task =
            String.format(Locale.ROOT, "%s sub-%02d", fold.protocol(), fold.testSubject());
        if (progress != null) {
          try (TrainingProgress bar = new TrainingProgress(task, settings.epochs(), progress)) {
            result = trainer.train(bar);
          }
        } else {
          result = trainer.train(null);
        }
        Path bundleDir = folder.bundleDir(fold.testSubject());
        saveBundle(trainer, fd, result, bundleDir);
        bundles.add(bundleDir);
      }
      results.add(result);
      subjects.add(
          new RunSummary.Subject(
              result.subject(),
              result.test(),
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
    folder.writeSummary(summary);
    return new Outcome(folder.dir(), List.copyOf(results), summary, List.copyOf(bundles));
  }

  static List<Integer> layerIds(Config config) {
    List<Integer> ids = new ArrayList<>();
    config.get("layer_ids").forEach(n -> ids.add(n.asInt()));
    return ids;
  }

  /** The bundle of a trained fold: model, contract, test-image gallery, router prior, metrics. */
  static void saveBundle(FoldTrainer trainer, FoldData fd, FoldResult result, Path dir)
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
              foldMetrics(result, fd));
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

  static ObjectNode foldMetrics(FoldResult r, FoldData fd) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("protocol", r.protocol());
    o.put("subject", r.subject());
    ArrayNode train = o.putArray("train_subjects");
    fd.fold().trainSubjects().forEach(train::add);
    o.put("test_mode", fd.testMode());
    o.put("n_way", r.test().candidates());
    o.put("selection", r.selection());
    o.put("selected_epoch", r.selectedEpoch());
    o.put("epochs_run", r.epochsRun());
    o.put("early_stopped", r.earlyStopped());
    RunFolder.put(o, "top1", r.test().top1());
    RunFolder.put(o, "top5", r.test().top5());
    RunFolder.put(o, "val_top1", r.validation().top1());
    RunFolder.put(o, "val_top5", r.validation().top5());
    RunFolder.put(o, "test_selected_top1", r.testSelectedTop1());
    RunFolder.put(o, "test_selected_top5", r.testSelectedTop5());
    o.put("test_selected_epoch", r.testSelectedEpoch());
    ArrayNode val = o.putArray("validation_concepts");
    fd.validationConcepts().forEach(val::add);
    RunFolder.put(o, "seconds", r.seconds());
    return o;
  }
}
