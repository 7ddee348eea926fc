package org.eegdecode.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.json} and {@code report.md} from the report's JSON: the goals are judged
 * here ({@link Goals}), and the markdown is rendered from the JSON alone, so both always agree.
 */
public final class ReportWriter {
  public static final String JSON_FILE = "report.json";
  public static final String MARKDOWN_FILE = "report.md";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Adds the goals to {@code report} and writes both files into {@code dir} (created). */
  public static void write(ObjectNode report, Path dir) throws IOException {
    report.set("goals", Goals.evaluate(report));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(JSON_FILE), JSON.writeValueAsString(report) + "\n");
    Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(report), StandardCharsets.UTF_8);
  }

  /** The markdown report. */
  static String markdown(ObjectNode r) {
    StringBuilder b = new StringBuilder();
    b.append("# eegdecode benchmark report\n\n");
    JsonNode m = r.path("machine");
    b.append("- machine: ")
        .append(m.path("cores").asText("?"))
        .append(" cores, ")
        .append(m.path("cpu_model").asText("?"))
        .append(", ")
        .append(m.path("memory_gb").asText("?"))
        .append(" GB; ")
        .append(m.path("jvm").asText("?"))
        .append("; load average at start ")
        .append(m.path("load_average").asText("?"))
        .append('\n');
    b.append("- created: ").append(r.path("created").asText()).append('\n');
    b.append("- command: `")
        .append(r.path("command").asText())
        .append("`")
        .append(r.path("quick").asBoolean() ? " (quick: short JMH iterations, fewer repeats)" : "")
        .append("\n\n");

    b.append(
        "## Goals\n\n| goal | target | measured | result | where the time goes |\n|---|---|---|---|---|\n");
    for (JsonNode g : r.path("goals")) {
      String result =
          g.path("met").isNull()
              ? "unknown: " + g.path("by").asText()
              : (g.path("met").asBoolean() ? "met (" : "**missed** (")
                  + g.path("by").asText()
                  + ")";
      b.append("| ")
          .append(g.path("goal").asText())
          .append(" | ")
          .append(g.path("target").asText())
          .append(" | ")
          .append(num(g.path("measured")))
          .append(' ')
          .append(g.path("unit").asText(""))
          .append(" | ")
          .append(result)
          .append(" | ")
          .append(g.path("where_time_goes").isNull() ? "" : g.path("where_time_goes").asText())
          .append(" |\n");
    }

    b.append("\n## Figures\n\n| figure | p50 | p99 | max / value |\n|---|---|---|---|\n");
    row(b, r, "encode + top-5 of 200, batch 1, DJL (µs)", "encode_score_us", "batch1");
    row(b, r, "encode + top-5 of 200, batch 8, DJL (µs)", "encode_score_us", "batch8");
    row(b, r, "encode + top-5 of 200, batch 32, DJL (µs)", "encode_score_us", "batch32");
    row(b, r, "same, plain Java, batch 1 (µs)", "encode_score_plain_java_us", "batch1");
    row(b, r, "same, plain Java, batch 8 (µs)", "encode_score_plain_java_us", "batch8");
    row(b, r, "gallery top-5, 200 entries (µs)", "gallery_score_us", "n200");
    row(b, r, "gallery top-5, 20,000 entries (µs)", "gallery_score_us", "n20000");
    row(b, r, "epoch assembly, 64 ch 1 kHz → 17 × 100 (µs)", "epoch_assembly_us", null);
    row(b, r, "epoch complete → result, live (ms)", "complete_to_result_ms", null);
    row(b, r, "marker → result, live (ms)", "marker_to_result_ms", null);
    value(b, r, "ingest into the epocher (values/s)", "ingest_values_per_s");
    value(b, r, "allocation per ingested sample (B)", "alloc_bytes_per_sample");
    value(b, r, "training epoch, full-size subject (s)", "train_epoch_s");
    value(b, r, "training, Linear layers (GFLOP/s)", "train_gflops");
    value(b, r, "matMul 2048² float32 (GFLOP/s)", "gemm_gflops");
    value(b, r, "load one full-size subject, Java (s)", "load_subject_s");
    value(b, r, "load one full-size subject, numpy.load (s)", "numpy_load_subject_s");

    b.append("\n## Baselines (ratios)\n\n");
    appendObject(b, "ratios", r.path("ratios"));
    appendObject(b, "inference_gflops", r.path("inference_gflops"));
    appendObject(b, "gemm", r.path("gemm"));
    appendObject(b, "cpu_path", r.path("cpu_path"));
    appendObject(b, "alloc", r.path("alloc"));
    appendObject(b, "live", r.path("live"));
    appendObject(b, "encode_paced_ms", r.path("encode_paced_ms"));
    appendObject(b, "encode_score_us_by_device", r.path("encode_score_us_by_device"));
    appendObject(b, "recording", r.path("recording"));

    b.append("\n## Not measured\n\n");
    boolean any = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith("_reason")) {
        any = true;
        b.append("- `")
            .append(e.getKey(), 0, e.getKey().length() - "_reason".length())
            .append("`: ")
            .append(e.getValue().asText())
            .append('\n');
      }
    }
    if (!any) {
      b.append("Every figure was measured.\n");
    }
    b.append("\n## Parts\n\n| part | seconds | result |\n|---|---|---|\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("parts").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      b.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(num(p.path("seconds")))
          .append(" | ")
          .append(p.path("ok").asBoolean() ? "ok" : "failed: " + p.path("error").asText())
          .append(" |\n");
    }
    return b.toString();
  }

  private static void row(StringBuilder b, ObjectNode r, String label, String field, String key) {
    JsonNode v = key == null ? r.path(field) : r.path(field).path(key);
    b.append("| ").append(label).append(" | ");
    if (!v.isObject()) {
      b.append("– | – | – (")
          .append(r.path(field + "_reason").asText("not measured"))
          .append(") |\n");
      return;
    }
    b.append(num(v.path("p50")))
        .append(" | ")
        .append(num(v.path("p99")))
        .append(" | ")
        .append(v.has("max") ? num(v.path("max")) : "")
        .append(" |\n");
  }

  private static void value(StringBuilder b, ObjectNode r, String label, String field) {
    JsonNode v = r.path(field);
    b.append("| ").append(label).append(" | | | ");
    b.append(
        v.isNumber() ? num(v) : "– (" + r.path(field + "_reason").asText("not measured") + ")");
    b.append(" |\n");
  }

  private static void appendObject(StringBuilder b, String name, JsonNode o) {
    if (!o.isObject() || o.isEmpty()) {
      return;
    }
    b.append("- **").append(name).append("**: ").append(inline(o)).append('\n');
  }

  /** {@code k v, k v, k {k v, …}}: an object on one line. */
  private static String inline(JsonNode o) {
    StringBuilder b = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (b.length() > 0) {
        b.append(", ");
      }
      JsonNode v = e.getValue();
      b.append(e.getKey()).append(' ');
      if (v.isObject()) {
        b.append('{').append(inline(v)).append('}');
      } else if (v.isNumber()) {
        b.append(num(v));
      } else {
        b.append(v.isTextual() ? v.asText() : v.toString());
      }
    }
    return b.toString();
  }

  private static String num(JsonNode v) {
    if (v == null || !v.isNumber()) {
      return v == null || v.isMissingNode() || v.isNull() ? "–" : v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    double d = v.asDouble();
    if (Math.abs(d) >= 1e6) {
      return String.format(Locale.ROOT, "%.3g", d);
    }
    return Goals.fmt(d);
  }
}
