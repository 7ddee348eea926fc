package org.eegdecode.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small sampling profiler for one thread: every few milliseconds a daemon thread reads the target
 * thread's stack and counts its top frame (the leaf: for DJL work, the JNI call into PyTorch) and
 * its deepest {@code org.eegdecode} frame (whose code asked for it). It answers "where does the
 * time go" without an external profiler; each sample costs the target one stack walk.
 */
public final class StackSampler implements AutoCloseable {
  private final Thread target;
  private final long intervalMillis;
  private final Map<String, Integer> leaves = new HashMap<>();
  private final Map<String, Integer> callers = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;
  private int samples;

  private StackSampler(Thread target, long intervalMillis) {
    this.target = target;
    this.intervalMillis = intervalMillis;
    this.sampler = new Thread(this::loop, "stack-sampler");
    sampler.setDaemon(true);
  }

  /** Starts sampling {@code target} every {@code intervalMillis}. */
  public static StackSampler start(Thread target, long intervalMillis) {
    StackSampler s = new StackSampler(target, intervalMillis);
    s.sampler.start();
    return s;
  }

  private void loop() {
    while (running && target.isAlive()) {
      StackTraceElement[] stack = target.getStackTrace();
      if (stack.length > 0) {
        synchronized (this) {
          samples++;
          leaves.merge(name(stack[0]), 1, Integer::sum);
          for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("org.eegdecode.")
                && !e.getClassName().startsWith(StackSampler.class.getName())) {
              callers.merge(name(e), 1, Integer::sum);
              break;
            }
          }
        }
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String name(StackTraceElement e) {
    String c = e.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code {"samples": n, "top_frames": ["41.0 % PyTorchLibrary.torchMatmul", …], "callers": […]}}
   * with the {@code top} most frequent of each.
   */
  public synchronized ObjectNode toJson(int top) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("samples", samples);
    out.put("interval_ms", intervalMillis);
    fill(out.putArray("top_frames"), leaves, top);
    fill(out.putArray("eegdecode_frames"), callers, top);
    return out;
  }

  /** One line: the {@code top} leaf frames with their shares. */
  public synchronized String summary(int top) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Integer> e : sorted(leaves, top)) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(share(e.getValue())).append(' ').append(e.getKey());
    }
    return b.toString();
  }

  private void fill(ArrayNode array, Map<String, Integer> counts, int top) {
    for (Map.Entry<String, Integer> e : sorted(counts, top)) {
      array.add(share(e.getValue()) + " " + e.getKey());
    }
  }

  private String share(int count) {
    return String.format(Locale.ROOT, "%.1f %%", 100.0 * count / Math.max(1, samples));
  }

  private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts, int top) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .toList();
  }
}
