package org.eegdecode.acquisition.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal in a {@code .npy} header: dicts, lists, tuples (as {@code Object[]}),
 * strings, integers (with Python 2's {@code L} suffix), {@code True}, {@code False}, {@code None}.
 * numpy reads it with {@code ast.literal_eval}; this is the same subset, nothing is evaluated.
 */
final class PyLiteral {
  private final String text;
  private int pos;

  private PyLiteral(String text) {
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException with a short reason if {@code text} is not one literal
   */
  static Object parse(String text) {
    PyLiteral p = new PyLiteral(text);
    Object value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the literal");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return dict();
      case '[':
        pos++;
        return sequence(']');
      case '(':
        pos++;
        return sequence(')').toArray();
      case '\'':
      case '"':
        return string(c);
      default:
        if (c == '-' || c == '+' || Character.isDigit(c)) {
          return integer();
        }
        return name();
    }
  }

  private Map<Object, Object> dict() {
    pos++;
    Map<Object, Object> map = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      Object key = value();
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  /** Items up to the closing bracket; the opening one is already consumed. */
  private List<Object> sequence(char close) {
    List<Object> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return items;
      }
      items.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string(char quote) {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\\' && pos < text.length()) {
        char e = text.charAt(pos++);
        sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        sb.append(c);
      }
    }
    throw error("unterminated string");
  }

  private Object integer() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    String digits = text.substring(start, pos);
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error("bad integer '" + digits + "'");
    }
  }

  private Object name() {
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        throw error(
            word.isEmpty()
                ? "unexpected '" + text.charAt(pos) + "'"
                : "unknown name '" + word + "'");
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + pos);
  }
}
