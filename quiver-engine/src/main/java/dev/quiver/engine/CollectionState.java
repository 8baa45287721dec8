package dev.quiver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.engine.payload.PayloadIndexes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory state of a collection: ids, payloads and one HNSW index per named vector, all
 * addressed by the same internal ordinal. A point version gets a new ordinal when it is upserted;
 * the ordinal of a replaced or deleted version is tombstoned in every index and its payload freed.
 *
 * <p>Concurrency: owned by {@link EmbeddedCollection}, which mutates it only under its write lock
 * and reads it under its read lock. {@link #apply} is the single place writes take effect, used
 * both live and when replaying the log, so recovery cannot diverge from normal operation.
 */
final class CollectionState {

  final CollectionConfig config;
  /** Live ids, sorted: the scroll order. */
  final TreeMap<PointId, Integer> idToOrd = new TreeMap<>();
  /** Id of every ordinal ever assigned (dead ones included, until compaction). */
  final ArrayList<PointId> ordToId = new ArrayList<>();
  /** Payload by ordinal; null for a dead ordinal. */
  final ArrayList<ObjectNode> payloads = new ArrayList<>();
  final Map<String, HnswIndex> indexes = new LinkedHashMap<>();
  final PayloadIndexes payloadIndexes = new PayloadIndexes();
  /** Threads used to index large batches. */
  private final int buildThreads;
  /**
   * While a replay batches its index work ({@link #deferIndexing}): per index, the vectors of the
   * ordinals assigned since the last {@link #flushIndexing}, in ordinal order; null otherwise.
   */
  private Map<String, List<float[]>> pendingVectors;
  /** Ordinals killed since the last flush, tombstoned in every index once the pending vectors are in. */
  private int[] pendingKills = new int[64];
  private int pendingKillCount;

  CollectionState(CollectionConfig config, int buildThreads) {
    this.config = config;
    this.buildThreads = buildThreads;
    config.vectors().forEach((name, p) -> indexes.put(name, new HnswIndex(p.dimension(), p.metric(), p.hnsw())));
  }

  /** State restored from a checkpoint: indexes already built, ids and payloads by ordinal. */
  CollectionState(CollectionConfig config, int buildThreads, Map<String, HnswIndex> loaded,
      List<PointId> ids, List<ObjectNode> payloadByOrd) {
    this.config = config;
    this.buildThreads = buildThreads;
    indexes.putAll(loaded);
    ordToId.addAll(ids);
    payloads.addAll(payloadByOrd);
    for (int ord = 0; ord < ids.size(); ord++) {
      if (payloadByOrd.get(ord) != null) {
        idToOrd.put(ids.get(ord), ord);
        payloadIndexes.add(ord, payloadByOrd.get(ord));
      }
    }
  }

  int size() {
    return ordToId.size();
  }

  /**
   * From now until {@link #flushIndexing}, {@link #apply} does everything but the vector index
   * work, which it queues: the vectors of new ordinals, and the tombstones of replaced and deleted
   * ones. Log replay uses it so that the many small batches of a log are indexed as one large
   * batch on {@code buildThreads} threads. Ids, ordinals, payloads and payload indexes change
   * exactly as they would op by op; only the graphs' links can differ, as between any two builds
   * with threads.
   */
  void deferIndexing() {
    if (pendingVectors == null) {
      pendingVectors = new LinkedHashMap<>();
      indexes.keySet().forEach(name -> pendingVectors.put(name, new ArrayList<>()));
    }
  }

  /** Vectors queued by {@link #deferIndexing} for the first index (all indexes queue as many). */
  int pendingVectorCount() {
    return pendingVectors == null || pendingVectors.isEmpty() ? 0 : pendingVectors.values().iterator().next().size();
  }

  /**
   * Adds the queued vectors to their indexes (in ordinal order, on {@code buildThreads} threads),
   * then applies the queued tombstones, and stops deferring: the state is then the same as if
   * every op had been applied on its own.
   */
  void flushIndexing() {
    if (pendingVectors == null) {
      return;
    }
    for (Map.Entry<String, List<float[]>> e : pendingVectors.entrySet()) {
      float[][] vectors = e.getValue().toArray(new float[0][]);
      indexes.get(e.getKey()).addAll(vectors, vectors.length >= 256 ? buildThreads : 1);
    }
    pendingVectors = null;
    // A tombstone may name an ordinal added just above: an upsert then a delete in the same run.
    for (int i = 0; i < pendingKillCount; i++) {
      for (HnswIndex index : indexes.values()) {
        index.delete(pendingKills[i]);
      }
    }
    pendingKillCount = 0;
  }

  ObjectNode payload(int ord) {
    return ord < payloads.size() ? payloads.get(ord) : null;
  }

  void apply(Op op) {
    switch (op) {
      case Op.Upsert u -> upsert(u.points());
      case Op.Delete d -> {
        for (PointId id : d.ids()) {
          Integer ord = idToOrd.remove(id);
          if (ord != null) {
            kill(ord);
          }
        }
      }
      case Op.SetPayload s -> {
        for (PointId id : s.ids()) {
          Integer ord = idToOrd.get(id);
          if (ord != null) {
            ObjectNode old = payloads.get(ord);
            ObjectNode next = s.overwrite() ? s.payload().deepCopy() : old.deepCopy().setAll(s.payload().deepCopy());
            replacePayload(ord, old, next);
          }
        }
      }
      case Op.DeletePayloadKeys k -> {
        for (PointId id : k.ids()) {
          Integer ord = idToOrd.get(id);
          if (ord != null) {
            ObjectNode old = payloads.get(ord);
            ObjectNode next = old.deepCopy();
            for (String key : k.keys()) {
              removePath(next, key);
            }
            replacePayload(ord, old, next);
          }
        }
      }
      case Op.CreatePayloadIndex c -> payloadIndexes.create(c.field(), c.type(), this::payload, size());
      case Op.DropPayloadIndex d -> payloadIndexes.drop(d.field());
    }
  }

  private void upsert(List<Point> points) {
    // Last write wins inside a batch, as if the points had been upserted one by one.
    LinkedHashMap<PointId, Point> unique = new LinkedHashMap<>();
    for (Point p : points) {
      unique.remove(p.id());
      unique.put(p.id(), p);
    }
    for (PointId id : unique.keySet()) {
      Integer old = idToOrd.remove(id);
      if (old != null) {
        kill(old);
      }
    }
    int base = size();
    List<Point> batch = new ArrayList<>(unique.values());
    for (Map.Entry<String, HnswIndex> e : indexes.entrySet()) {
      HnswIndex index = e.getValue();
      List<float[]> pending = pendingVectors == null ? null : pendingVectors.get(e.getKey());
      int held = index.size() + (pending == null ? 0 : pending.size());
      if (held != base) {
        throw new IllegalStateException("index '" + e.getKey() + "' has " + held
            + " ordinals, expected " + base + ": the collection state is inconsistent");
      }
      float[][] vectors = new float[batch.size()][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = batch.get(i).vectors().get(e.getKey());
      }
      if (pending != null) {
        pending.addAll(java.util.Arrays.asList(vectors));
        continue;
      }
      // Ordinals are assigned in array order whatever the thread count, so every index agrees.
      index.addAll(vectors, vectors.length >= 256 ? buildThreads : 1);
    }
    for (int i = 0; i < batch.size(); i++) {
      Point p = batch.get(i);
      int ord = base + i;
      ordToId.add(p.id());
      ObjectNode payload = p.payload().deepCopy();
      payloads.add(payload);
      idToOrd.put(p.id(), ord);
      payloadIndexes.add(ord, payload);
    }
  }

  private void kill(int ord) {
    if (pendingVectors != null) {
      if (pendingKillCount == pendingKills.length) {
        pendingKills = java.util.Arrays.copyOf(pendingKills, pendingKillCount * 2);
      }
      pendingKills[pendingKillCount++] = ord;
    } else {
      for (HnswIndex index : indexes.values()) {
        index.delete(ord);
      }
    }
    ObjectNode payload = payloads.get(ord);
    if (payload != null) {
      payloadIndexes.remove(ord, payload);
      payloads.set(ord, null);
    }
  }

  private void replacePayload(int ord, ObjectNode old, ObjectNode next) {
    payloadIndexes.remove(ord, old);
    payloads.set(ord, next);
    payloadIndexes.add(ord, next);
  }

  /** Removes a top-level key or a dotted path ({@code author.name}); missing paths are ignored. */
  private static void removePath(ObjectNode root, String path) {
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

  /** Whether the live point at {@code ord} matches {@code filter} (false for a dead ordinal). */
  boolean matches(dev.quiver.engine.filter.Filter filter, int ord) {
    ObjectNode payload = payload(ord);
    if (payload == null) {
      return false;
    }
    PointId id = ordToId.get(ord);
    return dev.quiver.engine.filter.FilterEvaluator.matches(filter, ids -> {
      for (JsonNode j : ids) {
        if (j.isIntegralNumber() && id instanceof PointId.Num n && j.asLong() == n.value()) {
          return true;
        }
        if (j.isTextual()) {
          try {
            if (PointId.parse(j.asText()).equals(id)) {
              return true;
            }
          } catch (IllegalArgumentException e) {
            // not an id: cannot be this point's
          }
        }
      }
      return false;
    }, payload);
  }

  long deletedVectors() {
    return size() - idToOrd.size();
  }

  /**
   * The live points as they are now, in ordinal order: ids, payloads, each named vector's stored
   * (prepared) vectors, and the payload index schema. Taken under the read lock; everything in it
   * is immutable (payloads are replaced, never mutated, by later writes), so it may be used after.
   */
  record Live(List<PointId> ids, List<ObjectNode> payloads, Map<String, float[][]> vectors,
      Map<String, dev.quiver.engine.payload.PayloadSchemaType> schema) {}

  Live live() {
    int n = idToOrd.size();
    List<PointId> ids = new ArrayList<>(n);
    List<ObjectNode> live = new ArrayList<>(n);
    Map<String, float[][]> vectors = new LinkedHashMap<>();
    indexes.keySet().forEach(name -> vectors.put(name, new float[n][]));
    for (int ord = 0; ord < size(); ord++) {
      ObjectNode payload = payloads.get(ord);
      if (payload == null) {
        continue; // dead
      }
      if (ids.size() == n) {
        throw new IllegalStateException("more live ordinals than the " + n + " live ids: the collection"
            + " state is inconsistent");
      }
      for (Map.Entry<String, HnswIndex> e : indexes.entrySet()) {
        vectors.get(e.getKey())[ids.size()] = e.getValue().vector(ord);
      }
      ids.add(ordToId.get(ord));
      live.add(payload);
    }
    if (ids.size() != n) {
      throw new IllegalStateException(ids.size() + " live ordinals for " + n + " live ids: the collection"
          + " state is inconsistent");
    }
    return new Live(ids, live, vectors, new LinkedHashMap<>(payloadIndexes.schema()));
  }

  /**
   * A new state holding just {@code live}, renumbered 0..n-1: every HNSW index built afresh from
   * the stored vectors (on {@code buildThreads} threads), payload and text indexes rebuilt, the
   * schema kept. Reads only this state's immutable configuration, so it needs no lock: writers
   * and searches go on with this state meanwhile.
   */
  CollectionState rebuilt(Live live) {
    Map<String, HnswIndex> rebuilt = new LinkedHashMap<>();
    config.vectors().forEach((name, p) -> rebuilt.put(name,
        HnswIndex.ofPrepared(p.dimension(), p.metric(), p.hnsw(), live.vectors().get(name), buildThreads)));
    CollectionState out = new CollectionState(config, buildThreads, rebuilt, live.ids(), live.payloads());
    live.schema().forEach((field, type) -> out.apply(new Op.CreatePayloadIndex(field, type)));
    return out;
  }
}
