package dev.quiver.engine.map;

/**
 * What to map.
 *
 * @param using the vector to project (null: the collection's only vector; required when it has several)
 * @param method PCA (default) or t-SNE
 * @param limit at most this many points, sampled uniformly when the collection has more
 *     (1 to {@value #MAX_LIMIT}; t-SNE samples at most {@value Tsne#MAX_POINTS} of them)
 * @param colorField payload field whose value colours each point ({@code a.b} for nested objects);
 *     null for none
 * @param seed seeds the sample and the projection: the same data, request and seed give the same map
 */
public record MapRequest(String using, ProjectionMethod method, int limit, String colorField, long seed) {

  public static final int MAX_LIMIT = 20_000;
  public static final int DEFAULT_LIMIT = 5_000;
  public static final long DEFAULT_SEED = 42;

  public MapRequest {
    if (method == null) {
      method = ProjectionMethod.PCA;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    if (colorField != null && colorField.isBlank()) {
      colorField = null;
    }
  }

  /** PCA of up to {@value #DEFAULT_LIMIT} points of the only vector, no colour. */
  public static MapRequest defaults() {
    return new MapRequest(null, ProjectionMethod.PCA, DEFAULT_LIMIT, null, DEFAULT_SEED);
  }

  public MapRequest withMethod(ProjectionMethod m) {
    return new MapRequest(using, m, limit, colorField, seed);
  }

  public MapRequest withUsing(String u) {
    return new MapRequest(u, method, limit, colorField, seed);
  }

  public MapRequest withLimit(int l) {
    return new MapRequest(using, method, l, colorField, seed);
  }

  public MapRequest withColor(String field) {
    return new MapRequest(using, method, limit, field, seed);
  }

  public MapRequest withSeed(long s) {
    return new MapRequest(using, method, limit, colorField, s);
  }

  /** The points actually projected at most: {@code limit}, capped for t-SNE. */
  int sampleSize() {
    return method == ProjectionMethod.TSNE ? Math.min(limit, Tsne.MAX_POINTS) : limit;
  }
}
