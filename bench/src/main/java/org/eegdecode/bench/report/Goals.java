package org.eegdecode.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The goals for a 2-core x86 machine, judged on a report's figures: each is met, missed (by
 * how much, and where the time goes from the report's profiles and stage times) or unknown (its
 * figure is null).
 */
final class Goals {
  static final double ENCODE_P99_MS = 0.5;
  static final double COMPLETE_P99_MS = 2.0;
  static final double TRAIN_OVER_GEMM = 0.5;
  static final double GPU_BATCH32_OVER_BATCH1 = 2.0;
  static final double GPU_PACED_OVER_BACK_TO_BACK = 1.2;

  private Goals() {}

  /** The goals array for {@code report} (the report's other fields are read, not changed). */
  static ArrayNode evaluate(ObjectNode report) {
    ArrayNode goals = JsonNodeFactory.instance.arrayNode();
    goals.add(encode(report));
    goals.add(completeToResult(report));
    goals.add(allocation(report));
    goals.add(training(report));
    goals.add(pacedCpu(report));
    goals.add(gpuBatchScaling(report));
    goals.add(gpuPaced(report));
    return goals;
  }

  private static ObjectNode goal(String name, String target) {
    ObjectNode g = JsonNodeFactory.instance.objectNode();
    g.put("goal", name);
    g.put("target", target);
    return g;
  }

  private static ObjectNode unknown(ObjectNode g, String reason) {
    g.putNull("measured");
    g.putNull("met");
    g.put("by", "not measured: " + reason);
    g.putNull("where_time_goes");
    return g;
  }

  private static String reason(ObjectNode report, String field) {
    return report.path(field + "_reason").asText("no value");
  }

  /** At most {@code limit}: met, or missed by how much. */
  private static ObjectNode atMost(ObjectNode g, double measured, double limit, String unit) {
    g.put("measured", BenchReport.round(measured));
    g.put("unit", unit);
    boolean met = measured <= limit;
    g.put("met", met);
    g.put(
        "by",
        String.format(
            Locale.ROOT,
            met ? "%s %s under, %.2f× the target" : "%s %s over, %.2f× the target",
            fmt(Math.abs(limit - measured)),
            unit,
            measured / limit));
    return g;
  }

  private static ObjectNode encode(ObjectNode report) {
    ObjectNode g = goal("encode + score p99 at batch 1 (CPU path, DJL)", "<= 0.5 ms");
    JsonNode p99 = report.path("encode_score_us").path("batch1").path("p99");
    if (!p99.isNumber()) {
      return unknown(g, reason(report, "encode_score_us"));
    }
    atMost(g, p99.asDouble() / 1e3, ENCODE_P99_MS, "ms");
    if (!g.get("met").asBoolean()) {
      StringBuilder w = new StringBuilder();
      w.append(
          String.format(
              Locale.ROOT,
              "p50 %s µs, p99 %s µs",
              fmt(report.path("encode_score_us").path("batch1").path("p50").asDouble()),
              fmt(p99.asDouble())));
      JsonNode score = report.path("gallery_score_us").path("n200").path("p50");
      if (score.isNumber()) {
        w.append(
            String.format(Locale.ROOT, "; top-5 of 200 is %s µs of it", fmt(score.asDouble())));
      }
      w.append("; the rest is the forward pass (4 Linear layers, 3.5 M weights = 14 MB streamed)");
      appendProfile(w, report.path("profiles").path("encode_batch1_djl"));
      g.put("where_time_goes", w.toString());
    } else {
      g.putNull("where_time_goes");
    }
    return g;
  }

  private static ObjectNode pacedCpu(ObjectNode report) {
    ObjectNode g =
        goal(
            "encode + score p99 at batch 1, one pass every 200 ms with the warm phase (CPU)",
            "<= 0.5 ms");
    JsonNode cpu = report.path("encode_paced_ms").path("cpu").path("batch1");
    JsonNode p99 = cpu.path("paced_warm").path("p99");
    if (!p99.isNumber()) {
      return unknown(g, "no encode_paced_ms.cpu figure (part encode)");
    }
    atMost(g, p99.asDouble(), ENCODE_P99_MS, "ms");
    g.put("where_time_goes", pacedP99s(cpu));
    return g;
  }

