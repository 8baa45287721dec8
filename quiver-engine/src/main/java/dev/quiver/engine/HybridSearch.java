package dev.quiver.engine;

import dev.quiver.core.index.TopHits;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import dev.quiver.engine.text.RankFusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Hybrid and keyword search over a collection's state (see {@link HybridSearchRequest}). The filter
 * is planned once and the same acceptance set restricts both legs, so every fused result matches
 * it. It runs on one view and takes no collection lock.
 */
final class HybridSearch {

  private HybridSearch() {}

  /**
   * The vector leg's query: the request's vector, or its text embedded when the vector is bound to
   * a model, else null (no vector leg). Called outside the lock: a model may be slow.
   */
  static float[] queryVector(HybridSearchRequest request, CollectionConfig config, Vectorizer vectorizer) {
    if (request.vector() != null) {
      return request.vector();
    }
    VectorParams p = config.vectors().get(request.using());
    if (p != null && p.model() != null && request.text() != null) {
      return vectorizer.embedQuery(request.using(), request.text());
    }
    return null;
  }

  /**
   * Runs the request on {@code view}. {@code keywordOnly}: only the BM25 leg, scores are BM25.
   * Otherwise the legs that apply, fused; scores are the fused scores. Hits are view ordinals until
   * they are turned into points here.
   */
  static List<ScoredPoint> search(String collection, CollectionConfig config, SegmentView view,
      HybridSearchRequest request, float[] vector, boolean keywordOnly, IntFunction<Map<String, float[]>> vectorsAt) {
    int depth = keywordOnly ? request.limit() : request.candidateDepth();
    String textField = null;
    if (keywordOnly || request.text() != null) {
      if (request.text() == null || request.text().isBlank()) {
        throw new IllegalArgumentException("a keyword search needs a query text");
      }
      textField = textField(collection, view, request.textField());
    }
    VectorParams params = null;
    if (!keywordOnly && vector != null) {
      params = config.vectors().get(request.using());
      if (params == null) {
        throw new IllegalArgumentException("collection '" + collection + "' has no vector '" + request.using()
            + "'; it has " + config.vectors().keySet());
      }
      checkQuery(collection, vector, params.dimension());
    }
    TopHits keyword = textField == null ? null
        : ViewSearch.keywords(view, textField, request.text(), depth, request.filter());
    TopHits hits;
    if (keywordOnly) {
      hits = keyword;
    } else {
      TopHits vectorHits = null;
      if (params != null) {
        int ef = Math.max(depth, request.efSearch() != null ? request.efSearch() : params.hnsw().efSearch());
        vectorHits = ViewSearch.vectors(view, request.using(), vector, depth, ef, false, request.filter());
      }
      String field = textField;
      hits = RankFusion.fuse(vectorHits, keyword, request.fusion(), request.limit(),
          field == null ? 0 : ViewSearch.maxOverTextIndexes(view, field, t -> t.idealScore(request.text())));
    }
    List<ScoredPoint> out = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      int ord = hits.ords()[i];
      out.add(new ScoredPoint(view.id(ord), hits.scores()[i],
          request.withPayload() ? view.payload(ord).deepCopy() : null,
          request.withVectors() ? vectorsAt.apply(ord) : null));
    }
    return out;
  }

  /** The text-indexed field to search: the one named, or the only one. */
  private static String textField(String collection, SegmentView view, String field) {
    List<String> fields = view.schema.entrySet().stream()
        .filter(e -> e.getValue() == PayloadSchemaType.TEXT).map(Map.Entry::getKey).toList();
    if (field == null) {
      if (fields.size() == 1) {
        return fields.get(0);
      }
      throw new IllegalArgumentException(fields.isEmpty()
          ? "collection '" + collection + "' has no text index; create one with createPayloadIndex(field, "
              + PayloadSchemaType.TEXT + ") to search by keywords"
          : "collection '" + collection + "' has text indexes on " + fields + "; name the one to search");
    }
    if (!fields.contains(field)) {
      throw new IllegalArgumentException("collection '" + collection + "' has no text index on '" + field
          + "'; text indexes: " + fields);
    }
    return field;
  }

  private static void checkQuery(String collection, float[] q, int dimension) {
    if (q.length != dimension) {
      throw new IllegalArgumentException("query vector has dimension " + q.length + ", collection '"
          + collection + "' expects " + dimension);
    }
    for (int i = 0; i < q.length; i++) {
      if (!Float.isFinite(q[i])) {
        throw new IllegalArgumentException("query vector has " + q[i] + " at position " + i
            + "; only finite numbers are allowed");
      }
    }
  }
}
