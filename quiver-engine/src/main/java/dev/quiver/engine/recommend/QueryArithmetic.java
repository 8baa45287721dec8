package dev.quiver.engine.recommend;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.filter.Filter;
import java.util.List;

/**
 * A query vector built as a weighted sum of examples ("latent space manipulation"): {@code king -
 * man + woman}, or {@code this song + 0.5 * "more energetic"}. For a cosine vector each term is
 * normalised to unit length before it is weighted (so {@code a - b + c} is the classic 3CosAdd
 * analogy) and the sum is normalised again; for dot and Euclidean vectors the raw vectors are
 * summed. Then it is an ordinary search, leaving out the points used as terms.
 *
 * @param terms the weighted examples (at least one, not all weights zero)
 * @param using the vector name ({@value CollectionConfig#DEFAULT_VECTOR} by default)
 * @param limit how many results, 1 to {@value SearchRequest#MAX_LIMIT}
 * @param filter only points matching it are returned (null: all)
 * @param excludeInputs leave the points used as terms out of the results (default true)
 * @param efSearch graph search width (null: the collection's default)
 * @param withPayload include payloads (default true)
 * @param withVectors include vectors (default false)
 */
public record QueryArithmetic(List<Term> terms, String using, int limit, Filter filter, boolean excludeInputs,
    Integer efSearch, boolean withPayload, boolean withVectors) {

  /**
   * One term of the sum.
   *
   * @param weight any finite number; negative subtracts
   * @param example a point id, a vector, or a text embedded with the collection's model
   */
  public record Term(double weight, Example example) {
    public Term {
      if (!Double.isFinite(weight)) {
        throw new IllegalArgumentException("term weight is " + weight + "; expected a finite number");
      }
      if (example == null) {
        throw new IllegalArgumentException("a term needs an example: a point id, a vector or a text");
      }
    }
  }

  public QueryArithmetic {
    terms = terms == null ? List.of() : List.copyOf(terms);
    using = using == null ? CollectionConfig.DEFAULT_VECTOR : using;
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("vector arithmetic needs at least one term, e.g. king - man + woman");
    }
    if (terms.stream().allMatch(t -> t.weight() == 0)) {
      throw new IllegalArgumentException("every term weight is 0; give at least one non-zero weight");
    }
    if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + SearchRequest.MAX_LIMIT + "], got " + limit);
    }
    if (efSearch != null && (efSearch < 1 || efSearch > 100_000)) {
      throw new IllegalArgumentException("ef must be in [1, 100000], got " + efSearch);
    }
  }

  public static QueryArithmetic of(List<Term> terms, int limit) {
    return new QueryArithmetic(terms, null, limit, null, true, null, true, false);
  }

  /** {@code +1 * example}. */
  public static Term plus(Example e) {
    return new Term(1, e);
  }

  /** {@code -1 * example}. */
  public static Term minus(Example e) {
    return new Term(-1, e);
  }

  public static Term term(double weight, Example e) {
    return new Term(weight, e);
  }

  public QueryArithmetic using(String vectorName) {
    return new QueryArithmetic(terms, vectorName, limit, filter, excludeInputs, efSearch, withPayload, withVectors);
  }

  public QueryArithmetic withFilter(Filter f) {
    return new QueryArithmetic(terms, using, limit, f, excludeInputs, efSearch, withPayload, withVectors);
  }

  public QueryArithmetic withExcludeInputs(boolean e) {
    return new QueryArithmetic(terms, using, limit, filter, e, efSearch, withPayload, withVectors);
  }

  public QueryArithmetic withEf(Integer ef) {
    return new QueryArithmetic(terms, using, limit, filter, excludeInputs, ef, withPayload, withVectors);
  }

  public QueryArithmetic withPayload(boolean p) {
    return new QueryArithmetic(terms, using, limit, filter, excludeInputs, efSearch, p, withVectors);
  }

  public QueryArithmetic withVectors(boolean v) {
    return new QueryArithmetic(terms, using, limit, filter, excludeInputs, efSearch, withPayload, v);
  }
}
