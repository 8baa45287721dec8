package dev.quiver.engine.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.FilterEvaluator;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One indexed field: value → ordinals holding it, plus the ordinals where the field is null and
 * those where it is not empty. Values are taken with {@link FilterEvaluator#leaves}, the same walk
 * the evaluator does, and only values of the index's type are kept (a string in an integer field is
 * simply not indexed; see {@link PayloadIndexes} for why that never makes an answer wrong). The
 * null and non-empty sets come from evaluating {@code is_null} / {@code is_empty} themselves, so
 * they cannot drift from the evaluator either. Ordered types use a {@link TreeMap} so a range costs
 * O(log n + matching values + matching ordinals).
 *
 * <p>Not thread-safe; guarded like {@link PayloadIndexes}.
 *
 * @param <K> String (keyword), Double (integer, float), Boolean (bool), Long epoch micros (datetime)
 */
final class FieldIndex<K extends Comparable<K>> {

  final String field;
  final PayloadSchemaType type;
  private final Function<JsonNode, K> keyOf;
  private final Map<K, Postings> postings;
  private final Filter isNull;
  private final Filter isEmpty;
  /** Ordinals where {@code is_null} holds. */
  private final Postings nulls;
  /** Ordinals where {@code is_empty} does not hold. */
  private final Postings nonEmpty;

  private FieldIndex(String field, PayloadSchemaType type, Function<JsonNode, K> keyOf, Map<K, Postings> postings,
      Postings nulls, Postings nonEmpty) {
    this.field = field;
    this.type = type;
    this.keyOf = keyOf;
    this.postings = postings;
    this.nulls = nulls;
    this.nonEmpty = nonEmpty;
    this.isNull = new Filter.IsNull(field);
    this.isEmpty = new Filter.IsEmpty(field);
  }

  static FieldIndex<?> of(String field, PayloadSchemaType type) {
    return of(field, type, new Postings(), new Postings());
  }

  /**
   * An index with the given null and non-empty sets and no values yet; a reader adds them with
   * {@link #put} ({@link PayloadIndexFile}).
   */
  static FieldIndex<?> of(String field, PayloadSchemaType type, Postings nulls, Postings nonEmpty) {
    return switch (type) {
      case KEYWORD -> new FieldIndex<String>(field, type, v -> v.isTextual() ? v.asText() : null, new HashMap<>(),
          nulls, nonEmpty);
      case INTEGER, FLOAT -> new FieldIndex<Double>(field, type, FieldIndex::number, new TreeMap<>(), nulls, nonEmpty);
      case BOOL -> new FieldIndex<Boolean>(field, type, v -> v.isBoolean() ? v.asBoolean() : null, new HashMap<>(),
          nulls, nonEmpty);
      case DATETIME -> new FieldIndex<Long>(field, type,
          v -> v.isTextual() ? Filter.DateRange.parseMicros(v.asText()) : null, new TreeMap<>(), nulls, nonEmpty);
      case TEXT -> throw new IllegalArgumentException("text fields are indexed by TextIndex, not FieldIndex");
    };
  }

  /** Sets the postings of {@code key} (a reader's; {@code key} must be what {@link #key} would give). */
  void put(K key, Postings p) {
    postings.put(key, p);
  }

  /** The values and their postings, read-only (for writing the index out). */
  Map<K, Postings> postingsByKey() {
    return java.util.Collections.unmodifiableMap(postings);
  }

  Postings nullPostings() {
    return nulls;
  }

  Postings nonEmptyPostings() {
    return nonEmpty;
  }

  /**
   * Numbers as the evaluator compares them: doubles, with -0.0 folded into 0.0 (they are equal, but
   * not to a TreeMap). NaN is left out: it equals nothing and is in no range, yet would sort last.
   */
  static Double number(JsonNode v) {
    if (!v.isNumber()) {
      return null;
    }
    double d = v.asDouble();
    return Double.isNaN(d) ? null : d + 0.0;
  }

  /** The index key for a filter value, or null when this index holds no such values. */
  K key(JsonNode value) {
    return keyOf.apply(value);
  }

  void add(int ord, ObjectNode payload) {
    for (K k : keys(payload)) {
      postings.computeIfAbsent(k, x -> new Postings()).add(ord);
    }
    if (FilterEvaluator.matches(isNull, null, payload)) {
      nulls.add(ord);
    }
    if (!FilterEvaluator.matches(isEmpty, null, payload)) {
      nonEmpty.add(ord);
    }
  }

  void remove(int ord, ObjectNode payload) {
    for (K k : keys(payload)) {
      Postings p = postings.get(k);
      if (p != null) {
        p.remove(ord);
        if (p.isEmpty()) {
          postings.remove(k);
        }
      }
    }
    // Not re-evaluated: the payload may not be exactly what was added, and removing is harmless.
    nulls.remove(ord);
    nonEmpty.remove(ord);
  }

  private Set<K> keys(ObjectNode payload) {
    Set<K> keys = new LinkedHashSet<>();
    if (payload != null) {
      for (JsonNode leaf : FilterEvaluator.leaves(payload, field)) {
        K k = keyOf.apply(leaf);
        if (k != null) {
          keys.add(k);
        }
      }
    }
    return keys;
  }

  /** Adds the ordinals holding {@code key} to {@code out}. */
  void equal(K key, BitSet out) {
    Postings p = postings.get(key);
    if (p != null) {
      p.addTo(out);
    }
  }

  /** Adds the ordinals where the field is null to {@code out}. */
  void nulls(BitSet out) {
    nulls.addTo(out);
  }

  /** Adds the ordinals where the field is not empty to {@code out}. */
  void nonEmpty(BitSet out) {
    nonEmpty.addTo(out);
  }

  boolean ordered() {
    return postings instanceof NavigableMap;
  }

  /** Adds the ordinals with a value between the bounds (null = open) to {@code out}. Ordered types only. */
  void range(K lo, boolean loInclusive, K hi, boolean hiInclusive, BitSet out) {
    NavigableMap<K, Postings> sorted = (NavigableMap<K, Postings>) postings;
    if (lo != null && hi != null) {
      int c = lo.compareTo(hi);
      if (c > 0 || (c == 0 && !(loInclusive && hiInclusive))) {
        return; // subMap refuses inverted bounds; the range is simply empty
      }
    }
    NavigableMap<K, Postings> view = sorted;
    if (lo != null) {
      view = view.tailMap(lo, loInclusive);
    }
    if (hi != null) {
      view = view.headMap(hi, hiInclusive);
    }
    for (Postings p : view.values()) {
      p.addTo(out);
    }
  }

  /** Number of distinct values indexed. */
  int distinctValues() {
    return postings.size();
  }

  long ramBytesUsed() {
    // Per entry: map node (~48), boxed key (~24, strings their chars), postings.
    long bytes = 64 + nulls.ramBytesUsed() + nonEmpty.ramBytesUsed();
    for (Map.Entry<K, Postings> e : postings.entrySet()) {
      bytes += 48 + 24 + e.getValue().ramBytesUsed();
      if (e.getKey() instanceof String s) {
        bytes += 24 + s.length();
      }
    }
    return bytes;
  }
}
