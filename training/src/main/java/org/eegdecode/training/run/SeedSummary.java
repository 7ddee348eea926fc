package org.eegdecode.training.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of a multi-seed run ({@code seeds=N}), as published tables give it: per subject the
 * mean ± SD over seeds of every figure, and overall the mean over seeds of the subject mean, with
 * its SD over seeds ({@code sd_*_seeds}) and the SD over subjects of the per-subject means ({@code
 * sd_*_subjects}). SDs are sample SDs (n − 1), null with one value.
 */
public final class SeedSummary {
  /** Every per-subject figure that is averaged; absent ones (eeg_averaged_*) are skipped. */
  static final List<String> FIGURES =
      List.of(
          "top1",
          "top5",
          "single_trial_top1",
          "single_trial_top5",
          "embedding_averaged_top1",
          "embedding_averaged_top5",
          "eeg_averaged_top1",
          "eeg_averaged_top5",
          "test_selected_top1");

  private SeedSummary() {}

  public static ObjectNode build(List<Long> seeds, List<TrainingRun.Outcome> outcomes, Path run) {
    ObjectNode first = outcomes.get(0).summary();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("protocol", first.get("protocol").asText());
    o.put("test_mode", first.get("test_mode").asText());
    ArrayNode seedList = o.putArray("seeds");
    seeds.forEach(seedList::add);
    o.set("n_way", first.get("n_way"));
    o.set("chance_top1", first.get("chance_top1"));
    o.set("selection", first.get("selection"));
    o.set("layer_ids", first.get("layer_ids"));
    // subject → figure → one value per seed
    Map<Integer, Map<String, List<Double>>> bySubject = new LinkedHashMap<>();
    for (TrainingRun.Outcome outcome : outcomes) {
      for (JsonNode s : outcome.summary().get("subjects")) {
        Map<String, List<Double>> figures =
            bySubject.computeIfAbsent(s.get("subject").asInt(), k -> new LinkedHashMap<>());
        for (String figure : FIGURES) {
          if (s.hasNonNull(figure)) {
            figures.computeIfAbsent(figure, k -> new ArrayList<>()).add(s.get(figure).asDouble());
          }
        }
      }
    }
    ArrayNode subjects = o.putArray("subjects");
    Map<String, List<Double>> subjectMeans = new LinkedHashMap<>();
    bySubject.forEach(
        (subject, figures) -> {
          ObjectNode e = subjects.addObject();
          e.put("subject", subject);
          figures.forEach(
              (figure, values) -> {
                ObjectNode f = e.putObject(figure);
                RunFolder.put(f, "mean", mean(values));
                RunFolder.put(f, "sd", sd(values));
                ArrayNode list = f.putArray("seeds");
                values.forEach(list::add);
                subjectMeans.computeIfAbsent(figure, k -> new ArrayList<>()).add(mean(values));
              });
        });
    for (String figure : FIGURES) {
      List<Double> perSeed = new ArrayList<>();
      for (TrainingRun.Outcome outcome : outcomes) {
        JsonNode mean = outcome.summary().get("mean_" + figure);
        if (mean != null && mean.isNumber()) {
          perSeed.add(mean.asDouble());
        }
      }
      if (perSeed.size() == outcomes.size()) {
        RunFolder.put(o, "mean_" + figure, mean(perSeed));
        RunFolder.put(o, "sd_" + figure + "_seeds", sd(perSeed));
        RunFolder.put(o, "sd_" + figure + "_subjects", sd(subjectMeans.get(figure)));
      }
    }
    o.put("run", run.toString());
    ArrayNode runs = o.putArray("seed_runs");
    ArrayNode bundles = o.putArray("bundles");
    for (TrainingRun.Outcome outcome : outcomes) {
      runs.add(outcome.dir().toString());
      outcome.bundles().forEach(b -> bundles.add(b.toString()));
    }
    o.put("bundle", bundles.isEmpty() ? null : bundles.get(0).asText());
    return o;
  }

  static double mean(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }

  /** Sample standard deviation (n − 1); NaN for fewer than two values. */
  static double sd(List<Double> values) {
    if (values == null || values.size() < 2) {
      return Double.NaN;
    }
    double m = mean(values);
    double ss = 0;
    for (double v : values) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (values.size() - 1));
  }
}
