package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;

/**
 * Exact search by scoring every vector. The oracle that every approximate index is tested against,
 * and the right choice for small collections or very selective filters.
 *
 * <p>Concurrency: adds serialise on this object's monitor and publish through the volatile
 * {@code size}; searches take no lock and see every add that completed before they started.
 */
public final class FlatIndex implements VectorIndex {

  private final int dimension;
  private final Metric metric;
  private final OnHeapVectors vectors;
  private final ScorerSupplier scorers;
  private final DeletedOrds deleted = new DeletedOrds();
  private volatile int size;

  public FlatIndex(int dimension, Metric metric) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.metric = metric;
    this.vectors = new OnHeapVectors(dimension);
    this.scorers = vectors.scorerSupplier(metric);
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
  public synchronized int add(float[] vector) {
    VectorIndex.checkVector(vector, dimension);
    int ord = size;
    vectors.set(ord, metric.prepare(vector));
    size = ord + 1;
    return ord;
  }

  @Override
  public void delete(int ord) {
    checkOrd(ord);
    deleted.set(ord);
  }

  @Override
  public boolean isDeleted(int ord) {
    return deleted.get(ord);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int liveCount() {
    return size - deleted.cardinality();
  }

  @Override
  public float[] vector(int ord) {
    checkOrd(ord);
    return vectors.vector(ord);
  }

  @Override
  public TopHits search(float[] query, int k, Bits acceptOrds) {
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    float[] q = metric.prepare(query);
    return ExactSearcher.search(vectors, scorers.queryScorer(q), k, size, acceptOrds, deleted);
  }

  /**
   * Exact top-{@code k} for many queries at once, using {@code threads} threads: the ground truth of
   * every recall test and benchmark. Vectors are scanned in blocks that stay in cache while every
   * query of a thread is scored against them, so the cost is arithmetic, not memory bandwidth.
   *
   * @return for each query, its top-{@code k} ordinals, best first
   */
  public int[][] searchAll(float[][] queries, int k, int threads) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    float[][] prepared = new float[queries.length][];
    for (int i = 0; i < queries.length; i++) {
      VectorIndex.checkVector(queries[i], dimension);
      prepared[i] = metric.prepare(queries[i]);
    }
    int n = size;
    int[][] out = new int[queries.length][];
    int per = (queries.length + threads - 1) / Math.max(1, threads);
    java.util.List<Thread> pool = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = Math.min(queries.length, t * per);
      int to = Math.min(queries.length, from + per);
      if (from >= to) {
        break;
      }
      pool.add(Thread.ofPlatform().start(() -> scanBlocks(prepared, from, to, k, n, out)));
    }
    for (Thread t : pool) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during exact search", e);
      }
    }
    return out;
  }

  private void scanBlocks(float[][] queries, int from, int to, int k, int n, int[][] out) {
    final int block = 64;
    VectorScorer[] scorers = new VectorScorer[to - from];
    NeighborQueue[] heaps = new NeighborQueue[to - from];
    for (int q = from; q < to; q++) {
      scorers[q - from] = this.scorers.queryScorer(queries[q]);
      heaps[q - from] = new NeighborQueue(k, false);
    }
    for (int start = 0; start < n; start += block) {
      int end = Math.min(n, start + block);
      for (int q = 0; q < scorers.length; q++) {
        VectorScorer scorer = scorers[q];
        NeighborQueue heap = heaps[q];
        for (int ord = start; ord < end; ord++) {
          if (!deleted.get(ord)) {
            heap.insertWithOverflow(ord, scorer.score(ord), k);
          }
        }
      }
    }
    for (int q = from; q < to; q++) {
      out[q] = heaps[q - from].drainToTopHits(n).ords();
    }
  }

  @Override
  public long ramBytesUsed() {
    return vectors.ramBytesUsed(size);
  }

  private void checkOrd(int ord) {
    if (ord < 0 || ord >= size) {
      throw new IllegalArgumentException("ordinal " + ord + " outside [0, " + size + ")");
    }
  }
}
