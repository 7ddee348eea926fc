package org.eegdecode.decoder.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.decoder.live.DecodedEpoch;
import org.eegdecode.decoder.live.LiveDecoder;
import org.eegdecode.decoder.live.ResultSink;
import org.junit.jupiter.api.Test;

/**
 * The view on the decoder thread: the feed never blocks (a full queue drops and counts) and adds no
 * allocation to the decoder thread, whether a view thread drains it or not.
 */
class UiFeedAllocationTest {
  private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static List<EpochEvent> events() {
    List<EpochEvent> out = new ArrayList<>();
    for (int i = 0; i < UiFixture.N; i++) {
      out.add(UiFixture.event(i, i, 100 + 0.2 * i));
    }
    return out;
  }

  /** Bytes the current thread allocates per epoch decoded (and tapped, with a feed). */
  private static long perEpoch(LiveDecoder decoder, UiFeed feed, List<EpochEvent> in, int rounds) {
    long before = MX.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < in.size(); i++) {
        decoder.onEvent(in.get(i), i, true);
        if (feed != null) {
          feed.onEpoch(in.get(i)); // as LiveDecoding's TappedDecoder does, after the decoder
        }
      }
    }
    return (MX.getThreadAllocatedBytes(Thread.currentThread().getId()) - before)
        / ((long) rounds * in.size());
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfWaiting() {
    UiSettings small = new UiSettings(0, 100, 1000, 5.0, 100, 24, 4, 2, 32);
    UiFeed feed = new UiFeed(UiFixture.layout(), UiFixture.GALLERY, 3, small);
    List<EpochEvent> in = events();
    try (LiveDecoder decoder = UiFixture.decoder(feed)) {
      perEpoch(decoder, feed, in, 1); // nobody drains: the rings fill
    }
    assertEquals(4, feed.resultsQueued());
    assertEquals(UiFixture.N - 4, feed.resultsDropped());
    assertEquals(2, feed.epochsQueued());
    assertEquals(UiFixture.N - 2, feed.epochsDropped());
  }

  @Test
  void theDecoderThreadAllocatesNothingMoreWithTheViewOn() throws Exception {
    UiFeed feed = new UiFeed(UiFixture.layout(), UiFixture.GALLERY, 3, UiFixture.fast());
    List<EpochEvent> in = events();
    // a view thread taking everything, as LiveView does every push period
    Thread drainer =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  feed.drainResults((slot, seq, end) -> true);
                  feed.drainEpochs((slot, seq, end) -> true);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                LockSupport.parkNanos(1_000_000);
              }
            },
            "test-view");
    drainer.setDaemon(true);
    drainer.start();
    DecodedEpoch[] last = new DecodedEpoch[1];
    ResultSink keep = r -> last[0] = r;
    try (LiveDecoder plain = UiFixture.decoder(keep);
        LiveDecoder withView = UiFixture.decoder(keep, feed)) {
      plain.warmUp();
      withView.warmUp();
      perEpoch(plain, null, in, 50);
      perEpoch(withView, feed, in, 50);
      long off = Long.MAX_VALUE;
      long on = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) { // the least of three: DJL's share varies a little
        off = Math.min(off, perEpoch(plain, null, in, 30));
        on = Math.min(on, perEpoch(withView, feed, in, 30));
      }
      System.out.println(
          "decoder thread, bytes allocated per epoch: view off " + off + ", view on " + on);
      // DJL allocates a few KB of wrappers per forward pass either way; the feed adds nothing
      assertTrue(on - off < 64, "view off " + off + " B/epoch, view on " + on + " B/epoch");
      assertTrue(feed.resultsQueued() > 0);
    } finally {
      drainer.interrupt();
      drainer.join(5_000);
    }
    // the sink and the tap alone, queued or dropped, allocate nothing at all
    DecodedEpoch result = last[0];
    EpochEvent e = in.get(0);
    for (int i = 0; i < 10_000; i++) {
      feed.accept(result);
      feed.onEpoch(e);
    }
    long before = MX.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 100_000; i++) {
      feed.accept(result);
      feed.onEpoch(e);
    }
    long bytes = MX.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    System.out.println("UiFeed accept + onEpoch: " + bytes + " bytes in 100000 calls");
    // nothing per call: one String or boxed value per call would be ≥ 1.6 MB here; the JVM may
    // account a few dozen bytes once (compilation, safepoints) to the measuring thread
    assertTrue(bytes < 1024, bytes + " bytes allocated by 100000 calls");
  }
}
