package org.eegdecode.acquisition.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.stimulus.MarkerConvention;
import org.junit.jupiter.api.Test;

/** The simulator's marker keys: format and convention must fit together. */
class SimulatorSettingsTest {
  private static SimulatorSettings settings(String... overrides) {
    return SimulatorSettings.from(Config.load(null, List.of(overrides)));
  }

  @Test
  void theDefaultsSendConceptFileStrings() {
    SimulatorSettings s = settings();
    assertEquals("string", s.markerFormat());
    assertEquals(MarkerConvention.CONCEPT_FILE, s.convention());
    assertEquals(0, s.catchEvery());
    SimulatorSettings codes =
        settings("simulate.marker_format=int16", "simulate.marker_convention=code");
    assertEquals(MarkerConvention.CODE, codes.convention());
    assertEquals(true, codes.numericMarkers());
  }

  @Test
  void badMarkerKeysAreOneLineNamingTheKey() {
    record Case(List<String> overrides, String message) {}
    for (Case c :
        List.of(
            new Case(
                List.of("simulate.marker_format=int24"),
                "simulate.marker_format must be one of [string, int8, int16, int32, int64,"
                    + " float32, double64], got 'int24'"),
            new Case(
                List.of("simulate.marker_convention=codes"),
                "simulate.marker_convention: unknown marker convention 'codes' (valid: mapping,"
                    + " concept_file, file, concept, bare_concept, code)"),
            new Case(
                List.of("simulate.marker_format=float32", "simulate.marker_convention=concept"),
                "simulate.marker_format float32 carries numbers: simulate.marker_convention must"
                    + " be code or mapping (with integer markers), got concept"),
            new Case(
                List.of("simulate.catch_every=-1"), "simulate.catch_every must be ≥ 0, got -1"))) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> settings(c.overrides().toArray(new String[0])),
              c.toString());
      assertEquals(c.message(), e.getMessage());
    }
  }
}
