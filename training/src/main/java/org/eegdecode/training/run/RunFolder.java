package org.eegdecode.training.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.trainer.EpochRecord;
import org.eegdecode.training.trainer.FoldResult;

/**
 * One run's folder, {@code output_dir/<yyyyMMdd-HHmmss>-<protocol>-sub<k|all>[-<tag>]/}: the
 * effective configuration, per-epoch metrics (CSV and JSON), the per-subject results table, PNG
 * plots and one model bundle per fold.
 */
public final class RunFolder {
  public static final String CONFIG = "config.yaml";
  public static final String METRICS_CSV = "metrics.csv";
  public static final String METRICS_JSON = "metrics.json";
  public static final String RESULTS = "results.md";
  public static final String SUMMARY = "summary.json";
  public static final String LOSS_PNG = "loss.png";
  public static final String TOP1_PNG = "top1.png";
  public static final String SUBJECTS_PNG = "subjects.png";
  public static final String ROUTER_PNG = "router.png";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /** Creates a new folder; a name already taken (same second) gets a -2, -3 … suffix. */
  public static RunFolder create(
      Path outputDir, String protocol, int subject, String tag, LocalDateTime time)
      throws IOException {
    String name =
        STAMP.format(time)
            + "-"
            + protocol
            + "-sub"
            + (subject < 0 ? "all" : String.valueOf(subject))
            + (tag == null || tag.isBlank() ? "" : "-" + tag.strip());
    Files.createDirectories(outputDir);
    for (int attempt = 1; ; attempt++) {
      Path dir = outputDir.resolve(attempt == 1 ? name : name + "-" + attempt);
      try {
        Files.createDirectory(dir);
        return new RunFolder(dir.toAbsolutePath().normalize());
      } catch (FileAlreadyExistsException e) {
        if (attempt > 1000) {
          throw e;
        }
      }
    }
  }

  public Path dir() {
    return dir;
  }

  /** A new sub-folder (one seed of a multi-seed run). */
  public RunFolder child(String name) throws IOException {
    return new RunFolder(Files.createDirectory(dir.resolve(name)));
  }

  public Path bundleDir(int subject) {
    return dir.resolve(String.format(Locale.ROOT, "bundle-sub-%02d", subject));
  }

  public void writeConfig(Config config) throws IOException {
    Files.writeString(dir.resolve(CONFIG), config.toYaml(), StandardCharsets.UTF_8);
  }

  /**
   * metrics.csv and metrics.json: one row per fold, phase and epoch. The phase is {@code train}
   * (one run per fold), or {@code selection} (validation concepts held out, choosing the epoch
   * count) then {@code refit} (every training concept, that many epochs: the shipped model).
   */
  public void writeMetrics(List<FoldResult> folds, List<Integer> layerIds) throws IOException {
    StringBuilder csv = new StringBuilder();
    csv.append(
        "subject,epoch,stage,lr,loss,mmd,infonce,mmd_weight,grad_norm,val_top1,val_top5,"
            + "test_top1,test_top5");
    for (int id : layerIds) {
      csv.append(",router_").append(id);
    }
    csv.append(",seconds,eval_seconds,phase\n");
    ArrayNode json = JsonNodeFactory.instance.arrayNode();
    for (FoldResult fold : folds) {
      if (fold.selectionRun() != null) {
        appendMetrics(csv, json, fold.selectionRun().history(), "selection", layerIds);
        appendMetrics(csv, json, fold.history(), "refit", layerIds);
      } else {
        appendMetrics(csv, json, fold.history(), "train", layerIds);
      }
    }
    Files.writeString(dir.resolve(METRICS_CSV), csv.toString(), StandardCharsets.UTF_8);
    JSON.writeValue(dir.resolve(METRICS_JSON).toFile(), json);
  }

