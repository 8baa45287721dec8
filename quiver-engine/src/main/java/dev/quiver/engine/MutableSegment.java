package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.payload.PayloadIndexes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segment that takes writes: in memory, indexed as points arrive (one concurrent HNSW graph
 * per named vector), searchable at once. Points are only ever appended; deletes and replacements
 * are recorded in {@link #deletedAt}.
 *
 * <p>Per-ordinal arrays grow by copying; the copy holds every element written so far, so a reader
 * that reaches an array through a published view sees all the ordinals that view can see.
 */
final class MutableSegment extends Segment {

  private volatile PointId[] ids;
  private volatile ObjectNode[] payloads;
  private volatile long[] versions;
  private volatile int size;
  final Map<String, HnswIndex> indexes = new LinkedHashMap<>();
  private final PayloadIndexes payloadIndexes = new PayloadIndexes();
  /** Every ordinal of each id, for lookups and scrolls in id order. */
  private final ConcurrentSkipListMap<PointId, int[]> byId = new ConcurrentSkipListMap<>();
  private final int buildThreads;
  /** Set once no more points will be added (the segment is being sealed or was replaced). */
  private volatile boolean frozen;
  /**
   * While a replay batches its index work ({@link #deferIndexing}): per index, the vectors of the
   * ordinals added since the last {@link #flushIndexing}, prepared, in ordinal order; null otherwise.
   */
  private Map<String, List<float[]>> pending;

  MutableSegment(int number, CollectionConfig config, int buildThreads) {
    super(number, config, liveArray(16));
    this.buildThreads = buildThreads;
    this.ids = new PointId[16];
    this.payloads = new ObjectNode[16];
    this.versions = new long[16];
    config.vectors().forEach((name, p) -> indexes.put(name, new HnswIndex(p.dimension(), p.metric(), p.hnsw())));
  }

  /**
   * A segment over points restored from a checkpoint of the previous format: indexes already built,
   * ids and payloads by ordinal, a null payload marking a dead ordinal (deleted as of LSN 0, so no
   * view sees it).
   */
  MutableSegment(int number, CollectionConfig config, int buildThreads, Map<String, HnswIndex> loaded,
      List<PointId> ids, List<ObjectNode> payloadByOrd, long lsn) {
    super(number, config, liveArray(Math.max(16, ids.size())));
    this.buildThreads = buildThreads;
    int n = ids.size();
    this.ids = ids.toArray(new PointId[Math.max(16, n)]);
    this.payloads = payloadByOrd.toArray(new ObjectNode[Math.max(16, n)]);
    this.versions = new long[Math.max(16, n)];
    Arrays.fill(versions, 0, n, lsn);
    indexes.putAll(loaded);
    for (int ord = 0; ord < n; ord++) {
      if (payloads[ord] == null) {
        deletedAt[ord] = 0;
        deletedCount++;
      } else {
        payloadIndexes.add(ord, payloads[ord]);
      }
      addToIdMap(this.ids[ord], ord);
    }
    this.size = n;
  }

  /** A segment over points with their own versions (a merge's output), all live. */
  MutableSegment(int number, CollectionConfig config, int buildThreads, Map<String, HnswIndex> loaded,
      List<PointId> ids, List<ObjectNode> payloadByOrd, long[] versions) {
    this(number, config, buildThreads, loaded, ids, payloadByOrd, 0L);
    System.arraycopy(versions, 0, this.versions, 0, versions.length);
  }

  @Override
  int size() {
    return size;
  }

  @Override
  PointId id(int ord) {
    return ids[ord];
  }

  @Override
  ObjectNode payload(int ord) {
    return payloads[ord];
  }

  @Override
  long version(int ord) {
    return versions[ord];
  }

  @Override
  float[] vector(String name, int ord) {
    HnswIndex index = indexes.get(name);
    int indexed = index.size();
    if (ord >= indexed && pending != null) {
      return pending.get(name).get(ord - indexed);
    }
    return index.vector(ord);
  }

  @Override
  TopHits search(String name, float[] query, int k, int ef, Bits accept, Bits deleted) {
    return indexes.get(name).search(query, k, ef, accept, deleted);
  }

  @Override
  TopHits exactSearch(String name, float[] query, int k, Bits accept, Bits deleted) {
    return indexes.get(name).exactSearch(query, k, accept, deleted);
  }

  @Override
  PayloadIndexes payloadIndexes() {
    return payloadIndexes;
  }

  @Override
  int[] ordsOf(PointId id) {
    int[] ords = byId.get(id);
    return ords == null ? new int[0] : ords;
  }

  @Override
  IdCursor cursor(PointId from) {
    Iterator<Map.Entry<PointId, int[]>> it = (from == null ? byId : byId.tailMap(from, true)).entrySet().iterator();
    return new IdCursor() {
      PointId id;
      int[] ords;
      int i;

      @Override
      public boolean next() {
        while (ords == null || ++i >= ords.length) {
          if (!it.hasNext()) {
            return false;
          }
          Map.Entry<PointId, int[]> e = it.next();
          id = e.getKey();
          ords = e.getValue();
          i = -1;
        }
        return true;
      }

      @Override
      public PointId id() {
        return id;
      }

      @Override
      public int ord() {
        return ords[i];
      }
    };
  }

  @Override
  boolean growing() {
    return !frozen;
  }

  /** No more points will be added: searches may trust exact deletion counts from now on. */
  void freeze() {
    frozen = true;
  }

  /**
   * Appends {@code batch} (ids unique within it) as new ordinals made by the write at {@code lsn}
   * and returns the first one. {@code prepared}: the vectors are already prepared for their metric
   * (copied from a stored version) and are kept bit for bit. Applying thread only; the ordinals
   * become visible with the next view.
   */
  int append(List<Point> batch, long lsn, boolean prepared) {
    if (frozen) {
      throw new IllegalStateException("segment " + number + " is frozen: it takes no more points");
    }
    int base = size;
    int n = batch.size();
    ensureCapacity(base + n);
    for (Map.Entry<String, HnswIndex> e : indexes.entrySet()) {
      HnswIndex index = e.getValue();
      List<float[]> queued = pending == null ? null : pending.get(e.getKey());
      int held = index.size() + (queued == null ? 0 : queued.size());
      if (held != base) {
        throw new IllegalStateException("index '" + e.getKey() + "' of segment " + number + " has " + held
            + " ordinals, expected " + base + ": the collection state is inconsistent");
      }
      float[][] vectors = new float[n][];
      for (int i = 0; i < n; i++) {
        float[] v = batch.get(i).vectors().get(e.getKey());
        dev.quiver.core.index.VectorIndex.checkVector(v, index.dimension());
        vectors[i] = prepared ? v : index.metric().prepare(v);
      }
      if (queued != null) {
        queued.addAll(Arrays.asList(vectors));
      } else {
        // Ordinals are assigned in array order whatever the thread count, so every index agrees.
        index.addAllPrepared(vectors, n >= 256 ? buildThreads : 1);
      }
    }
    PointId[] idArray = ids;
    ObjectNode[] payloadArray = payloads;
    long[] versionArray = versions;
    for (int i = 0; i < n; i++) {
      Point p = batch.get(i);
      int ord = base + i;
      idArray[ord] = p.id();
      payloadArray[ord] = p.payload().deepCopy();
      versionArray[ord] = lsn;
    }
    indexLock.writeLock().lock();
    try {
      for (int i = 0; i < n; i++) {
        payloadIndexes.add(base + i, payloadArray[base + i]);
      }
    } finally {
      indexLock.writeLock().unlock();
    }
    for (int i = 0; i < n; i++) {
      addToIdMap(idArray[base + i], base + i);
    }
    size = base + n;
    return base;
  }

  private void addToIdMap(PointId id, int ord) {
    byId.merge(id, new int[] {ord}, (old, one) -> {
      int[] next = Arrays.copyOf(old, old.length + 1);
      next[old.length] = one[0];
      return next;
    });
  }

  private void ensureCapacity(int needed) {
    int cap = ids.length;
    if (needed <= cap) {
      return;
    }
    int next = Math.max(needed, cap + (cap >> 1));
    // Element writes above happen before the array is swapped in; readers of an older view reach
    // the old array or this copy, both holding everything that view can see.
    ids = Arrays.copyOf(ids, next);
    payloads = Arrays.copyOf(payloads, next);
    versions = Arrays.copyOf(versions, next);
    long[] at = Arrays.copyOf(deletedAt, next);
    Arrays.fill(at, cap, next, LIVE);
    deletedAt = at;
  }

  /**
   * From now until {@link #flushIndexing}, {@link #append} queues the vector index work. Log replay
   * uses it so that the many small batches of a log are indexed as one large batch on the build
   * threads. Ids, ordinals, payloads and payload indexes are exactly as op by op; only the graphs'
   * links can differ, as between any two builds with threads.
   */
  void deferIndexing() {
    if (pending == null) {
      pending = new LinkedHashMap<>();
      indexes.keySet().forEach(name -> pending.put(name, new ArrayList<>()));
    }
  }

  /** Vectors queued by {@link #deferIndexing} for the first index (all indexes queue as many). */
  int pendingVectorCount() {
    return pending == null || pending.isEmpty() ? 0 : pending.values().iterator().next().size();
  }

  /** Adds the queued vectors to their indexes, in ordinal order, and stops deferring. */
  void flushIndexing() {
    if (pending == null) {
      return;
    }
    for (Map.Entry<String, List<float[]>> e : pending.entrySet()) {
      float[][] vectors = e.getValue().toArray(new float[0][]);
      indexes.get(e.getKey()).addAllPrepared(vectors, vectors.length >= 256 ? buildThreads : 1);
    }
    pending = null;
  }

  /** Ordinals below {@code size}, sorted by id (versions of one id in ordinal order). */
  int[] idOrder(int size) {
    int[] out = new int[size];
    int n = 0;
    for (int[] ords : byId.values()) {
      for (int ord : ords) {
        if (ord < size) {
          out[n++] = ord;
        }
      }
    }
    if (n != size) {
      throw new IllegalStateException("segment " + number + ": the id map holds " + n + " of its " + size
          + " ordinals: the collection state is inconsistent");
    }
    return out;
  }

  long ramBytesUsed() {
    long bytes = 256L + size * 48L;
    for (HnswIndex index : indexes.values()) {
      bytes += index.ramBytesUsed();
    }
    return bytes;
  }
}
