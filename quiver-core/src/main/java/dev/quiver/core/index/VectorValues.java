package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;

/**
 * Stored vectors by ordinal, wherever they live (the heap, a mapped file, and later quantized
 * codes). The graph never reads them: it asks the {@link ScorerSupplier} these values give for a
 * metric. Everything else (saving, merging, {@link VectorIndex#vector}) reads them through here.
 */
public interface VectorValues {

  int dimension();

  /** One past the largest ordinal that may hold a vector. */
  int size();

  /**
   * The stored (prepared) vector of {@code ord}. On-heap values return the stored array itself,
   * off-heap values a fresh copy; either way, do not modify it.
   */
  float[] vector(int ord);

  /** Whether {@code ord} holds a vector yet (false only for an on-heap add still in flight). */
  default boolean hasVector(int ord) {
    return ord >= 0 && ord < size();
  }

  /** Scorers over these values for {@code metric}: the only way the graph compares vectors. */
  ScorerSupplier scorerSupplier(Metric metric);
}
