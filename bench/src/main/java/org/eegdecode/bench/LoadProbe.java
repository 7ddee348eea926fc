package org.eegdecode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import org.eegdecode.acquisition.things.ThingsEegFile;

/**
 * Child process of {@link LoadBench}: loads one EEG file once and prints one JSON line with the
 * time and the heap the load needed (peak of all heap pools, minus the heap in use before).
 *
 * <p>Each measurement runs in a fresh JVM, as numpy's runs in a fresh interpreter: the comparison
 * is "a user's process loads a subject", JIT warm-up included.
 */
public final class LoadProbe {
  private LoadProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    System.gc();
    long baseline = heapUsed();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    ThingsEegFile eeg = ThingsEegFile.read(file);
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    long arrayBytes = 4L * eeg.data().length;
    System.out.printf(
        "{\"seconds\":%.4f,\"baseline_bytes\":%d,\"peak_heap_bytes\":%d,\"float32_bytes\":%d}%n",
        seconds, baseline, peak, arrayBytes);
  }

  private static long heapUsed() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }
}
