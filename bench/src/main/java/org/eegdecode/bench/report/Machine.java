package org.eegdecode.bench.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures came from: cores, CPU model and flags of note, memory, JVM, load. */
final class Machine {
  private Machine() {}

  static ObjectNode describe() {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    String model = "unknown";
    String flags = "";
    try {
      List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : cpuinfo) {
        if (line.startsWith("model name") && model.equals("unknown")) {
          model = line.substring(line.indexOf(':') + 1).strip();
        } else if (line.startsWith("flags") && flags.isEmpty()) {
          flags = " " + line.substring(line.indexOf(':') + 1).strip() + " ";
        }
      }
    } catch (IOException e) {
      model = "unknown (" + e.getMessage() + ")";
    }
    m.put("cpu_model", model);
    StringBuilder simd = new StringBuilder();
    for (String f : new String[] {"avx2", "fma", "avx512f", "amx_bf16"}) {
      if (flags.contains(" " + f + " ")) {
        simd.append(simd.length() == 0 ? "" : " ").append(f);
      }
    }
    m.put("simd", simd.toString());
    m.put("arch", System.getProperty("os.arch"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put(
        "jvm",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    long memory = memoryBytes();
    m.put("memory_gb", memory > 0 ? Math.round(memory / 1e8) / 10.0 : -1);
    m.put("max_heap_gb", Math.round(Runtime.getRuntime().maxMemory() / 1e8) / 10.0);
    m.put(
        "load_average",
        Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
            / 100.0);
    return m;
  }

  private static long memoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
