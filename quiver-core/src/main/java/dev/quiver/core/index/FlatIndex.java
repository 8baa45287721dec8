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
  private final DeletedOrds deleted = new DeletedOrds();
  private volatile int size;

  public FlatIndex(int dimension, Metric metric) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.metric = metric;
    this.vectors = new OnHeapVectors(dimension);
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
    return vectors.get(ord);
  }

  @Override
  public TopHits search(float[] query, int k, Bits acceptOrds) {
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    float[] q = metric.prepare(query);
    return ExactSearcher.search(vectors, vectors.scorer(metric, q), k, size, acceptOrds, deleted);
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
