package org.eegdecode.acquisition.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Java post-processing against known inputs (no liblsl involved). */
class TimestampCorrectorTest {
  private static final double RATE = 500.0;

  private static TimestampCorrector dejitterOnly(double rate) {
    return new TimestampCorrector(
        rate, TimestampCorrector.DEJITTER, 90.0, null, null, System::nanoTime);
  }

  @Test
  void dejitterTurnsJitteredRegularTimestampsIntoTheirLine() {
    Random random = new Random(42);
    TimestampCorrector corrector = dejitterOnly(RATE);
    double start = 8_123.4567;
    double jitter = 0.003; // ±3 ms, uniform: SD ≈ 1.7 ms
    int n = 20_000; // 40 s
    double worstLate = 0;
    double sumSqRaw = 0;
    double sumSqOut = 0;
    int counted = 0;
    for (int k = 0; k < n; k++) {
      double truth = start + k / RATE;
      double raw = truth + (random.nextDouble() * 2 - 1) * jitter;
      double out = corrector.correct(raw);
      if (k >= 2_000) { // after 4 s the fit has settled
        worstLate = Math.max(worstLate, Math.abs(out - truth));
        sumSqRaw += (raw - truth) * (raw - truth);
        sumSqOut += (out - truth) * (out - truth);
        counted++;
      }
    }
    double rmsRaw = Math.sqrt(sumSqRaw / counted);
    double rmsOut = Math.sqrt(sumSqOut / counted);
    assertTrue(rmsOut < rmsRaw / 10, "rms error " + rmsOut + " vs raw " + rmsRaw);
    assertTrue(worstLate < 0.0005, "worst error after settling " + worstLate);
    assertEquals(1 / RATE, corrector.fittedPeriod(), 1e-7);
  }

  @Test
  void lostSamplesStayVisibleAfterDejitter() {
    TimestampCorrector corrector = dejitterOnly(RATE);
    double start = 500.25;
    double previous = Double.NaN;
    int sent = 0;
    for (int k = 0; k < 12_000; k++) {
      if (k == 5_000 || (k >= 8_000 && k < 8_010)) {
        continue; // lost before the inlet: one sample, then ten
      }
      double truth = start + k / RATE;
      double out = corrector.correct(truth);
      assertEquals(truth, out, 1e-6, "sample " + k);
      if (k == 5_001) {
        assertEquals(2 / RATE, out - previous, 1e-6);
      }
      if (k == 8_010) {
        assertEquals(11 / RATE, out - previous, 1e-6);
      }
      previous = out;
      sent++;
    }
    assertEquals(2, corrector.gaps());
    assertEquals(11_989, sent);
  }

  @Test
  void backwardJumpRestartsTheFit() {
    TimestampCorrector corrector = dejitterOnly(RATE);
    for (int k = 0; k < 1_000; k++) {
      corrector.correct(100 + k / RATE);
    }
    for (int k = 0; k < 1_000; k++) {
      assertEquals(50 + k / RATE, corrector.correct(50 + k / RATE), 1e-6);
    }
    assertEquals(1, corrector.backwardJumps());
    assertEquals(0, corrector.gaps());
  }

  @Test
  void dejitterFollowsAClockThatRunsSlightlyFast() {
    // The amplifier's true rate is 500.05 Hz while it claims 500 Hz: the fit must learn the slope.
    TimestampCorrector corrector = dejitterOnly(RATE);
    double trueRate = 500.05;
    double last = 0;
    double lastTruth = 0;
    for (int k = 0; k < 60_000; k++) {
      lastTruth = 100 + k / trueRate;
      last = corrector.correct(lastTruth + ((k % 7) - 3) * 0.0005);
    }
    assertEquals(1 / trueRate, corrector.fittedPeriod(), 1e-8);
    assertEquals(lastTruth, last, 2e-4);
  }

  @Test
  void firstOutputsStayCloseToTheInput() {
    TimestampCorrector corrector = dejitterOnly(RATE);
    assertEquals(1000.25, corrector.correct(1000.25), 1e-9);
    assertEquals(1000.252, corrector.correct(1000.252), 1e-6);
  }

  @Test
  void irregularStreamsAreNotDejittered() {
    TimestampCorrector corrector = dejitterOnly(0.0);
    assertEquals(5.0, corrector.correct(5.0));
    assertEquals(5.7, corrector.correct(5.7));
    assertEquals(5.71, corrector.correct(5.71));
    assertTrue(Double.isNaN(corrector.fittedPeriod()));
  }

