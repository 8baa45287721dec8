package dev.quiver.engine.filter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Parses the JSON form of a {@link Filter}; every error names the JSON path, the value and what fits. */
final class FilterParser {

  /** Duplicate fields are refused: with last-one-wins, {@code "must"} twice would drop conditions. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final String CONDITIONS =
      "key+match, key+range, is_null, is_empty, has_id, must/should/must_not";
  private static final Set<String> KNOWN = Set.of(
      "key", "match", "range", "is_null", "is_empty", "has_id", "must", "should", "must_not");
  private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z: the four-digit years the parser reads. */
  static final long MIN_MICROS = -62_167_219_200_000_000L;
  static final long MAX_MICROS = 253_402_300_799_999_999L;

  private FilterParser() {}

  static Filter parseText(String json) {
    if (json == null) {
      throw new InvalidFilterException("filter must be a JSON object with must/should/must_not, got null");
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidFilterException("filter is not valid JSON: " + e.getOriginalMessage());
    }
    return parseRoot(node);
  }

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
    Set<String> kinds = new LinkedHashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!KNOWN.contains(f)) {
        throw new InvalidFilterException("unknown condition key \"" + f + "\" at " + path
            + "; expected one of " + CONDITIONS);
      }
      kinds.add(switch (f) {
        case "key", "match", "range" -> "key";
        case "must", "should", "must_not" -> "must/should/must_not";
        default -> f;
      });
    }
    if (kinds.size() > 1) {
      throw new InvalidFilterException(path + " mixes " + String.join(" and ", kinds)
          + "; one object holds one condition, wrap several in \"must\"");
    }
    String kind = kinds.isEmpty() ? "must/should/must_not" : kinds.iterator().next();
    return switch (kind) {
      case "key" -> fieldCondition(path, node);
      case "is_null", "is_empty" -> {
        JsonNode inner = node.get(kind);
        String innerPath = path + "." + kind;
        onlyFields(innerPath, inner, Set.of("key"), "{\"key\": \"x\"}");
        String key = keyOf(innerPath, inner.get("key"));
        yield kind.equals("is_null") ? new Filter.IsNull(key) : new Filter.IsEmpty(key);
      }
      case "has_id" -> {
        JsonNode ids = node.get("has_id");
        if (!ids.isArray()) {
          throw new InvalidFilterException(path + ".has_id must be an array of ids, got " + ids);
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          JsonNode id = ids.get(i);
          if (!isPointId(id)) {
            throw new InvalidFilterException(path + ".has_id[" + i
                + "] must be an unsigned 64-bit integer or a UUID string, got " + id);
          }
          out.add(id);
        }
        yield new Filter.HasId(out);
      }
      default -> new Filter.Bool(list(path, node, "must"), list(path, node, "should"), list(path, node, "must_not"));
    };
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
    boolean match = node.has("match");
    boolean range = node.has("range");
    if (!node.has("key")) {
      throw new InvalidFilterException(path + " has \"" + (match ? "match" : "range")
          + "\" but no \"key\"; expected {\"key\": \"field\", \"" + (match ? "match" : "range") + "\": ...}");
    }
    String key = keyOf(path, node.get("key"));
    if (match == range) {
      throw new InvalidFilterException(path + " with \"key\" needs exactly one of \"match\" or \"range\", got "
          + (match ? "both" : "neither"));
    }
    if (match) {
      JsonNode m = node.get("match");
      String mp = path + ".match";
      if (!m.isObject() || m.size() != 1) {
        throw new InvalidFilterException(mp + " must be an object with one of value, any, except, text, got " + m);
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
      if (m.has("text")) {
        JsonNode t = m.get("text");
        if (!t.isTextual()) {
          throw new InvalidFilterException(mp + ".text must be a string of words, got " + t);
        }
        return new Filter.MatchText(key, t.asText());
      }
      throw new InvalidFilterException("unknown match \"" + m.fieldNames().next() + "\" at " + mp
          + "; expected value, any, except or text");
    }
    JsonNode r = node.get("range");
    String rp = path + ".range";
    onlyFields(rp, r, Set.of("gt", "gte", "lt", "lte"), "{\"gte\": 1, \"lt\": 10}");
    boolean dates = false;
    boolean numbers = false;
    for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode v = r.get(name);
      if (v.isNumber()) {
        if (!Double.isFinite(v.asDouble())) {
          throw new InvalidFilterException(rp + "." + name + " must be a finite number, got " + v);
        }
        numbers = true;
      } else if (v.isTextual()) {
        dates = true;
      } else if (!v.isNull()) {
        throw new InvalidFilterException(rp + "." + name + " must be a number or a date string, got " + v);
      }
    }
    if (!dates && !numbers) {
      throw new InvalidFilterException(rp + " needs at least one non-null bound of gt, gte, lt or lte, got " + r);
    }
    if (dates && numbers) {
      throw new InvalidFilterException(rp + " mixes numbers and dates, got " + r + "; use one kind of bound");
    }
    if (dates) {
      return new Filter.DateRange(key, micros(rp, r, "gt"), micros(rp, r, "gte"), micros(rp, r, "lt"),
          micros(rp, r, "lte"));
    }
    return new Filter.Range(key, num(r, "gt"), num(r, "gte"), num(r, "lt"), num(r, "lte"));
  }

  static boolean isPointId(JsonNode id) {
    if (id == null) {
      return false;
    }
    if (id.isIntegralNumber()) {
      BigInteger v = id.bigIntegerValue();
      return v.signum() >= 0 && v.compareTo(MAX_U64) <= 0;
    }
    if (!id.isTextual() || id.asText().length() != 36) {
      return false;
    }
    try {
      UUID.fromString(id.asText());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
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

  /**
   * Epoch microseconds of {@code 2024-01-31}, {@code 2024-01-31T12:00[:00[.f]]} ('T', 't' or a
   * space) with an optional offset ({@code Z}, {@code +02:00}; UTC when none), or null.
   */
  static Long parseMicros(String text) {
    String t = text.trim();
    // Most strings in a payload are not dates: rule them out without the cost of an exception.
    if (t.length() < 10 || !digits(t, 0, 4) || t.charAt(4) != '-' || !digits(t, 5, 7) || t.charAt(7) != '-'
        || !digits(t, 8, 10)) {
      return null;
    }
    if (t.length() == 10) {
      try {
        return toMicros(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    char sep = t.charAt(10);
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return null;
    }
    t = t.substring(0, 10) + 'T' + t.substring(11);
    if (t.endsWith("z")) {
      t = t.substring(0, t.length() - 1) + 'Z';
    }
    boolean offset = t.charAt(t.length() - 1) == 'Z' || t.indexOf('+', 11) >= 0 || t.indexOf('-', 11) >= 0;
    try {
      return offset ? toMicros(OffsetDateTime.parse(t).toInstant())
          : toMicros(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static Long toMicros(Instant i) {
    // An offset can push 0000-01-01 or 9999-12-31 outside the four-digit years toJson can write back.
    long micros = i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    return micros < MIN_MICROS || micros > MAX_MICROS ? null : micros;
  }

  static String formatMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
        .toString();
  }

  static void checkMicros(String key, Long micros) {
    if (micros != null && (micros < MIN_MICROS || micros > MAX_MICROS)) {
      throw new InvalidFilterException("date range on '" + key + "' has bound " + micros
          + " µs; expected epoch microseconds within years 0000-9999 [" + MIN_MICROS + ", " + MAX_MICROS + "]");
    }
  }

  private static String keyOf(String path, JsonNode key) {
    if (key == null || !key.isTextual()) {
      throw new InvalidFilterException(path + ".key must be a non-empty string such as \"author.name\", got " + key);
    }
    String problem = keyProblem(key.asText());
    if (problem != null) {
      throw new InvalidFilterException(path + ".key " + problem);
    }
    return key.asText();
  }

  /** Why {@code key} is not a usable key, or null when it is. */
  static String keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "must be a non-empty string such as \"author.name\", got " + (key == null ? "null" : "\"\"");
    }
    for (String segment : FilterEvaluator.segments(key)) {
      if (segment.isEmpty()) {
        return "\"" + key + "\" has an empty name between dots; expected names joined by single dots such as"
            + " \"author.name\"";
      }
    }
    return null;
  }

  static void checkKey(String what, String key) {
    String problem = keyProblem(key);
    if (problem != null) {
      throw new InvalidFilterException(what + " " + problem);
    }
  }

  static void checkScalar(String what, JsonNode v) {
    if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
      throw new InvalidFilterException(what + " must be a string, number or boolean, got " + v);
    }
  }

  private static JsonNode scalar(String path, JsonNode v) {
    checkScalar(path, v);
    return v;
  }

  private static void onlyFields(String path, JsonNode node, Set<String> allowed, String example) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new InvalidFilterException(path + " must be an object such as " + example + ", got " + node);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new InvalidFilterException("unknown field \"" + f + "\" at " + path + "; expected "
            + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }
}
