package org.eegdecode.bench.jmh;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.Epocher;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.PipelineSettings;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (b, c) The epocher on the benchmark thread, no ring threads: 64 channels at 1000 Hz, 17 picked,
 * 100 Hz out, a marker every 200 samples 50 ms after its onset (five epochs open at once), epochs
 * published to an epoch ring nobody gates. {@code perSample}: one EEG sample (plus, every 200th,
 * the marker and the completing epoch) — with {@code -prof gc} its {@code gc.alloc.rate.norm} is
 * the steady-state allocation per sample. {@code perSampleNoMarkers}: buffering alone (baseline).
 * {@code perSoa}: 200 samples and one marker, i.e. one epoch's share, as a latency distribution.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EpocherBenchmark {
  private Epocher epocher;
  private Epocher quiet;
  private final SampleEvent event = new SampleEvent(BenchStreams.CHANNELS);
  private float[][] signal;
  private final byte[] marker = "stim".getBytes(StandardCharsets.UTF_8);
  private long index;
  private long quietIndex;

  @Setup(Level.Trial)
  public void setUp() {
    signal = BenchStreams.oneSecond();
    epocher = newEpocher();
    quiet = newEpocher();
  }

  private static Epocher newEpocher() {
    RingBuffer<EpochEvent> ring =
        RingBuffer.createSingleProducer(
            () -> new EpochEvent(17, 100), 256, new BlockingWaitStrategy());
    return Epocher.create(
        BenchStreams.spec(),
        BenchStreams.layout64(),
        PipelineSettings.defaults(),
        new DropCounters(),
        ring);
  }

  private void step(Epocher target, long i, boolean markers) {
    double ts = 1000 + i / BenchStreams.RATE;
    event.setEeg(ts, i, i, signal[(int) (i % 1000)], 0, BenchStreams.CHANNELS);
    target.onEvent(event, i, true);
    if (markers && i % BenchStreams.SOA_SAMPLES == 0) {
      event.setMarker(ts - 0.05, i, marker, marker.length, Double.NaN);
      target.onEvent(event, i, true);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long perSample() {
    step(epocher, index++, true);
    return epocher.counters().epochsEmitted();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long perSampleNoMarkers() {
    step(quiet, quietIndex++, false);
    return quiet.counters().samples();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(1)
  public long perSoa() {
    for (int k = 0; k < BenchStreams.SOA_SAMPLES; k++) {
      step(epocher, index++, true);
    }
    return epocher.counters().epochsEmitted();
  }
}
