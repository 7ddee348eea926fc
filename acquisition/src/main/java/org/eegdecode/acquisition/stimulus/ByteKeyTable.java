package org.eegdecode.acquisition.stimulus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * An immutable open-addressing table from UTF-8 byte strings to non-negative ints, looked up on a
 * range of a byte array without allocating (marker text straight from a ring slot).
 */
final class ByteKeyTable {
  private final byte[][] keys;
  private final int[] values;
  private final int mask;

  ByteKeyTable(Map<String, Integer> entries) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
    keys = new byte[capacity][];
    values = new int[capacity];
    mask = capacity - 1;
    for (Map.Entry<String, Integer> e : entries.entrySet()) {
      byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
      int slot = hash(key, 0, key.length) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = e.getValue();
    }
  }

  /** The value of the key {@code text[from … to)}, or -1. */
  int get(byte[] text, int from, int to) {
    int n = to - from;
    if (n < 0) {
      return -1;
    }
    int slot = hash(text, from, to) & mask;
    for (byte[] key; (key = keys[slot]) != null; slot = (slot + 1) & mask) {
      if (key.length == n && Arrays.equals(key, 0, n, text, from, to)) {
        return values[slot];
      }
    }
    return -1;
  }

  /** FNV-1a, folded. */
  private static int hash(byte[] b, int from, int to) {
    int h = 0x811C9DC5;
    for (int i = from; i < to; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
