package dev.quiver.engine.recommend;

import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.filter.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recommendations, user profiles and vector arithmetic over any {@link VectorCollection}, embedded
 * or remote: it only calls {@code get} and {@code search}, so the same code runs in-process and
 * through the HTTP client. Text examples are embedded here with the collection's bound model (its
 * version checked), found through the {@link EmbeddingModelProvider} given. Thread-safe (no state
 * besides the provider).
 *
 * <h2>Formulas</h2>
 * Example vectors are first prepared as the metric stores them (unit length for cosine).
 * <ul>
 *   <li>{@link RecommendStrategy#AVERAGE_VECTOR}: {@code q = avg(pos) + (avg(pos) - avg(neg))}, or
 *       {@code avg(pos)} without negatives; one search. Scores are the metric's (cosine similarity,
 *       dot product, or Euclidean distance where lower is better).
 *   <li>{@link RecommendStrategy#BEST_SCORE}: candidates are the union of one search per positive
 *       ({@link RecommendRequest#candidatesOrDefault()} each; with negatives only, one search toward
 *       {@code -avg(neg)}, cosine and dot only). For each candidate, {@code p} = its best similarity
 *       to a positive and {@code n} = its best to a negative (similarity: cosine, dot, or minus the
 *       Euclidean distance); score = {@code s(p)} if {@code p > n} (or no negatives), else
 *       {@code -s(n)}, with {@code s(x) = (x / (1 + |x|) + 1) / 2} in (0, 1). So every candidate
 *       closer to some positive than to any negative ranks above every one that is not, and the
 *       latter rank by how far they are from the negatives. Scores are these, for every metric.
 *   <li>Profile: see {@link #profileVector}. Arithmetic: see {@link QueryArithmetic}.
 * </ul>
 * Excluded points (the examples, a user's seen items, the arithmetic's input ids) are left out by
 * asking the search for that many more results and dropping them, so exclusion never changes how
 * the filter is planned.
 */
public final class Recommender {

  private static volatile Recommender defaults;

  private final EmbeddingModelProvider models;
  private final VectorMath math = VectorMath.get();

  /** @param models where text examples find the collection's model (null: text examples are refused) */
  public Recommender(EmbeddingModelProvider models) {
    this.models = models;
  }

  /** A recommender with the models registered on the class path (the built-in ones with quiver-embed). */
  public static Recommender defaults() {
    Recommender r = defaults;
    if (r == null) {
      synchronized (Recommender.class) {
        if (defaults == null) {
          defaults = new Recommender(EmbeddingModelProvider.discover());
        }
        r = defaults;
      }
    }
    return r;
  }

  // ------------------------------------------------------------------ recommend

  /**
   * Points like the positive examples and unlike the negative ones, best first.
   *
   * @throws IllegalArgumentException naming missing example ids, a wrong dimension, or an unknown vector
   */
  public List<ScoredPoint> recommend(VectorCollection c, RecommendRequest r) {
    ExampleVectors ev = new ExampleVectors(c, r.using(), models);
    List<Example> all = new ArrayList<>(r.positive());
    all.addAll(r.negative());
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < r.positive().size(); i++) {
      labels.add("positive[" + i + "]");
    }
    for (int i = 0; i < r.negative().size(); i++) {
      labels.add("negative[" + i + "]");
    }
    List<float[]> vectors = ev.resolve(all, labels);
    List<float[]> pos = vectors.subList(0, r.positive().size());
    List<float[]> neg = vectors.subList(r.positive().size(), vectors.size());
    Set<PointId> exclude = r.excludeExamples() ? ids(all) : Set.of();
    if (r.strategy() == RecommendStrategy.AVERAGE_VECTOR) {
      float[] q = mean(pos);
      if (!neg.isEmpty()) {
        float[] n = mean(neg);
        for (int i = 0; i < q.length; i++) {
          q[i] = 2 * q[i] - n[i];
        }
      }
      return search(c, r.using(), q, r.limit(), r.filter(), r.efSearch(), r.withPayload(), r.withVectors(), exclude);
    }
    return bestScore(c, r, ev.metric(), pos, neg, exclude);
  }

  private List<ScoredPoint> bestScore(VectorCollection c, RecommendRequest r, Metric metric, List<float[]> pos,
      List<float[]> neg, Set<PointId> exclude) {
    List<float[]> seeds = pos;
    if (pos.isEmpty()) {
      if (metric == Metric.EUCLIDEAN) {
        throw new IllegalArgumentException("best_score with only negative examples needs a cosine or dot vector"
            + " (vector '" + r.using() + "' is euclidean); add a positive example");
      }
      float[] away = mean(neg);
      for (int i = 0; i < away.length; i++) {
        away[i] = -away[i];
      }
      seeds = List.of(away);
    }
    Map<PointId, ScoredPoint> candidates = new LinkedHashMap<>();
    for (float[] seed : seeds) {
      for (ScoredPoint h : search(c, r.using(), seed, r.candidatesOrDefault(), r.filter(), r.efSearch(),
          r.withPayload(), true, exclude)) {
        candidates.putIfAbsent(h.id(), h);
      }
    }
    List<ScoredPoint> scored = new ArrayList<>(candidates.size());
    for (ScoredPoint h : candidates.values()) {
      float[] v = h.vectors() == null ? null : h.vectors().get(r.using());
      if (v == null) {
        throw new IllegalStateException("search returned point " + h.id() + " without its vector '" + r.using()
            + "' although it was asked for");
      }
      v = metric.prepare(v);
      double p = best(metric, v, pos);
      double n = best(metric, v, neg);
      double score = pos.isEmpty() || (!neg.isEmpty() && n >= p) ? -sigmoid(n) : sigmoid(p);
      scored.add(new ScoredPoint(h.id(), (float) score, h.payload(), r.withVectors() ? h.vectors() : null));
    }
    scored.sort(Comparator.comparingDouble((ScoredPoint s) -> -s.score()).thenComparing(ScoredPoint::id));
    return List.copyOf(scored.subList(0, Math.min(r.limit(), scored.size())));
  }

  /** Best similarity of {@code v} to any of {@code examples} (higher is closer); -inf when none. */
  private double best(Metric metric, float[] v, List<float[]> examples) {
    double best = Double.NEGATIVE_INFINITY;
    for (float[] e : examples) {
      float s = metric.score(math, v, e);
      double sim = metric == Metric.EUCLIDEAN ? -metric.distance(s) : s;
      best = Math.max(best, sim);
    }
    return best;
  }

  /** Qdrant's scaled fast sigmoid: monotone, (0, 1), 0.5 at 0. */
  static double sigmoid(double x) {
    return 0.5 * (x / (1 + Math.abs(x)) + 1);
  }

  // ------------------------------------------------------------------ profiles

  /**
   * The taste vector of a user: with {@code a_i} the decayed weights ({@link UserProfile#decayedWeight}),
   * {@code P} the {@code a}-weighted mean of the positively weighted items and {@code N} the
   * {@code |a|}-weighted mean of the negatively weighted ones, and {@code m+}, {@code m-} their total
   * weights: {@code P + m-/(m+ + m-) * (P - N)} ({@code P} without negatives). So skips push away as
   * much as they weigh against the plays, and old skips barely at all.
   */
  public float[] profileVector(VectorCollection c, UserProfile profile) {
    ExampleVectors ev = new ExampleVectors(c, profile.using(), models);
    List<Example> items = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < profile.interactions().size(); i++) {
      items.add(profile.interactions().get(i).item());
      labels.add("interactions[" + i + "]");
    }
    List<float[]> vectors = ev.resolve(items, labels);
    int dim = ev.dimension();
    double[] p = new double[dim];
    double[] n = new double[dim];
    double mPos = 0;
    double mNeg = 0;
    for (int i = 0; i < vectors.size(); i++) {
      double a = profile.decayedWeight(profile.interactions().get(i));
      double[] acc = a >= 0 ? p : n;
      double w = Math.abs(a);
      float[] v = vectors.get(i);
      for (int d = 0; d < dim; d++) {
        acc[d] += w * v[d];
      }
      if (a >= 0) {
        mPos += w;
      } else {
        mNeg += w;
      }
    }
    if (!(mPos > 0)) {
      throw new IllegalArgumentException("the profile's positive interactions have decayed to weight 0; use a"
          + " longer half-life or more recent interactions");
    }
    float[] q = new float[dim];
    double push = mNeg > 0 ? mNeg / (mPos + mNeg) : 0;
    for (int d = 0; d < dim; d++) {
      double pd = p[d] / mPos;
      double nd = mNeg > 0 ? n[d] / mNeg : 0;
      q[d] = (float) (mNeg > 0 ? pd + push * (pd - nd) : pd);
    }
    return ev.metric() == Metric.COSINE ? Metric.normalize(q) : q;
  }

  /**
   * Recommendations for a user: the points nearest the {@link #profileVector}, without the items the
   * user already interacted with, with payloads.
   */
  public List<ScoredPoint> recommendFor(VectorCollection c, UserProfile profile, int limit, Filter filter) {
    float[] q = profileVector(c, profile);
    return search(c, profile.using(), q, limit, filter, null, true, false, profile.seenIds());
  }

  // ------------------------------------------------------------------ arithmetic

  /** The query vector of {@code q}: see {@link QueryArithmetic}. */
  public float[] queryVector(VectorCollection c, QueryArithmetic q) {
    ExampleVectors ev = new ExampleVectors(c, q.using(), models);
    List<Example> examples = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < q.terms().size(); i++) {
      examples.add(q.terms().get(i).example());
      labels.add("terms[" + i + "]");
    }
    List<float[]> vectors = ev.resolve(examples, labels);
    double[] sum = new double[ev.dimension()];
    for (int i = 0; i < vectors.size(); i++) {
      double w = q.terms().get(i).weight();
      float[] v = vectors.get(i);
      for (int d = 0; d < sum.length; d++) {
        sum[d] += w * v[d];
      }
    }
    float[] out = new float[sum.length];
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      out[d] = (float) sum[d];
      norm += sum[d] * sum[d];
    }
    if (!(norm > 1e-24)) {
      throw new IllegalArgumentException("the terms cancel out: the query vector is zero; change the weights or terms");
    }
    return ev.metric() == Metric.COSINE ? Metric.normalize(out) : out;
  }

  /** The points nearest {@link #queryVector}, without the points used as terms (unless asked otherwise). */
  public List<ScoredPoint> search(VectorCollection c, QueryArithmetic q) {
    float[] v = queryVector(c, q);
    List<Example> examples = q.terms().stream().map(QueryArithmetic.Term::example).toList();
    Set<PointId> exclude = q.excludeInputs() ? ids(examples) : Set.of();
    return search(c, q.using(), v, q.limit(), q.filter(), q.efSearch(), q.withPayload(), q.withVectors(), exclude);
  }

  // ------------------------------------------------------------------ shared

  private static List<ScoredPoint> search(VectorCollection c, String using, float[] q, int limit, Filter filter,
      Integer ef, boolean withPayload, boolean withVectors, Set<PointId> exclude) {
    for (int i = 0; i < q.length; i++) {
      if (!Float.isFinite(q[i])) {
        throw new IllegalArgumentException("the combined query vector has " + q[i] + " at [" + i + "]: the examples"
            + " or weights are too large for 32-bit floats; scale them down");
      }
    }
    int ask = Math.min(SearchRequest.MAX_LIMIT, limit + exclude.size());
    List<ScoredPoint> hits = c.search(new SearchRequest(using, q, ask, filter, ef, false, withPayload, withVectors));
    List<ScoredPoint> out = new ArrayList<>(Math.min(limit, hits.size()));
    for (ScoredPoint h : hits) {
      if (!exclude.contains(h.id())) {
        out.add(h);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  private static Set<PointId> ids(List<Example> examples) {
    Set<PointId> ids = new HashSet<>();
    for (Example e : examples) {
      if (e instanceof Example.Id id) {
        ids.add(id.id());
      }
    }
    return ids;
  }

  private static float[] mean(List<float[]> vectors) {
    float[] m = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < m.length; i++) {
        m[i] += v[i];
      }
    }
    float inv = 1f / vectors.size();
    for (int i = 0; i < m.length; i++) {
      m[i] *= inv;
    }
    return m;
  }
}
