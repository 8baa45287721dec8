package dev.quiver.engine;

import dev.quiver.engine.filter.Filter;

/**
 * A k-nearest-neighbour query. Build with {@link #of} and the {@code with*} methods.
 *
 * @param using the vector name to search ({@value CollectionConfig#DEFAULT_VECTOR} by default)
 * @param vector the query vector
 * @param limit how many results (k), 1 to {@value #MAX_LIMIT}
 * @param filter only points matching it are returned (null: all)
 * @param efSearch graph search width for this query (null: the collection's default)
 * @param exact score every candidate instead of walking the graph
 * @param withPayload include payloads in the results
 * @param withVectors include vectors in the results
 */
public record SearchRequest(String using, float[] vector, int limit, Filter filter, Integer efSearch,
    boolean exact, boolean withPayload, boolean withVectors) {

  public static final int MAX_LIMIT = 10_000;

  public SearchRequest {
    using = using == null ? CollectionConfig.DEFAULT_VECTOR : using;
    if (vector == null) {
      throw new IllegalArgumentException("a search needs a query vector");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    if (efSearch != null && (efSearch < 1 || efSearch > 100_000)) {
      throw new IllegalArgumentException("ef must be in [1, 100000], got " + efSearch);
    }
  }

  public static SearchRequest of(float[] vector, int limit) {
    return new SearchRequest(null, vector, limit, null, null, false, true, false);
  }

  public SearchRequest using(String vectorName) {
    return new SearchRequest(vectorName, vector, limit, filter, efSearch, exact, withPayload, withVectors);
  }

  public SearchRequest withFilter(Filter f) {
    return new SearchRequest(using, vector, limit, f, efSearch, exact, withPayload, withVectors);
  }

  public SearchRequest withEf(Integer ef) {
    return new SearchRequest(using, vector, limit, filter, ef, exact, withPayload, withVectors);
  }

  public SearchRequest withExact(boolean e) {
    return new SearchRequest(using, vector, limit, filter, efSearch, e, withPayload, withVectors);
  }

  public SearchRequest withPayload(boolean p) {
    return new SearchRequest(using, vector, limit, filter, efSearch, exact, p, withVectors);
  }

  public SearchRequest withVectors(boolean v) {
    return new SearchRequest(using, vector, limit, filter, efSearch, exact, withPayload, v);
  }
}
