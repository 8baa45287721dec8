package dev.quiver.engine;

import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.vector.Metric;

/**
 * How one named vector of a collection is stored and indexed.
 *
 * @param dimension number of components, 1 to {@value #MAX_DIMENSION}; 0 only while a
 *     model-bound vector waits for creation to take the model's dimension
 * @param metric how vectors are compared
 * @param hnsw graph parameters
 * @param model the embedding model that computes this vector from text, images or sounds (as the
 *     model takes them), or null
 */
public record VectorParams(int dimension, Metric metric, HnswConfig hnsw, ModelBinding model) {

  public static final int MAX_DIMENSION = 65_536;

  public VectorParams {
    if (dimension < (model == null ? 1 : 0) || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
    }
    if (metric == null) {
      throw new IllegalArgumentException("metric is required; expected one of cosine, dot, euclidean");
    }
    hnsw = hnsw == null ? HnswConfig.defaults() : hnsw;
  }

  public VectorParams(int dimension, Metric metric, HnswConfig hnsw) {
    this(dimension, metric, hnsw, null);
  }

  public static VectorParams of(int dimension, Metric metric) {
    return new VectorParams(dimension, metric, HnswConfig.defaults());
  }

  /** A vector computed by the model {@code modelName} (cosine; dimension taken from the model). */
  public static VectorParams forModel(String modelName) {
    return new VectorParams(0, Metric.COSINE, HnswConfig.defaults(), ModelBinding.of(modelName));
  }

  public VectorParams withModel(ModelBinding binding) {
    return new VectorParams(dimension, metric, hnsw, binding);
  }

  public VectorParams withDimension(int d) {
    return new VectorParams(d, metric, hnsw, model);
  }
}