  /** The three p99s of an {@code encode_paced_ms} batch: back to back, paced, paced and warm. */
  private static String pacedP99s(JsonNode batch) {
    return String.format(
        Locale.ROOT,
        "p99 back to back %s ms, paced without the warm phase %s ms, with it %s ms",
        p99(batch, "back_to_back"),
        p99(batch, "paced"),
        p99(batch, "paced_warm"));
  }

  /** One mode's p99 of an {@code encode_paced_ms} batch, formatted. */
  private static String p99(JsonNode batch, String mode) {
    return fmt(batch.path(mode).path("p99").asDouble());
  }

  /** The first GPU's figures under {@code section}, or a missing node. */
  private static JsonNode firstGpu(JsonNode section) {
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("gpu")) {
        return e.getValue();
      }
    }
    return MissingNode.getInstance();
  }

  private static ObjectNode gpuBatchScaling(ObjectNode report) {
    ObjectNode g = goal("GPU: encode + score p50 at batch 32 over batch 1", "<= 2×");
    JsonNode gpu = firstGpu(report.path("encode_score_us_by_device"));
    JsonNode b1 = gpu.path("batch1").path("p50");
    JsonNode b32 = gpu.path("batch32").path("p50");
    if (!b1.isNumber() || !b32.isNumber()) {
      return unknown(g, "no GPU on this machine (the engine sees none)");
    }
    atMost(g, b32.asDouble() / b1.asDouble(), GPU_BATCH32_OVER_BATCH1, "×");
    g.put(
        "where_time_goes",
        "batch 1 p50 " + fmt(b1.asDouble()) + " µs, batch 32 p50 " + fmt(b32.asDouble()) + " µs");
    return g;
  }

  private static ObjectNode gpuPaced(ObjectNode report) {
    ObjectNode g =
        goal("GPU: batch-1 p99 paced (with the warm phase) over back to back", "<= 1.2×");
    JsonNode gpu = firstGpu(report.path("encode_paced_ms")).path("batch1");
    JsonNode ratio = gpu.path("paced_warm").path("p99_over_back_to_back");
    if (!ratio.isNumber()) {
      return unknown(g, "no GPU on this machine (the engine sees none)");
    }
    atMost(g, ratio.asDouble(), GPU_PACED_OVER_BACK_TO_BACK, "×");
    g.put("where_time_goes", pacedP99s(gpu));
    return g;
  }

  private static ObjectNode completeToResult(ObjectNode report) {
    ObjectNode g = goal("epoch complete → result p99 (live, simulator)", "<= 2 ms");
    JsonNode p99 = report.path("complete_to_result_ms").path("p99");
    if (!p99.isNumber()) {
      return unknown(g, reason(report, "complete_to_result_ms"));
    }
    atMost(g, p99.asDouble(), COMPLETE_P99_MS, "ms");
    if (!g.get("met").asBoolean()) {
      StringBuilder w = new StringBuilder("mean per stage:");
      JsonNode stages = report.path("live").path("stage_means_ms");
      for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        w.append(' ')
            .append(e.getKey())
            .append(' ')
            .append(fmt(e.getValue().asDouble()))
            .append(" ms");
        if (it.hasNext()) {
          w.append(',');
        }
      }
      JsonNode encode = report.path("live").path("encode_batch_ms");
      if (encode.path("p99").isNumber()) {
        w.append(
            String.format(
                Locale.ROOT,
                "; live forward pass p50 %s ms, p99 %s ms, max %s ms",
                fmt(encode.path("p50").asDouble()),
                fmt(encode.path("p99").asDouble()),
                fmt(encode.path("max").asDouble())));
        JsonNode hot = report.path("encode_score_us").path("batch1").path("p50");
        if (hot.isNumber()) {
          w.append(
              String.format(
                  Locale.ROOT,
                  " against %s ms in JMH's back-to-back loop",
                  fmt(hot.asDouble() / 1e3)));
        }
      }
      JsonNode paced = report.path("encode_paced_ms").path("cpu").path("batch1");
      if (paced.path("paced").path("p99").isNumber()) {
        w.append(
            String.format(
                Locale.ROOT,
                "; in-process batch-1 p99: back to back %s ms, one pass every 200 ms %s ms, with"
                    + " the warm phase %s ms",
                p99(paced, "back_to_back"),
                p99(paced, "paced"),
                p99(paced, "paced_warm")));
      }
      g.put("where_time_goes", w.toString());
    } else {
      g.putNull("where_time_goes");
    }
    return g;
  }

  private static ObjectNode allocation(ObjectNode report) {
    ObjectNode g =
        goal(
            "zero steady-state allocation on the ingest and epoch path",
            "0 B per sample on the path's threads");
    JsonNode perSample = report.path("alloc_bytes_per_sample");
    if (!perSample.isNumber()) {
      return unknown(g, reason(report, "alloc_bytes_per_sample"));
    }
    JsonNode alloc = report.path("alloc");
    double measured = perSample.asDouble();
    g.put("measured", BenchReport.round(measured));
    g.put("unit", "B/sample");
    boolean met = measured == 0.0;
    g.put("met", met);
    StringBuilder where = new StringBuilder();
    JsonNode byThread = alloc.path("pipeline_threads").path("bytes_by_thread");
    for (var it = byThread.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().asLong() > 0) {
        where.append(where.length() == 0 ? "allocating threads: " : ", ");
        where.append(e.getKey()).append(' ').append(e.getValue().asLong()).append(" B");
      }
    }
    g.put(
        "by",
        met
            ? "no thread of the path allocated a byte over "
                + alloc.path("pipeline_threads").path("samples").asLong()
                + " samples (per-thread counters)"
            : fmt(measured) + " B per sample over zero");
    StringBuilder jmh = new StringBuilder("JMH -prof gc (every thread of the JVM, JMH's own too):");
    appendJmh(jmh, alloc, "epocher_bytes_per_sample", " epocher per sample ", " B");
    appendJmh(jmh, alloc, "ring_publish_bytes_per_sample", ", ring benchmark per sample ", " B");
    appendJmh(jmh, alloc, "epoch_assembly_bytes_per_epoch", ", epoch assembly per epoch ", " B");
    g.put("where_time_goes", (where.length() == 0 ? "" : where + "; ") + jmh);
    return g;
  }

  private static void appendJmh(
      StringBuilder b, JsonNode alloc, String key, String label, String unit) {
    JsonNode v = alloc.path(key);
    if (v.isNumber()) {
      b.append(label).append(fmt(v.asDouble())).append(unit);
    }
  }

  private static ObjectNode training(ObjectNode report) {
    ObjectNode g = goal("training at >= 50 % of the measured matMul rate", ">= 0.5 × gemm_gflops");
    JsonNode train = report.path("train_gflops");
    JsonNode gemm = report.path("gemm_gflops");
    if (!train.isNumber() || !gemm.isNumber()) {
      return unknown(
          g, !train.isNumber() ? reason(report, "train_gflops") : reason(report, "gemm_gflops"));
    }
    double ratio = train.asDouble() / gemm.asDouble();
    g.put("measured", BenchReport.round(ratio));
    g.put("unit", "× gemm");
    boolean met = ratio >= TRAIN_OVER_GEMM;
    g.put("met", met);
    g.put(
        "by",
        String.format(
            Locale.ROOT,
            met ? "%.0f percentage points above" : "%.0f percentage points short",
            Math.abs(ratio - TRAIN_OVER_GEMM) * 100));
    if (met) {
      g.putNull("where_time_goes");
      return g;
    }
    StringBuilder w = new StringBuilder();
    JsonNode epoch = report.path("train_epoch_s");
    if (epoch.isNumber()) {
      double gemmSeconds = epoch.asDouble() * ratio;
      w.append(
          String.format(
              Locale.ROOT,
              "the Linear layers' FLOPs at the gemm rate take %s s of the %s s epoch; the other %s s"
                  + " is non-GEMM work (losses, GELU/LayerNorm, AdamW, clipping, batch gather)",
              fmt(gemmSeconds),
              fmt(epoch.asDouble()),
              fmt(epoch.asDouble() - gemmSeconds)));
    }
    appendProfile(w, report.path("profiles").path("train_epoch"));
    g.put("where_time_goes", w.toString());
    return g;
  }

  private static void appendProfile(StringBuilder w, JsonNode profile) {
    JsonNode frames = profile.path("top_frames");
    if (frames.isArray() && frames.size() > 0) {
      w.append("; sampled frames: ");
      for (int i = 0; i < Math.min(4, frames.size()); i++) {
        if (i > 0) {
          w.append(", ");
        }
        w.append(frames.get(i).asText());
      }
    }
  }

  static String fmt(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    String s = String.format(Locale.ROOT, "%.3g", v);
    return s.contains("e") ? s : s.replaceFirst("\\.?0+$", "");
  }
}
