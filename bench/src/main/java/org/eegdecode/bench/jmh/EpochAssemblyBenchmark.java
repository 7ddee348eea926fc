package org.eegdecode.bench.jmh;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.epoch.EpochAssembler;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochGeometry;
import org.eegdecode.acquisition.epoch.Epocher;
import org.eegdecode.acquisition.epoch.SampleHistory;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.PipelineSettings;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (b) The cost of assembling one epoch from the native buffer (1000 Hz, 17 picked of 64 channels →
 * 17 × 100 at 100 Hz: baseline, 201-tap anti-alias FIR at the 100 output points, float out), at
 * onsets spread over 25 s of buffered signal. {@code copyBaseline} copies the same native input (17
 * × 1191 floats) with {@link System#arraycopy}: the floor for touching that much data.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EpochAssemblyBenchmark {
  private SampleHistory history;
  private EpochAssembler assembler;
  private float[] out;
  private float[] raw;
  private float[] copy;
  private int span;
  private long firstOnset;
  private long onsets;
  private long next;

  @Setup(Level.Trial)
  public void setUp() {
    RingBuffer<EpochEvent> ring =
        RingBuffer.createSingleProducer(
            () -> new EpochEvent(17, 100), 16, new BlockingWaitStrategy());
    Epocher epocher =
        Epocher.create(
            BenchStreams.spec(),
            BenchStreams.layout64(),
            PipelineSettings.defaults(),
            new DropCounters(),
            ring);
    float[][] signal = BenchStreams.oneSecond();
    SampleEvent event = new SampleEvent(BenchStreams.CHANNELS);
    int samples = 25_000;
    for (int i = 0; i < samples; i++) {
      event.setEeg(1000 + i / 1000.0, i, i, signal[i % 1000], 0, BenchStreams.CHANNELS);
      epocher.onEvent(event, i, true);
    }
    history = epocher.history();
    assembler = epocher.assembler();
    EpochGeometry g = assembler.geometry();
    out = new float[g.channels() * g.times()];
    span = g.span();
    firstOnset = -g.needFirst();
    onsets = samples - g.needLast() - firstOnset;
    raw = new float[17 * samples];
    copy = new float[17 * span];
  }

  @Benchmark
  public float[] assemble() {
    long onset = firstOnset + (next++ * 37) % onsets;
    assembler.assemble(history, onset, out);
    return out;
  }

  @Benchmark
  public float[] copyBaseline() {
    int at = (int) ((next++ * 37) % (raw.length / 17 - span));
    int rowLength = raw.length / 17;
    for (int c = 0; c < 17; c++) {
      System.arraycopy(raw, c * rowLength + at, copy, c * span, span);
    }
    return copy;
  }
}
