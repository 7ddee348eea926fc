package org.eegdecode.acquisition.ring;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of everything dropped, by reason. Written by the pipeline threads without allocation, read
 * by summaries from any thread.
 */
public final class DropCounters {
  private final AtomicLongArray counts = new AtomicLongArray(DropReason.values().length);

  public void increment(DropReason reason) {
    counts.incrementAndGet(reason.ordinal());
  }

  public void add(DropReason reason, long n) {
    counts.addAndGet(reason.ordinal(), n);
  }

  public long get(DropReason reason) {
    return counts.get(reason.ordinal());
  }

  /** A snapshot of every reason, zeros included, in declaration order. */
  public Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      out.put(reason, get(reason));
    }
    return out;
  }
}
