package dev.quiver.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Evaluates a {@link Filter} against one point's payload. Stateless; safe from any thread. */
public final class FilterEvaluator {

  private FilterEvaluator() {}

  public static boolean matches(Filter filter, IdMatcher ids, ObjectNode payload) {
    return switch (filter) {
      case Filter.Bool b -> {
        for (Filter f : b.must()) {
          if (!matches(f, ids, payload)) {
            yield false;
          }
        }
        for (Filter f : b.mustNot()) {
          if (matches(f, ids, payload)) {
            yield false;
          }
        }
        if (b.should().isEmpty()) {
          yield true;
        }
        for (Filter f : b.should()) {
          if (matches(f, ids, payload)) {
            yield true;
          }
        }
        yield false;
      }
      case Filter.Match m -> anyLeaf(values(payload, m.key()), v -> scalarEquals(v, m.value()));
      case Filter.MatchAny m -> anyLeaf(values(payload, m.key()), v -> in(v, m.values()));
      case Filter.MatchExcept m -> {
        // Qdrant: the key has some value outside the list; a missing, null or empty key matches too.
        List<JsonNode> leaves = leaves(payload, m.key());
        if (leaves.isEmpty()) {
          yield true;
        }
        for (JsonNode v : leaves) {
          if (!in(v, m.values())) {
            yield true;
          }
        }
        yield false;
      }
      case Filter.Range r -> anyLeaf(values(payload, r.key()), v -> v.isNumber() && r.test(v.asDouble()));
      case Filter.DateRange r -> anyLeaf(values(payload, r.key()), v -> {
        if (!v.isTextual()) {
          return false;
        }
        Long micros = Filter.DateRange.parseMicros(v.asText());
        return micros != null && r.test(micros);
      });
      case Filter.IsNull n -> {
        for (JsonNode v : values(payload, n.key())) {
          if (v.isNull()) {
            yield true;
          }
        }
        yield false;
      }
      case Filter.IsEmpty n -> {
        for (JsonNode v : values(payload, n.key())) {
          if (!v.isNull() && !(v.isArray() && v.isEmpty())) {
            yield false;
          }
        }
        yield true;
      }
      case Filter.HasId h -> ids != null && ids.in(h.ids());
    };
  }

  /**
   * The nodes a dotted key reaches: objects are walked by name, arrays on the way are descended
   * element by element; the final node is returned as it is (arrays included).
   */
  public static List<JsonNode> values(JsonNode payload, String key) {
    List<JsonNode> current = new ArrayList<>(1);
    if (payload == null) {
      return current;
    }
    JsonNode direct = payload.get(key);
    if (direct != null || key.indexOf('.') < 0) { // a literal key with dots wins over the path
      if (direct != null) {
        current.add(direct);
      }
      return current;
    }
    current.add(payload);
    for (String part : key.replace("[]", "").split("\\.")) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        collect(n, part, next);
      }
      current = next;
      if (current.isEmpty()) {
        break;
      }
    }
    return current;
  }

  private static void collect(JsonNode n, String part, List<JsonNode> out) {
    if (n.isArray()) {
      for (JsonNode e : n) {
        collect(e, part, out);
      }
    } else if (n.isObject()) {
      JsonNode v = n.get(part);
      if (v != null) {
        out.add(v);
      }
    }
  }

  /**
   * The scalar values (string, number, boolean) a dotted key reaches, with arrays at the key
   * flattened one level. Nulls and nested objects are left out. Payload indexes index exactly these,
   * which is what keeps an index answer equal to evaluation.
   */
  public static List<JsonNode> leaves(JsonNode payload, String key) {
    List<JsonNode> out = new ArrayList<>(1);
    for (JsonNode n : values(payload, key)) {
      if (n.isArray()) {
        for (JsonNode e : n) {
          if (e.isValueNode() && !e.isNull()) {
            out.add(e);
          }
        }
      } else if (n.isValueNode() && !n.isNull()) {
        out.add(n);
      }
    }
    return out;
  }

  interface LeafTest {
    boolean test(JsonNode v);
  }

  /** Whether a scalar at the key, or any element of an array there, passes. */
  static boolean anyLeaf(List<JsonNode> nodes, LeafTest test) {
    for (JsonNode n : nodes) {
      if (n.isArray()) {
        for (JsonNode e : n) {
          if (!e.isContainerNode() && test.test(e)) {
            return true;
          }
        }
      } else if (!n.isContainerNode() && test.test(n)) {
        return true;
      }
    }
    return false;
  }

  /** Epoch microseconds of an ISO-8601 date or date-time (UTC without an offset), or null. */
  public static Long parseDateMicros(String text) {
    return FilterParser.parseMicros(text);
  }

  /** Equality of JSON scalars: numbers numerically, strings and booleans exactly. */
  public static boolean scalarEquals(JsonNode a, JsonNode b) {
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
    for (JsonNode x : values) {
      if (scalarEquals(v, x)) {
        return true;
      }
    }
    return false;
  }
}
