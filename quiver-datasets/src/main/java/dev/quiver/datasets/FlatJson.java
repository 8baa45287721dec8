package dev.quiver.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for flat JSON objects whose values are strings, arrays of strings or {@code null}: the
 * shape of the shared data's JSON-lines files. Strings support every JSON escape, including
 * {@code \\uXXXX} and surrogate pairs. Anything else (numbers, nesting) is rejected with the offset.
 */
final class FlatJson {

  /** A parsed object: values are String, List&lt;String&gt; or null. */
  record Obj(Map<String, Object> fields) {

    String string(String key) {
      Object value = require(key);
      if (value != null && !(value instanceof String)) {
        throw new IllegalArgumentException("field '" + key + "' is an array, expected a string");
      }
      return (String) value;
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String key) {
      Object value = require(key);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List)) {
        throw new IllegalArgumentException("field '" + key + "' is a string, expected an array of strings");
      }
      return (List<String>) value;
    }

    private Object require(String key) {
      if (!fields.containsKey(key)) {
        throw new IllegalArgumentException("missing field '" + key + "'");
      }
      return fields.get(key);
    }
  }

  private final String s;
  private int pos;

  private FlatJson(String s) {
    this.s = s;
  }

  static Obj parse(String text) {
    FlatJson p = new FlatJson(text);
    Obj obj = p.object();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters after the object");
    }
    return obj;
  }

  private Obj object() {
    Map<String, Object> fields = new HashMap<>();
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      return new Obj(fields);
    }
    while (true) {
      skipSpace();
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      fields.put(key, value());
      skipSpace();
      char c = next();
      if (c == '}') {
        return new Obj(fields);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '[') {
      return array();
    }
    if (s.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    throw error("expected a string, an array of strings or null");
  }

  private List<String> array() {
    expect('[');
    List<String> items = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return items;
    }
    while (true) {
      skipSpace();
      items.add(string());
      skipSpace();
      char c = next();
      if (c == ']') {
        return items;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    expect('"');
    int start = pos;
    // Fast path: no escapes, just find the closing quote.
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '"') {
        return s.substring(start, pos++);
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      pos++;
    }
    StringBuilder sb = new StringBuilder(s.length() - start).append(s, start, pos);
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(hex4()); // surrogate pairs arrive as two escapes and join naturally
        default -> {
          pos--;
          throw error("invalid escape '\\" + e + "'");
        }
      }
    }
  }

  private char hex4() {
    if (pos + 4 > s.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(s.charAt(pos + i), 16);
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = v << 4 | d;
    }
    pos += 4;
    return (char) v;
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " at offset " + pos);
  }
}
