package org.eegdecode.acquisition.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkerFilterTest {
  private static boolean accepts(MarkerFilter f, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return f.accepts(b, b.length);
  }

  @Test
  void emptyFilterAcceptsEverything() {
    MarkerFilter f = MarkerFilter.acceptAll();
    assertTrue(f.acceptsAll());
    assertTrue(accepts(f, ""));
    assertTrue(accepts(f, "anything"));
  }

  @Test
  void theRegexMustMatchTheWholeText() {
    MarkerFilter f = MarkerFilter.of("stim_\\d+", List.of());
    assertTrue(accepts(f, "stim_12"));
    assertFalse(accepts(f, "stim_12 "));
    assertFalse(accepts(f, "xstim_1"));
    assertFalse(accepts(f, "resp"));
  }

  @Test
  void valueSetsMatchExactBytesAndCombineWithTheRegex() {
    MarkerFilter values = MarkerFilter.of("", List.of("1", "2", "målbild", "🙂"));
    assertTrue(accepts(values, "1"));
    assertTrue(accepts(values, "målbild"));
    assertTrue(accepts(values, "🙂"));
    assertFalse(accepts(values, "12"));
    assertFalse(accepts(values, ""));
    MarkerFilter both = MarkerFilter.of("\\d", List.of("1", "22", "x"));
    assertTrue(accepts(both, "1"));
    assertFalse(accepts(both, "22"));
    assertFalse(accepts(both, "x"));
  }

  @Test
  void theRegexSeesDecodedUnicode() {
    MarkerFilter f = MarkerFilter.of("bild_.", List.of());
    assertTrue(accepts(f, "bild_å"));
    assertTrue(accepts(f, "bild_\u00e9"));
    byte[] malformed = {'b', 'i', 'l', 'd', '_', (byte) 0xC3};
    assertTrue(f.accepts(malformed, malformed.length)); // U+FFFD is one character
    Utf8CharSequence view = new Utf8CharSequence(16);
    byte[] emoji = "a🙂b".getBytes(StandardCharsets.UTF_8);
    assertEquals("a🙂b", view.set(emoji, emoji.length).toString());
  }

  @Test
  void aBadRegexIsReportedWithTheKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MarkerFilter.of("stim_(", List.of()));
    assertTrue(e.getMessage().startsWith("acquisition.marker_filter"));
  }

  @Test
  void matchingAllocatesNothing() {
    MarkerFilter f =
        MarkerFilter.of("(stim|img)_[0-9]+(_rep[0-9])?", List.of("stim_1", "img_22_rep3"));
    byte[][] texts = {
      "stim_1".getBytes(StandardCharsets.UTF_8),
      "img_22_rep3".getBytes(StandardCharsets.UTF_8),
      "resp".getBytes(StandardCharsets.UTF_8)
    };
    int hits = 0;
    for (int i = 0; i < 200_000; i++) { // warm up (JIT)
      byte[] t = texts[i % 3];
      hits += f.accepts(t, t.length) ? 1 : 0;
    }
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      byte[] t = texts[i % 3];
      hits += f.accepts(t, t.length) ? 1 : 0;
    }
    long allocated = mx.getThreadAllocatedBytes(id) - before;
    assertTrue(hits > 0);
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 100000 matches");
  }
}
