package dev.quiver.bench.ann;

import dev.quiver.core.vector.Metric;

/**
 * The vectors every engine sees (already unit length for cosine), the queries, and their exact
 * {@code k} nearest neighbours.
 *
 * @param name the dataset name, e.g. {@code fashion-mnist-784-euclidean}
 * @param truth for each query, the ordinals of its exact {@code k} nearest base vectors
 */
public record BenchData(String name, Metric metric, float[][] base, float[][] queries, int[][] truth, int k) {

  public BenchData {
    if (truth.length != queries.length) {
      throw new IllegalArgumentException(
          "ground truth has " + truth.length + " rows for " + queries.length + " queries");
    }
  }

  public int dimension() {
    return base[0].length;
  }
}
