package org.eegdecode.acquisition.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.PipelineSettings;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.junit.jupiter.api.Test;

class EpocherAllocationTest {
  @Test
  void steadyStateAllocatesNothingPerSampleOrPerEpoch() {
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < 47; c++) {
      labels.add("X" + c);
    }
    labels.addAll(SyntheticStream.THINGS_17);
    StreamLayout layout = new StreamLayout("amp", 1000, labels);
    EpochSpec spec = new EpochSpec(-0.2, 0.8, 100, SyntheticStream.THINGS_17, null);
    PipelineSettings settings =
        PipelineSettings.fromConfig(
            Config.defaults().withOverrides(List.of("acquisition.marker_filter=stim.*")));
    RingBuffer<EpochEvent> ring =
        RingBuffer.createSingleProducer(
            () -> new EpochEvent(17, 100), 64, new BlockingWaitStrategy());
    Epocher epocher = Epocher.create(spec, layout, settings, new DropCounters(), ring);
    epocher.dueHints(0.005); // the live decoder's due hints are on the path too
    SampleEvent event = new SampleEvent(64);
    float[] values = new float[64];
    byte[] stim = "stim".getBytes(StandardCharsets.UTF_8);
    byte[] other = "other".getBytes(StandardCharsets.UTF_8);
    byte[] catchCode = "99999".getBytes(StandardCharsets.UTF_8);
    byte[] code = "17".getBytes(StandardCharsets.UTF_8);
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long allocated = 0;
    int seconds = 60;
    for (int i = 0; i < seconds * 1000; i++) {
      if (i == 40_000) {
        allocated = mx.getThreadAllocatedBytes(thread); // after 40 s of warm-up
      }
      double ts = 100 + i / 1000.0;
      for (int c = 0; c < 64; c++) {
        values[c] = (float) Math.sin(i * 0.01 + c);
      }
      event.setEeg(ts, System.nanoTime(), i, values, 0, 64);
      epocher.onEvent(event, i, true);
      if (i % 200 == 0) {
        // markers 0.1 s late (served from the buffer), others in the future (wait), some filtered
        event.setMarker(ts - 0.1, System.nanoTime(), stim, stim.length, Double.NaN);
        epocher.onEvent(event, i, true);
        event.setMarker(ts + 0.05, System.nanoTime(), stim, stim.length, Double.NaN);
        epocher.onEvent(event, i, true);
        event.setMarker(ts + 0.01, System.nanoTime(), other, other.length, Double.NaN);
        epocher.onEvent(event, i, true);
        // a numeric catch marker (opens no epoch, counted by value) and a code as text (filtered)
        event.setMarker(ts + 0.02, System.nanoTime(), catchCode, catchCode.length, 99999);
        epocher.onEvent(event, i, true);
        event.setMarker(ts + 0.03, System.nanoTime(), code, code.length, Double.NaN);
        epocher.onEvent(event, i, true);
      }
    }
    allocated = mx.getThreadAllocatedBytes(thread) - allocated;
    long epochs = epocher.counters().epochsEmitted();
    assertTrue(epochs > 500, "epochs " + epochs);
    assertEquals(0, epocher.drops().get(org.eegdecode.acquisition.ring.DropReason.EPOCH_RING_FULL));
    System.out.println(
        "Epocher steady state: "
            + allocated
            + " bytes allocated in 20 s (20 000 samples, 100 times 5 markers incl. a numeric"
            + " catch code)");
    assertTrue(allocated < 2048, "allocated " + allocated + " bytes in 20 s of steady state");
    assertEquals(300, epocher.counters().catchMarkers());
    assertTrue(epocher.counters().dueHints() > 500, "due hints " + epocher.counters().dueHints());
  }
}
