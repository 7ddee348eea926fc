package org.eegdecode.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loading one full-size subject ({@code preprocessed_eeg_training.npy}, 16540 × 4 × 17 × 100
 * float64, 900 MB): eegdecode's reader in a fresh JVM against {@code numpy.load} in a fresh Python,
 * on the same file, alternating, after one read to warm the page cache. Prints one JSON object.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Java vs numpy.load on one full-size synthetic subject: time and peak memory.")
public final class LoadBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--dataset",
      defaultValue = "data/bench-full",
      description = "Dataset folder; a 1-subject full-size synthetic one is made if missing.")
  Path dataset;

  @Option(names = "--repeats", defaultValue = "5", description = "Runs of each reader.")
  int repeats;

  @Option(names = "--python", defaultValue = "python3", description = "Python with numpy.")
  String python;

  @Option(
      names = "--heap-cap",
      defaultValue = "2.0",
      description = "Child JVM -Xmx as a multiple of the float32 array (plus 128 MB).")
  double heapCap;

  @Override
  public Integer call() throws Exception {
    ObjectNode out = measure(BenchData.fullSizeSubject(dataset), repeats, python, heapCap);
    if (out.path("numpy").isNull()) {
      throw new IOException(
          python + " with numpy could not run: " + out.get("numpy_reason").asText());
    }
    System.out.println(JSON.writeValueAsString(out));
    return 0;
  }

  /**
   * Times {@code repeats} loads of {@code file} in fresh JVMs and, alternating, with numpy. When
   * the Python side cannot run (no python3, no numpy) {@code numpy} is null and {@code
   * numpy_reason} says why; the Java figures stand.
   */
  public static ObjectNode measure(Path file, int repeats, String python, double heapCap)
      throws IOException, InterruptedException {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    long float32Bytes = Files.size(file) / 2;
    long capMb = (long) (heapCap * float32Bytes / (1 << 20)) + 128;
    double[] javaSeconds = new double[repeats];
    double[] numpySeconds = new double[repeats];
    double[] numpyFloat32Seconds = new double[repeats];
    long javaPeak = 0;
    long javaFloat32 = 0;
    long numpyRss = 0;
    String numpyFailure = null;
    for (int i = 0; i < repeats; i++) {
      JsonNode java = run(javaCommand(file, capMb));
      javaSeconds[i] = java.get("seconds").asDouble();
      javaPeak =
          Math.max(
              javaPeak, java.get("peak_heap_bytes").asLong() - java.get("baseline_bytes").asLong());
      javaFloat32 = java.get("float32_bytes").asLong();
      if (numpyFailure == null) {
        try {
          JsonNode numpy = run(List.of(python, "-c", NUMPY_SCRIPT, file.toString()));
          numpySeconds[i] = numpy.get("load_s").asDouble();
          numpyFloat32Seconds[i] = numpy.get("load_float32_s").asDouble();
          numpyRss = Math.max(numpyRss, numpy.get("maxrss_kb").asLong() * 1024);
        } catch (IOException e) {
          numpyFailure = e.getMessage();
        }
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("file", file.toString());
    out.put("file_bytes", Files.size(file));
    out.put("repeats", repeats);
    ObjectNode j = out.putObject("java");
    putStats(j, javaSeconds);
    j.put("heap_cap_mb", capMb);
    j.put("peak_heap_over_baseline_mb", javaPeak / 1048576.0);
    j.put("float32_array_mb", javaFloat32 / 1048576.0);
    j.put("peak_over_float32", (double) javaPeak / javaFloat32);
    if (numpyFailure != null) {
      out.putNull("numpy");
      out.put("numpy_reason", numpyFailure);
      out.putNull("java_over_numpy_float32_median");
      return out;
    }
    ObjectNode n = out.putObject("numpy");
    putStats(n.putObject("load_float64"), numpySeconds);
    putStats(n.putObject("load_then_astype_float32"), numpyFloat32Seconds);
    n.put("max_rss_mb", numpyRss / 1048576.0);
    out.put("java_over_numpy_float32_median", median(javaSeconds) / median(numpyFloat32Seconds));
    return out;
  }

  private static List<String> javaCommand(Path file, long capMb) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + capMb + "m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LoadProbe.class.getName());
    cmd.add(file.toString());
    return cmd;
  }

  private static JsonNode run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      String[] lines = output.strip().split("\n");
      throw new IOException(command.get(0) + " failed: " + lines[lines.length - 1]);
    }
    String[] lines = output.strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  private static void putStats(ObjectNode node, double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    node.put("median_s", median(seconds));
    node.put("min_s", sorted[0]);
    node.put("max_s", sorted[sorted.length - 1]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static final String NUMPY_SCRIPT =
      String.join(
          "\n",
          "import json, resource, sys, time",
          "import numpy as np",
          "t0 = time.perf_counter()",
          "d = np.load(sys.argv[1], allow_pickle=True).item()",
          "t1 = time.perf_counter()",
          "x = d['preprocessed_eeg_data'].astype(np.float32)",
          "t2 = time.perf_counter()",
          "print(json.dumps({'load_s': t1 - t0, 'load_float32_s': t2 - t0,",
          "  'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))");
}
