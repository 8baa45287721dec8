package dev.quiver.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A payload filter, in Qdrant's JSON shape:
 *
 * <pre>
 * {"must": [cond...], "should": [cond...], "must_not": [cond...]}
 * cond := {"key": "author.name", "match": {"value": "ann"}}
 *       | {"key": "tags", "match": {"any": ["a", "b"]}}
 *       | {"key": "tags", "match": {"except": ["a"]}}
 *       | {"key": "body", "match": {"text": "red running shoes"}}
 *       | {"key": "price", "range": {"gt": 1, "gte": 2, "lt": 10.5, "lte": 9}}
 *       | {"key": "published", "range": {"gte": "2024-01-01T00:00:00Z", "lt": "2025-01-01"}}
 *       | {"is_null": {"key": "x"}} | {"is_empty": {"key": "x"}}
 *       | {"has_id": [1, "550e8400-e29b-41d4-a716-446655440000"]}
 *       | a nested {"must": ..., "should": ..., "must_not": ...}
 * </pre>
 *
 * <h2>Keys</h2>
 * A dotted key walks nested objects. Arrays are transparent: an array met on the way is descended
 * element by element (at any depth), so {@code authors.name} reaches every author's name, and the
 * values of a key are every string, number and boolean at it or inside arrays at it. {@code a[].b} is
 * accepted as an alias of {@code a.b}. A top-level payload field whose name is the whole key
 * ({@code "a.b": 1}) wins over the nested walk, so such fields stay reachable.
 *
 * <h2>Conditions</h2>
 * <ul>
 *   <li>{@code match value}: some value of the key equals it. Strings and booleans compare exactly;
 *       numbers compare numerically as doubles (1 equals 1.0; integers beyond 2^53 lose precision).
 *       Types never mix: "1" does not equal 1, true does not equal 1.
 *   <li>{@code match any}: some value is in the list (an empty list matches nothing).
 *   <li>{@code match except}, as in Qdrant: the key has some value not in the list, or has no value
 *       at all (missing, null, empty array). So {@code tags: ["a", "b"]} matches
 *       {@code except: ["a"]}; it is not the negation of {@code any} on arrays.
 *   <li>{@code match text}, full text as in Qdrant: the key's string values, analysed into terms
 *       (tokenised, stemmed: {@code dev.quiver.engine.text.TextAnalyzer#ENGLISH}) and taken
 *       together, hold every term of the text. A text with no terms matches nothing. Answered by a
 *       {@code text} payload index on the key when there is one, else by analysing the payload.
 *   <li>{@code range} with number bounds: some numeric value is within; strings never are. With
 *       string bounds it is a date range: some string value that parses as a date is within.
 *   <li>{@code is_null}: the key is present and holds JSON null (through an array of objects: one
 *       of them holds null). An array is never null, not even {@code [null]}.
 *   <li>{@code is_empty}: the key is missing, null or {@code []} (through arrays of objects: in every
 *       one of them). {@code [null]}, {@code ""}, {@code {}} and 0 are not empty.
 *   <li>{@code has_id}: the point's id is in the list (unsigned 64-bit integers or UUID strings).
 * </ul>
 *
 * <h2>Dates</h2>
 * {@code 2024-01-31}, {@code 2024-01-31T12:00[:00[.fraction]]} with {@code T} or a space, with an
 * offset ({@code Z}, {@code +02:00}) or without one (then UTC). Four-digit years. Instants compare
 * to the microsecond. Payload strings go through the same parser as the bounds.
 *
 * <h2>Combining</h2>
 * {@code must}: all hold (none given: true). {@code should}: at least one holds when any are given.
 * {@code must_not}: none holds. A nested filter is a condition. {@code {}} matches every point.
 *
 * <p>Records validate their arguments (a non-empty key, scalar match values, a bound in a range),
 * so a hand-built filter is as valid as a parsed one and {@code parse(f.toJson())} equals {@code f}.
 */
public sealed interface Filter {

  /** A boolean combination; also the root of every parsed filter. */
  record Bool(List<Filter> must, List<Filter> should, List<Filter> mustNot) implements Filter {
    public Bool {
      must = List.copyOf(must);
      should = List.copyOf(should);
      mustNot = List.copyOf(mustNot);
    }
  }

  /** Some value of {@code key} equals {@code value} (a string, number or boolean). */
  record Match(String key, JsonNode value) implements Filter {
    public Match {
      FilterParser.checkKey("match key", key);
      FilterParser.checkScalar("match value", value);
    }
  }

  /** Some value of {@code key} is one of {@code values}. */
  record MatchAny(String key, List<JsonNode> values) implements Filter {
    public MatchAny {
      FilterParser.checkKey("match key", key);
      values = List.copyOf(values);
      for (JsonNode v : values) {
        FilterParser.checkScalar("match any value", v);
      }
    }
  }

  /** Qdrant's {@code except}: {@code key} has a value outside {@code values}, or no value at all. */
  record MatchExcept(String key, List<JsonNode> values) implements Filter {
    public MatchExcept {
      FilterParser.checkKey("match key", key);
      values = List.copyOf(values);
      for (JsonNode v : values) {
        FilterParser.checkScalar("match except value", v);
      }
    }
  }

  /** Full-text match: the string values of {@code key} together hold every term of {@code text}. */
  record MatchText(String key, String text) implements Filter {
    public MatchText {
      FilterParser.checkKey("match key", key);
      if (text == null) {
        throw new InvalidFilterException("match text on '" + key + "' needs a string, got null");
      }
    }
  }

  /** Numeric range; null bounds are open, at least one is set. */
  record Range(String key, Double gt, Double gte, Double lt, Double lte) implements Filter {
    public Range {
      FilterParser.checkKey("range key", key);
      if (gt == null && gte == null && lt == null && lte == null) {
        throw new InvalidFilterException("range on '" + key + "' needs at least one of gt, gte, lt, lte");
      }
      for (Double d : new Double[] {gt, gte, lt, lte}) {
        if (d != null && !Double.isFinite(d)) {
          throw new InvalidFilterException("range on '" + key + "' has the bound " + d
              + "; expected a finite number (leave a bound out for an open range)");
        }
      }
    }

    public boolean test(double v) {
      return (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
          && (lte == null || v <= lte);
    }
  }

  /** Date-time range in epoch microseconds (UTC); null bounds are open, at least one is set. */
  record DateRange(String key, Long gt, Long gte, Long lt, Long lte) implements Filter {
    public DateRange {
      FilterParser.checkKey("range key", key);
      if (gt == null && gte == null && lt == null && lte == null) {
        throw new InvalidFilterException("range on '" + key + "' needs at least one of gt, gte, lt, lte");
      }
      for (Long m : new Long[] {gt, gte, lt, lte}) {
        FilterParser.checkMicros(key, m);
      }
    }

    /**
     * Epoch microseconds of a date or date-time in the forms the class documentation lists, or null
     * when {@code text} is none of them. Payload values go through this same function as the
     * bounds, so an index and the evaluator agree on what is a date. Does not throw.
     */
    public static Long parseMicros(String text) {
      return FilterParser.parseMicros(text);
    }

    public boolean test(long v) {
      return (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
          && (lte == null || v <= lte);
    }
  }

  /** {@code key} is present with JSON null. */
  record IsNull(String key) implements Filter {
    public IsNull {
      FilterParser.checkKey("is_null key", key);
    }
  }

  /** {@code key} is missing, null or an empty array. */
  record IsEmpty(String key) implements Filter {
    public IsEmpty {
      FilterParser.checkKey("is_empty key", key);
    }
  }

  /** The point's id is one of {@code ids}: unsigned 64-bit JSON integers or UUID strings. */
  record HasId(List<JsonNode> ids) implements Filter {
    public HasId {
      ids = List.copyOf(ids);
      for (JsonNode id : ids) {
        if (!FilterParser.isPointId(id)) {
          throw new InvalidFilterException("has_id holds " + id + "; expected an unsigned 64-bit integer or a UUID string");
        }
      }
    }
  }

  /**
   * Parses filter JSON text.
   *
   * @throws InvalidFilterException naming the JSON path, the bad value and what was expected
   */
  static Filter parse(String json) {
    return FilterParser.parseText(json);
  }

  /**
   * Parses a filter. The root is normally a {@link Bool} object; a single condition is accepted too.
   *
   * @throws InvalidFilterException naming the JSON path, the bad value and what was expected
   */
  static Filter parse(JsonNode json) {
    return FilterParser.parseRoot(json);
  }

  /** The JSON form; {@link #parse(JsonNode)} of it equals this filter. Empty lists are left out. */
  default JsonNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    switch (this) {
      case Bool b -> {
        if (!b.must().isEmpty()) {
          ArrayNode a = o.putArray("must");
          b.must().forEach(x -> a.add(x.toJson()));
        }
        if (!b.should().isEmpty()) {
          ArrayNode a = o.putArray("should");
          b.should().forEach(x -> a.add(x.toJson()));
        }
        if (!b.mustNot().isEmpty()) {
          ArrayNode a = o.putArray("must_not");
          b.mustNot().forEach(x -> a.add(x.toJson()));
        }
      }
      case Match m -> o.put("key", m.key()).putObject("match").set("value", m.value());
      case MatchAny m -> o.put("key", m.key()).putObject("match").putArray("any").addAll(m.values());
      case MatchExcept m -> o.put("key", m.key()).putObject("match").putArray("except").addAll(m.values());
      case MatchText m -> o.put("key", m.key()).putObject("match").put("text", m.text());
      case Range r -> {
        ObjectNode range = o.put("key", r.key()).putObject("range");
        if (r.gt() != null) {
          range.put("gt", r.gt());
        }
        if (r.gte() != null) {
          range.put("gte", r.gte());
        }
        if (r.lt() != null) {
          range.put("lt", r.lt());
        }
        if (r.lte() != null) {
          range.put("lte", r.lte());
        }
      }
      case DateRange r -> {
        ObjectNode range = o.put("key", r.key()).putObject("range");
        if (r.gt() != null) {
          range.put("gt", FilterParser.formatMicros(r.gt()));
        }
        if (r.gte() != null) {
          range.put("gte", FilterParser.formatMicros(r.gte()));
        }
        if (r.lt() != null) {
          range.put("lt", FilterParser.formatMicros(r.lt()));
        }
        if (r.lte() != null) {
          range.put("lte", FilterParser.formatMicros(r.lte()));
        }
      }
      case IsNull n -> o.putObject("is_null").put("key", n.key());
      case IsEmpty n -> o.putObject("is_empty").put("key", n.key());
      case HasId h -> o.putArray("has_id").addAll(h.ids());
    }
    return o;
  }
}
