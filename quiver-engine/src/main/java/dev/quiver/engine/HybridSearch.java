package dev.quiver.engine;

import dev.quiver.core.index.Bits;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import dev.quiver.engine.text.RankFusion;
import dev.quiver.engine.text.TextIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Hybrid and keyword search over a collection's state (see {@link HybridSearchRequest}). The filter
 * is planned once and the same acceptance set restricts both legs, so every fused result matches
 * it. Callers hold the collection's read lock.
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
   * Runs the request. {@code keywordOnly}: only the BM25 leg, scores are BM25. Otherwise the legs
   * that apply, fused; scores are the fused scores.
   */
  static List<ScoredPoint> search(String collection, CollectionState state, HybridSearchRequest request,
      float[] vector, boolean keywordOnly, IntFunction<Map<String, float[]>> vectorsAt) {
    int depth = keywordOnly ? request.limit() : request.candidateDepth();
    TextIndex text = null;
    if (keywordOnly || request.text() != null) {
      if (request.text() == null || request.text().isBlank()) {
        throw new IllegalArgumentException("a keyword search needs a query text");
      }
      text = textIndex(collection, state, request.textField());
    }
    HnswIndex index = null;
    VectorParams params = null;
    if (!keywordOnly && vector != null) {
      index = state.indexes.get(request.using());
      params = state.config.vectors().get(request.using());
      if (index == null) {
        throw new IllegalArgumentException("collection '" + collection + "' has no vector '" + request.using()
            + "'; it has " + state.config.vectors().keySet());
      }
      checkQuery(collection, vector, params.dimension());
    }
    Bits accept = request.filter() == null ? null : FilterPlanner.plan(state, request.filter());
    TopHits keyword = text == null ? null : text.search(request.text(), depth, accept);
    TopHits hits;
    if (keywordOnly) {
      hits = keyword;
    } else {
      TopHits vectorHits = null;
      if (index != null) {
        int ef = Math.max(depth, request.efSearch() != null ? request.efSearch() : params.hnsw().efSearch());
        vectorHits = index.search(vector, depth, ef, accept);
      }
      hits = RankFusion.fuse(vectorHits, keyword, request.fusion(), request.limit(),
          text == null ? 0 : text.idealScore(request.text()));
    }
    List<ScoredPoint> out = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      int ord = hits.ords()[i];
      out.add(new ScoredPoint(state.ordToId.get(ord), hits.scores()[i],
          request.withPayload() ? state.payloads.get(ord).deepCopy() : null,
          request.withVectors() ? vectorsAt.apply(ord) : null));
    }
    return out;
  }

  private static TextIndex textIndex(String collection, CollectionState state, String field) {
    List<String> fields = state.payloadIndexes.textFields();
    if (field == null) {
      if (fields.size() == 1) {
        return state.payloadIndexes.text(fields.get(0));
      }
      throw new IllegalArgumentException(fields.isEmpty()
          ? "collection '" + collection + "' has no text index; create one with createPayloadIndex(field, "
              + PayloadSchemaType.TEXT + ") to search by keywords"
          : "collection '" + collection + "' has text indexes on " + fields + "; name the one to search");
    }
    TextIndex text = state.payloadIndexes.text(field);
    if (text == null) {
      throw new IllegalArgumentException("collection '" + collection + "' has no text index on '" + field
          + "'; text indexes: " + fields);
    }
    return text;
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
