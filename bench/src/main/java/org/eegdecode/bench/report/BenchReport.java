package org.eegdecode.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The report's JSON document while it is being filled. Every field of {@link #FIELDS} ends up in
 * it: a number or an object of numbers when its part ran, otherwise null with a sibling {@code
 * <field>_reason} saying why (the part failed, could not run, or was not selected).
 */
public final class BenchReport {
  /** The fields the issue asks for, in report order. */
  public static final List<String> FIELDS =
      List.of(
          "encode_score_us",
          "gallery_score_us",
          "epoch_assembly_us",
          "ingest_values_per_s",
          "alloc_bytes_per_sample",
          "complete_to_result_ms",
          "marker_to_result_ms",
          "train_epoch_s",
          "train_gflops",
          "gemm_gflops",
          "load_subject_s",
          "numpy_load_subject_s");

  private final ObjectNode root = JsonNodeFactory.instance.objectNode();

  /**
   * @param machine cores, CPU model, JVM …
   * @param quick whether this was the {@code --quick} run
   * @param command the command line that reproduces the report
   */
  public BenchReport(ObjectNode machine, boolean quick, String command) {
    root.put("schema", 1);
    root.put("created", java.time.OffsetDateTime.now().withNano(0).toString());
    root.put("quick", quick);
    root.put("command", command);
    root.set("machine", machine);
    for (String field : FIELDS) {
      missing(field, "not measured yet");
    }
  }

  /** Sets a field (replacing a null and its reason). */
  public void set(String field, JsonNode value) {
    root.remove(field + "_reason");
    if (value == null || value.isNull()) {
      missing(field, "no value");
    } else {
      root.set(field, value);
    }
  }

  /** Sets a numeric field; NaN and infinities become null with a reason. */
  public void set(String field, double value) {
    if (Double.isFinite(value)) {
      set(field, JsonNodeFactory.instance.numberNode(round(value)));
    } else {
      missing(field, "not a finite number (" + value + ")");
    }
  }

  /** Marks a field as not measured, with the reason. */
  public void missing(String field, String reason) {
    root.putNull(field);
    root.put(field + "_reason", reason);
  }

  /** Whether {@code field} holds a value. */
  public boolean has(String field) {
    JsonNode v = root.get(field);
    return v != null && !v.isNull();
  }

  /** An object-valued section other than the named fields (ratios, profiles, live …). */
  public ObjectNode section(String name) {
    JsonNode v = root.get(name);
    if (v instanceof ObjectNode o) {
      return o;
    }
    return root.putObject(name);
  }

  /** Records how a part went: seconds and, when it failed, why. */
  public ObjectNode part(String name, double seconds, String error) {
    ObjectNode p = section("parts").putObject(name);
    p.put("seconds", round(seconds));
    p.put("ok", error == null);
    if (error != null) {
      p.put("error", error);
    }
    return p;
  }

  public ObjectNode json() {
    return root;
  }

  /** Four significant digits: enough for any benchmark figure, short to read. */
  public static double round(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(4, java.math.RoundingMode.HALF_EVEN))
        .doubleValue();
  }

  /** {@code {"p50": …, "p99": …}}. */
  public static ObjectNode percentiles(double p50, double p99) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("p50", round(p50));
    o.put("p99", round(p99));
    return o;
  }
}
