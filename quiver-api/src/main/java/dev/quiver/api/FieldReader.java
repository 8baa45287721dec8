package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the fields of one JSON object strictly: unknown fields and wrong types are errors naming
 * the JSON path, the bad value and what was expected. {@code null} counts as absent.
 */
final class FieldReader {

  private final ObjectNode node;
  private final String path;

  private FieldReader(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * @param what how to describe the object in the "must be an object" message
   * @param allowed the field names this object may have
   */
  static FieldReader of(JsonNode json, String path, String what, String... allowed) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(where(path) + "expected " + what + " (a JSON object), got "
          + ApiCodec.show(json));
    }
    List<String> names = Arrays.asList(allowed);
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!names.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + f + "'" + (path.isEmpty() ? "" : " in " + path)
            + "; expected " + (names.isEmpty() ? "no fields" : "one of " + String.join(", ", names)));
      }
    }
    return new FieldReader((ObjectNode) json, path);
  }

  /** "path: " or "" at the root, for messages. */
  static String where(String path) {
    return path.isEmpty() ? "request body: " : path + ": ";
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  boolean has(String field) {
    JsonNode n = node.get(field);
    return n != null && !n.isNull();
  }

  /** The field, or null when absent or JSON null. */
  JsonNode get(String field) {
    JsonNode n = node.get(field);
    return n == null || n.isNull() ? null : n;
  }

  JsonNode require(String field, String expected) {
    JsonNode n = get(field);
    if (n == null) {
      throw new IllegalArgumentException(path(field) + " is required; expected " + expected);
    }
    return n;
  }

  boolean bool(String field, boolean dflt) {
    JsonNode n = get(field);
    if (n == null) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(path(field) + ": expected true or false, got " + ApiCodec.show(n));
    }
    return n.booleanValue();
  }

  /** The first of {@code fields} present (aliases), else {@code dflt}. */
  boolean bool(boolean dflt, String... fields) {
    for (String f : fields) {
      if (has(f)) {
        return bool(f, dflt);
      }
    }
    return dflt;
  }

  int intIn(String field, int dflt, int min, int max) {
    JsonNode n = get(field);
    if (n == null) {
      return dflt;
    }
    return intIn(n, path(field), min, max);
  }

  static int intIn(JsonNode n, String path, int min, int max) {
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
      throw new IllegalArgumentException(where(path) + "expected an integer in [" + min + ", " + max
          + "], got " + ApiCodec.show(n));
    }
    return n.intValue();
  }

  /** A string field; {@code required} makes absence an error. */
  String text(String field, boolean required) {
    JsonNode n = required ? require(field, "a string") : get(field);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException(path(field) + ": expected a string, got " + ApiCodec.show(n));
    }
    return n.textValue();
  }

  ObjectNode object(String field, boolean required) {
    JsonNode n = required ? require(field, "a JSON object") : get(field);
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(path(field) + ": expected a JSON object, got " + ApiCodec.show(n));
    }
    return (ObjectNode) n;
  }

  JsonNode array(String field, boolean required) {
    JsonNode n = required ? require(field, "an array") : get(field);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(path(field) + ": expected an array, got " + ApiCodec.show(n));
    }
    return n;
  }
}
