package org.eegdecode.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.eegdecode.acquisition.session.SessionRecorder;
import org.eegdecode.acquisition.session.SessionWriter;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Session recording throughput: the {@link SessionRecorder} as the sample ring hands it events —
 * 64-channel samples in pulls of {@value #PULL} (one chunk record per pull, at the end of the ring
 * batch), a marker every 200 samples — appended to a Chronicle Queue session on the local disk
 * (page cache). Score = ns per sample; 1e9 / score = samples/s, × 64 = values/s. {@code copyOnly}
 * does the in-memory part alone (copying the sample out of the ring slot): the baseline of the same
 * run. A fresh session per iteration keeps the disk bounded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RecorderBenchmark {
  static final int PULL = 32;

  private Path dir;
  private SessionWriter writer;
  private SessionRecorder recorder;
  private final SampleEvent sample = new SampleEvent(BenchStreams.CHANNELS);
  private final SampleEvent marker = new SampleEvent(BenchStreams.CHANNELS);
  private final float[] copy = new float[PULL * BenchStreams.CHANNELS];
  private float[][] signal;
  private long index;

  @Setup(Level.Trial)
  public void setUpSignal() {
    signal = BenchStreams.oneSecond();
    byte[] text = "stim".getBytes(StandardCharsets.UTF_8);
    marker.setMarker(0.0, 0.0, 0L, text, text.length, Double.NaN);
  }

  @Setup(Level.Iteration)
  public void openSession() throws IOException {
    dir = Files.createTempDirectory("eegdecode-bench-session-");
    writer =
        SessionWriter.create(dir.resolve("s"), new SessionWriter.Options(1L << 30), "bench", null);
    recorder = new SessionRecorder(writer, 64);
    StreamInfo eeg =
        new StreamInfo(
            "bench-eeg",
            "EEG",
            BenchStreams.CHANNELS,
            BenchStreams.RATE,
            "float32",
            "bench",
            "",
            "",
            BenchStreams.layout64().channelLabels());
    StreamInfo markers =
        new StreamInfo("bench-markers", "Markers", 1, 0, "string", "bench-m", "", "", List.of());
    recorder.streams(eeg, "", markers, "");
  }

  @TearDown(Level.Iteration)
  public void closeSession() throws IOException {
    writer.close();
    if (writer.failure() != null) {
      throw new IllegalStateException("recording failed: " + writer.failure());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void next(SampleEvent event) {
    long i = index++;
    float[] values = signal[(int) (i % signal.length)];
    double t = i / BenchStreams.RATE;
    event.setEeg(t, t + 0.001, 0L, i, values, 0, BenchStreams.CHANNELS);
  }

  /** One pull: {@value #PULL} samples through the recorder, a marker every 200 samples. */
  @Benchmark
  @OperationsPerInvocation(PULL)
  public void record() {
    for (int k = 0; k < PULL; k++) {
      next(sample);
      recorder.onEvent(sample, index, k == PULL - 1);
      if (index % BenchStreams.SOA_SAMPLES == 0) {
        recorder.onEvent(marker, index, false);
      }
    }
  }

  /** Baseline: the same samples copied out of the slot, nothing written. */
  @Benchmark
  @OperationsPerInvocation(PULL)
  public void copyOnly(Blackhole bh) {
    for (int k = 0; k < PULL; k++) {
      next(sample);
      System.arraycopy(sample.values(), 0, copy, k * BenchStreams.CHANNELS, BenchStreams.CHANNELS);
    }
    bh.consume(copy);
  }
}
