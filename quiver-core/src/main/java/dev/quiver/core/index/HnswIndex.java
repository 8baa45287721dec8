package dev.quiver.core.index;

import dev.quiver.core.index.HnswGraph.Entry;
import dev.quiver.core.index.HnswGraph.NeighborArray;
import dev.quiver.core.index.HnswGraph.Node;
import dev.quiver.core.vector.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Approximate nearest-neighbour search over a Hierarchical Navigable Small World graph (Malkov and
 * Yashunin, "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable
 * Small World graphs", 2018). See {@link HnswConfig} for the parameters.
 *
 * <p>Glossary: <em>ord</em>, the dense integer id of a vector in this index; <em>level</em>, a layer
 * of the graph (0 holds every node, each higher one about {@code 1/m} of the one below);
 * <em>entry point</em>, the node on the top level where every search starts; <em>ef</em>, the size
 * of the dynamic candidate list of a layer search.
 *
 * <p>What it does beyond the textbook:
 * <ul>
 *   <li>Neighbours are chosen with the paper's heuristic (Algorithm 4): a candidate is kept only if
 *       it is closer to the node than to every neighbour already kept, which keeps long links
 *       between clusters that nearest-M selection would drop.
 *   <li>Inserts run concurrently from many threads (per-node locks, copy-on-write neighbour lists,
 *       see {@link HnswGraph}); searches run beside them without locks.
 *   <li>Deletes are tombstones: the node keeps routing searches but never appears in results;
 *       {@link #compact} rebuilds without them to reclaim the space.
 *   <li>Filtered search walks the graph with the filter applied to results only (rejected nodes
 *       still route), bounded by the filter's cardinality; when the walk would cost more than
 *       scoring the accepted ordinals directly, or cannot fill {@code k}, it scores them exactly. A
 *       search therefore returns {@code k} results whenever {@code k} live ordinals are accepted.
 * </ul>
 *
 * <p>Concurrency: {@link #add}, {@link #addAll}, {@link #delete} and {@link #search} may be called
 * from any threads at once. {@link #save} and {@link #compact} take the structure lock exclusively,
 * so they wait for running inserts and block new ones, but never block searches.
 */
public final class HnswIndex implements VectorIndex {

  private static final int MAX_LEVEL = 30;

  private final int dimension;
  private final Metric metric;
  private final HnswConfig config;
  private final double levelMultiplier;
  final OnHeapVectors vectors;
  /** The only way graph code compares vectors; built over {@link #vectors} for the metric. */
  private final ScorerSupplier scorers;
  final HnswGraph graph = new HnswGraph();
  final DeletedOrds deleted = new DeletedOrds();
  private final AtomicInteger nextOrd = new AtomicInteger();
  /** Guards replacing the graph's entry point. */
  private final Object entryLock = new Object();
  /** Shared by inserts, exclusive for save and compact. */
  private final ReentrantReadWriteLock structureLock = new ReentrantReadWriteLock();
  private final ThreadLocal<SearchState> searchState;

  public HnswIndex(int dimension, Metric metric, HnswConfig config) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.metric = metric;
    this.config = config;
    this.levelMultiplier = 1.0 / Math.log(config.m());
    this.vectors = new OnHeapVectors(dimension);
    this.scorers = vectors.scorerSupplier(metric);
    int maxConnections = config.maxConnections(0);
    this.searchState = ThreadLocal.withInitial(() -> {
      SearchState state = new SearchState();
      state.ensureNeighbors(maxConnections);
      return state;
    });
  }

  /** The stored vectors (prepared for the metric), for writers and merges. */
  VectorValues vectorValues() {
    return vectors;
  }

  public HnswConfig config() {
    return config;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int size() {
    return nextOrd.get();
  }

  @Override
  public int liveCount() {
    return nextOrd.get() - deleted.cardinality();
  }

  @Override
  public float[] vector(int ord) {
    checkOrd(ord);
    return vectors.vector(ord);
  }

  @Override
  public boolean isDeleted(int ord) {
    return deleted.get(ord);
  }

  @Override
  public void delete(int ord) {
    checkOrd(ord);
    deleted.set(ord);
  }

  /** Number of deleted ordinals still occupying space; {@link #compact} reclaims them. */
  public int deletedCount() {
    return deleted.cardinality();
  }

  @Override
  public int add(float[] vector) {
    VectorIndex.checkVector(vector, dimension);
    float[] prepared = metric.prepare(vector);
    structureLock.readLock().lock();
    try {
      int ord = nextOrd.getAndIncrement();
      insert(ord, prepared);
      return ord;
    } finally {
      structureLock.readLock().unlock();
    }
  }

  /**
   * Adds all {@code vectors} using {@code threads} threads; {@code vectors[i]} gets ordinal
   * {@code size() + i} (as of the call), whatever order the threads insert in.
   */
  public void addAll(float[][] vectors, int threads) {
    for (float[] v : vectors) {
      VectorIndex.checkVector(v, dimension);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    structureLock.readLock().lock();
    try {
      int base = nextOrd.getAndAdd(vectors.length);
      insertAll(base, vectors, threads, true);
    } finally {
      structureLock.readLock().unlock();
    }
  }

  /**
   * As {@link #addAll} for vectors already prepared for this index's metric (as {@link #vector}
   * returns them), stored bit for bit: how a new version of a point keeps its vectors exactly.
   */
  public void addAllPrepared(float[][] prepared, int threads) {
    for (float[] v : prepared) {
      VectorIndex.checkVector(v, dimension);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    structureLock.readLock().lock();
    try {
      int base = nextOrd.getAndAdd(prepared.length);
      insertAll(base, prepared, threads, false);
    } finally {
      structureLock.readLock().unlock();
    }
  }

  private void insertAll(int base, float[][] vectors, int threads, boolean prepare) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      try {
        for (int i = next.getAndIncrement(); i < vectors.length && failure.get() == null;
            i = next.getAndIncrement()) {
          insert(base + i, prepare ? metric.prepare(vectors[i]) : vectors[i]);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    };
    if (threads == 1 || vectors.length < 2) {
      worker.run();
    } else {
      List<Thread> pool = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        pool.add(Thread.ofPlatform().name("quiver-hnsw-build-" + t).start(worker));
      }
      for (Thread t : pool) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while building the HNSW graph", e);
        }
      }
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error err) {
      throw err;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  /** Inserts a prepared vector at a reserved ordinal. Caller holds the structure read lock. */
  private void insert(int ord, float[] vector) {
    vectors.set(ord, vector);
    int level = randomLevel(ord);
    Node node = new Node(level);
    graph.publish(ord, node);

    Entry ep = graph.entry();
    if (ep == null) {
      synchronized (entryLock) {
        ep = graph.entry();
        if (ep == null) {
          graph.setEntry(new Entry(ord, level));
          return;
        }
      }
    }
    VectorScorer scorer = scorers.scorer(ord);
    SearchState state = searchState.get();
    int cur = ep.ord();
    float curScore = scorer.score(cur);
    for (int l = ep.level(); l > level; l--) {
      long best = HnswGraphSearcher.greedy(graph, scorer, cur, curScore, l, state);
      cur = (int) best;
      curScore = Float.intBitsToFloat((int) (best >>> 32));
    }

    int[] entryPoints = {cur};
    for (int l = Math.min(level, ep.level()); l >= 0; l--) {
      HnswGraphSearcher.searchLayer(graph, state, scorer, entryPoints, config.efConstruction(), l, null,
          Integer.MAX_VALUE, nextOrd.get());
      NeighborQueue results = state.results;
      int n = results.size();
      int[] candOrds = new int[n];
      float[] candScores = new float[n];
      int kept = 0;
      for (int i = n - 1; i >= 0; i--) { // min-heap pops worst first: fill from the back
        float s = results.topScore();
        int c = results.pop();
        candOrds[i] = c;
        candScores[i] = s;
      }
      // drop self (reachable when another thread has already linked to us) and compact
      for (int i = 0; i < n; i++) {
        if (candOrds[i] != ord) {
          candOrds[kept] = candOrds[i];
          candScores[kept] = candScores[i];
          kept++;
        }
      }
      NeighborArray selected = selectDiverse(candOrds, candScores, kept, config.maxConnections(l));
      synchronized (node) {
        NeighborArray existing = node.neighbors(l);
        node.setNeighbors(l, existing.size() == 0 ? selected : merge(existing, selected, l));
      }
      for (int i = 0; i < selected.size(); i++) {
        link(selected.ords()[i], ord, selected.scores()[i], l);
      }
      entryPoints = kept == n ? candOrds : java.util.Arrays.copyOf(candOrds, kept);
      if (entryPoints.length == 0) {
        entryPoints = new int[] {cur};
      }
    }

    if (level > ep.level()) {
      synchronized (entryLock) {
        if (level > graph.entry().level()) {
          graph.setEntry(new Entry(ord, level));
        }
      }
    }
  }

  /** Adds {@code newOrd} to {@code ord}'s list on {@code level}, pruning with the heuristic if full. */
  private void link(int ord, int newOrd, float score, int level) {
    Node node = graph.node(ord);
    synchronized (node) {
      NeighborArray list = node.neighbors(level);
      if (list.contains(newOrd)) {
        return;
      }
      int max = config.maxConnections(level);
      int size = list.size();
      int[] ords = java.util.Arrays.copyOf(list.ords(), size + 1);
      float[] scores = java.util.Arrays.copyOf(list.scores(), size + 1);
      ords[size] = newOrd;
      scores[size] = score;
      if (size + 1 <= max) {
        node.setNeighbors(level, new NeighborArray(size + 1, ords, scores));
      } else {
        sortByScoreDescending(ords, scores, size + 1);
        node.setNeighbors(level, selectDiverse(ords, scores, size + 1, max));
      }
    }
  }

  /** Union of two lists of the same node (deduplicated), pruned to capacity if needed. */
  private NeighborArray merge(NeighborArray a, NeighborArray b, int level) {
    int[] ords = new int[a.size() + b.size()];
    float[] scores = new float[ords.length];
    int n = 0;
    for (NeighborArray list : new NeighborArray[] {a, b}) {
      for (int i = 0; i < list.size(); i++) {
        int o = list.ords()[i];
        boolean dup = false;
        for (int j = 0; j < n && !dup; j++) {
          dup = ords[j] == o;
        }
        if (!dup) {
          ords[n] = o;
          scores[n] = list.scores()[i];
          n++;
        }
      }
    }
    sortByScoreDescending(ords, scores, n);
    int max = config.maxConnections(level);
    return n <= max ? new NeighborArray(n, ords, scores) : selectDiverse(ords, scores, n, max);
  }

  /**
   * The HNSW heuristic (paper, Algorithm 4): walk candidates from closest to farthest and keep one
   * only if it is closer to the base node than to every neighbour kept so far. Candidates must be
   * sorted by score, best first; {@code scores[i]} is the candidate's score to the base node. The
   * candidate-to-kept comparisons go through the scorer supplier like every other score, so a
   * quantized or off-heap store prunes with its own scoring.
   */
  private NeighborArray selectDiverse(int[] ords, float[] scores, int n, int max) {
    int[] keptOrds = new int[Math.min(n, max)];
    float[] keptScores = new float[keptOrds.length];
    int kept = 0;
    for (int i = 0; i < n && kept < max; i++) {
      int c = ords[i];
      float toBase = scores[i];
      VectorScorer fromCandidate = kept == 0 ? null : scorers.scorer(c);
      boolean diverse = true;
      for (int j = 0; j < kept; j++) {
        if (fromCandidate.score(keptOrds[j]) > toBase) {
          diverse = false;
          break;
        }
      }
      if (diverse) {
        keptOrds[kept] = c;
        keptScores[kept] = toBase;
        kept++;
      }
    }
    return new NeighborArray(kept, keptOrds, keptScores);
  }

  private static void sortByScoreDescending(int[] ords, float[] scores, int n) {
    for (int i = 1; i < n; i++) { // insertion sort: lists are short (<= 2m + 1)
      int o = ords[i];
      float s = scores[i];
      int j = i - 1;
      while (j >= 0 && scores[j] < s) {
        ords[j + 1] = ords[j];
        scores[j + 1] = scores[j];
        j--;
      }
      ords[j + 1] = o;
      scores[j + 1] = s;
    }
  }

  @Override
  public TopHits search(float[] query, int k, Bits acceptOrds) {
    return search(query, k, config.efSearch(), acceptOrds);
  }

  /**
   * As {@link #search(float[], int, Bits)} with a per-query {@code efSearch} (at least {@code k} is
   * used): higher is more accurate and slower.
   */
  public TopHits search(float[] query, int k, int efSearch, Bits acceptOrds) {
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    if (efSearch <= 0) {
      throw new IllegalArgumentException("efSearch must be positive, got " + efSearch);
    }
    VectorScorer scorer = scorers.queryScorer(metric.prepare(query));
    return HnswGraphSearcher.search(graph, vectors, scorer, nextOrd.get(), deleted, acceptOrds, k, efSearch,
        searchState.get());
  }

  /**
   * As {@link #search(float[], int, int, Bits)} with {@code extraDeleted} (may be null) treated as
   * deleted on top of this index's tombstones: how a segment hides the ordinals a snapshot of it
   * must not see (deleted as of the snapshot, or inserted after it) without touching the graph.
   * Only ordinals below {@code extraDeleted.length()} can be returned when it is given. While
   * inserts may run, {@code extraDeleted.cardinality()} must be -1 (unknown): an exact count lets
   * the search skip checking results, and a node inserted meanwhile could then come back.
   */
  public TopHits search(float[] query, int k, int efSearch, Bits acceptOrds, Bits extraDeleted) {
    if (extraDeleted == null) {
      return search(query, k, efSearch, acceptOrds);
    }
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    if (efSearch <= 0) {
      throw new IllegalArgumentException("efSearch must be positive, got " + efSearch);
    }
    VectorScorer scorer = scorers.queryScorer(metric.prepare(query));
    return HnswGraphSearcher.search(graph, vectors, scorer, nextOrd.get(), union(extraDeleted), acceptOrds, k,
        efSearch, searchState.get());
  }

  /** As {@link #exactSearch(float[], int, Bits)} with {@code extraDeleted} (may be null) also excluded. */
  public TopHits exactSearch(float[] query, int k, Bits acceptOrds, Bits extraDeleted) {
    if (extraDeleted == null) {
      return exactSearch(query, k, acceptOrds);
    }
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    VectorScorer scorer = scorers.queryScorer(metric.prepare(query));
    return ExactSearcher.search(vectors, scorer, k, Math.min(nextOrd.get(), extraDeleted.length()), acceptOrds,
        union(extraDeleted));
  }

  /** Tombstones plus {@code extra}; ordinals at or past {@code extra.length()} count as deleted. */
  private Bits union(Bits extra) {
    int limit = extra.length();
    if (deleted.cardinality() == 0) {
      return new Bits() {
        @Override
        public boolean get(int ord) {
          return ord >= limit || extra.get(ord);
        }

        @Override
        public int length() {
          return limit;
        }

        @Override
        public int cardinality() {
          return extra.cardinality(); // exact only if the caller knows no insert is running
        }
      };
    }
    return new Bits() {
      @Override
      public boolean get(int ord) {
        return ord >= limit || deleted.get(ord) || extra.get(ord);
      }

      @Override
      public int length() {
        return limit;
      }
    };
  }

  /**
   * The exact top-{@code k} by scoring every live vector {@code acceptOrds} accepts: for very
   * selective filters, for users who ask for exact results, and as the oracle in tests.
   */
  public TopHits exactSearch(float[] query, int k, Bits acceptOrds) {
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    VectorScorer scorer = scorers.queryScorer(metric.prepare(query));
    return ExactSearcher.search(vectors, scorer, k, nextOrd.get(), acceptOrds, deleted);
  }

  /**
   * Rebuilds the index without its deleted ordinals, using {@code threads} threads.
   *
   * @return the new index and, for every old ordinal, its new one (or -1 if it was deleted)
   */
  public Compacted compact(int threads) {
    structureLock.writeLock().lock();
    try {
      int size = nextOrd.get();
      int[] oldToNew = new int[size];
      List<float[]> live = new ArrayList<>();
      for (int ord = 0; ord < size; ord++) {
        if (deleted.get(ord) || !vectors.hasVector(ord)) {
          oldToNew[ord] = -1;
        } else {
          oldToNew[ord] = live.size();
          live.add(vectors.vector(ord));
        }
      }
      return new Compacted(ofPrepared(dimension, metric, config, live.toArray(new float[0][]), threads),
          oldToNew);
    } finally {
      structureLock.writeLock().unlock();
    }
  }

  /**
   * A new index of vectors already prepared for {@code metric} (as {@link #vector} returns them:
   * normalised for cosine), so they are stored bit for bit; {@code prepared[i]} gets ordinal
   * {@code i}. This is how a caller rebuilds an index from another's live vectors without holding
   * that index's lock.
   */
  public static HnswIndex ofPrepared(int dimension, Metric metric, HnswConfig config, float[][] prepared,
      int threads) {
    for (float[] v : prepared) {
      VectorIndex.checkVector(v, dimension);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    HnswIndex fresh = new HnswIndex(dimension, metric, config);
    fresh.nextOrd.set(prepared.length);
    fresh.insertAll(0, prepared, threads, false);
    return fresh;
  }

  /**
   * A new mutable index holding {@code values}' vectors (copied onto the heap), {@code graph}'s
   * neighbour lists (same ordinals in the same order) and {@code deleted}'s tombstones, for
   * ordinals below {@code size}. The scores kept beside each neighbour for pruning are recomputed
   * with this index's scorers; they equal the ones the graph was built with, since a score does not
   * depend on operand order. Inserting into the result continues the graph as if it had been built
   * here: the start of a merge from the largest input's graph.
   */
  static HnswIndex copyOf(VectorValues values, HnswGraphView graph, Bits deleted, int size, Metric metric,
      HnswConfig config) {
    HnswIndex index = new HnswIndex(values.dimension(), metric, config);
    for (int ord = 0; ord < size; ord++) {
      index.vectors.set(ord, values.vector(ord));
    }
    int[] buffer = new int[config.maxConnections(0)];
    for (int ord = 0; ord < size; ord++) {
      int top = graph.topLevel(ord);
      Node node = new Node(top);
      VectorScorer scorer = index.scorers.scorer(ord);
      for (int l = 0; l <= top; l++) {
        int count = graph.neighbors(ord, l, buffer);
        int[] ords = java.util.Arrays.copyOf(buffer, count);
        float[] scores = new float[count];
        for (int i = 0; i < count; i++) {
          scores[i] = scorer.score(ords[i]);
        }
        node.setNeighbors(l, new NeighborArray(count, ords, scores));
      }
      index.graph.publish(ord, node);
      if (deleted.get(ord)) {
        index.deleted.set(ord);
      }
    }
    if (size > 0) {
      index.graph.setEntry(graph.entry());
    }
    index.restoreSize(size);
    return index;
  }

  /** The result of {@link #compact}: the rebuilt index and the old-to-new ordinal map. */
  public record Compacted(HnswIndex index, int[] oldToNew) {}

  /**
   * Writes the index to {@code path} (atomically: a temporary file, then a rename) in format
   * version 2, which {@link MappedHnswIndex#open} maps and searches in place and {@link #load} reads.
   */
  public void save(Path path) throws IOException {
    structureLock.writeLock().lock();
    try {
      HnswFileWriter.write(this, path);
    } finally {
      structureLock.writeLock().unlock();
    }
  }

  /**
   * Reads an index written by {@link #save} onto the heap, as a mutable index: format version 2,
   * and version 1 as written before the mapped format existed (saving it again upgrades it).
   *
   * @throws CorruptIndexException if the file is truncated, corrupt, or not an index file
   */
  public static HnswIndex load(Path path) throws IOException {
    if (formatVersion(path) == HnswIndexFormat.VERSION) {
      return HnswIndexFormat.read(path);
    }
    try (MappedHnswIndex mapped = MappedHnswIndex.open(path)) {
      return mapped.toMutable();
    }
  }

  /** The version field of an index file (bytes 4 to 8, big-endian in every version), or -1. */
  private static int formatVersion(Path path) throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path)) {
      java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(8);
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // read the first 8 bytes, or as many as there are
      }
      return head.position() < 8 ? -1 : head.getInt(4);
    }
  }

  @Override
  public long ramBytesUsed() {
    int size = nextOrd.get();
    return vectors.ramBytesUsed(size) + graph.ramBytesUsed(size);
  }

  /** The level of {@code ord}: a geometric draw seeded by (seed, ord), so builds are reproducible. */
  int randomLevel(int ord) {
    long h = mix64(config.seed() + 0x9E3779B97F4A7C15L * (ord + 1L));
    double u = ((h >>> 11) + 1) * 0x1.0p-53; // uniform in (0, 1]
    return Math.min(MAX_LEVEL, (int) (-Math.log(u) * levelMultiplier));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** For the file reader: sets the ordinal count after restoring vectors and nodes. */
  void restoreSize(int size) {
    nextOrd.set(size);
  }

  private void checkOrd(int ord) {
    int size = nextOrd.get();
    if (ord < 0 || ord >= size) {
      throw new IllegalArgumentException("ordinal " + ord + " outside [0, " + size + ")");
    }
  }
}
