package dev.quiver.engine;

import dev.quiver.engine.filter.Filter;

/**
 * A k-nearest-neighbour query. Build with {@link #of} or {@link #ofText} and the {@code with*}
 * methods.
 *
 * @param using the vector name to search ({@value CollectionConfig#DEFAULT_VECTOR} by default)
 * @param vector the query vector, or null when {@code text} is given
 * @param limit how many results (k), 1 to {@value #MAX_LIMIT}
 * @param filter only points matching it are returned (null: all)
 * @param efSearch graph search width for this query (null: the collection's default)
 * @param exact score every candidate instead of walking the graph
 * @param withPayload include payloads in the results
 * @param withVectors include vectors in the results
 * @param text a query in words, embedded with the model the vector is bound to; null when
 *     {@code vector} or {@code media} is given
 * @param media a query image or sound, embedded with the model the vector is bound to (which must
 *     take its modality); null when {@code vector} or {@code text} is given
 */
public record SearchRequest(String using, float[] vector, int limit, Filter filter, Integer efSearch,
    boolean exact, boolean withPayload, boolean withVectors, String text, MediaInput media) {

  public static final int MAX_LIMIT = 10_000;

  public SearchRequest {
    using = using == null ? CollectionConfig.DEFAULT_VECTOR : using;
    int queries = (vector != null ? 1 : 0) + (text != null ? 1 : 0) + (media != null ? 1 : 0);
    if (queries == 0) {
      throw new IllegalArgumentException("a search needs a query vector, a query text, or a query image"
          + " or sound");
    }
    if (queries > 1) {
      throw new IllegalArgumentException("a search takes one query: a vector, a text, or an image or"
          + " sound, not " + (vector != null ? "vector " : "") + (text != null ? "text " : "")
          + (media != null ? media.modality().wireName() : "").trim());
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    if (efSearch != null && (efSearch < 1 || efSearch > 100_000)) {
      throw new IllegalArgumentException("ef must be in [1, 100000], got " + efSearch);
    }
  }

  public SearchRequest(String using, float[] vector, int limit, Filter filter, Integer efSearch,
      boolean exact, boolean withPayload, boolean withVectors, String text) {
    this(using, vector, limit, filter, efSearch, exact, withPayload, withVectors, text, null);
  }

  public SearchRequest(String using, float[] vector, int limit, Filter filter, Integer efSearch,
      boolean exact, boolean withPayload, boolean withVectors) {
    this(using, vector, limit, filter, efSearch, exact, withPayload, withVectors, null, null);
  }

  public static SearchRequest of(float[] vector, int limit) {
    return new SearchRequest(null, vector, limit, null, null, false, true, false, null);
  }

  /** A search by text, for a vector bound to an embedding model. */
  public static SearchRequest ofText(String text, int limit) {
    return new SearchRequest(null, null, limit, null, null, false, true, false, text);
  }

  /** A search by an image or sound, for a vector bound to a model that takes its modality. */
  public static SearchRequest ofMedia(MediaInput media, int limit) {
    return new SearchRequest(null, null, limit, null, null, false, true, false, null, media);
  }

  public SearchRequest using(String vectorName) {
    return new SearchRequest(vectorName, vector, limit, filter, efSearch, exact, withPayload, withVectors, text, media);
  }

  public SearchRequest withFilter(Filter f) {
    return new SearchRequest(using, vector, limit, f, efSearch, exact, withPayload, withVectors, text, media);
  }

  public SearchRequest withEf(Integer ef) {
    return new SearchRequest(using, vector, limit, filter, ef, exact, withPayload, withVectors, text, media);
  }

  public SearchRequest withExact(boolean e) {
    return new SearchRequest(using, vector, limit, filter, efSearch, e, withPayload, withVectors, text, media);
  }

  public SearchRequest withPayload(boolean p) {
    return new SearchRequest(using, vector, limit, filter, efSearch, exact, p, withVectors, text, media);
  }

  public SearchRequest withVectors(boolean v) {
    return new SearchRequest(using, vector, limit, filter, efSearch, exact, withPayload, v, text, media);
  }

  /** The same search with this query vector instead of the text or media. */
  public SearchRequest withVector(float[] v) {
    return new SearchRequest(using, v, limit, filter, efSearch, exact, withPayload, withVectors, null, null);
  }
}
