package dev.quiver.client;

import static dev.quiver.client.VectorCollectionContract.assertFails;
import static dev.quiver.client.VectorCollectionContract.filter;
import static dev.quiver.client.VectorCollectionContract.idStrings;
import static dev.quiver.client.VectorCollectionContract.json;
import static dev.quiver.client.VectorCollectionContract.numbered;
import static dev.quiver.client.VectorCollectionContract.randomVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorDatabase;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.Fusion;
import dev.quiver.engine.text.HybridSearchRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The search half of the contract (vector, exact vs graph, text, keyword, hybrid); run through {@link VectorCollectionContract}. */
interface SearchContract {

  VectorDatabase database();

  String name(String base);

  private VectorCollection create(String base, int dim, Metric metric) {
    return database().createCollection(name(base), CollectionConfig.single(VectorParams.of(dim, metric)));
  }

  @Test
  default void searchIsBestFirstAndHonoursFiltersPayloadsAndVectors() {
    VectorCollection c = create("search", 4, Metric.COSINE);
    c.upsert(numbered(30));
    float[] q = {10, 1, 0, 0.5f};
    List<ScoredPoint> hits = c.search(SearchRequest.of(q, 10));
    assertEquals(10, hits.size());
    for (int i = 1; i < hits.size(); i++) {
      assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "best first: " + hits);
    }
    assertTrue(hits.get(0).score() <= 1.0001f && hits.get(0).score() > 0.9f);
    assertNotNull(hits.get(0).payload());
    assertNull(hits.get(0).vectors());

