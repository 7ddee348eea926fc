package org.eegdecode.acquisition.lsl;

import static org.eegdecode.acquisition.lsl.LslTesting.RESOLVE_TIMEOUT;
import static org.eegdecode.acquisition.lsl.LslTesting.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code lsl_pull_chunk_f} returns VALUES, not samples: the inlet must convert, for any channel
 * count and any caller buffer size. Also: the pull path allocates nothing, and how fast it is.
 */
@Timeout(60)
class LslPullChunkTest {

  private static List<String> labels(int channels) {
    return IntStream.range(0, channels).mapToObj(c -> "ch" + c).toList();
  }

  @Test
  void sampleCountsAreRightForSeveralChannelCountsAndBufferSizes() throws IOException {
    for (int channels : new int[] {1, 7, 64}) {
      try (LslOutlet outlet =
              LslOutlet.eeg(unique("pull" + channels), unique("src"), labels(channels), 1000);
          LslInlet inlet = LslInlet.open(LslTesting.resolve(outlet), 10, RESOLVE_TIMEOUT)) {
        assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
        int samples = 37;
        float[] sent = new float[samples * channels];
        double[] ts = new double[samples];
        for (int s = 0; s < samples; s++) {
          ts[s] = 500 + s * 0.001;
          for (int c = 0; c < channels; c++) {
            sent[s * channels + c] = s * 1000 + c;
          }
        }
        outlet.pushChunk(sent, samples, ts);

        // Caller arrays for 5 samples, the data array with a few spare values that are not a
        // whole sample, and a timestamp array longer than needed.
        float[] data = new float[5 * channels + Math.min(3, channels - 1)];
        double[] stamps = new double[9];
        List<Integer> pulls = new ArrayList<>();
        float[] got = new float[samples * channels];
        double[] gotTs = new double[samples];
        int have = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (have < samples && System.nanoTime() < deadline) {
          Arrays.fill(stamps, -1);
          int n = inlet.pullChunk(data, stamps, 1.0);
          assertTrue(n >= 0 && n <= 5, "pulled " + n + " samples into room for 5");
          for (int i = n; i < stamps.length; i++) {
            assertEquals(-1, stamps[i], "timestamp slot " + i + " untouched");
          }
          System.arraycopy(data, 0, got, have * channels, n * channels);
          System.arraycopy(stamps, 0, gotTs, have, n);
          have += n;
          pulls.add(n);
        }
        assertEquals(samples, have, "channels " + channels + ", pulls " + pulls);
        assertTrue(Arrays.equals(sent, got), "values for " + channels + " channels");
        assertTrue(Arrays.equals(ts, gotTs), "timestamps for " + channels + " channels");
        assertEquals(0, inlet.pullChunk(data, stamps, 0.0));
      }
    }
  }

  @Test
  void rejectsBuffersWithoutAWholeSampleAndStringStreams() throws IOException {
    try (LslOutlet outlet = LslOutlet.eeg(unique("small"), unique("src"), labels(4), 100);
        LslInlet inlet = LslInlet.open(LslTesting.resolve(outlet), 10, RESOLVE_TIMEOUT)) {
      assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
      assertThrows(
          IllegalArgumentException.class, () -> inlet.pullChunk(new float[3], new double[4], 0));
      assertThrows(
          IllegalArgumentException.class, () -> inlet.pullChunk(new float[8], new double[0], 0));
      inlet.close();
      assertThrows(
          IllegalStateException.class, () -> inlet.pullChunk(new float[8], new double[2], 0));
      inlet.close(); // idempotent
    }
  }

