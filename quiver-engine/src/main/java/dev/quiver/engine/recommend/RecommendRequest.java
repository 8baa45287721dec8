package dev.quiver.engine.recommend;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.PointId;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.filter.Filter;
import java.util.List;

/**
 * A recommendation query: points like the positive examples and unlike the negative ones. Build
 * with {@link #of}, {@link #moreLikeThis} and the {@code with*} methods.
 *
 * @param positive examples of what is wanted (ids, vectors or texts); at least one for
 *     {@link RecommendStrategy#AVERAGE_VECTOR}
 * @param negative examples of what is not wanted (may be empty)
 * @param using the vector name ({@value CollectionConfig#DEFAULT_VECTOR} by default)
 * @param strategy how examples are combined; default {@link RecommendStrategy#AVERAGE_VECTOR}
 * @param limit how many results, 1 to {@value SearchRequest#MAX_LIMIT}
 * @param filter only points matching it are recommended (null: all)
 * @param excludeExamples leave the example points themselves out of the results (default true)
 * @param candidates for {@link RecommendStrategy#BEST_SCORE}: how many candidates each positive
 *     example's search brings (null: {@link #defaultCandidates(int)})
 * @param efSearch graph search width (null: the collection's default)
 * @param withPayload include payloads (default true)
 * @param withVectors include vectors (default false)
 */
public record RecommendRequest(List<Example> positive, List<Example> negative, String using,
    RecommendStrategy strategy, int limit, Filter filter, boolean excludeExamples, Integer candidates,
    Integer efSearch, boolean withPayload, boolean withVectors) {

  public RecommendRequest {
    positive = positive == null ? List.of() : List.copyOf(positive);
    negative = negative == null ? List.of() : List.copyOf(negative);
    using = using == null ? CollectionConfig.DEFAULT_VECTOR : using;
    strategy = strategy == null ? RecommendStrategy.AVERAGE_VECTOR : strategy;
    if (positive.isEmpty() && negative.isEmpty()) {
      throw new IllegalArgumentException("a recommendation needs at least one positive example (an id, a vector"
          + " or a text)");
    }
    if (positive.isEmpty() && strategy == RecommendStrategy.AVERAGE_VECTOR) {
      throw new IllegalArgumentException("strategy average_vector needs at least one positive example; got only "
          + negative.size() + " negative; use best_score to rank by distance from negatives alone");
    }
    if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + SearchRequest.MAX_LIMIT + "], got " + limit);
    }
    if (candidates != null && (candidates < 1 || candidates > SearchRequest.MAX_LIMIT)) {
      throw new IllegalArgumentException("candidates must be in [1, " + SearchRequest.MAX_LIMIT + "], got "
          + candidates);
    }
    if (efSearch != null && (efSearch < 1 || efSearch > 100_000)) {
      throw new IllegalArgumentException("ef must be in [1, 100000], got " + efSearch);
    }
  }

  /** Average-vector recommendations from these examples, with payloads, the examples excluded. */
  public static RecommendRequest of(List<Example> positive, List<Example> negative, int limit) {
    return new RecommendRequest(positive, negative, null, null, limit, null, true, null, null, true, false);
  }

  /** "More like this": the points nearest to point {@code id}, other than itself. */
  public static RecommendRequest moreLikeThis(PointId id, int limit) {
    return of(List.of(new Example.Id(id)), List.of(), limit);
  }

  /** The default candidates per positive example for best-score: {@code max(50, 4 * limit)}. */
  public static int defaultCandidates(int limit) {
    return Math.min(SearchRequest.MAX_LIMIT, Math.max(50, 4 * limit));
  }

  /** {@link #candidates()} or its default. */
  public int candidatesOrDefault() {
    return candidates != null ? candidates : defaultCandidates(limit);
  }

  public RecommendRequest using(String vectorName) {
    return new RecommendRequest(positive, negative, vectorName, strategy, limit, filter, excludeExamples,
        candidates, efSearch, withPayload, withVectors);
  }

  public RecommendRequest withStrategy(RecommendStrategy s) {
    return new RecommendRequest(positive, negative, using, s, limit, filter, excludeExamples, candidates,
        efSearch, withPayload, withVectors);
  }

  public RecommendRequest withFilter(Filter f) {
    return new RecommendRequest(positive, negative, using, strategy, limit, f, excludeExamples, candidates,
        efSearch, withPayload, withVectors);
  }

  public RecommendRequest withExcludeExamples(boolean e) {
    return new RecommendRequest(positive, negative, using, strategy, limit, filter, e, candidates, efSearch,
        withPayload, withVectors);
  }

  public RecommendRequest withCandidates(Integer c) {
    return new RecommendRequest(positive, negative, using, strategy, limit, filter, excludeExamples, c,
        efSearch, withPayload, withVectors);
  }

  public RecommendRequest withEf(Integer ef) {
    return new RecommendRequest(positive, negative, using, strategy, limit, filter, excludeExamples,
        candidates, ef, withPayload, withVectors);
  }

  public RecommendRequest withPayload(boolean p) {
    return new RecommendRequest(positive, negative, using, strategy, limit, filter, excludeExamples,
        candidates, efSearch, p, withVectors);
  }

  public RecommendRequest withVectors(boolean v) {
    return new RecommendRequest(positive, negative, using, strategy, limit, filter, excludeExamples,
        candidates, efSearch, withPayload, v);
  }
}
