package org.eegdecode.acquisition.epoch;

import static org.eegdecode.acquisition.epoch.SyntheticStream.THINGS_17;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpochGeometryTest {
  private static final EpochSpec SPEC = new EpochSpec(-0.2, 0.8, 100, THINGS_17, null);

  private static EpochGeometry at(double fs) {
    return EpochGeometry.of(SPEC, new StreamLayout("amp", fs, THINGS_17), 0.4, 0.1);
  }

  @Test
  void theThingsWindowHas100ModelSamplesAndTheNativeLengthOfTheRate() {
    EpochGeometry g100 = at(100);
    assertEquals(-20, g100.startOffset());
    assertEquals(100, g100.nativeLength());
    assertEquals(100, g100.times());
    assertEquals(21, g100.baselineCount()); // -0.20 … 0.00 inclusive
    assertEquals(-20, g100.needFirst()); // no filter at the model rate
    assertEquals(79, g100.needLast());
    assertTrue(g100.filter().isIdentity());

    EpochGeometry g1000 = at(1000);
    assertEquals(-200, g1000.startOffset());
    assertEquals(1000, g1000.nativeLength());
    assertEquals(100, g1000.times());
    assertEquals(201, g1000.baselineCount());
    assertEquals(100, g1000.filter().half());
    assertEquals(1, g1000.filter().up());
    assertEquals(10, g1000.filter().down());
    assertEquals(-300, g1000.needFirst());
    assertEquals(-200 + 99 * 10 + 100, g1000.needLast()); // last output + half = 890
    assertEquals(91, g1000.trailingPadding());

    EpochGeometry g250 = at(250);
    assertEquals(-50, g250.startOffset());
    assertEquals(250, g250.nativeLength());
    assertEquals(2, g250.filter().up());
    assertEquals(5, g250.filter().down());
    assertEquals(25, g250.filter().half());
    assertEquals(-75, g250.needFirst());
    assertEquals(-50 + 247 + 25, g250.needLast()); // output 99 at 247.5: base 247, taps to +25
    assertEquals(1, g250.outputPhase(99));
    assertEquals(0, g250.outputPhase(98));
  }

  @Test
  void lengthsAreGuardedAgainstFloatError() {
    assertEquals(1000, EpochGeometry.ceilGuarded((0.8 - -0.2) * 1000));
    assertEquals(600, EpochGeometry.ceilGuarded((0.5 - -0.1) * 1000)); // 600.0000000000001
    assertEquals(30, EpochGeometry.ceilGuarded((0.2 - -0.1) * 100)); // 30.000000000000004
    assertEquals(101, EpochGeometry.ceilGuarded(100.5));
    EpochSpec odd = new EpochSpec(-0.1, 0.5, 100, THINGS_17, null);
    EpochGeometry g = EpochGeometry.of(odd, new StreamLayout("amp", 1000, THINGS_17), 0.4, 0.1);
    assertEquals(600, g.nativeLength());
    assertEquals(60, g.times());
    assertEquals(-100, g.startOffset());
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(doubles = {100, 150, 200, 250, 256, 300, 500, 512, 1000, 1024, 2000, 2048, 5000})
  void everyWholeHzRateAtOrAboveTheModelRateIsUsable(double fs) {
    EpochGeometry g = at(fs);
    assertEquals(100, g.times());
    assertEquals((int) fs, g.nativeRate());
    // The last output's taps stay inside what the epoch waits for.
    int k = g.times() - 1;
    int lastTap = g.outputFirstTap(k) + g.filter().taps(g.outputPhase(k)).length - 1;
    assertTrue(lastTap <= g.span() - 1);
  }

  @Test
  void unusableRatesAreRejectedNamingStreamRateAndNearestRates() {
    IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> at(50));
    assertTrue(below.getMessage().startsWith("EEG stream 'amp' runs at 50 Hz"), below.getMessage());
    assertTrue(below.getMessage().endsWith("nearest usable rates: 100 Hz"), below.getMessage());

    IllegalArgumentException fractional =
        assertThrows(IllegalArgumentException.class, () -> at(512.5));
    assertTrue(fractional.getMessage().contains("'amp' runs at 512.5 Hz"), fractional.getMessage());
    assertTrue(
        fractional.getMessage().endsWith("nearest usable rates: 500 Hz, 512 Hz, 513 Hz, 600 Hz"),
        fractional.getMessage());

    IllegalArgumentException irregular = assertThrows(IllegalArgumentException.class, () -> at(0));
    assertTrue(irregular.getMessage().contains("irregular"), irregular.getMessage());
  }

  @Test
  void missingModelChannelsAreNamed() {
    List<String> labels = new ArrayList<>(THINGS_17);
    labels.remove("Oz");
    labels.remove("POz");
    labels.add("EOG");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EpochGeometry.of(SPEC, new StreamLayout("amp", 1000, labels), 0.4, 0.1));
    assertTrue(
        e.getMessage().startsWith("EEG stream 'amp' lacks channels [Oz, POz] the model needs"),
        e.getMessage());
  }

  @Test
  void unlabelledStreamsGetNumberedLabels() {
    assertEquals(List.of("ch1", "ch2"), StreamLayout.of("amp", 500, 2, List.of()).channelLabels());
    assertEquals(
        List.of("A", "B"), StreamLayout.of("amp", 500, 2, List.of("A", "B")).channelLabels());
  }

  @Test
  void labelsMatchExactlyFirstThenUniquelyIgnoringCase() {
    List<String> labels = new ArrayList<>();
    for (String l : THINGS_17) {
      labels.add(0, l.toUpperCase(java.util.Locale.ROOT));
    }
    EpochGeometry g = EpochGeometry.of(SPEC, new StreamLayout("amp", 500, labels), 0.4, 0.1);
    for (int c = 0; c < 17; c++) {
      assertEquals(16 - c, g.streamChannel(c));
    }
  }

  @Test
  void theSpecRejectsWindowsWithoutABaselineAndMismatchedWhitening() {
    assertThrows(
        IllegalArgumentException.class, () -> new EpochSpec(0.1, 0.8, 100, THINGS_17, null));
    assertThrows(
        IllegalArgumentException.class, () -> new EpochSpec(0.2, -0.2, 100, THINGS_17, null));
    assertThrows(
        IllegalArgumentException.class, () -> new EpochSpec(-0.2, 0.8, 99.5, THINGS_17, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpochSpec(-0.2, 0.8, 100, THINGS_17, new float[16]));
    assertEquals(100, SPEC.modelSamples());
  }
}
