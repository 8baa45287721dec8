package dev.quiver.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Parses the JSON form of a {@link Filter}; every error names the JSON path. */
final class FilterParser {

  private static final Set<String> BOOL_KEYS = Set.of("must", "should", "must_not");
  private static final String CONDITIONS =
      "key+match, key+range, is_null, is_empty, has_id, must/should/must_not";

  private FilterParser() {}

  static Filter parseRoot(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new InvalidFilterException("filter must be a JSON object with must/should/must_not, got " + json);
    }
    return parse("filter", json);
  }

  private static Filter parse(String path, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidFilterException(path + " must be an object (a condition), got " + node);
    }
    if (node.has("key")) {
      return fieldCondition(path, node);
    }
    if (node.has("is_null") || node.has("is_empty")) {
      String op = node.has("is_null") ? "is_null" : "is_empty";
      onlyFields(path, node, Set.of(op));
      JsonNode inner = node.get(op);
      String key = keyOf(path + "." + op, inner == null ? null : inner.get("key"));
      onlyFields(path + "." + op, inner, Set.of("key"));
      return op.equals("is_null") ? new Filter.IsNull(key) : new Filter.IsEmpty(key);
    }
    if (node.has("has_id")) {
      onlyFields(path, node, Set.of("has_id"));
      JsonNode ids = node.get("has_id");
      if (!ids.isArray()) {
        throw new InvalidFilterException(path + ".has_id must be an array of ids, got " + ids);
      }
      List<JsonNode> out = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        JsonNode id = ids.get(i);
        if (!(id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0) && !isUuid(id)) {
          throw new InvalidFilterException(path + ".has_id[" + i
              + "] must be an unsigned integer or a UUID string, got " + id);
        }
        out.add(id);
      }
      return new Filter.HasId(out);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!BOOL_KEYS.contains(f)) {
        throw new InvalidFilterException("unknown condition key \"" + f + "\" at " + path
            + "; expected one of " + CONDITIONS);
      }
    }
    return new Filter.Bool(list(path, node, "must"), list(path, node, "should"), list(path, node, "must_not"));
  }

  private static List<Filter> list(String path, JsonNode node, String name) {
    JsonNode arr = node.get(name);
    List<Filter> out = new ArrayList<>();
    if (arr == null || arr.isNull()) {
      return out;
    }
    if (arr.isObject()) { // Qdrant accepts a single condition in place of a list
      out.add(parse(path + "." + name, arr));
      return out;
    }
    if (!arr.isArray()) {
      throw new InvalidFilterException(path + "." + name + " must be an array of conditions, got " + arr);
    }
    for (int i = 0; i < arr.size(); i++) {
      out.add(parse(path + "." + name + "[" + i + "]", arr.get(i)));
    }
    return out;
  }

  private static Filter fieldCondition(String path, JsonNode node) {
    String key = keyOf(path, node.get("key"));
    boolean match = node.has("match");
    boolean range = node.has("range");
    if (match == range) {
      throw new InvalidFilterException(path + " with \"key\" needs exactly one of \"match\" or \"range\"");
    }
    onlyFields(path, node, Set.of("key", match ? "match" : "range"));
    if (match) {
      JsonNode m = node.get("match");
      String mp = path + ".match";
      if (!m.isObject() || m.size() != 1) {
        throw new InvalidFilterException(mp + " must be an object with one of value, any, except, got " + m);
      }
      if (m.has("value")) {
        return new Filter.Match(key, scalar(mp + ".value", m.get("value")));
      }
      if (m.has("any") || m.has("except")) {
        String op = m.has("any") ? "any" : "except";
        JsonNode arr = m.get(op);
        if (!arr.isArray()) {
          throw new InvalidFilterException(mp + "." + op + " must be an array of values, got " + arr);
        }
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
          values.add(scalar(mp + "." + op + "[" + i + "]", arr.get(i)));
        }
        return op.equals("any") ? new Filter.MatchAny(key, values) : new Filter.MatchExcept(key, values);
      }
      throw new InvalidFilterException("unknown match \"" + m.fieldNames().next() + "\" at " + mp
          + "; expected value, any or except");
    }
    JsonNode r = node.get("range");
    String rp = path + ".range";
    if (!r.isObject() || r.isEmpty()) {
      throw new InvalidFilterException(rp + " must be an object with gt, gte, lt or lte, got " + r);
    }
    onlyFields(rp, r, Set.of("gt", "gte", "lt", "lte"));
    boolean dates = false;
    boolean numbers = false;
    for (Iterator<JsonNode> it = r.elements(); it.hasNext(); ) {
      JsonNode v = it.next();
      if (v.isNumber()) {
        numbers = true;
      } else if (v.isTextual()) {
        dates = true;
      } else if (!v.isNull()) {
        String name = fieldWith(r, v);
        throw new InvalidFilterException(rp + "." + name + " must be a number or a date string, got " + v);
      }
    }
    if (!dates && !numbers) {
      throw new InvalidFilterException(rp + " needs at least one non-null bound of gt, gte, lt or lte, got " + r);
    }
    if (dates && numbers) {
      throw new InvalidFilterException(rp + " mixes numbers and dates; use one kind of bound");
    }
    if (dates) {
      return new Filter.DateRange(key, micros(rp, r, "gt"), micros(rp, r, "gte"), micros(rp, r, "lt"),
          micros(rp, r, "lte"));
    }
    return new Filter.Range(key, num(r, "gt"), num(r, "gte"), num(r, "lt"), num(r, "lte"));
  }

  private static boolean isUuid(JsonNode id) {
    if (!id.isTextual()) {
      return false;
    }
    try {
      java.util.UUID.fromString(id.asText());
      return id.asText().length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String fieldWith(JsonNode obj, JsonNode value) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String n = it.next();
      if (obj.get(n) == value) {
        return n;
      }
    }
    return "?";
  }

  private static Double num(JsonNode r, String name) {
    JsonNode v = r.get(name);
    return v == null || v.isNull() ? null : v.asDouble();
  }

  private static Long micros(String path, JsonNode r, String name) {
    JsonNode v = r.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    Long m = parseMicros(v.asText());
    if (m == null) {
      throw new InvalidFilterException(path + "." + name + " must be an ISO-8601 date or date-time such as"
          + " 2024-01-31 or 2024-01-31T12:00:00Z, got \"" + v.asText() + "\"");
    }
    return m;
  }

  /** Epoch microseconds of an ISO-8601 date or date-time (UTC when no offset), or null. */
  static Long parseMicros(String text) {
    String t = text.trim().replace(' ', 'T');
    try {
      return toMicros(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return toMicros(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return toMicros(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String formatMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
        .toString();
  }

  private static long toMicros(Instant i) {
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
  }

  private static String keyOf(String path, JsonNode key) {
    if (key == null || !key.isTextual() || key.asText().isEmpty()) {
      throw new InvalidFilterException(path + ".key must be a non-empty string such as \"author.name\", got " + key);
    }
    return key.asText();
  }

  private static JsonNode scalar(String path, JsonNode v) {
    if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
      throw new InvalidFilterException(path + " must be a string, number or boolean, got " + v);
    }
    return v;
  }

  private static void onlyFields(String path, JsonNode node, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new InvalidFilterException(path + " must be an object, got " + node);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new InvalidFilterException("unknown field \"" + f + "\" at " + path + "; expected " + allowed);
      }
    }
  }
}