  private static void appendMetrics(
      StringBuilder csv,
      ArrayNode json,
      List<EpochRecord> history,
      String phase,
      List<Integer> layerIds) {
    for (EpochRecord r : history) {
      csv.append(r.subject()).append(',').append(r.epoch()).append(',').append(r.stage());
      for (double v :
          new double[] {
            r.lr(),
            r.loss(),
            r.mmd(),
            r.infonce(),
            r.mmdWeight(),
            r.gradNorm(),
            r.valTop1(),
            r.valTop5(),
            r.testTop1(),
            r.testTop5()
          }) {
        csv.append(',').append(csvNumber(v));
      }
      for (int i = 0; i < layerIds.size(); i++) {
        csv.append(',').append(i < r.routerWeights().length ? csvNumber(r.routerWeights()[i]) : "");
      }
      csv.append(',').append(csvNumber(r.seconds()));
      csv.append(',').append(csvNumber(r.evalSeconds()));
      csv.append(',').append(phase).append('\n');
      json.add(epochJson(r).put("phase", phase));
    }
  }

  static ObjectNode epochJson(EpochRecord r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("subject", r.subject());
    o.put("epoch", r.epoch());
    o.put("stage", r.stage());
    put(o, "lr", r.lr());
    put(o, "loss", r.loss());
    put(o, "mmd", r.mmd());
    put(o, "infonce", r.infonce());
    put(o, "mmd_weight", r.mmdWeight());
    put(o, "grad_norm", r.gradNorm());
    put(o, "val_top1", r.valTop1());
    put(o, "val_top5", r.valTop5());
    put(o, "test_top1", r.testTop1());
    put(o, "test_top5", r.testTop5());
    ArrayNode router = o.putArray("router_weights");
    for (float w : r.routerWeights()) {
      router.add(w);
    }
    put(o, "seconds", r.seconds());
    put(o, "eval_seconds", r.evalSeconds());
    return o;
  }

