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

  public Path bundleDir(int subject) {
    return dir.resolve(String.format(Locale.ROOT, "bundle-sub-%02d", subject));
  }

  public void writeConfig(Config config) throws IOException {
    Files.writeString(dir.resolve(CONFIG), config.toYaml(), StandardCharsets.UTF_8);
  }

  /** metrics.csv and metrics.json: one row per fold and epoch. */
  public void writeMetrics(List<FoldResult> folds, List<Integer> layerIds) throws IOException {
    StringBuilder csv = new StringBuilder();
    csv.append(
        "subject,epoch,stage,lr,loss,mmd,infonce,mmd_weight,grad_norm,val_top1,val_top5,"
            + "test_top1,test_top5");
    for (int id : layerIds) {
      csv.append(",router_").append(id);
    }
    csv.append(",seconds,eval_seconds\n");
    ArrayNode json = JsonNodeFactory.instance.arrayNode();
    for (FoldResult fold : folds) {
      for (EpochRecord r : fold.history()) {
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
          csv.append(',')
              .append(i < r.routerWeights().length ? csvNumber(r.routerWeights()[i]) : "");
        }
        csv.append(',').append(csvNumber(r.seconds()));
        csv.append(',').append(csvNumber(r.evalSeconds())).append('\n');
        json.add(epochJson(r));
      }
    }
    Files.writeString(dir.resolve(METRICS_CSV), csv.toString(), StandardCharsets.UTF_8);
    JSON.writeValue(dir.resolve(METRICS_JSON).toFile(), json);
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
    md.append(
        "- headline: parameters of the epoch with the best **validation** top-1 (held-out"
            + " training concepts), restored at the end\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- chance: %s top-1, %s top-5\n\n",
            pct(1.0 / nWay),
            pct(Math.min(1.0, 5.0 / nWay))));
    md.append(
        "| subject | top-1 | top-5 | selected epoch | epochs run | test-selected top-1 ¹ |"
            + " router weights (layers "
            + layerIds
            + ") |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    double s1 = 0;
    double s5 = 0;
    double st = 0;
    for (FoldResult f : folds) {
      md.append(String.format(Locale.ROOT, "| sub-%02d | ", f.subject()))
          .append(pct(f.test().top1()))
          .append(" | ")
          .append(pct(f.test().top5()))
          .append(" | ")
          .append(f.selectedEpoch())
          .append(f.selection().equals("last") ? " (last: no validation)" : "")
          .append(" | ")
          .append(f.epochsRun())
          .append(f.earlyStopped() ? " (early stop)" : "")
          .append(" | ")
          .append(pct(f.testSelectedTop1()))
          .append(" | ")
          .append(weights(f.routerWeights()))
          .append(" |\n");
      s1 += f.test().top1();
      s5 += f.test().top5();
      st += f.testSelectedTop1();
    }
    int n = Math.max(1, folds.size());
    md.append("| **mean** | **")
        .append(pct(s1 / n))
        .append("** | **")
        .append(pct(s5 / n))
        .append("** | | | ")
        .append(pct(st / n))
        .append(" | |\n\n");
    md.append(
        "¹ Best test top-1 over all evaluations, i.e. the epoch picked on the test set as most"
            + " published THINGS-EEG2 numbers are: an upper bound, for comparison with them only.\n");
    Files.writeString(dir.resolve(RESULTS), md.toString(), StandardCharsets.UTF_8);
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
