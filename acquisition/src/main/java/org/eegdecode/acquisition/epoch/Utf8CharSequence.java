package org.eegdecode.acquisition.epoch;

/**
 * A reusable {@link CharSequence} over UTF-8 bytes, decoded into a preallocated char buffer so that
 * regex matching of marker text allocates nothing. Malformed input decodes to U+FFFD.
 * Single-threaded.
 */
final class Utf8CharSequence implements CharSequence {
  private final char[] chars;
  private int length;

  Utf8CharSequence(int maxBytes) {
    this.chars = new char[maxBytes]; // UTF-16 units never outnumber UTF-8 bytes
  }

  /** Decodes {@code bytes[0 … n)}; returns this. */
  Utf8CharSequence set(byte[] bytes, int n) {
    int out = 0;
    int i = 0;
    while (i < n) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        chars[out++] = (char) b;
        i++;
        continue;
      }
      int need;
      int cp;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07;
      } else {
        chars[out++] = '\uFFFD';
        i++;
        continue;
      }
      boolean ok = true;
      int j = 1;
      for (; j <= need; j++) {
        if (i + j >= n || (bytes[i + j] & 0xC0) != 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (bytes[i + j] & 0x3F);
      }
      if (!ok
          || (need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
          || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
        chars[out++] = '\uFFFD';
        i += ok ? need + 1 : j;
        continue;
      }
      if (cp >= 0x10000) {
        chars[out++] = Character.highSurrogate(cp);
        chars[out++] = Character.lowSurrogate(cp);
      } else {
        chars[out++] = (char) cp;
      }
      i += need + 1;
    }
    length = out;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return chars[index];
  }

  /** Allocates; the regex engine does not call it for {@code matches()}. */
  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
