package org.eegdecode.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The curated benchmark run behind {@code eegdecode bench [--quick] [--out DIR]}: every part of
 * {@link Measurements} in turn, each isolated (a failure nulls its fields with the reason and the
 * next part runs), one progress line per part on stderr, then {@code report.json} and {@code
 * report.md}.
 */
public final class Report {
  /** DJL keeps the live decoder's CPU path unless plain Java is at least this much faster. */
  static final double CLEAR_MARGIN = 1.5;

  private Report() {}

  /** Runs the selected parts and writes the report; returns its folder. */
  public static Path run(ReportOptions o) throws IOException {
    Path out =
        o.out != null
            ? o.out
            : Path.of(
                "bench-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    java.nio.file.Files.createDirectories(out);
    String command = "bin/eegdecode bench" + (o.quick ? " --quick" : "") + " --out " + out;
    BenchReport report = new BenchReport(Machine.describe(), o.quick, command);
    Measurements m = new Measurements(o.quick, o.dataset, o.python, out);
    List<Measurements.Part> parts = m.parts();
    Set<String> known = new TreeSet<>();
    parts.forEach(p -> known.add(p.name()));
    if (o.parts != null) {
      for (String p : o.parts) {
        if (!known.contains(p)) {
          throw new IllegalArgumentException("unknown part '" + p + "'; parts are " + known);
        }
      }
    }
    long start = System.nanoTime();
    int i = 0;
    for (Measurements.Part part : parts) {
      i++;
      if (o.parts != null && !o.parts.contains(part.name())) {
        for (String f : part.fields()) {
          report.missing(f, "part " + part.name() + " not selected (--parts)");
        }
        continue;
      }
      runPart(report, part, i, parts.size());
    }
    cpuPath(report);
    if (!m.notes().isEmpty()) {
      m.notes().forEach(report.json().putArray("notes")::add);
    }
    report.json().put("total_seconds", BenchReport.round((System.nanoTime() - start) / 1e9));
    ReportWriter.write(report.json(), out);
    status(
        String.format(
            Locale.ROOT,
            "report in %s (%s, %s) after %.1f s",
            out,
            ReportWriter.JSON_FILE,
            ReportWriter.MARKDOWN_FILE,
            (System.nanoTime() - start) / 1e9));
    return out;
  }

  /** Runs one part; any failure becomes null fields with its one-line reason. */
  static void runPart(BenchReport report, Measurements.Part part, int index, int count) {
    status(String.format(Locale.ROOT, "[%d/%d] %s …", index, count, part.name()));
    double loadBefore = loadAverage();
    long t0 = System.nanoTime();
    String error = null;
    try {
      part.body().run(report);
    } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {
      error = oneLine(e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectNode p = report.part(part.name(), seconds, error);
    p.put("load_average_before", loadBefore);
    p.put("load_average_after", loadAverage());
    if (error != null) {
      for (String f : part.fields()) {
        if (!report.has(f)) {
          report.missing(f, "part " + part.name() + " failed: " + error);
        }
      }
      status(String.format(Locale.ROOT, "%s FAILED after %.1f s: %s", part.name(), seconds, error));
    } else {
      status(String.format(Locale.ROOT, "%s done in %.1f s", part.name(), seconds));
    }
  }

  /**
   * Which implementation the live decoder's CPU path uses: DJL, unless plain Java beats it by
   * {@link #CLEAR_MARGIN} at batch 1 in both the median and p99 (a p99 alone moves with whatever
   * else the shared cores run). The switch itself is not automatic: the report says so.
   */
  static void cpuPath(BenchReport report) {
    JsonNode ratios = report.json().path("ratios").path("plain_java_over_djl");
    ObjectNode c = report.section("cpu_path");
    c.put("live_decoder", "djl");
    if (!ratios.path("batch1_p50").isNumber() || !ratios.path("batch1_p99").isNumber()) {
      c.put("decision", "no comparison: the encode part did not run");
      return;
    }
    double p50 = 1 / ratios.get("batch1_p50").asDouble();
    double p99 = 1 / ratios.get("batch1_p99").asDouble();
    c.put("plain_java_speedup_batch1_p50", BenchReport.round(p50));
    c.put("plain_java_speedup_batch1_p99", BenchReport.round(p99));
    String figures =
        String.format(
            Locale.ROOT, "plain Java runs at %.2f× DJL's speed (p50) and %.2f× (p99)", p50, p99);
    c.put(
        "decision",
        Math.min(p50, p99) >= CLEAR_MARGIN
            ? figures + " at batch 1: a clear win (>= " + CLEAR_MARGIN + "×), a CPU-path candidate"
            : "DJL stays the CPU path: "
                + figures
                + " at batch 1; a switch needs >= "
                + CLEAR_MARGIN
                + "× on both");
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e.getMessage() != null
        && !(e instanceof java.io.IOException)
        && !(e instanceof IllegalArgumentException)
        && !(e instanceof IllegalStateException)) {
      m = e.getClass().getSimpleName() + ": " + m;
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m.strip() : m.substring(0, nl).strip();
  }

  /** The 1-minute load average: other processes on the shared cores show in the tails. */
  static double loadAverage() {
    return Math.round(
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                * 100)
        / 100.0;
  }

  private static void status(String message) {
    System.err.println("bench: " + message);
    System.err.flush();
  }
}
