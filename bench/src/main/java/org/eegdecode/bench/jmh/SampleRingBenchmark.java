package org.eegdecode.bench.jmh;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.ring.AcquisitionPipeline;
import org.eegdecode.acquisition.ring.NamedThreadFactory;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.ring.WaitStrategies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (a) Sample-ring ingest throughput: one publisher thread (the benchmark thread, standing in for
 * the EEG inlet) puts 64-channel samples into the sample ring as fast as the consumers free slots,
 * with a marker every 200 samples (1 kHz timing: SOA 0.2 s, five overlapping epochs). {@code
 * consumer=epocher} is the real pipeline (epocher + a no-op epoch consumer); {@code empty} is the
 * same ring with a consumer that does nothing: the ring's own cost. Score = samples/s; × 64 =
 * values/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SampleRingBenchmark {
  @Param({"epocher", "empty"})
  public String consumer;

  @Param({"blocking", "yielding"})
  public String waitStrategy;

  private AcquisitionPipeline pipeline;
  private Disruptor<SampleEvent> bare;
  private RingBuffer<SampleEvent> ring;
  private float[][] signal;
  private final byte[] marker = "stim".getBytes(StandardCharsets.UTF_8);
  private long index;

  @Setup(Level.Trial)
  public void setUp() {
    signal = BenchStreams.oneSecond();
    if (consumer.equals("epocher")) {
      Config config =
          Config.defaults().withOverrides(List.of("acquisition.wait_strategy=" + waitStrategy));
      EventHandler<EpochEvent> decoder = (e, s, end) -> {};
      pipeline =
          AcquisitionPipeline.builder(BenchStreams.layout64())
              .config(config)
              .spec(BenchStreams.spec())
              .epochConsumers(decoder)
              .build()
              .start();
      ring = pipeline.sampleRing();
    } else {
      bare =
          new Disruptor<>(
              () -> new SampleEvent(BenchStreams.CHANNELS),
              65536,
              new NamedThreadFactory("bench-empty", List.of()),
              ProducerType.MULTI,
              WaitStrategies.parse(waitStrategy).create());
      EventHandler<SampleEvent> nothing = (e, s, end) -> {};
      bare.handleEventsWith(nothing);
      ring = bare.start();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (pipeline != null) {
      pipeline.stop();
      System.out.println(
          "\nepocher: " + pipeline.epocherCounters() + " drops " + pipeline.drops().snapshot());
    }
    if (bare != null) {
      bare.shutdown();
    }
  }

  @Benchmark
  public void publishSample() {
    long i = index++;
    double ts = 1000 + i / BenchStreams.RATE;
    long seq = ring.next();
    ring.get(seq)
        .setEeg(ts, System.nanoTime(), i, signal[(int) (i % 1000)], 0, BenchStreams.CHANNELS);
    ring.publish(seq);
    if (i % BenchStreams.SOA_SAMPLES == 0) {
      long m = ring.next();
      ring.get(m).setMarker(ts - 0.05, System.nanoTime(), marker, marker.length, Double.NaN);
      ring.publish(m);
    }
  }
}
