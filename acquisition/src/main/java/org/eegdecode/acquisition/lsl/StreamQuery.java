package org.eegdecode.acquisition.lsl;

/**
 * What to resolve: each non-null field must match exactly; {@code predicate} is an extra LSL XPath
 * 1.0 predicate over the stream's info, e.g. {@code "channel_count>=17 and
 * starts-with(name,'Ant')"}. All null matches any stream.
 */
public record StreamQuery(String name, String type, String sourceId, String predicate) {
  public StreamQuery {
    name = blankToNull(name);
    type = blankToNull(type);
    sourceId = blankToNull(sourceId);
    predicate = blankToNull(predicate);
  }

  public static StreamQuery byName(String name) {
    return new StreamQuery(name, null, null, null);
  }

  public static StreamQuery byType(String type) {
    return new StreamQuery(null, type, null, null);
  }

  public static StreamQuery bySourceId(String sourceId) {
    return new StreamQuery(null, null, sourceId, null);
  }

  public static StreamQuery byPredicate(String predicate) {
    return new StreamQuery(null, null, null, predicate);
  }

  /** The whole query as one LSL predicate ({@code ""} matches everything). */
  public String toPredicate() {
    StringBuilder out = new StringBuilder();
    append(out, "name", name);
    append(out, "type", type);
    append(out, "source_id", sourceId);
    if (predicate != null) {
      if (out.length() > 0) {
        out.append(" and ");
      }
      out.append('(').append(predicate).append(')');
    }
    return out.toString();
  }

  /** Human-readable form for messages. */
  public String describe() {
    String predicateText = toPredicate();
    return predicateText.isEmpty() ? "any stream" : predicateText;
  }

  private static void append(StringBuilder out, String property, String value) {
    if (value == null) {
      return;
    }
    if (out.length() > 0) {
      out.append(" and ");
    }
    out.append(property).append('=').append(xpathLiteral(value));
  }

  /**
   * An XPath 1.0 string literal for any text (XPath 1.0 has no escapes: use concat for both
   * quotes).
   */
  static String xpathLiteral(String value) {
    if (value.indexOf('\'') < 0) {
      return "'" + value + "'";
    }
    if (value.indexOf('"') < 0) {
      return '"' + value + '"';
    }
    StringBuilder out = new StringBuilder("concat(");
    String[] parts = value.split("'", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(", \"'\", ");
      }
      out.append('\'').append(parts[i]).append('\'');
    }
    return out.append(')').toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
