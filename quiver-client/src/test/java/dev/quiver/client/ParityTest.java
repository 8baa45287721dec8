package dev.quiver.client;

import static dev.quiver.client.VectorCollectionContract.filter;
import static dev.quiver.client.VectorCollectionContract.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorDatabase;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.InvalidFilterException;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine and the client side by side on the same calls: each outcome (the result, or
 * the exception's class and whole message) must be identical. Catches what the contract's
 * fragments would let through, e.g. a codec that rewrites a value or an error raised by the HTTP
 * layer instead of the engine.
 */
class ParityTest {

  @TempDir
  static Path dir;
  static Quiver embedded;
  static Quiver served;
  static QuiverServer server;
  static QuiverClient client;

  @BeforeAll
  static void start() throws Exception {
    embedded = Quiver.open(dir.resolve("embedded"), VectorCollectionContract.engineConfig());
    served = Quiver.open(dir.resolve("served"), VectorCollectionContract.engineConfig());
    server = QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withDataDir(dir.resolve("served")), served);
    client = QuiverClient.connect(server.uri());
    for (VectorDatabase db : List.of(embedded, (VectorDatabase) client)) {
      db.createCollection("single", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      db.createCollection("named", CollectionConfig.named(Map.of("text", VectorParams.of(3, Metric.DOT),
          "image", VectorParams.of(2, Metric.EUCLIDEAN))));
      db.createCollection("model", CollectionConfig.single(VectorParams.forModel(WordHashModel.NAME)));
      db.createCollection("namedmodel", CollectionConfig.named(Map.of("title", VectorParams.forModel(WordHashModel.NAME)
          .withModel(dev.quiver.engine.ModelBinding.of(WordHashModel.NAME).withSource("title")),
          "raw", VectorParams.of(2, Metric.DOT))));
      db.collection("namedmodel").upsert(List.of(
          new Point(PointId.of(1), Map.of("raw", v(1, 0)), json("{'title': 'red apples'}")),
          new Point(PointId.of(2), Map.of("raw", v(0, 1)), json("{'title': 'green pears'}"))));
      List<Point> points = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        points.add(Point.of(i, new float[] {i, 1, i % 3, -1}, json("{'i': " + i + ", 'f': " + (i / 4.0)
            + ", 'body': 'word" + (i % 4) + " common', 'big': 18446744073709551615, 'u': 'ü\\u00e9'}")));
      }
      db.collection("single").upsert(points);
      db.collection("single").createPayloadIndex("body", PayloadSchemaType.TEXT);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (served != null) {
      served.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  /** What a call gave: its result's text, or the exception's class and message. */
  static String outcome(VectorDatabase db, Function<VectorDatabase, Object> call) {
    try {
      Object r = call.apply(db);
      return "ok: " + describe(r);
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String describe(Object r) {
    if (r instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      l.forEach(x -> out.add(describe(x)));
      return out.toString();
    }
    if (r instanceof ScoredPoint s) {
      return s.id() + "@" + s.score() + (s.payload() == null ? "" : s.payload().toString())
          + (s.vectors() == null ? "" : vectorsText(s.vectors()));
    }
    if (r instanceof Point p) {
      return p.id() + p.payload().toString() + vectorsText(p.vectors());
    }
    if (r instanceof dev.quiver.engine.ScrollPage p) {
      return describe(p.points()) + " next " + p.nextOffset();
    }
    return String.valueOf(r);
  }

  private static String vectorsText(Map<String, float[]> v) {
    StringBuilder b = new StringBuilder("{");
    new java.util.TreeMap<>(v).forEach((k, x) -> b.append(k).append('=').append(java.util.Arrays.toString(x)));
    return b.append('}').toString();
  }

  private static void same(String what, Function<VectorDatabase, Object> call) {
    String e = outcome(embedded, call);
    String r = outcome(client, call);
    assertEquals(e, r, what);
  }

  static float[] v(float... x) {
    return x;
  }

  @Test
  void collectionsAndNames() {
    same("names", VectorDatabase::collectionNames);
    same("named model config", db -> db.collection("namedmodel").config());
    same("duplicate", db -> db.createCollection("single", CollectionConfig.single(VectorParams.of(4, Metric.DOT))));
    same("unknown", db -> db.collection("nope"));
    same("delete unknown", db -> {
      db.deleteCollection("nope");
      return null;
    });
    for (String bad : List.of("..", ".", "a/b", "a b", "x".repeat(65), "-a", "ä", "a?b", "a#b", "a%2Fb")) {
      same("create '" + bad + "'", db -> db.createCollection(bad, CollectionConfig.single(VectorParams.of(4, Metric.DOT))));
      same("get '" + bad + "'", db -> db.collection(bad));
      same("has '" + bad + "'", db -> db.hasCollection(bad));
      same("delete '" + bad + "'", db -> {
        db.deleteCollection(bad);
        return null;
      });
    }
    same("unknown model", db -> db.createCollection("m2", CollectionConfig.single(VectorParams.forModel("no-such"))));
    same("names after", VectorDatabase::collectionNames);
  }

  @Test
  void pointErrors() {
    same("dimension", db -> up(db, "single", Point.of(99, v(1, 2, 3), null)));
    same("nan", db -> up(db, "single", Point.of(99, v(1, Float.NaN, 3, 4), null)));
    same("-inf", db -> up(db, "single", Point.of(99, v(1, 2, 3, Float.NEGATIVE_INFINITY), null)));
    same("missing", db -> up(db, "single", new Point(PointId.of(99), Map.of(), null)));
    same("zeros", db -> up(db, "single", Point.of(99, v(0, 0, 0, 0), null)));
    same("extra name", db -> up(db, "single", new Point(PointId.of(99), Map.of("default", v(1, 2, 3, 4),
        "other", v(1)), null)));
    same("only other name", db -> up(db, "single", new Point(PointId.of(99), Map.of("other", v(1, 2, 3, 4)), null)));
    same("named missing", db -> up(db, "named", new Point(PointId.of(1), Map.of("text", v(1, 2, 3)), null)));
    same("named nan", db -> up(db, "named", new Point(PointId.of(1), Map.of("text", v(1, 2, 3),
        "image", v(Float.NaN, 1)), null)));
    same("named default", db -> up(db, "named", Point.of(1, v(1, 2, 3), null)));
    same("model without text", db -> up(db, "model", new Point(PointId.of(1), null, json("{'x': 1}"))));
    same("model with text not a string", db -> up(db, "model", new Point(PointId.of(1), null, json("{'text': 5}"))));
    same("null payload", db -> {
      db.collection("single").setPayload(List.of(PointId.of(1)), null);
      return null;
    });
    same("empty key", db -> {
      db.collection("single").deletePayloadKeys(List.of(PointId.of(1)), List.of("a", ""));
      return null;
    });
    same("delete null filter", db -> db.collection("single").delete((Filter) null));
    same("drop unindexed", db -> {
      db.collection("single").dropPayloadIndex("nope");
      return null;
    });
    same("index blank", db -> {
      db.collection("single").createPayloadIndex(" ", PayloadSchemaType.KEYWORD);
      return null;
    });
    same("index odd field", db -> {
      db.collection("single").createPayloadIndex("a/b c.d", PayloadSchemaType.KEYWORD);
      return db.collection("single").info().payloadSchema();
    });
    same("drop odd field", db -> {
      db.collection("single").dropPayloadIndex("a/b c.d");
      return db.collection("single").info().payloadSchema();
    });
    same("count after", db -> db.collection("single").count(null));
  }

  /** Empty lists, unknown ids and boundary values, on a collection of its own. */
  @Test
  void emptyListsUnknownIdsAndBoundaries() {
    for (VectorDatabase db : List.of(embedded, (VectorDatabase) client)) {
      db.createCollection("edges", CollectionConfig.single(VectorParams.of(2, Metric.EUCLIDEAN)));
      db.collection("edges").upsert(List.of(Point.of(1, v(1, 0), json("{'a': {'b': 1}}")),
          Point.of(2, v(0, 1), json("{'a': 2}"))));
    }
    try {
      same("upsert empty", db -> {
        db.collection("edges").upsert(List.of());
        return db.collection("edges").count(null);
      });
      same("get empty", db -> db.collection("edges").get(List.of(), true, true));
      same("get unknown", db -> db.collection("edges").get(List.of(PointId.of(9), PointId.of(-1L)), true, false));
      same("get bare", db -> db.collection("edges").get(List.of(PointId.of(2), PointId.of(1)), false, false));
      same("delete empty", db -> db.collection("edges").delete(List.<PointId>of()));
      same("delete unknown", db -> db.collection("edges").delete(List.of(PointId.of(9))));
      same("delete nothing matches", db -> db.collection("edges").delete(filter("{'must': [{'key': 'a',"
          + " 'match': {'value': 99}}]}")));
      same("set payload unknown id", db -> {
        db.collection("edges").setPayload(List.of(PointId.of(9)), json("{'x': 1}"));
        return db.collection("edges").get(List.of(PointId.of(9)), true, false);
      });
      same("set payload no ids", db -> {
        db.collection("edges").setPayload(List.of(), json("{'x': 1}"));
        return db.collection("edges").scroll(ScrollRequest.of(10));
      });
      same("delete no keys", db -> {
        db.collection("edges").deletePayloadKeys(List.of(PointId.of(1)), List.of());
        return db.collection("edges").get(List.of(PointId.of(1)), true, false);
      });
      same("set nested", db -> {
        db.collection("edges").setPayload(List.of(PointId.of(1)), json("{'a': {'c': [1, 'two', null, true]}}"));
        return db.collection("edges").get(List.of(PointId.of(1)), true, false);
      });
      same("overwrite empty", db -> {
        db.collection("edges").overwritePayload(List.of(PointId.of(2)), json("{}"));
        return db.collection("edges").get(List.of(PointId.of(2)), true, false);
      });
      same("scroll unknown offset", db -> db.collection("edges").scroll(ScrollRequest.of(10).withOffset(PointId.of(5))));
      same("scroll uuid offset", db -> db.collection("edges").scroll(ScrollRequest.of(10)
          .withOffset(PointId.of(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001")))));
      same("scroll limit max", db -> db.collection("edges").scroll(ScrollRequest.of(10000)));
      same("scroll limit over", db -> db.collection("edges").scroll(ScrollRequest.of(10001)));
      same("search limit max", db -> db.collection("edges").search(SearchRequest.of(v(1, 1), 10000)));
      same("search ef max", db -> db.collection("edges").search(SearchRequest.of(v(1, 1), 1).withEf(100000)));
      same("search ef over", db -> db.collection("edges").search(SearchRequest.of(v(1, 1), 1).withEf(100001)));
      same("index twice, other type", db -> {
        db.collection("edges").createPayloadIndex("a", PayloadSchemaType.INTEGER);
        db.collection("edges").createPayloadIndex("a", PayloadSchemaType.KEYWORD);
        return db.collection("edges").info().payloadSchema();
      });
      same("info", db -> {
        var i = db.collection("edges").info();
        return i.pointCount() + " " + i.deletedVectors() + " " + i.payloadSchema() + " " + i.status();
      });
    } finally {
      embedded.deleteCollection("edges");
      client.deleteCollection("edges");
    }
  }

  private static Object up(VectorDatabase db, String c, Point p) {
    db.collection(c).upsert(p);
    return null;
  }

  @Test
  void searchErrorsAndResults() {
    same("dimension", db -> db.collection("single").search(SearchRequest.of(v(1, 2), 3)));
    same("nan", db -> db.collection("single").search(SearchRequest.of(v(1, 2, Float.NaN, 4), 3)));
    same("using", db -> db.collection("single").search(SearchRequest.of(v(1, 2, 3, 4), 3).using("x")));
    same("named default", db -> db.collection("named").search(SearchRequest.of(v(1, 2, 3), 3)));
    same("text unbound", db -> db.collection("single").search(SearchRequest.ofText("hello", 3)));
    same("text empty", db -> db.collection("model").search(SearchRequest.ofText("  ", 3)));
    same("results", db -> db.collection("single").search(SearchRequest.of(v(3, 1, 0, -1), 5)
        .withVectors(true)));
    same("exact filtered", db -> db.collection("single").search(SearchRequest.of(v(3, 1, 0, -1), 20)
        .withExact(true).withPayload(false).withFilter(filter("{'must': [{'key': 'f', 'range': {'gt': 1.1}}]}"))));
    same("keyword", db -> db.collection("single").keywordSearch(HybridSearchRequest.ofText("word1 common", 5)));
    same("keyword no index", db -> db.collection("named").keywordSearch(HybridSearchRequest.ofText("word1", 5)));
    same("keyword wrong field", db -> db.collection("single")
        .keywordSearch(HybridSearchRequest.ofText("word1", 5).withTextField("i")));
    same("hybrid", db -> db.collection("single").searchHybrid(HybridSearchRequest.of(v(3, 1, 0, -1), "word2", 5)));
    same("hybrid dimension", db -> db.collection("single").searchHybrid(HybridSearchRequest.of(v(3, 1), "word2", 5)));
    same("hybrid nan", db -> db.collection("single")
        .searchHybrid(HybridSearchRequest.of(v(3, 1, Float.NaN, 0), "word2", 5)));
    same("hybrid options", db -> db.collection("single").searchHybrid(HybridSearchRequest.of(v(1, 1, 2, -1),
        "word3 common", 6).withCandidates(12).withEf(40).withFusion(dev.quiver.engine.text.Fusion.weighted(0.3))
        .withFilter(filter("{'must_not': [{'key': 'i', 'range': {'lt': 5}}]}")).withVectors(true)));
    same("hybrid rrf k", db -> db.collection("single").searchHybrid(HybridSearchRequest.of(v(1, 1, 2, -1),
        "word0", 4).withFusion(dev.quiver.engine.text.Fusion.rrf(10)).withTextField("body").withPayload(false)));
    same("hybrid text only, unbound vector", db -> db.collection("single")
        .searchHybrid(HybridSearchRequest.ofText("word2", 3)));
    same("hybrid text only, model vector", db -> db.collection("model")
        .searchHybrid(HybridSearchRequest.ofText("word2", 3)));
    same("named text search", db -> db.collection("namedmodel")
        .search(SearchRequest.ofText("pears", 2).using("title").withVectors(true)));
    same("named text search, unbound name", db -> db.collection("namedmodel")
        .search(SearchRequest.ofText("pears", 2).using("raw")));
    same("named search with vectors", db -> db.collection("named")
        .search(SearchRequest.of(v(1, 2, 3), 3).using("text").withVectors(true)));
    same("keyword with vector", db -> db.collection("single")
        .keywordSearch(HybridSearchRequest.of(v(3, 1, 0, 0), "word2", 5)));
  }

  /** An infinite range bound, which JSON cannot carry, is refused where the filter is built. */
  @Test
  void infiniteRangeBoundsAreRefusedByTheFilterItself() {
    InvalidFilterException e = assertThrows(InvalidFilterException.class,
        () -> new Filter.Range("f", null, Double.NEGATIVE_INFINITY, null, 2.0));
    assertEquals("range on 'f' has the bound -Infinity; expected a finite number (leave a bound out for an open"
        + " range)", e.getMessage());
  }

  @Test
  void filtersThatRoundTripOddly() {
    for (Filter f : List.of(
        new Filter.Range("f", 1e-300, null, null, null),
        filter("{'must': [{'key': 'big', 'match': {'value': 18446744073709551615}}]}"),
        filter("{'must': [{'key': 'u', 'match': {'value': 'ü\\u00e9'}}]}"),
        filter("{'must': [{'key': 'f', 'match': {'any': [0.25, 0.5, 4]}}]}"),
        filter("{'must': [{'key': 'i', 'match': {'value': 4.0}}]}"),
        filter("{'must': [{'has_id': [1, 18446744073709551615, '00000000-0000-0000-0000-000000000001']}]}"),
        filter("{'must': [{'key': 'body', 'match': {'text': 'WORD1'}}]}"))) {
      same("count " + f, db -> db.collection("single").count(f));
      same("scroll " + f, db -> db.collection("single").scroll(ScrollRequest.of(3).withFilter(f)));
    }
  }

  @Test
  void readsAgree() {
    same("info counts", db -> {
      var i = db.collection("single").info();
      return i.name() + " " + i.pointCount() + " " + i.deletedVectors() + " " + i.payloadSchema() + " " + i.config();
    });
    same("config named", db -> db.collection("named").config());
    same("config model", db -> db.collection("model").config());
    same("get", db -> db.collection("single").get(List.of(PointId.of(3), PointId.of(300), PointId.of(3)), true, true));
    same("scroll", db -> db.collection("single").scroll(new ScrollRequest(null, 4, PointId.of(5), true, true)));
  }

  /**
   * Known differences, pinned so a change is noticed: a handle whose collection was deleted is
   * closed in the embedded engine, while a remote handle is just a name (it reaches a collection
   * re-created under that name). Restoring a snapshot over a taken name is the same
   * CollectionExistsException on both.
   */
  @Test
  void knownDifferences() throws Exception {
    for (VectorDatabase db : List.of(embedded, (VectorDatabase) client)) {
      db.createCollection("stale", CollectionConfig.single(VectorParams.of(2, Metric.DOT)));
    }
    var embeddedHandle = embedded.collection("stale");
    var remoteHandle = client.collection("stale");
    embedded.deleteCollection("stale");
    client.deleteCollection("stale");
    assertEquals("java.lang.IllegalStateException: collection 'stale' is closed",
        outcome(embedded, db -> embeddedHandle.count(null)));
    assertEquals(outcome(embedded, db -> db.collection("stale")), outcome(client, db -> remoteHandle.count(null)));

    Path file = dir.resolve("single.snapshot");
    embedded.createSnapshot("single", file);
    String taken = outcome(embedded, db -> {
      try {
        return embedded.restoreSnapshot(file, "single");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals("dev.quiver.engine.CollectionExistsException: collection 'single' already exists; delete it first"
        + " or choose another name", taken);
    assertEquals(taken, outcome(client, db -> client.restoreSnapshot(file, "single")));
    // a snapshot the engine wrote restores through the client
    assertEquals(20, client.restoreSnapshot(file, "restored").count(null));
    client.deleteCollection("restored");
  }
}
