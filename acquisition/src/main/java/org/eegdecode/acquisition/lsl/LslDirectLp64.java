package org.eegdecode.acquisition.lsl;

import com.sun.jna.Pointer;

/**
 * Direct mapping of the chunk calls whose C signature uses {@code unsigned long}, declared here as
 * Java {@code long}. That is only correct where C {@code long} is 64 bits wide (LP64: Linux, macOS;
 * {@code Native.LONG_SIZE == 8}), which is why {@link Lsl} registers this class only there and
 * otherwise uses the {@link com.sun.jna.NativeLong} versions in {@link LslApi}. The point of {@code
 * long} is that a direct-mapped method returning {@code NativeLong} allocates one object per call;
 * the element counts involved are far below 2^63, so the unsigned/signed difference never shows.
 */
final class LslDirectLp64 {
  private LslDirectLp64() {}

  /** Returns the number of data VALUES written (samples × channels), not samples. */
  static native long lsl_pull_chunk_f(
      Pointer inlet,
      Pointer dataBuffer,
      Pointer timestampBuffer,
      long dataBufferElements,
      long timestampBufferElements,
      double timeout,
      Pointer ec);

  static native int lsl_push_chunk_ftnp(
      Pointer outlet, Pointer data, long dataElements, Pointer timestamps, int pushthrough);
}
