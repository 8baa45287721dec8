package dev.quiver.engine.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.text.TextAnalyzer;
import dev.quiver.engine.text.TextIndex;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The payload indexes of one collection, and the candidate sets they give for a filter.
 *
 * <p>An index of type T answers a condition only when nothing but T-typed values can satisfy it:
 * a keyword index answers {@code match} value/any on strings, an integer or float index numeric
 * ranges and {@code match} on numbers, a bool index {@code match} on booleans, a datetime index date
 * ranges, a text index {@code match text} (the documents holding every term). Values of other
 * types in the field are not indexed, and cannot satisfy such a condition, so every answer is exact. Every index, whatever its type, also answers {@code is_null} and
 * {@code is_empty} on its key exactly. Anything else ({@code except}, {@code has_id}, unindexed
 * keys, a {@code match} mixing types, {@code match} on a datetime index, which compares strings
 * while the index holds instants) does not narrow.
 *
 * <p>Combining: {@code must} intersects what its conditions narrow; {@code should} unions only when
 * every alternative narrows (one unknown alternative could match anything); {@code must_not}
 * complements only an exact inner set, against the live ordinals (added and not removed), so dead
 * ordinals never appear. The result is exact only when every condition in the tree was.
 *
 * <p>Thread-safety: not synchronised. The owning collection calls the mutators ({@link #create},
 * {@link #drop}, {@link #add}, {@link #remove}) under its write lock and the readers under its read
 * lock; readers never mutate, so they may run concurrently with each other.
 */
public final class PayloadIndexes {

  private final Map<String, FieldIndex<?>> indexes = new LinkedHashMap<>();
  /** Full-text indexes ({@link PayloadSchemaType#TEXT}): ranked search only, they narrow no filter. */
  private final Map<String, TextIndex> texts = new LinkedHashMap<>();
  /** Ordinals added and not removed (plus those live at {@link #create}): the universe for must_not. */
  private final BitSet live = new BitSet();

  /**
   * Indexes {@code field} as {@code type} over ordinals [0, size). {@code payloadOf} returns null for
   * dead ordinals. The same field and type again is a no-op; another type replaces the index.
   */
  public void create(String field, PayloadSchemaType type, IntFunction<ObjectNode> payloadOf, int size) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("payload index field must be a non-empty key such as \"author.name\", got "
          + (field == null ? "null" : "\"\""));
    }
    if (type == null) {
      throw new IllegalArgumentException("payload index type for '" + field + "' must be one of "
          + List.of(PayloadSchemaType.values()) + ", got null");
    }
    FieldIndex<?> existing = indexes.get(field);
    if ((existing != null && existing.type == type) || (type == PayloadSchemaType.TEXT && texts.containsKey(field))) {
      return;
    }
    if (type == PayloadSchemaType.TEXT) {
      TextIndex text = new TextIndex(field, TextAnalyzer.ENGLISH);
      for (int ord = 0; ord < size; ord++) {
        ObjectNode payload = payloadOf.apply(ord);
        if (payload != null) {
          live.set(ord);
          text.add(ord, payload);
        }
      }
      indexes.remove(field);
      texts.put(field, text);
      return;
    }
    texts.remove(field);
    FieldIndex<?> index = FieldIndex.of(field, type);
    for (int ord = 0; ord < size; ord++) {
      ObjectNode payload = payloadOf.apply(ord);
      if (payload != null) {
        live.set(ord);
        index.add(ord, payload);
      }
    }
    indexes.remove(field); // a replaced type moves to the end, like a fresh create
    indexes.put(field, index);
  }

  public void drop(String field) {
    indexes.remove(field);
    texts.remove(field);
  }

  /**
   * Indexes restored from a file ({@link PayloadIndexFile}): {@code indexes} and {@code texts} in
   * creation order, {@code live} the live ordinals. Takes the maps' contents.
   */
  static PayloadIndexes restore(Map<String, FieldIndex<?>> indexes, Map<String, TextIndex> texts, BitSet live) {
    PayloadIndexes p = new PayloadIndexes();
    p.indexes.putAll(indexes);
    p.texts.putAll(texts);
    p.live.or(live);
    return p;
  }

  /** The value indexes in creation order, read-only (for {@link PayloadIndexFile}). */
  Map<String, FieldIndex<?>> fieldIndexes() {
    return java.util.Collections.unmodifiableMap(indexes);
  }

  /** The full-text indexes in creation order, read-only. */
  Map<String, TextIndex> textIndexes() {
    return java.util.Collections.unmodifiableMap(texts);
  }

  /** Whether {@code ord} is live (added and not removed). */
  boolean isLive(int ord) {
    return live.get(ord);
  }

  /** The full-text index on {@code field}, or null when it has none. */
  public TextIndex text(String field) {
    return texts.get(field);
  }

  /** The fields with a full-text index, in creation order (a copy). */
  public List<String> textFields() {
    return List.copyOf(texts.keySet());
  }

  /** Indexed fields and their types, in creation order (a copy). */
  public Map<String, PayloadSchemaType> schema() {
    Map<String, PayloadSchemaType> schema = new LinkedHashMap<>();
    indexes.forEach((field, index) -> schema.put(field, index.type));
    texts.keySet().forEach(field -> schema.put(field, PayloadSchemaType.TEXT));
    return schema;
  }

  /** Records a new live point at {@code ord}. */
  public void add(int ord, ObjectNode payload) {
    live.set(ord);
    for (FieldIndex<?> index : indexes.values()) {
      index.add(ord, payload);
    }
    for (TextIndex text : texts.values()) {
      text.add(ord, payload);
    }
  }

  /** Forgets the point at {@code ord}; {@code payload} must be the one that was added. */
  public void remove(int ord, ObjectNode payload) {
    live.clear(ord);
    for (FieldIndex<?> index : indexes.values()) {
      index.remove(ord, payload);
    }
    for (TextIndex text : texts.values()) {
      text.remove(ord, payload);
    }
  }

  /** What the indexes can say about {@code filter} over ordinals [0, size). */
  public Candidates candidates(Filter filter, int size) {
    if (indexes.isEmpty() && texts.isEmpty()) {
      // Nothing to narrow with; and the live set is only known to be complete once create() has
      // seen every payload (state restored from a checkpoint does not replay add()).
      return Candidates.unknown();
    }
    Answer a = answer(filter);
    if (a.bits == null) {
      if (!a.exact) {
        return Candidates.unknown();
      }
      a = new Answer(liveCopy(), true);
    }
    FixedBitSet bits = new FixedBitSet(size);
    int count = 0;
    for (int ord = a.bits.nextSetBit(0); ord >= 0 && ord < size; ord = a.bits.nextSetBit(ord + 1)) {
      bits.set(ord);
      count++;
    }
    return new Candidates(bits, a.exact, count);
  }

  public long ramBytesUsed() {
    long bytes = 64 + live.size() / 8;
    for (FieldIndex<?> index : indexes.values()) {
      bytes += index.ramBytesUsed();
    }
    for (TextIndex text : texts.values()) {
      bytes += text.ramBytesUsed();
    }
    return bytes;
  }

  /**
   * bits null means "does not narrow": with exact, the condition holds for every live point;
   * without, nothing is known. Otherwise bits ⊇ the matches, equal when exact.
   */
  private record Answer(BitSet bits, boolean exact) {
    static final Answer UNKNOWN = new Answer(null, false);
    static final Answer ALL = new Answer(null, true);
  }

  private Answer answer(Filter filter) {
    return switch (filter) {
      case Filter.Bool b -> bool(b);
      case Filter.Match m -> any(m.key(), List.of(m.value()));
      case Filter.MatchAny m -> any(m.key(), m.values());
      case Filter.Range r -> {
        FieldIndex<?> index = indexes.get(r.key());
        if (index == null || !(index.type == PayloadSchemaType.INTEGER || index.type == PayloadSchemaType.FLOAT)) {
          yield Answer.UNKNOWN;
        }
        @SuppressWarnings("unchecked")
        FieldIndex<Double> numbers = (FieldIndex<Double>) index;
        yield range(numbers, norm(r.gt()), norm(r.gte()), norm(r.lt()), norm(r.lte()));
      }
      case Filter.DateRange r -> {
        FieldIndex<?> index = indexes.get(r.key());
        if (index == null || index.type != PayloadSchemaType.DATETIME) {
          yield Answer.UNKNOWN;
        }
        @SuppressWarnings("unchecked")
        FieldIndex<Long> dates = (FieldIndex<Long>) index;
        yield range(dates, r.gt(), r.gte(), r.lt(), r.lte());
      }
      case Filter.IsNull n -> {
        FieldIndex<?> index = indexes.get(n.key());
        if (index == null) {
          yield Answer.UNKNOWN;
        }
        BitSet out = new BitSet();
        index.nulls(out);
        yield new Answer(out, true);
      }
      case Filter.IsEmpty n -> {
        FieldIndex<?> index = indexes.get(n.key());
        if (index == null) {
          yield Answer.UNKNOWN;
        }
        BitSet nonEmpty = new BitSet();
        index.nonEmpty(nonEmpty);
        BitSet out = liveCopy();
        out.andNot(nonEmpty);
        yield new Answer(out, true);
      }
      // except matches points with no value at all, which a value index does not list; and ids
      // are the collection's business, not the payload's.
      case Filter.MatchExcept m -> Answer.UNKNOWN;
      case Filter.MatchText m -> {
        TextIndex text = texts.get(m.key());
        if (text == null) {
          yield Answer.UNKNOWN;
        }
        BitSet out = new BitSet();
        text.matchAll(m.text(), out);
        yield new Answer(out, true);
      }
      case Filter.HasId h -> Answer.UNKNOWN;
    };
  }

  private static Double norm(Double d) {
    return d == null ? null : d + 0.0;
  }

  private Answer bool(Filter.Bool b) {
    BitSet bits = null;
    boolean exact = true;
    for (Filter f : b.must()) {
      Answer a = answer(f);
      exact &= a.exact;
      bits = intersect(bits, a.bits);
    }
    if (!b.should().isEmpty()) {
      BitSet union = new BitSet();
      boolean unionExact = true;
      boolean narrows = true;
      boolean all = false;
      for (Filter f : b.should()) {
        Answer a = answer(f);
        unionExact &= a.exact;
        if (a.bits == null) {
          narrows = false; // unknown: could match anything; ALL: matches every live point
          all |= a.exact;
        } else {
          union.or(a.bits);
        }
      }
      exact &= unionExact || all;
      if (narrows) {
        bits = intersect(bits, union);
      }
    }
    for (Filter f : b.mustNot()) {
      Answer a = answer(f);
      if (!a.exact) {
        exact = false; // a superset of what to exclude cannot be subtracted
        continue;
      }
      BitSet rest = liveCopy();
      if (a.bits == null) {
        rest.clear(); // excludes every live point
      } else {
        rest.andNot(a.bits);
      }
      bits = intersect(bits, rest);
    }
    return new Answer(bits, exact);
  }

  /** {@code match value} / {@code match any}: exact when one index holds every kind of value asked for. */
  private Answer any(String key, List<JsonNode> values) {
    if (values.isEmpty()) {
      return new Answer(new BitSet(), true); // matches nothing
    }
    FieldIndex<?> index = indexes.get(key);
    if (index == null) {
      return Answer.UNKNOWN;
    }
    if (index.type == PayloadSchemaType.DATETIME) {
      // match compares strings exactly; the index holds instants ("2024-01-01" == "2024-01-01T00:00Z")
      return Answer.UNKNOWN;
    }
    BitSet out = new BitSet();
    for (JsonNode v : values) {
      if (!equal(index, v, out)) {
        return Answer.UNKNOWN;
      }
    }
    return new Answer(out, true);
  }

  private static <K extends Comparable<K>> boolean equal(FieldIndex<K> index, JsonNode value, BitSet out) {
    K key = index.key(value);
    if (key == null) {
      return false;
    }
    index.equal(key, out);
    return true;
  }

  private static <K extends Comparable<K>> Answer range(FieldIndex<K> index, K gt, K gte, K lt, K lte) {
    // The tighter of gt/gte is the lower bound (exclusive on a tie); likewise for the upper bound.
    K lo = gte;
    boolean loInclusive = true;
    if (gt != null && (lo == null || gt.compareTo(lo) >= 0)) {
      lo = gt;
      loInclusive = false;
    }
    K hi = lte;
    boolean hiInclusive = true;
    if (lt != null && (hi == null || lt.compareTo(hi) <= 0)) {
      hi = lt;
      hiInclusive = false;
    }
    BitSet out = new BitSet();
    index.range(lo, loInclusive, hi, hiInclusive, out);
    return new Answer(out, true);
  }

  private BitSet liveCopy() {
    return (BitSet) live.clone();
  }

  private static BitSet intersect(BitSet acc, BitSet next) {
    if (next == null) {
      return acc;
    }
    if (acc == null) {
      return (BitSet) next.clone();
    }
    acc.and(next);
    return acc;
  }
}
