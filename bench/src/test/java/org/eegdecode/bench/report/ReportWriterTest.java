package org.eegdecode.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's JSON and markdown from tiny made-up figures: fields, nulls with reasons, goals. */
class ReportWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BenchReport report() {
    ObjectNode machine = JsonNodeFactory.instance.objectNode();
    machine.put("cores", 2);
    machine.put("cpu_model", "Test CPU");
    machine.put("jvm", "Test VM 17");
    return new BenchReport(machine, true, "bin/eegdecode bench --quick --out X");
  }

  private static Measurements.Part part(String name, List<String> fields, Measurements.Body body) {
    return new Measurements.Part(name, fields, body);
  }

  @Test
  void writesEveryFieldWithNumbersOrNullsAndReasons(@TempDir Path dir) throws Exception {
    BenchReport r = report();
    Report.runPart(
        r,
        part(
            "encode",
            List.of("encode_score_us"),
            rep -> {
              ObjectNode e = JsonNodeFactory.instance.objectNode();
              e.set("batch1", BenchReport.percentiles(300, 450));
              e.set("batch8", BenchReport.percentiles(1500, 2500));
              rep.set("encode_score_us", e);
              ObjectNode ratios = rep.section("ratios").putObject("plain_java_over_djl");
              ratios.put("batch1_p50", 2.0);
              ratios.put("batch1_p99", 0.5);
            }),
        1,
        3);
    Report.runPart(
        r,
        part(
            "train",
            List.of("train_epoch_s", "train_gflops"),
            rep -> {
              rep.set("train_epoch_s", 6.5);
              throw new IllegalStateException("no GPU\nsecond line");
            }),
        2,
        3);
    r.set("gemm_gflops", 200.0);
    r.missing("numpy_load_subject_s", "numpy could not run: No module named 'numpy'");
    Report.cpuPath(r);
    ReportWriter.write(r.json(), dir);

    JsonNode json = JSON.readTree(dir.resolve(ReportWriter.JSON_FILE).toFile());
    for (String field : BenchReport.FIELDS) {
      assertTrue(json.has(field), field);
      if (json.get(field).isNull()) {
        assertTrue(json.path(field + "_reason").isTextual(), field + " is null without a reason");
      } else {
        assertFalse(json.has(field + "_reason"), field + " has a value and a reason");
      }
    }
    assertEquals(450.0, json.path("encode_score_us").path("batch1").path("p99").asDouble());
    assertEquals(6.5, json.path("train_epoch_s").asDouble());
    assertTrue(json.path("train_gflops").isNull());
    assertEquals("part train failed: no GPU", json.path("train_gflops_reason").asText());
    assertFalse(json.path("parts").path("train").path("ok").asBoolean());
    assertTrue(json.path("parts").path("encode").path("ok").asBoolean());
    assertEquals(2, json.path("machine").path("cores").asInt());
    assertEquals("Test CPU", json.path("machine").path("cpu_model").asText());
    // Plain Java faster at p99 only: not a clear win, DJL stays.
    assertEquals("djl", json.path("cpu_path").path("live_decoder").asText());
    assertTrue(json.path("cpu_path").path("decision").asText().startsWith("DJL stays"));

    JsonNode goals = json.path("goals");
    assertEquals(7, goals.size());
    assertTrue(goals.get(5).path("met").isNull(), "no GPU figures: unknown");
    assertTrue(goals.get(5).path("by").asText().contains("no GPU"), goals.get(5).toString());
    JsonNode encode = goals.get(0);
    assertTrue(encode.path("met").asBoolean(), encode.toString());
    assertEquals(0.45, encode.path("measured").asDouble(), 1e-9);
    JsonNode live = goals.get(1);
    assertTrue(live.path("met").isNull());
    assertTrue(live.path("by").asText().contains("not measured yet"), live.toString());
    JsonNode training = goals.get(3);
    assertTrue(training.path("met").isNull(), "train_gflops is null: unknown, not missed");

    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN_FILE));
    assertTrue(md.contains("2 cores, Test CPU"), md);
    assertTrue(md.contains("`bin/eegdecode bench --quick --out X`"), md);
    assertTrue(md.contains("| encode + top-5 of 200, batch 1, DJL (µs) | 300 | 450 |"), md);
    assertTrue(md.contains("`numpy_load_subject_s`: numpy could not run"), md);
    assertTrue(md.contains("| train | "), md);
    assertTrue(md.contains("| met (0.05 ms under, 0.90× the target) |"), md);
  }

  @Test
  void missedGoalsSayByHowMuchAndWhereTheTimeGoes() {
    BenchReport r = report();
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.set("batch1", BenchReport.percentiles(400, 800));
    r.set("encode_score_us", e);
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("p50", 1.0);
    c.put("p99", 3.0);
    c.put("max", 9.0);
    r.set("complete_to_result_ms", c);
    r.section("live").putObject("stage_means_ms").put("encode", 0.6);
    r.set("alloc_bytes_per_sample", 0.001);
    r.section("alloc").put("epoch_assembly_bytes_per_epoch", 48.0);
    r.section("alloc")
        .putObject("pipeline_threads")
        .putObject("bytes_by_thread")
        .put("eegdecode-epocher", 5000)
        .put("eegdecode-epochs-consumer-1", 0);
    r.set("train_gflops", 40.0);
    r.set("gemm_gflops", 100.0);
    r.set("train_epoch_s", 10.0);
    r.section("profiles").putObject("train_epoch").putArray("top_frames").add("60.0 % X.y");
    ObjectNode paced = r.section("encode_paced_ms");
    for (String device : new String[] {"cpu", "gpu(0)"}) {
      ObjectNode b1 = paced.putObject(device).putObject("batch1");
      b1.putObject("back_to_back").put("p99", 0.4);
      b1.putObject("paced").put("p99", 1.5);
      b1.putObject("paced_warm").put("p99", 0.45).put("p99_over_back_to_back", 1.125);
    }
    ObjectNode gpu = r.section("encode_score_us_by_device").putObject("gpu(0)");
    gpu.set("batch1", BenchReport.percentiles(300, 600));
    gpu.set("batch32", BenchReport.percentiles(900, 3000));

    JsonNode goals = Goals.evaluate(r.json());
    JsonNode encode = goals.get(0);
    assertFalse(encode.path("met").asBoolean());
    assertTrue(encode.path("by").asText().startsWith("0.3 ms over, 1.60×"), encode.toString());
    assertTrue(encode.path("where_time_goes").asText().contains("p99 800 µs"));
    JsonNode live = goals.get(1);
    assertFalse(live.path("met").asBoolean());
    assertTrue(live.path("where_time_goes").asText().contains("encode 0.6 ms"), live.toString());
    JsonNode alloc = goals.get(2);
    assertFalse(alloc.path("met").asBoolean(), "any byte on the path's threads misses");
    String where = alloc.path("where_time_goes").asText();
    assertTrue(where.contains("allocating threads: eegdecode-epocher 5000 B"), where);
    assertFalse(where.contains("consumer-1"), "threads that allocated nothing are not named");
    assertTrue(where.contains("epoch assembly per epoch 48.0 B"), where);
    JsonNode train = goals.get(3);
    assertFalse(train.path("met").asBoolean());
    assertEquals(0.4, train.path("measured").asDouble(), 1e-9);
    assertTrue(train.path("by").asText().contains("10 percentage points short"), train.toString());
    assertTrue(
        train.path("where_time_goes").asText().contains("4.00 s of the 10.0 s"), train.toString());
    assertTrue(train.path("where_time_goes").asText().contains("60.0 % X.y"));
    JsonNode pacedCpu = goals.get(4);
    assertTrue(pacedCpu.path("met").asBoolean(), pacedCpu.toString());
    assertEquals(0.45, pacedCpu.path("measured").asDouble(), 1e-9);
    assertTrue(
        pacedCpu.path("where_time_goes").asText().contains("without the warm phase 1.50 ms"));
    JsonNode scaling = goals.get(5);
    assertFalse(scaling.path("met").asBoolean(), "900 µs → 3000 µs is 3.3× batch 1");
    assertEquals(3.0, scaling.path("measured").asDouble(), 1e-9);
    JsonNode gpuPaced = goals.get(6);
    assertTrue(gpuPaced.path("met").asBoolean(), gpuPaced.toString());
    assertTrue(
        live.path("where_time_goes").asText().contains("every 200 ms 1.50 ms"), live.toString());
  }

  @Test
  void nonFiniteNumbersBecomeNullsWithAReason() {
    BenchReport r = report();
    r.set("ingest_values_per_s", Double.NaN);
    assertTrue(r.json().get("ingest_values_per_s").isNull());
    assertTrue(r.json().get("ingest_values_per_s_reason").asText().contains("NaN"));
    r.set("ingest_values_per_s", 1.234567e8);
    assertEquals(1.235e8, r.json().get("ingest_values_per_s").asDouble());
    assertFalse(r.json().has("ingest_values_per_s_reason"));
  }
}
