package org.eegdecode.acquisition.lsl;

import java.util.UUID;

/** Helpers for tests against the real liblsl on loopback. */
public final class LslTesting {
  /** Longest any single resolve in a test may wait (streams on loopback answer in ~0.5 s). */
  public static final double RESOLVE_TIMEOUT = 5.0;

  private LslTesting() {}

  /** A name nobody else on the network uses (tests on parallel machines must not clash). */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Resolves the stream an outlet serves, by its source_id. */
  public static StreamInfo resolve(LslOutlet outlet) throws StreamNotFoundException {
    return StreamResolver.resolve(
        StreamQuery.bySourceId(outlet.info().sourceId()), RESOLVE_TIMEOUT);
  }
}
