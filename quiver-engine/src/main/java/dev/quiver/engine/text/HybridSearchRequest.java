package dev.quiver.engine.text;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.filter.Filter;

/**
 * A hybrid query: a vector search and a BM25 keyword search over a {@code text}-indexed payload
 * field, run with the same filter and merged by a {@link Fusion}. Build with {@link #of},
 * {@link #ofText} and the {@code with*} methods.
 *
 * <p>Legs: the keyword leg runs when {@code text} is given. The vector leg runs when
 * {@code vector} is given, or, without one, when the {@code using} vector is bound to an embedding
 * model, which then embeds {@code text} (one sentence drives both legs). A request with only one
 * leg returns that leg's ranking, scored by the fusion all the same.
 *
 * @param using the vector name to search ({@value CollectionConfig#DEFAULT_VECTOR} by default)
 * @param vector the query vector, or null
 * @param text the query in words for BM25 (and for the model, when the vector is bound to one), or null
 * @param textField the payload field whose {@code text} index to search; null: the collection's
 *     only text index
 * @param limit how many results, 1 to {@value SearchRequest#MAX_LIMIT}
 * @param filter only points matching it are returned, by both legs (null: all)
 * @param fusion how the two lists merge ({@link #DEFAULT_FUSION}, scaled with α = 0.5, when null)
 * @param candidates how many results each leg contributes to the fusion; null: max(4 · limit, 50)
 * @param efSearch graph search width of the vector leg (null: the collection's default, raised
 *     to the candidate depth)
 * @param withPayload include payloads in the results
 * @param withVectors include vectors in the results
 */
public record HybridSearchRequest(String using, float[] vector, String text, String textField, int limit,
    Filter filter, Fusion fusion, Integer candidates, Integer efSearch, boolean withPayload,
    boolean withVectors) {

  /**
   * Scaled fusion with α = 0.5: vector scores min-max normalised, BM25 scores relative to the
   * query's ideal score. On HybridRecallTest's sets with all-MiniLM-L6-v2 it is the only fusion that
   * keeps every exact-keyword hit (1.0 vs 0.56 for vectors alone) and also beats vectors alone on
   * paraphrases (0.64 vs 0.605), where min-max weighted fusion (0.53) and RRF with k = 60 over
   * 50-deep lists (0.51) lose: both give a weak keyword hit on a paraphrase full weight.
   */
  public static final Fusion DEFAULT_FUSION = Fusion.scaled(Fusion.Scaled.DEFAULT_ALPHA);

  public HybridSearchRequest {
    using = using == null ? CollectionConfig.DEFAULT_VECTOR : using;
    fusion = fusion == null ? DEFAULT_FUSION : fusion;
    text = text == null || text.isBlank() ? null : text; // no words: no keyword leg
    if (vector == null && text == null) {
      throw new IllegalArgumentException("a hybrid search needs a query text, a query vector, or both");
    }
    if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + SearchRequest.MAX_LIMIT + "], got " + limit);
    }
    if (candidates != null && (candidates < limit || candidates > SearchRequest.MAX_LIMIT)) {
      throw new IllegalArgumentException("candidates per list must be in [limit = " + limit + ", "
          + SearchRequest.MAX_LIMIT + "], got " + candidates);
    }
    if (efSearch != null && (efSearch < 1 || efSearch > 100_000)) {
      throw new IllegalArgumentException("ef must be in [1, 100000], got " + efSearch);
    }
    if (textField != null && textField.isEmpty()) {
      throw new IllegalArgumentException("text field must be a non-empty key or null, got \"\"");
    }
  }

  /** Vector and keyword legs. */
  public static HybridSearchRequest of(float[] vector, String text, int limit) {
    return new HybridSearchRequest(null, vector, text, null, limit, null, null, null, null, true, false);
  }

  /** The keyword leg, plus the vector leg when the vector is bound to an embedding model. */
  public static HybridSearchRequest ofText(String text, int limit) {
    return of(null, text, limit);
  }

  /** How many results each leg contributes: {@code candidates}, or max(4 · limit, 50), at least limit. */
  public int candidateDepth() {
    return candidates != null ? candidates : Math.min(SearchRequest.MAX_LIMIT, Math.max(4 * limit, 50));
  }

  public HybridSearchRequest using(String vectorName) {
    return new HybridSearchRequest(vectorName, vector, text, textField, limit, filter, fusion, candidates,
        efSearch, withPayload, withVectors);
  }

  public HybridSearchRequest withVector(float[] v) {
    return new HybridSearchRequest(using, v, text, textField, limit, filter, fusion, candidates, efSearch,
        withPayload, withVectors);
  }

  public HybridSearchRequest withText(String t) {
    return new HybridSearchRequest(using, vector, t, textField, limit, filter, fusion, candidates, efSearch,
        withPayload, withVectors);
  }

  public HybridSearchRequest withTextField(String field) {
    return new HybridSearchRequest(using, vector, text, field, limit, filter, fusion, candidates, efSearch,
        withPayload, withVectors);
  }

  public HybridSearchRequest withFilter(Filter f) {
    return new HybridSearchRequest(using, vector, text, textField, limit, f, fusion, candidates, efSearch,
        withPayload, withVectors);
  }

  public HybridSearchRequest withFusion(Fusion f) {
    return new HybridSearchRequest(using, vector, text, textField, limit, filter, f, candidates, efSearch,
        withPayload, withVectors);
  }

  public HybridSearchRequest withCandidates(Integer n) {
    return new HybridSearchRequest(using, vector, text, textField, limit, filter, fusion, n, efSearch,
        withPayload, withVectors);
  }

  public HybridSearchRequest withEf(Integer ef) {
    return new HybridSearchRequest(using, vector, text, textField, limit, filter, fusion, candidates, ef,
        withPayload, withVectors);
  }

  public HybridSearchRequest withPayload(boolean p) {
    return new HybridSearchRequest(using, vector, text, textField, limit, filter, fusion, candidates, efSearch,
        p, withVectors);
  }

  public HybridSearchRequest withVectors(boolean v) {
    return new HybridSearchRequest(using, vector, text, textField, limit, filter, fusion, candidates, efSearch,
        withPayload, v);
  }
}
