package dev.quiver.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a {@link Filter} against one point's payload, with the semantics documented on
 * {@link Filter}. Stateless apart from a cache of split keys; safe from any thread.
 *
 * <p>It runs once per candidate point in a filtered search, so it allocates nothing in steady state:
 * keys are split once and cached, the payload is walked recursively instead of collecting the
 * reached nodes, and leaf tests dispatch on the condition instead of on capturing lambdas.
 */
public final class FilterEvaluator {

  /** Split keys. Cleared when full: keys come from user filters, and a bound keeps a flood of distinct ones harmless. */
  private static final ConcurrentHashMap<String, String[]> SEGMENTS = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_KEYS = 4096;
  private static final String[] NO_SEGMENTS = new String[0];

  private FilterEvaluator() {}

  /**
   * Whether the point with this payload (null: no fields) and id matches.
   *
   * @param ids answers {@code has_id} for this point; null means no {@code has_id} can match
   */
  public static boolean matches(Filter filter, IdMatcher ids, ObjectNode payload) {
    return switch (filter) {
      case Filter.Bool b -> bool(b, ids, payload);
      case Filter.Match m -> anyValue(payload, m.key(), m);
      case Filter.MatchAny m -> anyValue(payload, m.key(), m);
      // A probe with no condition (null) asks whether the key has any value at all.
      case Filter.MatchExcept m -> !anyValue(payload, m.key(), null) || anyValue(payload, m.key(), m);
      case Filter.MatchText m -> dev.quiver.engine.text.TextMatch.matches(m, payload);
      case Filter.Range r -> anyValue(payload, r.key(), r);
      case Filter.DateRange r -> anyValue(payload, r.key(), r);
      case Filter.IsNull n -> anyReached(payload, n.key(), true);
      case Filter.IsEmpty n -> !anyReached(payload, n.key(), false);
      case Filter.HasId h -> ids != null && ids.in(h.ids());
    };
  }

  private static boolean bool(Filter.Bool b, IdMatcher ids, ObjectNode payload) {
    List<Filter> must = b.must();
    for (int i = 0, n = must.size(); i < n; i++) {
      if (!matches(must.get(i), ids, payload)) {
        return false;
      }
    }
    List<Filter> mustNot = b.mustNot();
    for (int i = 0, n = mustNot.size(); i < n; i++) {
      if (matches(mustNot.get(i), ids, payload)) {
        return false;
      }
    }
    List<Filter> should = b.should();
    if (should.isEmpty()) {
      return true;
    }
    for (int i = 0, n = should.size(); i < n; i++) {
      if (matches(should.get(i), ids, payload)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The values of {@code key} in {@code payload}: every string, number and boolean the key reaches,
   * arrays flattened (see {@link Filter}). Payload indexes index exactly these, through the same
   * walk as evaluation, which is what keeps an index answer equal to evaluation.
   */
  public static List<JsonNode> leaves(JsonNode payload, String key) {
    List<JsonNode> out = new ArrayList<>(2);
    if (payload != null) {
      JsonNode literal = literal(payload, key);
      if (literal != null) {
        visit(literal, NO_SEGMENTS, 0, null, out);
      } else {
        visit(payload, segments(key), 0, null, out);
      }
    }
    return out;
  }

  /** Whether some value of {@code key} passes {@code cond} (null: whether there is any value). */
  private static boolean anyValue(JsonNode payload, String key, Filter cond) {
    if (payload == null) {
      return false;
    }
    JsonNode literal = literal(payload, key);
    return literal != null ? visit(literal, NO_SEGMENTS, 0, cond, null) : visit(payload, segments(key), 0, cond, null);
  }

  /**
   * Walks {@code path[i..]} from {@code node}, descending into arrays wherever they are, and tests
   * (or, with {@code out}, collects) each scalar at the end of the path.
   */
  private static boolean visit(JsonNode node, String[] path, int i, Filter cond, List<JsonNode> out) {
    if (node.isArray()) {
      for (int j = 0, n = node.size(); j < n; j++) {
        if (visit(node.get(j), path, i, cond, out)) {
          return true;
        }
      }
      return false;
    }
    if (i == path.length) {
      if (!(node.isTextual() || node.isNumber() || node.isBoolean())) {
        return false; // null and objects are not values
      }
      if (out != null) {
        out.add(node);
        return false;
      }
      return test(cond, node);
    }
    JsonNode next = node.get(path[i]); // null for anything but an object holding the name
    return next != null && visit(next, path, i + 1, cond, out);
  }

  private static boolean test(Filter cond, JsonNode v) {
    return switch (cond) {
      case null -> true;
      case Filter.Match m -> scalarEquals(v, m.value());
      case Filter.MatchAny m -> in(v, m.values());
      case Filter.MatchExcept m -> !in(v, m.values());
      case Filter.Range r -> v.isNumber() && r.test(v.asDouble());
      case Filter.DateRange r -> {
        if (!v.isTextual()) {
          yield false;
        }
        Long micros = FilterParser.parseMicros(v.asText());
        yield micros != null && r.test(micros);
      }
      default -> throw new IllegalStateException("not a value condition: " + cond);
    };
  }

  /**
   * Whether some node the key reaches is null ({@code wantNull}) or is neither null nor an empty
   * array (the opposite of empty). Unlike {@link #visit}, the node at the end of the path is taken
   * as it is, arrays included: {@code [null]} is an array, not null, and not empty.
   */
  private static boolean anyReached(JsonNode payload, String key, boolean wantNull) {
    if (payload == null) {
      return false;
    }
    JsonNode literal = literal(payload, key);
    return literal != null ? reach(literal, NO_SEGMENTS, 0, wantNull) : reach(payload, segments(key), 0, wantNull);
  }

  private static boolean reach(JsonNode node, String[] path, int i, boolean wantNull) {
    if (i == path.length) {
      return wantNull ? node.isNull() : !(node.isNull() || (node.isArray() && node.isEmpty()));
    }
    if (node.isArray()) {
      for (int j = 0, n = node.size(); j < n; j++) {
        if (reach(node.get(j), path, i, wantNull)) {
          return true;
        }
      }
      return false;
    }
    JsonNode next = node.get(path[i]);
    return next != null && reach(next, path, i + 1, wantNull);
  }

  /** A top-level field named by the whole key when the key is a path ({@code "a.b"}, {@code "a[]"}), else null. */
  private static JsonNode literal(JsonNode payload, String key) {
    String[] segments = segments(key);
    return segments.length == 1 && segments[0].equals(key) ? null : payload.get(key);
  }

  /** {@code a[].b.c} → [a, b, c]; {@code []} is dropped wherever it is. Empty names are kept (the parser refuses them). */
  static String[] segments(String key) {
    String[] s = SEGMENTS.get(key);
    if (s == null) {
      s = key.replace("[]", "").split("\\.", -1);
      if (SEGMENTS.size() >= MAX_CACHED_KEYS) {
        SEGMENTS.clear();
      }
      SEGMENTS.put(key, s);
    }
    return s;
  }

  /** Equality of JSON scalars: numbers numerically (as doubles), strings and booleans exactly. */
  static boolean scalarEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    if (a.isTextual() && b.isTextual()) {
      return a.asText().equals(b.asText());
    }
    if (a.isBoolean() && b.isBoolean()) {
      return a.asBoolean() == b.asBoolean();
    }
    return false;
  }

  private static boolean in(JsonNode v, List<JsonNode> values) {
    for (int i = 0, n = values.size(); i < n; i++) {
      if (scalarEquals(v, values.get(i))) {
        return true;
      }
    }
    return false;
  }
}
