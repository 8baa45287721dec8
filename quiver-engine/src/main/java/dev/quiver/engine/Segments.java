package dev.quiver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.segment.IdLocations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write side of a collection's segments: the segment list, the id map (id → segment and
 * ordinal of its live version) and the payload index schema. {@link #apply} is the single place
 * writes take effect, used both live and when replaying the log, so recovery cannot diverge from
 * normal operation; {@link #view} makes what was applied visible.
 *
 * <p>Concurrency: used by one thread at a time, the collection's applying thread (writes are
 * applied one by one in log order); readers only ever see the {@link SegmentView}s it publishes.
 */
final class Segments {

  final CollectionConfig config;
  private final int buildThreads;
  /** Every segment, oldest first; the last is {@link #mutable}. */
  private final List<Segment> all = new ArrayList<>();
  private final Map<Integer, Segment> byNumber = new HashMap<>();
  private MutableSegment mutable;
  final IdLocations ids = new IdLocations();
  private final Map<String, PayloadSchemaType> schema = new LinkedHashMap<>();
  private int nextSegment;

  Segments(CollectionConfig config, int buildThreads) {
    this.config = config;
    this.buildThreads = buildThreads;
    startMutable();
  }

  /** Segments restored from a checkpoint of the previous format: one segment holding it all. */
  static Segments restored(CollectionConfig config, int buildThreads, MutableSegment restored,
      Map<String, PayloadSchemaType> schema) {
    Segments s = new Segments(config, buildThreads, restored);
    for (int ord = 0; ord < restored.size(); ord++) {
      if (restored.deletedAt[ord] == Segment.LIVE) {
        s.ids.put(restored.id(ord), IdLocations.location(restored.number, ord));
      }
    }
    schema.forEach((field, type) -> s.apply(new Op.CreatePayloadIndex(field, type), 0));
    return s;
  }

  private Segments(CollectionConfig config, int buildThreads, MutableSegment first) {
    this.config = config;
    this.buildThreads = buildThreads;
    this.nextSegment = first.number + 1;
    add(first);
    this.mutable = first;
  }

  /**
   * The sealed segments a manifest names (oldest first) and a fresh mutable segment numbered
   * {@code nextSegment}: the id map is rebuilt from the segments' ids (no payload is read); when
   * two segments hold a live version of one id (which a consistent folder never has), the newer
   * version wins and the older is counted deleted.
   */
  static Segments fromManifest(CollectionConfig config, int buildThreads, List<SealedSegment> sealed,
      int nextSegment, Map<String, PayloadSchemaType> schema) {
    Segments s = new Segments(config, buildThreads, nextSegment, schema);
    for (SealedSegment seg : sealed) {
      s.add(seg);
      long[] at = seg.deletedAt;
      for (int ord = 0; ord < seg.size(); ord++) {
        if (at[ord] != Segment.LIVE) {
          continue;
        }
        long loc = IdLocations.location(seg.number, ord);
        long prev = s.ids.put(seg.id(ord), loc);
        if (prev != IdLocations.ABSENT) {
          Segment other = s.byNumber.get(IdLocations.segmentOf(prev));
          int otherOrd = IdLocations.ordOf(prev);
          if (other.version(otherOrd) > seg.version(ord)) {
            s.ids.put(seg.id(ord), prev);
            seg.markDeleted(ord, 0);
          } else {
            other.markDeleted(otherOrd, 0);
          }
        }
      }
    }
    s.startMutable();
    return s;
  }

  private Segments(CollectionConfig config, int buildThreads, int nextSegment, Map<String, PayloadSchemaType> schema) {
    this.config = config;
    this.buildThreads = buildThreads;
    this.nextSegment = nextSegment;
    this.schema.putAll(schema);
  }

  /**
   * Freezes the mutable segment (it takes no more points; deletes still reach it) and starts a
   * fresh one, which takes every later write. Returns the frozen one, to be sealed.
   */
  MutableSegment freezeAndRoll() {
    MutableSegment frozen = mutable;
    frozen.freeze();
    startMutable();
    return frozen;
  }

  /**
   * Puts {@code sealed}, the sealed copy of {@code frozen} as of {@code asOfLsn}, in its place (or
   * drops {@code frozen} when {@code sealed} is null: it held nothing). Same number and ordinals, so
   * the id map stays right; the deletes that reached {@code frozen} after {@code asOfLsn} are carried
   * over, and payload indexes created or dropped meanwhile are created or dropped on it.
   */
  void replaceFrozen(MutableSegment frozen, SealedSegment sealed, long asOfLsn) {
    int at = all.indexOf(frozen);
    if (at < 0) {
      throw new IllegalStateException("segment " + frozen.number + " is not in the collection");
    }
    if (sealed == null) {
      if (frozen.size() != 0) {
        throw new IllegalStateException("segment " + frozen.number + " holds " + frozen.size() + " points");
      }
      all.remove(at);
      byNumber.remove(frozen.number);
      return;
    }
    long[] was = frozen.deletedAt;
    for (int ord = 0; ord < sealed.size(); ord++) {
      long lsn = was[ord];
      if (lsn == Segment.LIVE || sealed.deletedAt[ord] != Segment.LIVE) {
        continue;
      }
      sealed.markDeleted(ord, lsn);
      if (lsn > asOfLsn) { // still in the sealed indexes, which hold the points live as of asOfLsn
        ObjectNode payload = sealed.payload(ord);
        if (payload != null) {
          sealed.payloadIndexes().remove(ord, payload);
        }
      }
    }
    reconcileSchema(sealed);
    all.set(at, sealed);
    byNumber.put(sealed.number, sealed);
  }

  /** Creates or drops the payload indexes a segment written earlier lacks or has beyond the schema. */
  private void reconcileSchema(SealedSegment sealed) {
    Map<String, PayloadSchemaType> have = sealed.payloadIndexes().schema();
    for (Map.Entry<String, PayloadSchemaType> e : schema.entrySet()) {
      if (have.get(e.getKey()) != e.getValue()) {
        sealed.payloadIndexes().create(e.getKey(), e.getValue(),
            ord -> sealed.deletedAt[ord] == Segment.LIVE ? sealed.payload(ord) : null, sealed.size());
      }
    }
    for (String field : have.keySet()) {
      if (!schema.containsKey(field)) {
        sealed.payloadIndexes().drop(field);
      }
    }
  }

  /** Whether every one of {@code inputs} is still a segment of this collection. */
  boolean holdsAll(List<SealedSegment> inputs) {
    for (SealedSegment s : inputs) {
      if (byNumber.get(s.number) != s) {
        return false;
      }
    }
    return true;
  }

  /** A segment number for a merge's output (numbers are never reused). */
  int reserveNumber() {
    return nextSegment++;
  }

  /**
   * Puts {@code merged} in the place of {@code inputs} (it holds their points live as of {@code
   * asOf}, renumbered by {@code newOrds}): the deletes that reached the inputs after {@code asOf}
   * are carried over, and the id map points the ids still at an input to the merged segment.
   */
  void replaceMerged(List<SealedSegment> inputs, SealedSegment merged, int[][] newOrds, long asOf) {
    for (int i = 0; i < inputs.size(); i++) {
      SealedSegment in = inputs.get(i);
      long[] at = in.deletedAt;
      int[] map = newOrds[i];
      for (int ord = 0; ord < map.length; ord++) {
        int n = map[ord];
        if (n < 0) {
          continue;
        }
        if (at[ord] != Segment.LIVE) { // deleted after asOf, while the merge ran
          merged.markDeleted(n, at[ord]);
          ObjectNode payload = merged.payload(n);
          if (payload != null) {
            merged.payloadIndexes().remove(n, payload);
          }
          continue;
        }
        PointId id = in.id(ord);
        if (ids.get(id) == IdLocations.location(in.number, ord)) {
          ids.put(id, IdLocations.location(merged.number, n));
        }
      }
    }
    reconcileSchema(merged);
    int first = all.indexOf(inputs.get(0));
    for (SealedSegment in : inputs) {
      first = Math.min(first, all.indexOf(in));
    }
    all.add(first, merged);
    for (SealedSegment in : inputs) {
      all.remove(in);
      byNumber.remove(in.number);
    }
    byNumber.put(merged.number, merged);
  }

  /** Drops {@code inputs} whose points were all deleted as of a merge that found nothing to keep. */
  void dropEmpty(List<SealedSegment> inputs) {
    for (SealedSegment in : inputs) {
      long[] at = in.deletedAt;
      for (int ord = 0; ord < in.size(); ord++) {
        if (at[ord] == Segment.LIVE) {
          throw new IllegalStateException("segment " + in.number + " still has live point " + in.id(ord));
        }
      }
      all.remove(in);
      byNumber.remove(in.number);
    }
  }

  /** The frozen in-memory segments (waiting to be sealed), oldest first. */
  List<MutableSegment> frozen() {
    List<MutableSegment> out = new ArrayList<>();
    for (Segment s : all) {
      if (s instanceof MutableSegment m && !m.growing()) {
        out.add(m);
      }
    }
    return out;
  }

  /** The sealed segments, oldest first. */
  List<SealedSegment> sealed() {
    List<SealedSegment> out = new ArrayList<>();
    for (Segment s : all) {
      if (s instanceof SealedSegment sealed) {
        out.add(sealed);
      }
    }
    return out;
  }

  int nextSegment() {
    return nextSegment;
  }

  private void startMutable() {
    mutable = new MutableSegment(nextSegment++, config, buildThreads);
    add(mutable);
  }

  private void add(Segment s) {
    all.add(s);
    byNumber.put(s.number, s);
  }

  MutableSegment mutable() {
    return mutable;
  }

  List<Segment> all() {
    return List.copyOf(all);
  }

  Map<String, PayloadSchemaType> schema() {
    return new LinkedHashMap<>(schema);
  }

  long liveCount() {
    return ids.size();
  }

  /** The view of everything applied so far, as of {@code lsn}. */
  SegmentView view(long lsn) {
    List<SegmentView.Part> parts = new ArrayList<>(all.size());
    for (Segment s : all) {
      parts.add(new SegmentView.Part(s, s.size(), s.deletedCount, lsn));
    }
    return new SegmentView(lsn, parts, schema);
  }

  /** Applies {@code op}, logged at {@code lsn}. */
  void apply(Op op, long lsn) {
    switch (op) {
      case Op.Upsert u -> upsert(u.points(), lsn);
      case Op.Delete d -> {
        for (PointId id : d.ids()) {
          long loc = ids.remove(id);
          if (loc != IdLocations.ABSENT) {
            kill(loc, lsn);
          }
        }
      }
      case Op.SetPayload s -> rewritePayloads(s.ids(), lsn, old -> s.overwrite() ? s.payload().deepCopy()
          : old.deepCopy().setAll(s.payload().deepCopy()));
      case Op.DeletePayloadKeys k -> rewritePayloads(k.ids(), lsn, old -> {
        ObjectNode next = old.deepCopy();
        for (String key : k.keys()) {
          removePath(next, key);
        }
        return next;
      });
      case Op.CreatePayloadIndex c -> {
        if (schema.get(c.field()) != c.type()) {
          schema.remove(c.field()); // a replaced type moves to the end, like a fresh create
          schema.put(c.field(), c.type());
        }
        for (Segment s : all) {
          s.indexLock.writeLock().lock();
          try {
            s.payloadIndexes().create(c.field(), c.type(), ord -> s.deletedAt[ord] == Segment.LIVE
                ? s.payload(ord) : null, s.size());
          } finally {
            s.indexLock.writeLock().unlock();
          }
        }
      }
      case Op.DropPayloadIndex d -> {
        schema.remove(d.field());
        for (Segment s : all) {
          s.indexLock.writeLock().lock();
          try {
            s.payloadIndexes().drop(d.field());
          } finally {
            s.indexLock.writeLock().unlock();
          }
        }
      }
    }
  }

  private void upsert(List<Point> points, long lsn) {
    upsert(points, lsn, false);
  }

  private void upsert(List<Point> points, long lsn, boolean prepared) {
    // Last write wins inside a batch, as if the points had been upserted one by one.
    LinkedHashMap<PointId, Point> unique = new LinkedHashMap<>();
    for (Point p : points) {
      unique.remove(p.id());
      unique.put(p.id(), p);
    }
    for (PointId id : unique.keySet()) {
      long old = ids.get(id);
      if (old != IdLocations.ABSENT) {
        kill(old, lsn);
      }
    }
    List<Point> batch = new ArrayList<>(unique.values());
    int base = mutable.append(batch, lsn, prepared);
    for (int i = 0; i < batch.size(); i++) {
      ids.put(batch.get(i).id(), IdLocations.location(mutable.number, base + i));
    }
  }

  /**
   * A payload change makes a new version of each point in the mutable segment (same vectors, new
   * payload) and deletes the old one: no segment is changed in place.
   */
  private void rewritePayloads(List<PointId> targets, long lsn, java.util.function.UnaryOperator<ObjectNode> change) {
    LinkedHashMap<PointId, Point> next = new LinkedHashMap<>();
    for (PointId id : targets) {
      if (next.containsKey(id)) {
        continue; // the same change twice is the change once
      }
      long loc = ids.get(id);
      if (loc == IdLocations.ABSENT) {
        continue;
      }
      Segment s = byNumber.get(IdLocations.segmentOf(loc));
      int ord = IdLocations.ordOf(loc);
      Map<String, float[]> vectors = new LinkedHashMap<>();
      for (String name : config.vectors().keySet()) {
        vectors.put(name, s.vector(name, ord));
      }
      next.put(id, new Point(id, vectors, change.apply(s.payload(ord))));
    }
    if (!next.isEmpty()) {
      upsert(new ArrayList<>(next.values()), lsn, true);
    }
  }

  /**
   * Marks a version deleted and takes it out of its segment's payload and text indexes, so their
   * statistics (BM25 document counts and lengths, the live set of a must_not) count live points
   * only, as an index built from scratch would.
   */
  private void kill(long loc, long lsn) {
    Segment s = byNumber.get(IdLocations.segmentOf(loc));
    int ord = IdLocations.ordOf(loc);
    s.markDeleted(ord, lsn);
    ObjectNode payload = s.payload(ord);
    if (payload != null) {
      s.indexLock.writeLock().lock();
      try {
        s.payloadIndexes().remove(ord, payload);
      } finally {
        s.indexLock.writeLock().unlock();
      }
    }
  }

  /** Removes a top-level key or a dotted path ({@code author.name}); missing paths are ignored. */
  static void removePath(ObjectNode root, String path) {
    if (root.has(path)) {
      root.remove(path);
      return;
    }
    String[] parts = path.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1 && node != null; i++) {
      node = node.get(parts[i]);
    }
    if (node instanceof ObjectNode parent) {
      parent.remove(parts[parts.length - 1]);
    }
  }

  /** Dead versions held (replaced or deleted points not yet reclaimed). */
  long deletedVectors() {
    long n = 0;
    for (Segment s : all) {
      n += s.deletedCount;
    }
    return n;
  }

  /** Ordinals held by all segments. */
  long ordinals() {
    long n = 0;
    for (Segment s : all) {
      n += s.size();
    }
    return n;
  }
}
