package org.eegdecode.acquisition.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Segments and event placement on the written file, case by case, at 100 Hz. */
class EegTimelineTest {
  private static final double RATE = 100;

  private static EegTimeline timeline(double[] corrected, double[] raw) {
    EegTimeline t = new EegTimeline(RATE);
    for (int i = 0; i < corrected.length; i++) {
      t.add(corrected[i], raw[i]);
    }
    t.finish();
    return t;
  }

  @Test
  void aSmallJitterIsNoGapButOneLostSampleIs() {
    // steps of 1.4 periods stay one segment; 2 periods (a lost sample) break it
    double[] c = {0, 0.014, 0.024, 0.044, 0.054};
    EegTimeline t = timeline(c, c);
    List<EegTimeline.Segment> s = t.segments();
    assertEquals(2, s.size());
    assertEquals(new EegTimeline.Segment(0, 2, EegTimeline.Break.START, 0), s.get(0));
    assertEquals(3, s.get(1).first());
    assertEquals(EegTimeline.Break.GAP, s.get(1).cause());
    assertEquals(0.01, s.get(1).missingSeconds(), 1e-12);
  }

  @Test
  void aGapThatDejitteringSmoothedAwayIsNotedFromTheRawStampsWithoutSplitting() {
    // pyxdf fits one line over 200 samples with 2 lost after sample 99: corrected steps are all
    // 1.01 periods, the raw stamps (jittered by ±0.1 period) jump by 3 periods there
    double[] c = new double[200];
    double[] raw = new double[200];
    for (int i = 0; i < 200; i++) {
      int k = i < 100 ? i : i + 2;
      c[i] = 3 + i * 0.0101;
      raw[i] = 7 + k * 0.01 + ((i * 7919) % 3 - 1) * 0.001;
    }
    EegTimeline t = timeline(c, raw);
    assertEquals(1, t.segments().size(), t.segments().toString());
    List<EegTimeline.RawJump> jumps = t.rawJumps();
    assertEquals(1, jumps.size(), jumps.toString());
    assertEquals(100, jumps.get(0).sample());
    assertEquals(0.03, jumps.get(0).seconds(), 0.0021);
  }

  @Test
  void timeGoingBackwardsStartsASegmentAndEventsUseTheFirstThatHoldsThem() {
    double[] c = {1.00, 1.01, 1.02, 1.005, 1.015, 1.025};
    EegTimeline t = timeline(c, c);
    assertEquals(EegTimeline.Break.BACKWARDS, t.segments().get(1).cause());
    assertEquals(-0.025, t.segments().get(1).missingSeconds(), 1e-12);
    EegTimeline.Position p = t.locate(1.015);
    assertEquals(1.5, p.position(), 1e-9);
    assertEquals(2, p.sample());
  }

  @Test
  void aClockResetWithoutATimeJumpIsAClockSegment() {
    double[] c = {5.00, 5.01, 5.02, 5.03};
    double[] raw = {2.00, 2.01, 900.02, 900.03};
    EegTimeline t = timeline(c, raw);
    assertEquals(2, t.segments().size());
    assertEquals(EegTimeline.Break.CLOCK, t.segments().get(1).cause());
    assertEquals(false, t.segments().get(1).timeBreak());
  }

  @Test
  void eventsInterpolateAlongTheSamplesNotTheNominalRate() {
    // the amplifier runs 1 % slow: 101 samples take 1.01 s of corrected time
    double[] c = new double[101];
    for (int i = 0; i < c.length; i++) {
      c[i] = 10 + i * 0.0101;
    }
    EegTimeline t = timeline(c, c);
    EegTimeline.Position p = t.locate(10 + 50.25 * 0.0101);
    assertEquals(50.25, p.position(), 1e-9);
    assertEquals(51, p.sample());
    assertEquals(EegTimeline.Placement.IN_DATA, p.placement());
    assertEquals(1 / 0.0101, t.effectiveRate(), 1e-9);
    // on a sample exactly
    assertEquals(7, t.locate(c[7]).sample());
    assertEquals(7.0, t.locate(c[7]).position(), 1e-12);
    // within the last sample period: placed, but no sample at or after it
    EegTimeline.Position last = t.locate(c[100] + 0.005);
    assertEquals(EegTimeline.Placement.AFTER_LAST_SAMPLE, last.placement());
    assertEquals(-1, last.sample());
    assertEquals(100.5, last.position(), 1e-9);
    // before the first sample: negative, by the nominal rate
    EegTimeline.Position early = t.locate(9.5);
    assertEquals(-50, early.position(), 1e-9);
    assertEquals(EegTimeline.Placement.BEFORE_FIRST_SAMPLE, early.placement());
  }
}
