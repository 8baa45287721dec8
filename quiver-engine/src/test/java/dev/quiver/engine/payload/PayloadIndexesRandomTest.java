package dev.quiver.engine.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.FilterEvaluator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against an independent reference that reads the filter JSON directly, and the
 * payload indexes against the truth: candidates ⊇ matches, equal when exact, through updates.
 */
class PayloadIndexesRandomTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] WORDS = {"a", "b", "c", "d"};
  private static final String[] DATES = {"2024-01-01", "2024-01-01T00:00:00Z", "2024-01-01T06:00:00+02:00",
      "2024-03-15T12:00:00", "2023-12-31T23:59:59.5Z", "2024-06-30", "soon"};
  private static final String[] KEYS = {"kw", "n", "b", "d", "author.name", "author.age", "tags", "missing"};

  private final Random rnd = new Random(0x5EED);

  @Test
  void evaluatorAndIndexesAgreeWithTheReference() {
    int n = 1500;
    List<ObjectNode> payloads = new ArrayList<>();
    PayloadIndexes indexes = new PayloadIndexes();
    indexes.create("kw", PayloadSchemaType.KEYWORD, ord -> null, 0);
    for (int ord = 0; ord < n; ord++) {
      ObjectNode p = randomPayload();
      payloads.add(p);
      indexes.add(ord, p);
    }
    // These see the points at creation rather than through add().
    indexes.create("n", PayloadSchemaType.FLOAT, payloads::get, n);
    indexes.create("b", PayloadSchemaType.BOOL, payloads::get, n);
    indexes.create("d", PayloadSchemaType.DATETIME, payloads::get, n);
    indexes.create("author.name", PayloadSchemaType.KEYWORD, payloads::get, n);
    indexes.create("author.age", PayloadSchemaType.INTEGER, payloads::get, n);
    assertEquals(List.of("kw", "n", "b", "d", "author.name", "author.age"), List.copyOf(indexes.schema().keySet()));

    List<JsonNode> filters = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      filters.add(randomBool(0));
    }
    int[] stats = check(filters, payloads, indexes);
    assertTrue(stats[0] > 15, "too few exact candidate sets to mean anything: " + stats[0]);
    assertTrue(stats[1] > 1000, "too few matches overall: " + stats[1]);
    assertTrue(stats[2] > stats[0] + 15, "too few narrowed but inexact candidate sets: " + stats[2]);

    // Updates: deletes, payload replacements, appends.
    for (int step = 0; step < 600; step++) {
      int ord = rnd.nextInt(payloads.size());
      ObjectNode old = payloads.get(ord);
      int op = rnd.nextInt(3);
      if (op == 0 && old != null) {
        indexes.remove(ord, old);
        payloads.set(ord, null);
      } else if (op == 1 && old != null) {
        ObjectNode next = randomPayload();
        indexes.remove(ord, old);
        payloads.set(ord, next);
        indexes.add(ord, next);
      } else {
        ObjectNode p = randomPayload();
        indexes.add(payloads.size(), p);
        payloads.add(p);
      }
    }
    check(filters, payloads, indexes);

    // A type change rebuilds the field; dropping it stops it narrowing.
    indexes.create("n", PayloadSchemaType.KEYWORD, payloads::get, payloads.size());
    assertEquals(PayloadSchemaType.KEYWORD, indexes.schema().get("n"));
    check(filters, payloads, indexes);
    indexes.drop("n");
    assertFalse(indexes.schema().containsKey("n"));
    check(filters, payloads, indexes);
    assertTrue(indexes.ramBytesUsed() > 0);
  }

  /** Returns {number of exact candidate sets, total matches, number of narrowed candidate sets}. */
  private int[] check(List<JsonNode> filters, List<ObjectNode> payloads, PayloadIndexes indexes) {
    int exact = 0;
    int total = 0;
    int narrowed = 0;
    int size = payloads.size();
    for (JsonNode json : filters) {
      Filter filter = Filter.parse(json);
      BitSet truth = new BitSet();
      for (int ord = 0; ord < size; ord++) {
        ObjectNode p = payloads.get(ord);
        if (p == null) {
          continue;
        }
        int id = ord;
        boolean expected = ref(json, p, id);
        boolean actual = FilterEvaluator.matches(filter, ids -> ids.stream().anyMatch(x -> x.isNumber() && x.asInt() == id), p);
        assertEquals(expected, actual, () -> "filter " + json + " on payload " + p + " (id " + id + ")");
        if (expected) {
          truth.set(ord);
        }
      }
      total += truth.cardinality();
      Candidates c = indexes.candidates(filter, size);
      if (c.bits() == null) {
        assertFalse(c.exact());
        continue;
      }
      narrowed++;
      FixedBitSet bits = c.bits();
      assertEquals(size, bits.length());
      for (int ord = truth.nextSetBit(0); ord >= 0; ord = truth.nextSetBit(ord + 1)) {
        int o = ord;
        assertTrue(bits.get(ord), () -> "candidates miss ord " + o + " for " + json + ": " + payloads.get(o));
      }
      if (c.exact()) {
        exact++;
        for (int ord = bits.nextSetBit(0); ord >= 0; ord = bits.nextSetBit(ord + 1)) {
          int o = ord;
          assertTrue(truth.get(ord), () -> "exact candidates hold non-matching ord " + o + " for " + json
              + ": " + payloads.get(o));
        }
        assertEquals(truth.cardinality(), c.estimate());
      } else {
        assertEquals(bits.cardinality(), c.estimate());
      }
    }

    return new int[] {exact, total, narrowed};
  }

  // ---- random data -------------------------------------------------------------------------

  private JsonNode scalar() {
    return switch (rnd.nextInt(10)) {
      case 0, 1, 2 -> F.textNode(WORDS[rnd.nextInt(WORDS.length)]);
      case 3, 4 -> F.numberNode(rnd.nextInt(5));
      case 5 -> F.numberNode(rnd.nextInt(5) + (rnd.nextBoolean() ? 0.5 : 0.0));
      case 6 -> F.booleanNode(rnd.nextBoolean());
      case 7 -> F.textNode(DATES[rnd.nextInt(DATES.length)]);
      case 8 -> F.nullNode();
      default -> F.numberNode(-0.0);
    };
  }

  /** Mostly the field's own type, sometimes another, an array, null or nothing. */
  private JsonNode value(int kind) {
    int r = rnd.nextInt(10);
    if (r == 0) {
      return scalar();
    }
    if (r == 1) {
      ArrayNode a = F.arrayNode();
      int len = rnd.nextInt(4);
      for (int i = 0; i < len; i++) {
        a.add(rnd.nextInt(4) == 0 ? scalar() : typed(kind));
      }
      return a;
    }
    return typed(kind);
  }

  private JsonNode typed(int kind) {
    return switch (kind) {
      case 0 -> F.textNode(WORDS[rnd.nextInt(WORDS.length)]);
      case 1 -> rnd.nextBoolean() ? F.numberNode(rnd.nextInt(6) - 1) : F.numberNode(rnd.nextInt(12) / 2.0);
      case 2 -> F.booleanNode(rnd.nextBoolean());
      default -> F.textNode(DATES[rnd.nextInt(DATES.length)]);
    };
  }

  private ObjectNode randomPayload() {
    ObjectNode p = F.objectNode();
    if (rnd.nextInt(5) > 0) {
      p.set("kw", value(0));
    }
    if (rnd.nextInt(5) > 0) {
      p.set("n", value(1));
    }
    if (rnd.nextInt(3) > 0) {
      p.set("b", value(2));
    }
    if (rnd.nextInt(3) > 0) {
      p.set("d", value(3));
    }
    if (rnd.nextInt(3) > 0) {
      p.set("tags", value(0));
    }
    int authors = rnd.nextInt(4);
    if (authors == 1) {
      p.set("author", author());
    } else if (authors > 1) {
      ArrayNode a = p.putArray("author");
      for (int i = 0; i < authors - 1; i++) {
        a.add(author());
      }
    }
    return p;
  }

  private ObjectNode author() {
    ObjectNode a = F.objectNode();
    if (rnd.nextInt(4) > 0) {
      a.set("name", value(0));
    }
    if (rnd.nextInt(4) > 0) {
      a.set("age", value(1));
    }
    return a;
  }

  private ObjectNode randomBool(int depth) {
    ObjectNode b = F.objectNode();
    for (String part : new String[] {"must", "should", "must_not"}) {
      int len = rnd.nextInt(depth == 0 ? 3 : 2);
      if (len == 0 && rnd.nextBoolean()) {
        continue;
      }
      ArrayNode a = b.putArray(part);
      for (int i = 0; i < len; i++) {
        a.add(randomCondition(depth));
      }
    }
    return b;
  }

  private JsonNode randomCondition(int depth) {
    String key = KEYS[rnd.nextInt(KEYS.length)];
    ObjectNode c = F.objectNode();
    switch (rnd.nextInt(depth < 2 ? 9 : 8)) {
      case 0, 1 -> c.put("key", key).putObject("match").set("value", nonNullScalar());
      case 2 -> c.put("key", key).putObject("match").set("any", scalars());
      case 3 -> c.put("key", key).putObject("match").set("except", scalars());
      case 4 -> {
        ObjectNode r = c.put("key", key).putObject("range");
        for (String op : new String[] {"gt", "gte", "lt", "lte"}) {
          if (rnd.nextInt(3) == 0 || (op.equals("lte") && r.isEmpty())) {
            r.put(op, rnd.nextInt(12) / 2.0 - 1);
          }
        }
      }
      case 5 -> {
        ObjectNode r = c.put("key", rnd.nextBoolean() ? "d" : key).putObject("range");
        for (String op : new String[] {"gt", "gte", "lt", "lte"}) {
          if (rnd.nextInt(3) == 0 || (op.equals("gte") && r.isEmpty())) {
            r.put(op, DATES[rnd.nextInt(DATES.length - 1)]);
          }
        }
      }
      case 6 -> c.putObject(rnd.nextBoolean() ? "is_null" : "is_empty").put("key", key);
      case 7 -> {
        ArrayNode ids = c.putArray("has_id");
        for (int i = rnd.nextInt(4); i > 0; i--) {
          ids.add(rnd.nextInt(40));
        }
      }
      default -> {
        return randomBool(depth + 1);
      }
    }
    return c;
  }

  private JsonNode nonNullScalar() {
    JsonNode v;
    do {
      v = scalar();
    } while (v.isNull());
    return v;
  }

  private ArrayNode scalars() {
    ArrayNode a = F.arrayNode();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      a.add(nonNullScalar());
    }
    return a;
  }

  // ---- reference evaluator: reads the JSON filter directly, shares no code with the engine ----

  private static boolean ref(JsonNode f, JsonNode payload, int id) {
    if (f.has("key")) {
      List<JsonNode> leaves = new ArrayList<>();
      for (JsonNode n : reach(payload, f.get("key").asText())) {
        if (n.isArray()) {
          n.forEach(e -> addLeaf(e, leaves));
        } else {
          addLeaf(n, leaves);
        }
      }
      JsonNode m = f.get("match");
      if (m != null) {
        if (m.has("value")) {
          return leaves.stream().anyMatch(v -> same(v, m.get("value")));
        }
        if (m.has("any")) {
          return leaves.stream().anyMatch(v -> contains(m.get("any"), v));
        }
        return leaves.isEmpty() || leaves.stream().anyMatch(v -> !contains(m.get("except"), v));
      }
      JsonNode r = f.get("range");
      boolean dates = false;
      for (JsonNode b : r) {
        dates |= b.isTextual();
      }
      for (JsonNode v : leaves) {
        if (dates ? inDateRange(r, v) : inNumberRange(r, v)) {
          return true;
        }
      }
      return false;
    }
    if (f.has("is_null")) {
      return reach(payload, f.get("is_null").get("key").asText()).stream().anyMatch(JsonNode::isNull);
    }
    if (f.has("is_empty")) {
      return reach(payload, f.get("is_empty").get("key").asText()).stream()
          .allMatch(n -> n.isNull() || (n.isArray() && n.size() == 0));
    }
    if (f.has("has_id")) {
      for (JsonNode x : f.get("has_id")) {
        if (x.asInt() == id) {
          return true;
        }
      }
      return false;
    }
    for (JsonNode c : f.path("must")) {
      if (!ref(c, payload, id)) {
        return false;
      }
    }
    for (JsonNode c : f.path("must_not")) {
      if (ref(c, payload, id)) {
        return false;
      }
    }
    JsonNode should = f.path("should");
    if (should.size() == 0) {
      return true;
    }
    for (JsonNode c : should) {
      if (ref(c, payload, id)) {
        return true;
      }
    }
    return false;
  }

  private static void addLeaf(JsonNode n, List<JsonNode> out) {
    if (n.isTextual() || n.isNumber() || n.isBoolean()) {
      out.add(n);
    }
  }

  private static List<JsonNode> reach(JsonNode node, String path) {
    List<JsonNode> out = new ArrayList<>();
    walk(node, List.of(path.split("\\.")), out);
    return out;
  }

  private static void walk(JsonNode node, List<String> parts, List<JsonNode> out) {
    if (parts.isEmpty()) {
      out.add(node);
    } else if (node.isArray()) {
      node.forEach(e -> walk(e, parts, out));
    } else if (node.isObject() && node.has(parts.get(0))) {
      walk(node.get(parts.get(0)), parts.subList(1, parts.size()), out);
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.getNodeType() == b.getNodeType() && a.equals(b);
  }

  private static boolean contains(JsonNode list, JsonNode v) {
    for (JsonNode x : list) {
      if (same(x, v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inNumberRange(JsonNode r, JsonNode v) {
    if (!v.isNumber()) {
      return false;
    }
    BigDecimal x = v.decimalValue();
    return (!r.has("gt") || x.compareTo(r.get("gt").decimalValue()) > 0)
        && (!r.has("gte") || x.compareTo(r.get("gte").decimalValue()) >= 0)
        && (!r.has("lt") || x.compareTo(r.get("lt").decimalValue()) < 0)
        && (!r.has("lte") || x.compareTo(r.get("lte").decimalValue()) <= 0);
  }

  private static boolean inDateRange(JsonNode r, JsonNode v) {
    Instant x = v.isTextual() ? instant(v.asText()) : null;
    if (x == null) {
      return false;
    }
    return (!r.has("gt") || x.isAfter(instant(r.get("gt").asText())))
        && (!r.has("gte") || !x.isBefore(instant(r.get("gte").asText())))
        && (!r.has("lt") || x.isBefore(instant(r.get("lt").asText())))
        && (!r.has("lte") || !x.isAfter(instant(r.get("lte").asText())));
  }

  private static Instant instant(String s) {
    if (s.length() == 10) {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return OffsetDateTime.parse(s).toInstant();
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---- small direct cases --------------------------------------------------------------------

  @Test
  void mustNotComplementExcludesDeadOrdinalsAndUnknownsDoNotNarrow() {
    PayloadIndexes indexes = new PayloadIndexes();
    List<ObjectNode> ps = List.of(obj("a"), obj("b"), obj("a"), obj("c"));
    indexes.create("kw", PayloadSchemaType.KEYWORD, ps::get, 4);
    indexes.remove(3, ps.get(3));
    Candidates notA = indexes.candidates(Filter.parse("{\"must_not\": [{\"key\": \"kw\", \"match\": {\"value\": \"a\"}}]}"), 4);
    assertTrue(notA.exact());
    assertEquals(1, notA.estimate());
    assertTrue(notA.bits().get(1));
    assertFalse(notA.bits().get(3));
    Candidates shouldUnknown = indexes.candidates(Filter.parse("{\"should\": [{\"key\": \"kw\", \"match\": {\"value\": \"a\"}},"
        + " {\"key\": \"other\", \"match\": {\"value\": \"x\"}}]}"), 4);
    assertNull(shouldUnknown.bits());
    assertFalse(shouldUnknown.exact());
    Candidates mustMixed = indexes.candidates(Filter.parse("{\"must\": [{\"key\": \"kw\", \"match\": {\"value\": \"a\"}},"
        + " {\"key\": \"other\", \"match\": {\"value\": \"x\"}}]}"), 4);
    assertFalse(mustMixed.exact());
    assertEquals(2, mustMixed.estimate());
    assertEquals(Candidates.unknown(), new PayloadIndexes().candidates(Filter.parse("{}"), 4));
  }

  private static ObjectNode obj(String kw) {
    ObjectNode o = F.objectNode();
    o.put("kw", kw);
    return o;
  }

  @Test
  void schemaTypesParseCaseInsensitively() {
    assertEquals(PayloadSchemaType.DATETIME, PayloadSchemaType.parse("DateTime"));
    assertEquals(PayloadSchemaType.KEYWORD, PayloadSchemaType.parse(" keyword "));
    assertEquals(PayloadSchemaType.TEXT, PayloadSchemaType.parse("text"));
    String msg = assertThrows(IllegalArgumentException.class, () -> PayloadSchemaType.parse("fulltext")).getMessage();
    assertEquals("unknown payload index type 'fulltext'; expected one of [keyword, integer, float, bool, datetime,"
        + " text]", msg);
    for (PayloadSchemaType t : PayloadSchemaType.values()) {
      assertEquals(t, PayloadSchemaType.valueOf(t.name()));
    }
    assertEquals(Map.of(), new PayloadIndexes().schema());
  }
}
