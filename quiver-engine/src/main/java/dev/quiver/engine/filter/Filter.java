package dev.quiver.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 *       | {"key": "price", "range": {"gt": 1, "gte": 2, "lt": 10.5, "lte": 9}}
 *       | {"key": "published", "range": {"gte": "2024-01-01T00:00:00Z", "lt": "2025-01-01"}}
 *       | {"is_null": {"key": "x"}} | {"is_empty": {"key": "x"}}
 *       | {"has_id": [1, "550e8400-e29b-41d4-a716-446655440000"]}
 *       | a nested {"must": ..., "should": ..., "must_not": ...}
 * </pre>
 *
 * Semantics: {@code must} all true; {@code should} at least one true when present; {@code must_not}
 * none true. A dotted key walks nested objects and descends into every element of an array on the
 * way ({@code authors.name} reaches every author's name); a condition on an array matches when any
 * element matches. Numbers compare numerically (1 equals 1.0). {@code except} follows Qdrant: it
 * matches when the key holds some value that is not in the list, or holds no value at all (missing,
 * null or an empty array), so {@code tags: ["a", "b"]} matches {@code except: ["a"]}; it is not the
 * negation of {@code any} on arrays. {@code is_null}: the key is present
 * with JSON null. {@code is_empty}: the key is missing, null, or an empty array. Date ranges compare
 * ISO-8601 dates or date-times (UTC when no offset is given) with string values that parse as such.
 */
public sealed interface Filter {

  ObjectMapper JSON = new ObjectMapper();

  /** A boolean combination; also the root of every filter. */
  record Bool(List<Filter> must, List<Filter> should, List<Filter> mustNot) implements Filter {
    public Bool {
      must = List.copyOf(must);
      should = List.copyOf(should);
      mustNot = List.copyOf(mustNot);
    }
  }

  record Match(String key, JsonNode value) implements Filter {}

  record MatchAny(String key, List<JsonNode> values) implements Filter {}

  record MatchExcept(String key, List<JsonNode> values) implements Filter {}

  /** Numeric range; null bounds are open. */
  record Range(String key, Double gt, Double gte, Double lt, Double lte) implements Filter {
    public boolean test(double v) {
      return (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
          && (lte == null || v <= lte);
    }
  }

  /** Date-time range in epoch microseconds; null bounds are open. */
  record DateRange(String key, Long gt, Long gte, Long lt, Long lte) implements Filter {

    /**
     * Epoch microseconds of an ISO-8601 date ({@code 2024-01-31}) or date-time with or without an
     * offset (UTC when none), or null when {@code text} is neither. Payload values go through the
     * same function as the bounds, so an index and the evaluator agree on what is a date.
     */
    public static Long parseMicros(String text) {
      return FilterParser.parseMicros(text);
    }

    public boolean test(long v) {
      return (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
          && (lte == null || v <= lte);
    }
  }

  record IsNull(String key) implements Filter {}

  record IsEmpty(String key) implements Filter {}

  record HasId(List<JsonNode> ids) implements Filter {}

  static Filter parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidFilterException("filter is not valid JSON: " + e.getOriginalMessage());
    }
    return parse(node);
  }

  static Filter parse(JsonNode json) {
    return FilterParser.parseRoot(json);
  }

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
