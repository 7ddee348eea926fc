package org.eegdecode.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs benchmarks of {@code org.eegdecode.bench.jmh} through JMH's API and reads their results.
 * Forks inherit this JVM's options (JMH's default), so DJL's offline mode and Chronicle's module
 * flags reach them; JMH's console output goes to a log file in the report folder.
 */
final class JmhRuns {
  /** Iteration counts and lengths: {@code --quick} or full. */
  record Timing(int warmups, int warmupSeconds, int iterations, int seconds) {
    static final Timing QUICK = new Timing(1, 2, 3, 2);
    static final Timing FULL = new Timing(3, 2, 5, 2);
  }

  static final long LOCK_WAIT_S = 120;

  private final java.util.List<String> lockNotes = new ArrayList<>();
  private final Timing timing;
  private final Path logDir;

  JmhRuns(Timing timing, Path logDir) {
    this.timing = timing;
    this.logDir = logDir;
  }

  /**
   * Runs the benchmarks whose name matches {@code include} (a regex on the full method name) with
   * the given parameters, one fork each; {@code gc} adds JMH's allocation profiler.
   */
  Collection<RunResult> run(String log, String include, Map<String, String[]> params, boolean gc)
      throws RunnerException {
    return run(log, include, params, gc, null);
  }

  /**
   * The same in {@code mode} instead of the benchmark's own (null: its own). Allocation is read in
   * AverageTime: SampleTime's own timing buffers allocate and would be counted.
   */
  Collection<RunResult> run(
      String log, String include, Map<String, String[]> params, boolean gc, Mode mode)
      throws RunnerException {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include("org\\.eegdecode\\.bench\\.jmh\\." + include)
            .forks(1)
            .warmupIterations(timing.warmups())
            .warmupTime(TimeValue.seconds(timing.warmupSeconds()))
            .measurementIterations(timing.iterations())
            .measurementTime(TimeValue.seconds(timing.seconds()))
            .shouldFailOnError(true)
            .output(logDir.resolve("jmh-" + log + ".log").toString());
    params.forEach(b::param);
    if (mode != null) {
      b.mode(mode);
    }
    if (gc) {
      b.addProfiler(GCProfiler.class);
    }
    Collection<RunResult> results = runHoldingTheLock(b);
    if (results.isEmpty()) {
      throw new IllegalStateException(
          "JMH ran nothing for " + include + " (see jmh-" + log + ".log)");
    }
    return new ArrayList<>(results);
  }

  /**
   * JMH refuses to start while another JMH run on the machine holds {@code /tmp/jmh.lock} (on a
   * shared machine: someone else's benchmark). Waits for it up to {@link #LOCK_WAIT_S}, then runs
   * regardless and says so in {@link #lockNotes}: the figures of that part shared the cores.
   */
  private Collection<RunResult> runHoldingTheLock(ChainedOptionsBuilder b) throws RunnerException {
    long deadline = System.nanoTime() + LOCK_WAIT_S * 1_000_000_000L;
    while (true) {
      try {
        return new Runner(b.build()).run();
      } catch (RunnerException e) {
        if (e.getMessage() == null || !e.getMessage().contains("JMH lock")) {
          throw e;
        }
        if (System.nanoTime() - deadline >= 0) {
          System.setProperty("jmh.ignoreLock", "true");
          lockNotes.add(
              "another JMH run held /tmp/jmh.lock for over "
                  + LOCK_WAIT_S
                  + " s: ran alongside it (figures disturbed)");
          return new Runner(b.build()).run();
        }
        try {
          Thread.sleep(2000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** What happened with the JMH lock, if anything (for the report). */
  java.util.List<String> lockNotes() {
    return lockNotes;
  }

  /** The result of {@code method} with the given parameter values (others ignored). */
  static RunResult find(Collection<RunResult> results, String method, String... keyValues) {
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      if (!name.endsWith("." + method)) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i + 1 < keyValues.length; i += 2) {
        match &= keyValues[i + 1].equals(r.getParams().getParam(keyValues[i]));
      }
      if (match) {
        return r;
      }
    }
    throw new IllegalStateException(
        "no JMH result for " + method + " " + String.join(" ", keyValues));
  }

  /** A percentile of the primary result (SampleTime: of the sampled call times), in its unit. */
  static double percentile(RunResult r, double p) {
    return r.getPrimaryResult().getStatistics().getPercentile(p);
  }

  static double score(RunResult r) {
    return r.getPrimaryResult().getScore();
  }

  /** A secondary (profiler) result's score, e.g. {@code gc.alloc.rate.norm} in bytes per op. */
  static double secondary(RunResult r, String key) {
    Map<String, Result> s = r.getSecondaryResults();
    Result v = s.get(key);
    if (v == null) {
      throw new IllegalStateException(
          "JMH result "
              + r.getParams().getBenchmark()
              + " has no "
              + key
              + " (has "
              + s.keySet()
              + ")");
    }
    return v.getScore();
  }
}
