package dev.quiver.engine.rag;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the passages that best answer a question: hybrid search (BM25 + vectors) when the text field
 * has a text index, vector search by text otherwise; then, when asked, re-ranks the candidates by
 * maximal marginal relevance (Carbonell &amp; Goldstein 1998) using the chunks' own vectors, so near
 * duplicates do not fill every slot. Uses only {@link VectorCollection} methods, so it works the same
 * on an embedded collection and over HTTP.
 */
public final class Retriever {

  private final VectorCollection collection;

  public Retriever(VectorCollection collection) {
    this.collection = collection;
  }

  /** The payload field a model-bound collection embeds ({@code text} when none is bound). */
  public static String textField(VectorCollection c) {
    for (VectorParams p : c.config().vectors().values()) {
      if (p.model() != null && p.model().source() != null) {
        return p.model().source();
      }
    }
    return "text";
  }

  /** The retrieved sources, numbered from 1 in the order they are given to the generator. */
  public List<Source> retrieve(AskRequest req) {
    String field = req.textField() != null ? req.textField() : textField(collection);
    String using = boundVector(collection.config());
    boolean rerank = req.mmrLambda() != null;
    int depth = rerank ? req.candidateDepth() : req.limit();
    List<ScoredPoint> hits;
    if (collection.info().payloadSchema().get(field) == PayloadSchemaType.TEXT) {
      HybridSearchRequest h = HybridSearchRequest.ofText(req.question(), depth).withTextField(field)
          .withFilter(req.filter());
      if (req.candidates() != null) {
        h = h.withCandidates(Math.max(req.candidates(), depth));
      }
      hits = collection.searchHybrid(using == null ? h : h.using(using));
    } else {
      SearchRequest s = SearchRequest.ofText(req.question(), depth).withFilter(req.filter());
      hits = collection.search(using == null ? s : s.using(using));
    }
    if (rerank && hits.size() > req.limit()) {
      hits = mmr(hits, vectorsOf(hits, using), req.limit(), req.mmrLambda());
    } else if (hits.size() > req.limit()) {
      hits = hits.subList(0, req.limit());
    }
    List<Source> out = new ArrayList<>(hits.size());
    for (ScoredPoint p : hits) {
      out.add(Source.of(out.size() + 1, p, field));
    }
    return out;
  }

  private List<float[]> vectorsOf(List<ScoredPoint> hits, String using) {
    List<PointId> ids = new ArrayList<>(hits.size());
    for (ScoredPoint p : hits) {
      ids.add(p.id());
    }
    Map<PointId, float[]> byId = new HashMap<>();
    for (Point p : collection.get(ids, false, true)) {
      Map<String, float[]> vs = p.vectors();
      float[] v = using != null && vs.containsKey(using) ? vs.get(using)
          : vs.containsKey(CollectionConfig.DEFAULT_VECTOR) ? vs.get(CollectionConfig.DEFAULT_VECTOR)
          : vs.isEmpty() ? null : vs.values().iterator().next();
      byId.put(p.id(), v);
    }
    List<float[]> out = new ArrayList<>(hits.size());
    for (ScoredPoint p : hits) {
      out.add(byId.get(p.id()));
    }
    return out;
  }

  /**
   * Greedy MMR: repeatedly takes the candidate maximising
   * {@code lambda * relevance - (1 - lambda) * max cosine to those already taken}. Relevance is the
   * retrieval score as a share of the best one (min-max rescaled when scores are not all positive),
   * so it is on the same 0..1 footing as the cosines it is traded against.
   * A candidate without a vector only competes on relevance.
   */
  static List<ScoredPoint> mmr(List<ScoredPoint> hits, List<float[]> vectors, int k, double lambda) {
    int n = hits.size();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (ScoredPoint p : hits) {
      min = Math.min(min, p.score());
      max = Math.max(max, p.score());
    }
    double span = max - min;
    double[] rel = new double[n];
    for (int i = 0; i < n; i++) {
      rel[i] = min > 0 ? hits.get(i).score() / max : span > 0 ? (hits.get(i).score() - min) / span : 1.0;
    }
    double[] maxSim = new double[n];
    boolean[] taken = new boolean[n];
    List<ScoredPoint> out = new ArrayList<>(k);
    while (out.size() < Math.min(k, n)) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (taken[i]) {
          continue;
        }
        double s = lambda * rel[i] - (out.isEmpty() ? 0 : (1 - lambda) * maxSim[i]);
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      taken[best] = true;
      out.add(hits.get(best));
      float[] vb = vectors.get(best);
      for (int i = 0; i < n; i++) {
        if (!taken[i] && vb != null && vectors.get(i) != null) {
          maxSim[i] = Math.max(maxSim[i], cosine(vb, vectors.get(i)));
        }
      }
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    int len = Math.min(a.length, b.length);
    for (int i = 0; i < len; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** The name of the model-bound vector (searches by text need one); null: the default vector. */
  static String boundVector(CollectionConfig cc) {
    for (Map.Entry<String, VectorParams> e : cc.vectors().entrySet()) {
      if (e.getValue().model() != null) {
        return e.getKey();
      }
    }
    return null;
  }
}
