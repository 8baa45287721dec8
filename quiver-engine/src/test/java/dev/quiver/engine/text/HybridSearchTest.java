package dev.quiver.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.FakeEmbeddingModel;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.storage.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full-text indexes and hybrid search through the embedded collection. */
class HybridSearchTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> QUERIES = List.of("zebra", "striped zebra crossing", "SKU-4471-B",
      "quiet river", "river zebra quiet", "4471");

  @TempDir Path dir;

  private static QuiverConfig config() {
    // No checkpoint on close: reopening replays the log, unless the test checkpoints itself.
    return QuiverConfig.defaults().withDurability(Durability.NONE).withCheckpointOnClose(false);
  }

  private static Point point(long id, float[] v, String body) {
    return Point.of(id, v, F.objectNode().put("body", body).put("group", (int) (id % 2)));
  }

  private static float[] vec(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return new float[] {(float) r.nextDouble(0.1, 1), (float) r.nextDouble(0.1, 1), (float) r.nextDouble(0.1, 1),
        (float) r.nextDouble(0.1, 1)};
  }

  private static List<String> ids(List<ScoredPoint> hits) {
    List<String> out = new ArrayList<>();
    for (ScoredPoint h : hits) {
      out.add(h.id().toString());
    }
    return out;
  }

  private static List<List<ScoredPoint>> answers(VectorCollection c) {
    List<List<ScoredPoint>> out = new ArrayList<>();
    for (String q : QUERIES) {
      out.add(c.keywordSearch(HybridSearchRequest.ofText(q, 10).withPayload(false)));
      out.add(c.searchHybrid(HybridSearchRequest.of(vec(q.hashCode()), q, 10).withPayload(false)));
    }
    return out;
  }

  /**
   * Every point's score for each query, all points deep: comparable between collections whose
   * ordinals differ (ties are ordered by ordinal, so top-k lists are not).
   */
  private static List<Map<String, Long>> scores(VectorCollection c) {
    List<Map<String, Long>> out = new ArrayList<>();
    for (String q : QUERIES) {
      for (List<ScoredPoint> hits : List.of(c.keywordSearch(HybridSearchRequest.ofText(q, 1000)),
          c.searchHybrid(HybridSearchRequest.of(vec(q.hashCode()), q, 1000)))) {
        Map<String, Long> m = new java.util.TreeMap<>();
        hits.forEach(h -> m.put(h.id().toString(), Math.round(h.score() * 1e5)));
        out.add(m);
      }
    }
    return out;
  }

  /** Same points per query, scores equal up to float rounding of the cosines. */
  private static void assertSameScores(List<Map<String, Long>> expected, List<Map<String, Long>> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).keySet(), actual.get(i).keySet(), "query #" + i);
      for (Map.Entry<String, Long> e : expected.get(i).entrySet()) {
        assertTrue(Math.abs(e.getValue() - actual.get(i).get(e.getKey())) <= 5, "query #" + i + ", point " + e.getKey()
            + ": " + e.getValue() + " vs " + actual.get(i).get(e.getKey()));
      }
    }
  }

  @Test
  void indexFollowsEveryWritePathAndSurvivesReplayAndCheckpoint() throws Exception {
    List<List<ScoredPoint>> before;
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      c.upsert(List.of(point(1, vec(1), "a quiet river bank"), point(2, vec(2), "the zebra crossing")));
      c.createPayloadIndex("body", PayloadSchemaType.TEXT); // filled from the points already there
      assertEquals(Map.of("body", PayloadSchemaType.TEXT), c.info().payloadSchema());
      c.upsert(List.of(point(3, vec(3), "order SKU-4471-B by the river"), point(4, vec(4), "part 4471 is striped")));
      assertEquals(List.of("2"), ids(c.keywordSearch(HybridSearchRequest.ofText("zebras", 10))));
      assertEquals(List.of("3", "4"), ids(c.keywordSearch(HybridSearchRequest.ofText("SKU-4471-B", 10))),
          "the exact code outranks a document sharing a part of it");

      c.upsert(point(2, vec(2), "a horse crossing")); // replace
      assertEquals(List.of(), ids(c.keywordSearch(HybridSearchRequest.ofText("zebra", 10))));
      c.setPayload(List.of(PointId.of(3)), F.objectNode().put("body", "striped zebra by the river"));
      assertEquals(List.of("3"), ids(c.keywordSearch(HybridSearchRequest.ofText("zebra", 10))));
      assertEquals(List.of("4"), ids(c.keywordSearch(HybridSearchRequest.ofText("SKU-4471-B", 10))));
      c.overwritePayload(List.of(PointId.of(1)), F.objectNode().put("body", "zebra zebra"));
      assertEquals(List.of("1", "3"), ids(c.keywordSearch(HybridSearchRequest.ofText("zebra", 10))));
      c.deletePayloadKeys(List.of(PointId.of(3)), List.of("body"));
      assertEquals(List.of("1"), ids(c.keywordSearch(HybridSearchRequest.ofText("zebra", 10))));
      c.upsert(List.of(point(5, vec(5), "zebra on a quiet river"), point(6, vec(6), "striped zebra crossing")));
      c.delete(List.of(PointId.of(1)));
      assertEquals(List.of("6", "4", "5"), ids(c.keywordSearch(HybridSearchRequest.ofText("striped zebra", 10))));
      before = answers(c);
      assertSameScores(scores(c), scores(fresh(db, c))); // statistics equal those of an index built from scratch
    }
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.collection("docs");
      assertEquals(before, answers(c), "after replaying the log");
      db.collection("docs").checkpoint();
    }
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.collection("docs");
      assertEquals(Map.of("body", PayloadSchemaType.TEXT), c.info().payloadSchema());
      assertEquals(before, answers(c), "after loading the checkpoint");
      c.dropPayloadIndex("body");
      assertThrows(IllegalArgumentException.class, () -> c.keywordSearch(HybridSearchRequest.ofText("zebra", 1)));
    }
  }

  /** A new collection holding the same points, indexed in one go. */
  private static VectorCollection fresh(Quiver db, VectorCollection c) {
    VectorCollection f = db.createCollection("fresh", c.config());
    f.createPayloadIndex("body", PayloadSchemaType.TEXT);
    f.upsert(c.scroll(ScrollRequest.of(1000).withVectors(true)).points());
    return f;
  }

  @Test
  void searchesRunBesideWritersAndSnapshotsCarryTheIndex() throws Exception {
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      c.createPayloadIndex("body", PayloadSchemaType.TEXT);
      String[] words = {"zebra", "river", "quiet", "striped", "horse", "crossing"};
      java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      Thread reader = new Thread(() -> {
        try {
          while (!done.get()) {
            for (ScoredPoint h : c.searchHybrid(HybridSearchRequest.of(vec(7), "zebra river", 5))) {
              assertTrue(h.payload() != null);
            }
            c.keywordSearch(HybridSearchRequest.ofText("striped horse", 5));
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      reader.start();
      SplittableRandom r = new SplittableRandom(9);
      for (int i = 0; i < 600; i++) {
        long id = r.nextInt(100);
        String body = words[r.nextInt(6)] + " " + words[r.nextInt(6)];
        switch (i % 4) {
          case 0, 1 -> c.upsert(point(id, vec(id), body));
          case 2 -> c.setPayload(List.of(PointId.of(id)), F.objectNode().put("body", body));
          default -> c.delete(List.of(PointId.of(id)));
        }
      }
      done.set(true);
      reader.join();
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      List<List<ScoredPoint>> expected = answers(c);
      assertSameScores(scores(c), scores(fresh(db, c)));
      Path snapshot = dir.resolve("docs.snapshot");
      db.createSnapshot("docs", snapshot);
      VectorCollection restored = db.restoreSnapshot(snapshot, "docs2");
      assertEquals(Map.of("body", PayloadSchemaType.TEXT), restored.info().payloadSchema());
      assertEquals(expected, answers(restored));
    }
  }

  @Test
  void theFilterAppliesToBothLegs() throws Exception {
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      c.createPayloadIndex("body", PayloadSchemaType.TEXT);
      String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
      SplittableRandom r = new SplittableRandom(3);
      List<Point> pts = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        pts.add(point(i, vec(i), words[r.nextInt(8)] + " " + words[r.nextInt(8)] + " " + words[r.nextInt(8)]));
      }
      c.upsert(pts);
      Filter even = Filter.parse("{\"must\": [{\"key\": \"group\", \"match\": {\"value\": 0}}]}");
      for (Fusion fusion : List.of(Fusion.rrf(), Fusion.weighted(0.5))) {
        HybridSearchRequest q = HybridSearchRequest.of(vec(1000), "alpha bravo", 40).withFusion(fusion);
        assertTrue(c.searchHybrid(q).stream().anyMatch(h -> h.payload().get("group").asInt() == 1));
        List<ScoredPoint> filtered = c.searchHybrid(q.withFilter(even));
        assertEquals(40, filtered.size());
        assertTrue(filtered.stream().allMatch(h -> h.payload().get("group").asInt() == 0));
        List<ScoredPoint> vectorLeg = c.searchHybrid(q.withText(null).withFilter(even));
        assertEquals(40, vectorLeg.size());
        assertTrue(vectorLeg.stream().allMatch(h -> h.payload().get("group").asInt() == 0));
      }
      List<ScoredPoint> kw = c.keywordSearch(HybridSearchRequest.ofText("alpha", 300).withFilter(even));
      assertFalse(kw.isEmpty());
      assertTrue(kw.stream().allMatch(h -> h.payload().get("group").asInt() == 0));
      assertTrue(kw.stream().allMatch(h -> h.payload().get("body").asText().contains("alpha")));
    }
  }

  @Test
  void legsRunAsTheRequestAllows() throws Exception {
    java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    FakeEmbeddingModel words = new FakeEmbeddingModel("fake-words", "v1", 64);
    dev.quiver.core.embed.EmbeddingModel model = new dev.quiver.core.embed.EmbeddingModel() {
      @Override
      public String name() {
        return words.name();
      }

      @Override
      public String version() {
        return words.version();
      }

      @Override
      public int dimension() {
        return words.dimension();
      }

      @Override
      public boolean normalized() {
        return true;
      }

      @Override
      public List<float[]> embed(List<String> texts) {
        return words.embed(texts);
      }

      @Override
      public List<float[]> embedQueries(List<String> texts) {
        queries.incrementAndGet();
        return words.embed(texts);
      }
    };
    try (Quiver db = Quiver.open(dir, config().withModels(FakeEmbeddingModel.provider(model)))) {
      VectorCollection plain = db.createCollection("plain", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      plain.upsert(List.of(point(1, vec(1), "zebra"), point(2, vec(2), "horse"), point(3, vec(3), "zebra horse")));
      String noIndex = assertThrows(IllegalArgumentException.class,
          () -> plain.keywordSearch(HybridSearchRequest.ofText("zebra", 5))).getMessage();
      assertEquals("collection 'plain' has no text index; create one with createPayloadIndex(field, TEXT) to"
          + " search by keywords", noIndex);
      plain.createPayloadIndex("body", PayloadSchemaType.TEXT);
      // Text only, no model: the keyword ranking, with fused scores.
      assertEquals(ids(plain.keywordSearch(HybridSearchRequest.ofText("zebra", 5))),
          ids(plain.searchHybrid(HybridSearchRequest.ofText("zebra", 5))));
      // Vector only: the vector ranking.
      float[] q = vec(2);
      assertEquals(ids(plain.search(SearchRequest.of(q, 3))),
          ids(plain.searchHybrid(new HybridSearchRequest(null, q, null, null, 3, null, null, null, null, true, false))));
      assertEquals("query vector has dimension 2, collection 'plain' expects 4",
          assertThrows(IllegalArgumentException.class,
              () -> plain.searchHybrid(HybridSearchRequest.of(new float[2], "zebra", 3))).getMessage());
      plain.createPayloadIndex("title", PayloadSchemaType.TEXT);
      assertEquals("collection 'plain' has text indexes on [body, title]; name the one to search",
          assertThrows(IllegalArgumentException.class,
              () -> plain.searchHybrid(HybridSearchRequest.ofText("zebra", 3))).getMessage());
      assertEquals(3, plain.searchHybrid(HybridSearchRequest.ofText("zebra", 3).withTextField("body")
          .withFusion(Fusion.weighted(0.5)).withVector(q)).size());

      // Bound to a model: one text drives both legs.
      VectorCollection bound = db.createCollection("bound", CollectionConfig.single(VectorParams.forModel("fake-words")));
      bound.createPayloadIndex("text", PayloadSchemaType.TEXT);
      bound.upsert(List.of(new Point(PointId.of(1), Map.of(), F.objectNode().put("text", "red apples")),
          new Point(PointId.of(2), Map.of(), F.objectNode().put("text", "green pears"))));
      List<ScoredPoint> hits = bound.searchHybrid(HybridSearchRequest.ofText("pears", 2));
      assertEquals(1, queries.get(), "the query text was embedded once");
      assertEquals(List.of("2", "1"), ids(hits)); // 2 tops both legs; 1 comes from the vector leg only
      assertThrows(IllegalArgumentException.class, () -> HybridSearchRequest.ofText(" ", 2));
      assertThrows(IllegalArgumentException.class, () -> HybridSearchRequest.ofText("x", 10).withCandidates(5));
    }
  }

  @Test
  void otherCollectionsSayHybridSearchIsUnsupported() {
    VectorCollection c = (VectorCollection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {VectorCollection.class}, (proxy, m, args) -> {
          if (m.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
          }
          throw new AssertionError(m.getName());
        });
    assertThrows(UnsupportedOperationException.class, () -> c.searchHybrid(HybridSearchRequest.ofText("x", 1)));
    assertThrows(UnsupportedOperationException.class, () -> c.keywordSearch(HybridSearchRequest.ofText("x", 1)));
  }
}