    Filter g2 = filter("{'must': [{'key': 'group', 'match': {'value': 'g2'}}]}");
    List<ScoredPoint> filtered = c.search(SearchRequest.of(q, 50).withFilter(g2).withPayload(false).withVectors(true));
    assertEquals(10, filtered.size()); // every matching point, fewer than the limit
    for (ScoredPoint h : filtered) {
      assertEquals(2, Integer.parseInt(h.id().toString()) % 3);
      assertNull(h.payload());
      assertEquals(4, h.vectors().get(CollectionConfig.DEFAULT_VECTOR).length);
    }
    // the same hits whatever ef, exact or not, on 30 points
    List<String> exact = idStrings(c.search(SearchRequest.of(q, 5).withExact(true)));
    assertEquals(exact, idStrings(c.search(SearchRequest.of(q, 5).withEf(200))));
    assertEquals(exact, idStrings(c.search(SearchRequest.of(q, 5))));
    List<ScoredPoint> one = c.search(SearchRequest.of(q, 1).withEf(1));
    assertEquals(1, one.size());
    assertTrue(c.search(SearchRequest.of(q, 3).withFilter(filter("{'must': [{'key': 'i', 'match': {'value': 999}}]}")))
        .isEmpty());
  }

  @Test
  default void euclideanScoresAreDistancesAndDotScoresAreProducts() {
    VectorCollection e = create("euclid", 2, Metric.EUCLIDEAN);
    e.upsert(List.of(Point.of(1, new float[] {3, 4}, null), Point.of(2, new float[] {1, 0}, null),
        Point.of(3, new float[] {-6, 8}, null), Point.of(4, new float[] {0, 2}, null)));
    List<ScoredPoint> hits = e.search(SearchRequest.of(new float[] {0, 0}, 4).withExact(true));
    assertEquals(List.of("2", "4", "1", "3"), idStrings(hits));
    float[] expected = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], hits.get(i).score(), 1e-4, "lower is closer: " + hits);
    }
    assertEquals(List.of("2", "4", "1", "3"), idStrings(e.search(SearchRequest.of(new float[] {0, 0}, 4))));

    VectorCollection d = create("dot", 2, Metric.DOT);
    d.upsert(List.of(Point.of(1, new float[] {3, 4}, null), Point.of(2, new float[] {1, 0}, null),
        Point.of(3, new float[] {-6, 8}, null)));
    List<ScoredPoint> dots = d.search(SearchRequest.of(new float[] {1, 1}, 3).withExact(true));
    assertEquals(List.of("1", "3", "2"), idStrings(dots));
    assertEquals(7f, dots.get(0).score(), 1e-5);
    assertEquals(2f, dots.get(1).score(), 1e-5);
    assertEquals(1f, dots.get(2).score(), 1e-5);
  }

  /** Exact search is brute force; the graph reaches the recall bar; filters hold on both paths. */
  @Test
  default void exactIsBruteForceAndHnswReachesRecall() {
    int n = 400;
    int dim = 16;
    int k = 10;
    Random r = new Random(7);
    VectorCollection c = create("recall", dim, Metric.EUCLIDEAN);
    List<float[]> vectors = new ArrayList<>();
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = randomVector(r, dim);
      vectors.add(v);
      points.add(Point.of(i, v, json("{'odd': " + (i % 2 == 1) + "}")));
    }
    for (int from = 0; from < n; from += 100) {
      c.upsert(points.subList(from, from + 100));
    }
    Filter odd = filter("{'must': [{'key': 'odd', 'match': {'value': true}}]}");
    int found = 0;
    int foundFiltered = 0;
    int queries = 20;
    for (int qi = 0; qi < queries; qi++) {
      float[] q = randomVector(r, dim);
      List<String> truth = bruteForce(vectors, q, k, false);
      List<String> truthOdd = bruteForce(vectors, q, k, true);
      List<ScoredPoint> exact = c.search(SearchRequest.of(q, k).withExact(true));
      assertEquals(truth, idStrings(exact));
      assertEquals(distance(vectors.get(Integer.parseInt(truth.get(0))), q), exact.get(0).score(), 1e-3);
      assertEquals(truthOdd, idStrings(c.search(SearchRequest.of(q, k).withExact(true).withFilter(odd))));

      List<String> approx = idStrings(c.search(SearchRequest.of(q, k).withEf(128)));
      List<String> approxOdd = idStrings(c.search(SearchRequest.of(q, k).withEf(128).withFilter(odd)));
      assertEquals(k, approx.size());
      assertEquals(k, approxOdd.size());
      approxOdd.forEach(id -> assertEquals(1, Integer.parseInt(id) % 2));
      found += (int) approx.stream().filter(new HashSet<>(truth)::contains).count();
      foundFiltered += (int) approxOdd.stream().filter(new HashSet<>(truthOdd)::contains).count();
    }
    double recall = found / (double) (queries * k);
    double recallFiltered = foundFiltered / (double) (queries * k);
    assertTrue(recall >= 0.95, "recall@10 " + recall);
    assertTrue(recallFiltered >= 0.95, "filtered recall@10 " + recallFiltered);
  }

  private static float distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return (float) Math.sqrt(s);
  }

  private static List<String> bruteForce(List<float[]> vectors, float[] q, int k, boolean oddOnly) {
    return IntStream.range(0, vectors.size()).filter(i -> !oddOnly || i % 2 == 1).boxed()
        .sorted(Comparator.comparingDouble(i -> distance(vectors.get(i), q)))
        .limit(k).map(String::valueOf).toList();
  }

  @Test
  default void searchByTextEmbedsWithTheBoundModel() {
    VectorCollection c = database().createCollection(name("model"),
        CollectionConfig.single(VectorParams.forModel(WordHashModel.NAME)));
    VectorParams params = c.config().vectors().get(CollectionConfig.DEFAULT_VECTOR);
    assertEquals(32, params.dimension());
    assertEquals("1", params.model().version());
    c.upsert(List.of(
        new Point(PointId.of(1), null, json("{'text': 'the cat sat on the mat'}")),
        new Point(PointId.of(2), null, json("{'text': 'stock markets fell sharply'}")),
        new Point(PointId.of(3), null, json("{'text': 'a dog chased the ball'}"))));
    assertEquals(32, c.get(List.of(PointId.of(2)), false, true).get(0).vector().length);
    List<ScoredPoint> hits = c.search(SearchRequest.ofText("markets", 1));
    assertEquals(List.of("2"), idStrings(hits));
    assertEquals(List.of("3"), idStrings(c.search(SearchRequest.ofText("dog ball", 3)
        .withFilter(filter("{'must_not': [{'has_id': [2]}]}"))).subList(0, 1)));
    assertFails(IllegalArgumentException.class,
        () -> c.upsert(new Point(PointId.of(4), null, json("{'other': 1}"))), "text");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.ofText(" ", 1)), "query text is empty");
  }

  @Test
  default void keywordAndHybridSearch() {
    VectorCollection c = create("hybrid", 2, Metric.COSINE);
    c.createPayloadIndex("body", PayloadSchemaType.TEXT);
    c.upsert(List.of(
        Point.of(1, new float[] {1, 0}, json("{'body': 'the quick brown fox jumps', 'lang': 'en'}")),
        Point.of(2, new float[] {0, 1}, json("{'body': 'a lazy dog sleeps', 'lang': 'en'}")),
        Point.of(3, new float[] {1, 1}, json("{'body': 'fox and dog and fox again', 'lang': 'de'}")),
        Point.of(4, new float[] {-1, 0}, json("{'body': 'nothing to see', 'lang': 'en'}"))));
    List<ScoredPoint> kw = c.keywordSearch(HybridSearchRequest.ofText("fox", 10));
    assertEquals(Set.of("1", "3"), Set.copyOf(idStrings(kw)));
    assertTrue(kw.get(0).score() >= kw.get(1).score() && kw.get(1).score() > 0);
    assertEquals(List.of("1"), idStrings(c.keywordSearch(HybridSearchRequest.ofText("fox", 10)
        .withFilter(filter("{'must': [{'key': 'lang', 'match': {'value': 'en'}}]}")))));

    List<ScoredPoint> hybrid = c.searchHybrid(HybridSearchRequest.of(new float[] {0, 1}, "fox", 4)
        .withFusion(Fusion.rrf(60)).withVectors(true));
    assertEquals(4, hybrid.size());
    assertEquals(Set.of("1", "2", "3", "4"), Set.copyOf(idStrings(hybrid)));
    assertEquals("3", hybrid.get(0).id().toString()); // second by vector, first by keyword
    assertArrayEquals(new float[] {1 / (float) Math.sqrt(2), 1 / (float) Math.sqrt(2)},
        hybrid.get(0).vectors().get(CollectionConfig.DEFAULT_VECTOR), 1e-5f);
    List<ScoredPoint> weighted = c.searchHybrid(HybridSearchRequest.of(new float[] {1, 0}, "dog", 2)
        .withPayload(false));
    assertEquals(2, weighted.size());
    assertNull(weighted.get(0).payload());
    assertFails(IllegalArgumentException.class,
        () -> c.keywordSearch(HybridSearchRequest.ofText("fox", 3).withTextField("lang")), "lang");
  }
}
