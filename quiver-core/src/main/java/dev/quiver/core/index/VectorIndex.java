package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;

/**
 * An index of vectors addressed by dense integer ordinals (0, 1, 2, ... in insertion order).
 * External point ids live above this layer; here everything is an {@code int ord}.
 *
 * <p>Implementations are safe for concurrent {@link #add}, {@link #delete} and {@link #search}.
 */
public interface VectorIndex {

  int dimension();

  Metric metric();

  /**
   * Adds a vector and returns its ordinal. The vector is copied (and normalised for cosine).
   *
   * @throws IllegalArgumentException if the dimension is wrong or a component is NaN or infinite
   */
  int add(float[] vector);

  /** Marks {@code ord} deleted: it is excluded from every later search. Idempotent. */
  void delete(int ord);

  boolean isDeleted(int ord);

  /** Number of ordinals handed out, deleted ones included. */
  int size();

  /** Number of ordinals not deleted. */
  int liveCount();

  /** The stored (prepared) vector of {@code ord}; do not modify it. */
  float[] vector(int ord);

  /**
   * The {@code k} live vectors closest to {@code query} among those {@code acceptOrds} accepts (all
   * when null), best first. Returns fewer than {@code k} only when fewer than {@code k} live vectors
   * are accepted.
   */
  TopHits search(float[] query, int k, Bits acceptOrds);

  default TopHits search(float[] query, int k) {
    return search(query, k, null);
  }

  /** An estimate of the heap this index occupies, in bytes. */
  long ramBytesUsed();

  /** Checks a vector before it enters an index; the message names the bad value. */
  static void checkVector(float[] vector, int dimension) {
    if (vector == null) {
      throw new IllegalArgumentException("vector is null");
    }
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector has dimension " + vector.length + ", index expects " + dimension);
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            "vector component " + i + " is " + vector[i] + "; only finite numbers are allowed");
      }
    }
  }
}
