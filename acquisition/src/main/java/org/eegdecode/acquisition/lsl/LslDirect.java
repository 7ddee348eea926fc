package org.eegdecode.acquisition.lsl;

import com.sun.jna.Pointer;

/**
 * JNA direct mapping ({@code Native.register}) of the calls on the hot paths, which must not
 * allocate: arguments are primitives and reused {@link com.sun.jna.Memory} buffers, results are
 * primitives. Nothing here involves C {@code unsigned long}; those calls are in {@link
 * LslDirectLp64}. Registered once by {@link Lsl}.
 */
final class LslDirect {
  private LslDirect() {}

  static native double lsl_local_clock();

  static native double lsl_pull_sample_f(
      Pointer inlet, Pointer buffer, int bufferElements, double timeout, Pointer ec);

  static native double lsl_time_correction(Pointer inlet, double timeout, Pointer ec);

  static native int lsl_samples_available(Pointer inlet);

  static native int lsl_was_clock_reset(Pointer inlet);
}
