package org.eegdecode.acquisition.ingest;

import static org.eegdecode.acquisition.lsl.LslTesting.RESOLVE_TIMEOUT;
import static org.eegdecode.acquisition.lsl.LslTesting.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eegdecode.acquisition.ingest.RingCollector.Seen;
import org.eegdecode.acquisition.lsl.LslOutlet;
import org.eegdecode.acquisition.lsl.LslTesting;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.ring.SampleEvent.Kind;
import org.eegdecode.acquisition.stimulus.Stimulus;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Marker ingest, alone and sharing the ring with an EEG ingest. */
@Timeout(60)
class MarkerIngestTest {

  @Test
  void markersAndEegShareOneRing() throws Exception {
    RingBuffer<SampleEvent> ring =
        RingBuffer.createMultiProducer(() -> new SampleEvent(64), 1024, new YieldingWaitStrategy());
    DropCounters drops = new DropCounters();
    List<String> labels = IntStream.range(0, 4).mapToObj(c -> "c" + c).toList();
    String long300 = "é".repeat(150) + "z"; // 301 bytes: the cut must not split an 'é'
    try (LslOutlet eeg = LslOutlet.eeg(unique("eeg"), unique("src"), labels, 100);
        LslOutlet markers = LslOutlet.markers(unique("mk"), unique("src"));
        LslOutlet numeric =
            LslOutlet.create(
                unique("num"), "Markers", 1, 0, "int32", unique("src"), List.of(), null, null);
        RingCollector collector = new RingCollector(ring);
        EegIngest eegIngest =
            EegIngest.open(LslTesting.resolve(eeg), ring, drops, EegIngest.Options.defaults());
        MarkerIngest markerIngest =
            MarkerIngest.open(
                LslTesting.resolve(markers), ring, drops, MarkerIngest.Options.defaults());
        MarkerIngest numericIngest =
            MarkerIngest.open(
                LslTesting.resolve(numeric), ring, drops, MarkerIngest.Options.defaults())) {
      eegIngest.start();
      markerIngest.start();
      numericIngest.start();
      assertTrue(eeg.waitForConsumers(RESOLVE_TIMEOUT));
      assertTrue(markers.waitForConsumers(RESOLVE_TIMEOUT));
      assertTrue(numeric.waitForConsumers(RESOLVE_TIMEOUT));

      float[] sample = new float[4];
      for (int k = 0; k < 30; k++) {
        sample[0] = k;
        eeg.pushSample(sample, 1000 + k * 0.01);
        if (k == 10) {
          markers.pushMarker("stim/ä", 1000.1);
          markers.pushMarker(" 42 ", 1000.1);
          markers.pushMarker("-1.5e2", 1000.105);
        }
        if (k == 20) {
          markers.pushMarker(long300, 1000.2);
          numeric.pushSample(new float[] {7}, 1000.2);
          numeric.pushSample(new float[] {-3}, 1000.21);
        }
        Thread.sleep(2);
      }
      List<Seen> events =
          collector.await(
              e ->
                  RingCollector.count(e, Kind.EEG) >= 30
                      && RingCollector.count(e, Kind.MARKER) >= 6,
              10);
      List<Seen> seenMarkers = events.stream().filter(e -> e.kind() == Kind.MARKER).toList();
      assertEquals(30, RingCollector.count(events, Kind.EEG));
      assertEquals(6, seenMarkers.size(), seenMarkers.toString());

      List<Seen> strings =
          seenMarkers.stream()
              .filter(m -> !m.text().equals("7") && !m.text().equals("-3"))
              .toList();
      assertEquals("stim/ä", strings.get(0).text());
      assertTrue(Double.isNaN(strings.get(0).number()));
      assertEquals(" 42 ", strings.get(1).text());
      assertEquals(42.0, strings.get(1).number());
      assertEquals(-150.0, strings.get(2).number());
      String cut = strings.get(3).text();
      assertEquals("é".repeat(128), cut, "cut at a character boundary");
      assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= SampleEvent.MAX_MARKER_BYTES);
      assertEquals(1000.1 + markerIngest.stats().clockOffset(), strings.get(0).timestamp(), 1e-9);
      assertEquals(1000.2 + markerIngest.stats().clockOffset(), strings.get(3).timestamp(), 1e-9);

      List<Seen> numbers =
          seenMarkers.stream().filter(m -> m.text().equals("7") || m.text().equals("-3")).toList();
      assertEquals(List.of("7", "-3"), numbers.stream().map(Seen::text).toList());
      assertEquals(7.0, numbers.get(0).number());
      assertEquals(-3.0, numbers.get(1).number());

      assertEquals(1, drops.get(DropReason.MARKER_TRUNCATED));
      assertEquals(0, drops.get(DropReason.RING_FULL));
      MarkerIngest.Stats stats = markerIngest.stats();
      assertEquals(4, stats.markers());
      assertEquals(4, stats.published());
      assertEquals(1, stats.truncated());
      assertTrue(Math.abs(stats.clockOffset()) < 0.01);
      assertEquals(2, numericIngest.stats().markers());
    }
  }

  @Test
  void everyLslChannelFormatOfAMarkerStreamIsReadAsItsIntegerCode() throws Exception {
    List<String> formats = List.of("int8", "int16", "int32", "int64", "float32", "double64");
    RingBuffer<SampleEvent> ring =
        RingBuffer.createMultiProducer(() -> new SampleEvent(1), 1024, new YieldingWaitStrategy());
    DropCounters drops = new DropCounters();
    List<LslOutlet> outlets = new ArrayList<>();
    List<MarkerIngest> ingests = new ArrayList<>();
    StimulusResolver resolver =
        StimulusResolver.of(
            IntStream.range(0, 100).mapToObj(i -> String.format("%05d_c%d", i + 1, i)).toList(),
            IntStream.range(0, 100).mapToObj(i -> "c" + i + ".jpg").toList());
    ExecutorService pool = Executors.newFixedThreadPool(formats.size());
    try (RingCollector collector = new RingCollector(ring)) {
      List<CompletableFuture<MarkerIngest>> opening = new ArrayList<>();
      for (String format : formats) {
        LslOutlet outlet = LslOutlet.markers(unique("mk-" + format), unique("src"), format);
        outlets.add(outlet);
        opening.add( // resolve, open and measure the clock offset of all six at once
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return MarkerIngest.open(
                        LslTesting.resolve(outlet), ring, drops, MarkerIngest.Options.defaults());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                pool));
      }
      for (int f = 0; f < formats.size(); f++) {
        MarkerIngest ingest = opening.get(f).get(30, TimeUnit.SECONDS);
        ingests.add(ingest);
        ingest.start();
        assertTrue(outlets.get(f).waitForConsumers(RESOLVE_TIMEOUT));
      }
      for (int f = 0; f < formats.size(); f++) {
        LslOutlet outlet = outlets.get(f);
        outlet.pushSample(new int[] {17}, 10.0 + f); // as an int32 producer sends it
        outlet.pushSample(new double[] {-3}, 10.1 + f);
        if (!formats.get(f).equals("int8") && !formats.get(f).equals("int16")) {
          outlet.pushSample(new float[] {99999}, 10.2 + f); // THINGS-EEG2's catch code
        }
        if (formats.get(f).startsWith("float") || formats.get(f).startsWith("double")) {
          outlet.pushSample(new double[] {2.5}, 10.3 + f);
        }
      }
      int expected = 6 * 2 + 4 + 2;
      List<Seen> seen =
          collector.await(e -> RingCollector.count(e, Kind.MARKER) >= expected, 10).stream()
              .filter(e -> e.kind() == Kind.MARKER)
              .toList();
      assertEquals(expected, seen.size(), seen.toString());
      List<String> outcomes = new ArrayList<>();
      for (Seen m :
          seen.stream().sorted(java.util.Comparator.comparing(Seen::timestamp)).toList()) {
        Stimulus s = resolver.lookup(m.text(), m.number());
        outcomes.add(m.text() + ":" + s.outcome() + (s.isImage() ? "@" + s.row() : ""));
      }
      List<String> want = new ArrayList<>();
      for (String format : formats) {
        want.add("17:IMAGE@16");
        want.add("-3:UNKNOWN");
        if (!format.equals("int8") && !format.equals("int16")) {
          want.add("99999:CATCH");
        }
        if (format.startsWith("float") || format.startsWith("double")) {
          want.add("2.5:NOT_INTEGER");
        }
      }
      assertEquals(want, outcomes);
    } finally {
      pool.shutdownNow();
      for (MarkerIngest ingest : ingests) {
        ingest.close();
      }
      for (LslOutlet outlet : outlets) {
        outlet.close();
      }
    }
  }

  @Test
  void numbersAreRecognisedOnlyInPlainDecimalForm() {
    assertEquals(12.0, MarkerIngest.parseNumber("12"));
    assertEquals(-0.5, MarkerIngest.parseNumber("-.5"));
    assertEquals(1000.0, MarkerIngest.parseNumber("1e3"));
    assertEquals(3.0, MarkerIngest.parseNumber("+3."));
    for (String text : List.of("", "NaN", "Infinity", "0x10", "1f", "12d", "1 2", "stim/3", "e5")) {
      assertTrue(Double.isNaN(MarkerIngest.parseNumber(text)), text);
    }
  }

  @Test
  void utf8PrefixNeverSplitsACharacter() {
    byte[] bytes = "aé€🙂".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
    assertEquals(1, MarkerIngest.utf8Prefix(bytes, 2));
    assertEquals(3, MarkerIngest.utf8Prefix(bytes, 3));
    assertEquals(3, MarkerIngest.utf8Prefix(bytes, 5));
    assertEquals(6, MarkerIngest.utf8Prefix(bytes, 9));
    assertEquals(10, MarkerIngest.utf8Prefix(bytes, 10));
    assertEquals(10, MarkerIngest.utf8Prefix(bytes, 300));
  }
}
