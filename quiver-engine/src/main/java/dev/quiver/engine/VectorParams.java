package dev.quiver.engine;

import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.vector.Metric;

/**
 * How one named vector of a collection is stored and indexed.
 *
 * @param dimension number of components, 1 to {@value #MAX_DIMENSION}
 * @param metric how vectors are compared
 * @param hnsw graph parameters
 */
public record VectorParams(int dimension, Metric metric, HnswConfig hnsw) {

  public static final int MAX_DIMENSION = 65_536;

  public VectorParams {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
    }
    if (metric == null) {
      throw new IllegalArgumentException("metric is required; expected one of cosine, dot, euclidean");
    }
    hnsw = hnsw == null ? HnswConfig.defaults() : hnsw;
  }

  public static VectorParams of(int dimension, Metric metric) {
    return new VectorParams(dimension, metric, HnswConfig.defaults());
  }
}