  /** The per-subject table with the mean, in markdown. */
  public void writeResults(
      List<FoldResult> folds, String protocol, String testMode, int nWay, List<Integer> layerIds)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Results: ")
        .append(protocol)
        .append(", ")
        .append(nWay)
        .append("-way zero-shot retrieval\n\n");
    md.append("- test mode: `")
        .append(testMode)
        .append("` (")
        .append(
            testMode.equals("trials-averaged")
                ? "test trials averaged before the encoder"
                : "each test trial embedded; normalised embeddings averaged per concept")
        .append(")\n");
    String selection = folds.isEmpty() ? "validation" : folds.get(0).selection();
    md.append(
        switch (selection) {
          case "refit" ->
              "- headline: the epoch count with the best **validation** top-1 (held-out training"
                  + " concepts) chosen first, then the model retrained from scratch on **every**"
                  + " training concept for that many epochs (same seed): the shipped bundle\n";
          case "last" -> "- headline: the last epoch's parameters (no validation split)\n";
          default ->
              "- headline: parameters of the epoch with the best **validation** top-1 (held-out"
                  + " training concepts), restored at the end\n";
        });
    md.append(
        "- every test mode of the same model: **single trial** (each trial ranked on its own, as"
            + " live decoding sees it) and **embedding-averaged** (trial embeddings averaged per"
            + " concept)"
            + (testMode.equals("trials-averaged") ? " and **EEG-averaged** (the headline)" : "")
            + "\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- chance: %s top-1, %s top-5\n\n",
            pct(1.0 / nWay),
            pct(Math.min(1.0, 5.0 / nWay))));
    md.append(
        "| subject | top-1 | top-5 | single-trial top-1 | single-trial top-5 | selected epoch |"
            + " epochs run | test-selected top-1 ¹ | router weights (layers "
            + layerIds
            + ") |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    double s1 = 0;
    double s5 = 0;
    double st = 0;
    double single1 = 0;
    double single5 = 0;
    for (FoldResult f : folds) {
      FoldResult chooser = f.selectionRun() == null ? f : f.selectionRun();
      md.append(String.format(Locale.ROOT, "| sub-%02d | ", f.subject()))
          .append(pct(f.test().top1()))
          .append(" | ")
          .append(pct(f.test().top5()))
          .append(" | ")
          .append(pct(f.testModes().singleTrial().top1()))
          .append(" | ")
          .append(pct(f.testModes().singleTrial().top5()))
          .append(" | ")
          .append(f.selectedEpoch())
          .append(f.selection().equals("last") ? " (last: no validation)" : "")
          .append(f.selection().equals("refit") ? " (refit)" : "")
          .append(" | ")
          .append(chooser.epochsRun())
          .append(chooser.earlyStopped() ? " (early stop)" : "")
          .append(" | ")
          .append(pct(f.testSelectedTop1()))
          .append(" | ")
          .append(weights(f.routerWeights()))
          .append(" |\n");
      s1 += f.test().top1();
      s5 += f.test().top5();
      st += f.testSelectedTop1();
      single1 += f.testModes().singleTrial().top1();
      single5 += f.testModes().singleTrial().top5();
    }
    int n = Math.max(1, folds.size());
    md.append("| **mean** | **")
        .append(pct(s1 / n))
        .append("** | **")
        .append(pct(s5 / n))
        .append("** | ")
        .append(pct(single1 / n))
        .append(" | ")
        .append(pct(single5 / n))
        .append(" | | | ")
        .append(pct(st / n))
        .append(" | |\n\n");
    md.append(
        "¹ Best test top-1 over all evaluations of the shipped run, i.e. the epoch picked on the"
            + " test set as most published THINGS-EEG2 numbers are: an upper bound, for comparison"
            + " with them only.\n");
    Files.writeString(dir.resolve(RESULTS), md.toString(), StandardCharsets.UTF_8);
  }

  /** results.md of a multi-seed run: per subject and overall mean ± SD over seeds. */
  public void writeSeedResults(ObjectNode summary) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Results: ")
        .append(summary.get("protocol").asText())
        .append(", ")
        .append(summary.get("n_way").asInt())
        .append("-way zero-shot retrieval, ")
        .append(summary.get("seeds").size())
        .append(" seeds ")
        .append(summary.get("seeds"))
        .append("\n\n- test mode of top-1 / top-5: `")
        .append(summary.get("test_mode").asText())
        .append("`; single-trial: each test trial ranked on its own\n")
        .append("- mean ± SD over seeds (sample SD); one folder per seed beside this file\n\n")
        .append("| subject | top-1 | top-5 | single-trial top-1 | single-trial top-5 |\n")
        .append("|---|---|---|---|---|\n");
    String[] figures = {"top1", "top5", "single_trial_top1", "single_trial_top5"};
    for (var s : summary.get("subjects")) {
      md.append(String.format(Locale.ROOT, "| sub-%02d |", s.get("subject").asInt()));
      for (String f : figures) {
        md.append(' ')
            .append(pctSd(s.path(f).path("mean").asDouble(Double.NaN), s.path(f).path("sd")))
            .append(" |");
      }
      md.append('\n');
    }
    md.append("| **mean** (SD over seeds) |");
    for (String f : figures) {
      md.append(' ')
          .append(
              pctSd(
                  summary.path("mean_" + f).asDouble(Double.NaN),
                  summary.path("sd_" + f + "_seeds")))
          .append(" |");
    }
    md.append("\n| SD over subjects |");
    for (String f : figures) {
      md.append(' ').append(pct(summary.path("sd_" + f + "_subjects").asDouble(Double.NaN)));
      md.append(" |");
    }
    md.append('\n');
    Files.writeString(dir.resolve(RESULTS), md.toString(), StandardCharsets.UTF_8);
  }

  private static String pctSd(double mean, com.fasterxml.jackson.databind.JsonNode sd) {
    return pct(mean) + (sd.isNumber() ? " ± " + pct(sd.asDouble()) : "");
  }

  public void writePlots(List<FoldResult> folds, List<Integer> layerIds, double chance)
      throws IOException {
    Plots.loss(folds, dir.resolve(LOSS_PNG));
    Plots.top1(folds, chance, dir.resolve(TOP1_PNG));
    Plots.subjects(folds, dir.resolve(SUBJECTS_PNG));
    Plots.router(folds, layerIds, dir.resolve(ROUTER_PNG));
  }

  public void writeSummary(ObjectNode summary) throws IOException {
    JSON.writeValue(dir.resolve(SUMMARY).toFile(), summary);
  }

  private static String weights(float[] w) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", w[i]));
    }
    return sb.toString();
  }

  static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : "–";
  }

  private static String csvNumber(double v) {
    return Double.isFinite(v) ? String.valueOf(v) : "";
  }

  static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