  @Test
  void pullPathAllocatesNothingAndIsFast() throws IOException {
    int channels = 17;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (LslOutlet outlet = LslOutlet.eeg(unique("alloc"), unique("src"), labels(channels), 1000);
        LslInlet inlet = LslInlet.open(LslTesting.resolve(outlet), 30, RESOLVE_TIMEOUT)) {
      assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
      int total = 6000;
      float[] sent = new float[total * channels];
      double[] ts = new double[total];
      for (int s = 0; s < total; s++) {
        ts[s] = s * 0.001;
        sent[s * channels] = s;
      }
      float[] data = new float[32 * channels];
      double[] stamps = new double[32];
      // Warm up both paths (data waiting / nothing waiting) so JIT and JNA set-up are done.
      outlet.pushChunk(sent, 1000, ts);
      drain(inlet, data, stamps, 1000);
      for (int i = 0; i < 2000; i++) {
        inlet.pullChunk(data, stamps, 0.0);
      }
      for (int i = 0; i < 20; i++) {
        inlet.pullChunk(data, stamps, 0.0005);
      }

      outlet.pushChunk(
          Arrays.copyOfRange(sent, 1000 * channels, total * channels),
          total - 1000,
          Arrays.copyOfRange(ts, 1000, total));
      long tid = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(tid);
      long start = System.nanoTime();
      int pulls = 0;
      int got = 0;
      int last = 0;
      while (got < total - 1000 && pulls < 100_000) {
        int n = inlet.pullChunk(data, stamps, 0.5);
        if (n > 0) {
          last = n;
        }
        got += n;
        pulls++;
      }
      long elapsed = System.nanoTime() - start;
      long allocated = threads.getThreadAllocatedBytes(tid) - before;
      assertEquals(total - 1000, got);
      assertEquals(total - 1, (int) data[(last - 1) * channels], "last value");
      assertEquals(ts[total - 1], stamps[last - 1], "last timestamp");

      // Empty pulls, blocking briefly for the first sample (the wait path).
      long beforeEmpty = threads.getThreadAllocatedBytes(tid);
      for (int i = 0; i < 50; i++) {
        inlet.pullChunk(data, stamps, 0.0002);
      }
      long allocatedEmpty = threads.getThreadAllocatedBytes(tid) - beforeEmpty;
      System.out.printf(
          "pullChunk: %d samples × %d ch in %d pulls, %.2f µs per 32-sample pull, %d bytes"
              + " allocated; 50 empty pulls allocated %d bytes%n",
          got, channels, pulls, elapsed / 1e3 / pulls, allocated, allocatedEmpty);
      // getThreadAllocatedBytes has a little noise of its own; a per-call allocation would show
      // as several KB over 150+ pulls.
      assertTrue(allocated < 1024, "pull path allocated " + allocated + " bytes");
      assertTrue(allocatedEmpty < 1024, "empty pulls allocated " + allocatedEmpty + " bytes");
    }
  }

  @Test
  void pushToPullLatencyOnLoopback() throws Exception {
    int channels = 17;
    try (LslOutlet outlet = LslOutlet.eeg(unique("lat"), unique("src"), labels(channels), 1000);
        LslInlet inlet = LslInlet.open(LslTesting.resolve(outlet), 30, RESOLVE_TIMEOUT)) {
      assertTrue(outlet.waitForConsumers(RESOLVE_TIMEOUT));
      Lsl lsl = Lsl.get();
      int rounds = 300;
      double[] latencies = new double[rounds];
      float[] sample = new float[channels];
      float[] data = new float[8 * channels];
      double[] stamps = new double[8];
      Thread pusher =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < rounds; i++) {
                    Thread.sleep(0, 500_000);
                    sample[0] = i;
                    outlet.pushSample(sample, lsl.localClock());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      pusher.start();
      int got = 0;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (got < rounds && System.nanoTime() < deadline) {
        int n = inlet.pullChunk(data, stamps, 0.5);
        double now = lsl.localClock();
        for (int i = 0; i < n && got < rounds; i++) {
          latencies[got++] = now - stamps[i];
        }
      }
      pusher.join();
      assertEquals(rounds, got);
      Arrays.sort(latencies);
      System.out.printf(
          "push→pull latency on loopback (%d samples × %d ch): p50 %.0f µs, p99 %.0f µs, max %.0f µs%n",
          rounds,
          channels,
          latencies[rounds / 2] * 1e6,
          latencies[(int) (rounds * 0.99)] * 1e6,
          latencies[rounds - 1] * 1e6);
      assertTrue(latencies[rounds / 2] < 0.005, "median latency " + latencies[rounds / 2]);
    }
  }

  private static void drain(LslInlet inlet, float[] data, double[] stamps, int samples)
      throws IOException {
    int got = 0;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (got < samples && System.nanoTime() < deadline) {
      got += inlet.pullChunk(data, stamps, 0.5);
    }
    assertEquals(samples, got);
  }
}
