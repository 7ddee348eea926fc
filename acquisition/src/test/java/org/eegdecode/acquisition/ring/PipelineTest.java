package org.eegdecode.acquisition.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.epoch.Epocher;
import org.eegdecode.acquisition.epoch.EpocherCounters;
import org.eegdecode.acquisition.epoch.ReferenceEpoch;
import org.eegdecode.acquisition.epoch.StreamLayout;
import org.eegdecode.acquisition.epoch.SyntheticStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineTest {
  /** Copies each epoch; the first one it sees makes it throw (the pipeline must carry on). */
  static final class Collector implements EventHandler<EpochEvent> {
    final Map<String, float[]> epochs = new ConcurrentHashMap<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();
    final boolean throwOnFirst;

    Collector(boolean throwOnFirst) {
      this.throwOnFirst = throwOnFirst;
    }

    @Override
    public void onEvent(EpochEvent e, long sequence, boolean endOfBatch) {
      threads.add(
          Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? "" : "!"));
      epochs.put(e.markerText(), e.data().clone());
      if (calls.getAndIncrement() == 0 && throwOnFirst) {
        throw new IllegalStateException("consumer bug (expected in this test)");
      }
    }
  }

  /** A recorder stand-in running beside the epocher. */
  static final class SampleCounter implements EventHandler<SampleEvent> {
    final AtomicLong eeg = new AtomicLong();
    final AtomicLong markers = new AtomicLong();
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onEvent(SampleEvent e, long sequence, boolean endOfBatch) {
      threads.add(Thread.currentThread().getName());
      if (e.kind() == SampleEvent.Kind.EEG) {
        eeg.incrementAndGet();
      } else if (e.kind() == SampleEvent.Kind.MARKER) {
        markers.incrementAndGet();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"blocking", "sleeping", "yielding"})
  void twoIngestThreadsFeedTheRingAndEveryEpochMatchesTheReference(String wait) throws Exception {
    List<String> labels = SyntheticStream.shuffledWithExtras(5, "EOG", "X1", "X2");
    SyntheticStream s = SyntheticStream.create(500, labels, 12, 3);
    StreamLayout layout = s.layout("amp");
    Config config =
        Config.defaults()
            .withOverrides(
                List.of("acquisition.ring_size=1024", "acquisition.wait_strategy=" + wait));
    EpochSpec spec = EpochSpec.fromConfig(config).withChannels(SyntheticStream.THINGS_17);
    Collector decoder = new Collector(true);
    Collector writer = new Collector(false);
    SampleCounter recorder = new SampleCounter();
    AcquisitionPipeline pipeline =
        AcquisitionPipeline.builder(layout)
            .config(config)
            .spec(spec)
            .sampleConsumers(recorder)
            .epochConsumers(decoder, writer)
            .build();
    pipeline.start();
    RingBuffer<SampleEvent> ring = pipeline.sampleRing();

    int n = 45;
    double[] markerTs = new double[n];
    double[] arrival = new double[n];
    Random r = new Random(8);
    for (int i = 0; i < n; i++) {
      markerTs[i] = s.t0 + 1.2 + 0.2 * i + r.nextDouble() * 0.002;
      arrival[i] = markerTs[i] - 0.3 + 1.5 * r.nextDouble();
    }
    AtomicLong publishedUpTo = new AtomicLong(-1);
    Thread eeg =
        new Thread(
            () -> {
              for (int i = 0; i < s.length(); i++) {
                long seq = ring.next();
                ring.get(seq)
                    .setEeg(s.ts[i], System.nanoTime(), s.index[i], s.x[i], 0, labels.size());
                ring.publish(seq);
                publishedUpTo.set(i);
              }
            },
            "test-eeg-ingest");
    Thread markers =
        new Thread(
            () -> {
              int[] order =
                  java.util.stream.IntStream.range(0, n)
                      .boxed()
                      .sorted((a, b) -> Double.compare(arrival[a], arrival[b]))
                      .mapToInt(Integer::intValue)
                      .toArray();
              for (int i : order) {
                while (publishedUpTo.get() < s.length() - 1
                    && s.ts[(int) Math.max(0, publishedUpTo.get())] < arrival[i]) {
                  Thread.onSpinWait();
                }
                byte[] text = ("stim_" + i).getBytes(StandardCharsets.UTF_8);
                long seq = ring.next();
                ring.get(seq).setMarker(markerTs[i], System.nanoTime(), text, text.length, i);
                ring.publish(seq);
              }
              byte[] late = "never completes".getBytes(StandardCharsets.UTF_8);
              long seq = ring.next();
              ring.get(seq)
                  .setMarker(s.ts[s.length() - 1] - 0.1, System.nanoTime(), late, late.length, 0);
              ring.publish(seq);
            },
            "test-marker-ingest");
    eeg.start();
    markers.start();
    eeg.join();
    markers.join();
    pipeline.stop();

    EpocherCounters k = pipeline.epocherCounters();
    DropCounters drops = pipeline.drops();
    assertEquals(n + 1, k.markersAccepted());
    assertEquals(n, k.epochsEmitted(), drops.snapshot().toString());
    assertEquals(1, drops.get(DropReason.INCOMPLETE_AT_STOP));
    long dropped = 0;
    for (DropReason reason : Epocher.EPOCH_DROP_REASONS) {
      dropped += drops.get(reason);
    }
    assertEquals(k.markersAccepted(), k.epochsEmitted() + dropped);
    assertEquals(0, k.pending());
    assertEquals(s.length(), recorder.eeg.get());
    assertEquals(n + 1, recorder.markers.get());
    assertEquals(n, decoder.epochs.size());
    assertEquals(n, writer.epochs.size());
    assertEquals(1, pipeline.handlerErrors());
    for (int i = 0; i < n; i++) {
      double[][] expected =
          ReferenceEpoch.compute(
              s, markerTs[i], -0.2, 0.8, 100, SyntheticStream.THINGS_17, 0.4, 0.1, null);
      float[] got = writer.epochs.get("stim_" + i);
      double err = ReferenceEpoch.relativeError(got, expected);
      assertTrue(err < 1e-4, "stim_" + i + ": " + err);
    }
    assertEquals(Set.of("eegdecode-epochs-Collector"), decoder.threads);
    assertEquals(Set.of("eegdecode-epochs-Collector-2"), writer.threads);
    assertEquals(Set.of("eegdecode-samples-SampleCounter"), recorder.threads);
    assertEquals(17 * 100, pipeline.epochRing().get(0).data().length);
  }

  @Test
  void threadsAreNamedDaemonsAndStopIsIdempotent() throws Exception {
    StreamLayout layout = new StreamLayout("amp", 1000, SyntheticStream.THINGS_17);
    List<String> seen = new CopyOnWriteArrayList<>();
    AcquisitionPipeline pipeline =
        AcquisitionPipeline.builder(layout)
            .config(Config.defaults())
            .sampleConsumers(
                (e, seq, end) ->
                    seen.add(
                        Thread.currentThread().getName() + ":" + Thread.currentThread().isDaemon()))
            .build();
    pipeline.start();
    RingBuffer<SampleEvent> ring = pipeline.sampleRing();
    long seq = ring.tryNext();
    ring.get(seq).setState(SampleEvent.Kind.STALL, 1.0, System.nanoTime());
    ring.publish(seq);
    pipeline.stop();
    pipeline.stop();
    assertEquals(List.of("eegdecode-samples-consumer-1:true"), seen);
    assertEquals(1, pipeline.maxChannels() / 17);
    assertThrows(IllegalStateException.class, pipeline::start);
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.add(t.getName());
    }
    assertTrue(
        names.stream().noneMatch(name -> name.equals("eegdecode-epocher")), names.toString());
  }

  @Test
  void badStreamsFailAtBuildTimeWithTheStreamsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AcquisitionPipeline.builder(new StreamLayout("amp", 100, List.of("Cz")))
                    .config(Config.defaults().withOverrides(List.of("channels=[Oz]")))
                    .build());
    assertTrue(e.getMessage().contains("'amp' lacks channels [Oz]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WaitStrategies.parse("spin"));
    assertEquals(WaitStrategies.BUSY_SPIN, WaitStrategies.parse("busy-spin"));
  }
}