  @Test
  void clockOffsetIsAddedAndReReadEvery50SamplesAtMostEveryHalfSecond() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    AtomicInteger queries = new AtomicInteger();
    double[] offset = {2.5};
    TimestampCorrector corrector =
        new TimestampCorrector(
            RATE,
            TimestampCorrector.CLOCKSYNC,
            90,
            () -> {
              queries.incrementAndGet();
              return offset[0];
            },
            () -> false,
            now::get);
    assertEquals(12.5, corrector.correct(10.0)); // first sample reads the offset
    assertEquals(1, queries.get());
    offset[0] = 3.0;
    // 50 more samples within the same instant: no new read (time gate).
    for (int i = 0; i < 60; i++) {
      assertEquals(12.5, corrector.correct(10.0));
    }
    assertEquals(1, queries.get());
    // Half a second later the next sample re-reads it.
    now.addAndGet(500_000_000L);
    assertEquals(13.0, corrector.correct(10.0));
    assertEquals(2, queries.get());
    // Time has passed but fewer than 50 samples: no read (sample gate).
    now.addAndGet(5_000_000_000L);
    offset[0] = 4.0;
    for (int i = 0; i < 50; i++) {
      assertEquals(13.0, corrector.correct(10.0));
    }
    assertEquals(2, queries.get());
    assertEquals(14.0, corrector.correct(10.0)); // the 51st
    assertEquals(3, queries.get());
    assertEquals(4.0, corrector.offset());
  }

  @Test
  void anUnavailableOffsetKeepsTheLastKnownOne() {
    AtomicLong now = new AtomicLong();
    double[] offset = {Double.NaN};
    TimestampCorrector corrector =
        new TimestampCorrector(
            RATE, TimestampCorrector.CLOCKSYNC, 90, () -> offset[0], null, now::get);
    assertEquals(1.0, corrector.correct(1.0));
    assertTrue(!corrector.offsetKnown());
    corrector.setOffset(0.5);
    assertEquals(1.5, corrector.correct(1.0));
    now.addAndGet(1_000_000_000L);
    for (int i = 0; i < 100; i++) {
      assertEquals(1.5, corrector.correct(1.0)); // re-reads return NaN: keep 0.5
    }
    assertTrue(corrector.offsetQueries() >= 2);
  }

  @Test
  void monotoniseNeverGoesBackwards() {
    TimestampCorrector corrector =
        new TimestampCorrector(0, TimestampCorrector.MONOTONIZE, 90, null, null, System::nanoTime);
    double[] in = {1.0, 2.0, 1.5, 1.9, 2.5, 2.4, 3.0};
    double[] expected = {1.0, 2.0, 2.0, 2.0, 2.5, 2.5, 3.0};
    for (int i = 0; i < in.length; i++) {
      assertEquals(expected[i], corrector.correct(in[i]), "at " + i);
    }
    corrector.reset();
    assertEquals(0.5, corrector.correct(0.5), "reset forgets the floor");
  }

  @Test
  void allTogetherStayMonotoneUnderHeavyJitterAndApplyTheOffset() {
    Random random = new Random(7);
    TimestampCorrector corrector =
        new TimestampCorrector(
            RATE, TimestampCorrector.ALL, 90, () -> -100.0, () -> false, System::nanoTime);
    double previous = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 5_000; k++) {
      double raw = 1_000 + k / RATE + random.nextGaussian() * 0.01;
      double out = corrector.correct(raw);
      assertTrue(out >= previous, "monotone at " + k);
      previous = out;
      if (k > 1_000) {
        assertEquals(900 + k / RATE, out, 0.003, "offset applied and dejittered at " + k);
      }
    }
  }

  @Test
  void aClockResetRestartsTheFit() {
    AtomicLong now = new AtomicLong();
    AtomicBoolean reset = new AtomicBoolean();
    TimestampCorrector corrector =
        new TimestampCorrector(RATE, TimestampCorrector.ALL, 90, () -> 0.0, reset::get, now::get);
    for (int k = 0; k < 1_000; k++) {
      corrector.correct(5_000 + k / RATE);
    }
    // The sender's clock restarts near zero; the next clock sync notices.
    reset.set(true);
    now.addAndGet(1_000_000_000L);
    assertEquals(3.0, corrector.correct(3.0), 1e-9, "neither clamped to 5002 nor fitted");
    reset.set(false);
    assertEquals(3.002, corrector.correct(3.002), 1e-6);
    assertEquals(1, corrector.clockResets());
  }

  @Test
  void clockSyncNeedsAnOffsetSource() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TimestampCorrector(
                RATE, TimestampCorrector.CLOCKSYNC, 90, null, null, System::nanoTime));
  }
}
