package org.eegdecode.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.epoch.StreamLayout;
import org.eegdecode.acquisition.ring.AcquisitionPipeline;
import org.eegdecode.acquisition.ring.SampleEvent;

/**
 * Steady-state allocation of the ingest and epoch path, per thread: the real pipeline (sample ring,
 * epocher, epoch ring, an epoch consumer) fed 64-channel samples with a marker and an epoch every
 * 200 samples by a publisher loop standing in for the EEG inlet, measured with the JVM's per-thread
 * allocation counters after a warm-up. JMH's {@code gc.alloc.rate.norm} divides every byte the JVM
 * allocated (JMH's own threads included) by the operations; this says which thread allocated what.
 */
public final class PipelineAllocation {
  private PipelineAllocation() {}

  /**
   * Runs {@code warmup} then {@code samples} samples; returns bytes per thread and per sample.
   *
   * @param layout the stream (64 channels at 1 kHz in the benchmarks)
   * @param signal one row per sample, cycled
   */
  public static ObjectNode measure(
      StreamLayout layout, EpochSpec spec, float[][] signal, long warmup, long samples) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    EventHandler<EpochEvent> consumer = (e, s, end) -> {};
    Config config = Config.defaults().withOverrides(List.of("acquisition.wait_strategy=blocking"));
    AcquisitionPipeline pipeline =
        AcquisitionPipeline.builder(layout)
            .config(config)
            .spec(spec)
            .epochConsumers(consumer)
            .build()
            .start();
    byte[] marker = "stim".getBytes(StandardCharsets.UTF_8);
    int channels = layout.channelCount();
    try {
      RingBuffer<SampleEvent> ring = pipeline.sampleRing();
      publish(ring, signal, channels, marker, 0, warmup);
      awaitDrained(pipeline);
      Map<Long, Long> before = allocatedByPipelineThreads(threads);
      long publisherBefore = threads.getCurrentThreadAllocatedBytes();
      publish(ring, signal, channels, marker, warmup, samples);
      long publisher = threads.getCurrentThreadAllocatedBytes() - publisherBefore;
      awaitDrained(pipeline);
      Map<Long, Long> after = allocatedByPipelineThreads(threads);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      ObjectNode perThread = out.putObject("bytes_by_thread");
      long total = publisher;
      perThread.put("publisher (stands in for the EEG inlet)", publisher);
      for (Map.Entry<Long, Long> e : after.entrySet()) {
        long bytes = e.getValue() - before.getOrDefault(e.getKey(), 0L);
        ThreadInfo info = threads.getThreadInfo(e.getKey());
        perThread.put(info == null ? "thread " + e.getKey() : info.getThreadName(), bytes);
        total += bytes;
      }
      out.put("samples", samples);
      out.put("epochs", pipeline.epocherCounters().epochsEmitted());
      out.put("bytes_per_sample", (double) total / samples);
      return out;
    } finally {
      pipeline.stop();
    }
  }

  private static void publish(
      RingBuffer<SampleEvent> ring,
      float[][] signal,
      int channels,
      byte[] marker,
      long from,
      long count) {
    for (long i = from; i < from + count; i++) {
      double ts = 1000 + i / 1000.0;
      long seq = ring.next();
      ring.get(seq)
          .setEeg(ts, System.nanoTime(), i, signal[(int) (i % signal.length)], 0, channels);
      ring.publish(seq);
      if (i % 200 == 0) {
        long m = ring.next();
        ring.get(m).setMarker(ts - 0.05, System.nanoTime(), marker, marker.length, Double.NaN);
        ring.publish(m);
      }
    }
  }

  private static void awaitDrained(AcquisitionPipeline pipeline) {
    long cursor = pipeline.sampleRing().getCursor();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pipeline.sampleRing().getMinimumGatingSequence() < cursor
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    try {
      Thread.sleep(50); // the epoch consumer finishes its last batch
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Allocated bytes of the pipeline's threads ({@code eegdecode-*}), by thread id. */
  private static Map<Long, Long> allocatedByPipelineThreads(
      com.sun.management.ThreadMXBean threads) {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("eegdecode-")) {
        out.put(info.getThreadId(), threads.getThreadAllocatedBytes(info.getThreadId()));
      }
    }
    return out;
  }
}
