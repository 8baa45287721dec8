package dev.quiver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.CollectionExistsException;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.NoSuchCollectionException;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorDatabase;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.InvalidFilterException;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.storage.Durability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link VectorDatabase} / {@link VectorCollection} implementation shares: the
 * embedded engine ({@link EmbeddedContractTest}) and the HTTP client talking to a server
 * ({@link RemoteContractTest}) run these same tests, so code switching between them sees the same
 * results and the same exception types with the same key message fragments.
 *
 * <p>A subclass supplies a database per test ({@link #openDatabase()}); it may be shared between
 * tests (one server per class), so every collection name a test uses comes from {@link #name}.
 * Search, text search and hybrid search tests live in {@link SearchContract}, which this implements.
 */
abstract class VectorCollectionContract implements SearchContract {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** The engine configuration both implementations run with: no fsync, a fake text model. */
  static QuiverConfig engineConfig() {
    return QuiverConfig.defaults().withDurability(Durability.NONE).withModels(WordHashModel.provider("1"));
  }

  /** A database for one test, closed after it; collections of other tests may be visible in it. */
  protected abstract VectorDatabase openDatabase() throws Exception;

  protected VectorDatabase db;
  private String tag;

  @BeforeEach
  void openDb() throws Exception {
    db = openDatabase();
    tag = "t" + SEQ.incrementAndGet() + "_" + Long.toString(System.nanoTime() & 0xffffff, 36);
  }

  @AfterEach
  void closeDb() throws Exception {
    db.close();
  }

  @Override
  public VectorDatabase database() {
    return db;
  }

  /** A collection name unique to this test. */
  @Override
  public String name(String base) {
    return base + "_" + tag;
  }

  /** The collection names this test created, in the database's order. */
  List<String> myNames() {
    return db.collectionNames().stream().filter(n -> n.endsWith("_" + tag)).toList();
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static Filter filter(String text) {
    return Filter.parse(text.replace('\'', '"'));
  }

  static List<PointId> ids(long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(PointId::of).toList();
  }

  static List<String> idStrings(List<?> points) {
    return points.stream().map(p -> p instanceof Point q ? q.id().toString() : ((ScoredPoint) p).id().toString())
        .toList();
  }

  /** Asserts the exact exception class and that its message holds every fragment. */
  static <T extends Throwable> T assertFails(Class<T> type, Executable call, String... fragments) {
    Throwable t = assertThrows(Throwable.class, call);
    assertEquals(type, t.getClass(), () -> "exception: " + t);
    for (String f : fragments) {
      assertTrue(t.getMessage() != null && t.getMessage().contains(f),
          () -> "expected '" + f + "' in the message: " + t.getMessage());
    }
    return type.cast(t);
  }

  VectorCollection create(String base, int dim, Metric metric) {
    return db.createCollection(name(base), CollectionConfig.single(VectorParams.of(dim, metric)));
  }

  /** {@code n} points with ids 1..n, vector (i, 1, 0, 0)-ish, payload {i, group: "g"+(i%3), tags}. */
  static List<Point> numbered(int n) {
    List<Point> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ObjectNode p = json("{'i': " + i + ", 'group': 'g" + (i % 3) + "', 'even': " + (i % 2 == 0)
          + ", 'tags': ['t" + (i % 5) + "', 'all'], 'nested': {'x': " + (i * 10) + "}}");
      out.add(Point.of(i, new float[] {i, 1, (i % 7) - 3, 0.5f}, p));
    }
    return out;
  }

  // ---------------------------------------------------------------- collections

  @Test
  void createListHasAndDeleteCollections() {
    CollectionConfig cfg = CollectionConfig.single(new VectorParams(4, Metric.DOT,
        HnswConfig.defaults().withM(8).withEfConstruction(64).withEfSearch(50)));
    VectorCollection a = db.createCollection(name("a"), cfg);
    VectorCollection b = create("b", 3, Metric.EUCLIDEAN);
    assertEquals(name("a"), a.name());
    assertEquals(cfg, a.config());
    assertEquals(List.of(name("a"), name("b")), myNames());
    assertTrue(db.hasCollection(name("a")));
    assertFalse(db.hasCollection(name("c")));
    assertEquals(cfg, db.collection(name("a")).config());
    assertEquals(b.config(), db.collection(name("b")).config());
    assertEquals(name("b"), db.collection(name("b")).name());

    db.deleteCollection(name("a"));
    assertFalse(db.hasCollection(name("a")));
    assertEquals(List.of(name("b")), myNames());
    // the name is free again, with another config
    VectorCollection again = create("a", 2, Metric.COSINE);
    assertEquals(0, again.count(null));
    // names come back sorted (VectorDatabase's javadoc), not in creation order
    assertEquals(List.of(name("a"), name("b")), myNames());
  }

  @Test
  void duplicateCollectionIsRefused() {
    create("dup", 4, Metric.COSINE);
    assertFails(CollectionExistsException.class, () -> create("dup", 8, Metric.DOT),
        "collection '" + name("dup") + "' already exists");
    assertEquals(4, db.collection(name("dup")).config().vectors().get(CollectionConfig.DEFAULT_VECTOR).dimension());
  }

  @Test
  void unknownCollectionIsNoSuchCollection() {
    create("known", 4, Metric.COSINE);
    NoSuchCollectionException e = assertFails(NoSuchCollectionException.class, () -> db.collection(name("nope")),
        "collection '" + name("nope") + "' does not exist", "existing collections:", name("known"));
    assertEquals(name("nope"), e.collection());
    assertFails(NoSuchCollectionException.class, () -> db.deleteCollection(name("nope")), "does not exist");
  }

  @Test
  void invalidCollectionNameIsRefused() {
    assertFails(IllegalArgumentException.class,
        () -> db.createCollection("-bad", CollectionConfig.single(VectorParams.of(4, Metric.COSINE))),
        "'-bad' is invalid");
  }

  // ---------------------------------------------------------------- points

  @Test
  void upsertGetAndReplace() {
    VectorCollection c = create("points", 4, Metric.EUCLIDEAN);
    c.upsert(numbered(5));
    assertEquals(5, c.count(null));

    List<Point> got = c.get(ids(3, 99, 1), true, true);
    assertEquals(List.of("3", "1"), idStrings(got));
    assertArrayEquals(new float[] {3, 1, 0, 0.5f}, got.get(0).vector());
    assertEquals(json("{'i': 3, 'group': 'g0', 'even': false, 'tags': ['t3', 'all'], 'nested': {'x': 30}}"),
        got.get(0).payload());

    Point bare = c.get(ids(2), false, false).get(0);
    assertTrue(bare.vectors().isEmpty());
    assertEquals(json("{}"), bare.payload());
    assertEquals(json("{'i': 2, 'group': 'g2', 'even': true, 'tags': ['t2', 'all'], 'nested': {'x': 20}}"),
        c.get(ids(2), true, false).get(0).payload());
    assertTrue(c.get(ids(2), false, true).get(0).payload().isEmpty());

    // replace: new vector and payload, same id, still 5 points
    c.upsert(Point.of(2, new float[] {-1, -2, -3, -4}, json("{'replaced': true}")));
    Point two = c.get(ids(2), true, true).get(0);
    assertArrayEquals(new float[] {-1, -2, -3, -4}, two.vector());
    assertEquals(json("{'replaced': true}"), two.payload());
    assertEquals(5, c.count(null));

    // a point without payload gets {}; an empty batch is a no-op
    c.upsert(Point.of(6, new float[] {0, 0, 0, 0}, null));
    assertEquals(json("{}"), c.get(ids(6), true, false).get(0).payload());
    c.upsert(List.of());
    assertEquals(6, c.count(null));
    assertTrue(c.get(List.of(), true, true).isEmpty());
  }

  @Test
  void namedVectors() {
    CollectionConfig cfg = CollectionConfig.named(Map.of(
        "text", VectorParams.of(4, Metric.DOT), "image", VectorParams.of(2, Metric.EUCLIDEAN)));
    VectorCollection c = db.createCollection(name("named"), cfg);
    assertEquals(cfg, c.config());
    for (int i = 1; i <= 20; i++) {
      c.upsert(new Point(PointId.of(i), Map.of("text", new float[] {i, 0, 1, 0}, "image", new float[] {i, -i}),
          json("{'i': " + i + "}")));
    }
    Point p = c.get(ids(7), false, true).get(0);
    assertEquals(2, p.vectors().size());
    assertArrayEquals(new float[] {7, 0, 1, 0}, p.vectors().get("text"));
    assertArrayEquals(new float[] {7, -7}, p.vectors().get("image"));
    assertNull(p.vector());

    List<ScoredPoint> byImage = c.search(SearchRequest.of(new float[] {5.2f, -5.2f}, 3).using("image").withVectors(true));
    assertEquals(List.of("5", "6", "4"), idStrings(byImage));
    assertArrayEquals(new float[] {5, -5}, byImage.get(0).vectors().get("image"));
    assertArrayEquals(new float[] {5, 0, 1, 0}, byImage.get(0).vectors().get("text"));
    List<ScoredPoint> byText = c.search(SearchRequest.of(new float[] {1, 0, 0, 0}, 2).using("text"));
    assertEquals(List.of("20", "19"), idStrings(byText));
    assertEquals(20f, byText.get(0).score(), 1e-4);

    assertFails(IllegalArgumentException.class,
        () -> c.upsert(new Point(PointId.of(50), Map.of("text", new float[] {1, 2, 3, 4}), null)),
        "point 50", "lacks its vector 'image'");
    assertFails(IllegalArgumentException.class,
        () -> c.upsert(new Point(PointId.of(51), Map.of("text", new float[] {1, 2, 3, 4},
            "image", new float[] {1, 2}, "audio", new float[] {1}), null)),
        "point 51 has vector 'audio'");
    assertFails(IllegalArgumentException.class,
        () -> c.upsert(new Point(PointId.of(52), Map.of("text", new float[] {1, 2, 3, 4},
            "image", new float[] {1, 2, 3}), null)),
        "vector 'image' of point 52 has dimension 3", "expects 2");
    assertFails(IllegalArgumentException.class,
        () -> c.search(SearchRequest.of(new float[] {1, 2}, 3).using("audio")),
        "has no vector 'audio'");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.of(new float[] {1, 2}, 3)),
        "has no vector 'default'");
    assertEquals(20, c.count(null));
  }

  @Test
  void uuidAndUnsignedIds() {
    VectorCollection c = create("ids", 2, Metric.EUCLIDEAN);
    UUID u1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
    UUID u2 = UUID.fromString("f0e1d2c3-b4a5-4697-8877-665544332211");
    PointId max = PointId.of(-1L);                // 18446744073709551615
    PointId above = PointId.of(Long.MIN_VALUE);   // 9223372036854775808
    PointId big = PointId.of(Long.MAX_VALUE);
    List<PointId> all = List.of(PointId.of(u2), max, PointId.of(0), above, PointId.of(u1), big, PointId.of(7));
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      points.add(Point.of(all.get(i), new float[] {i, 0}, json("{'n': " + i + "}")));
    }
    c.upsert(points);

    ScrollPage page = c.scroll(ScrollRequest.of(100));
    assertEquals(List.of("0", "7", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        u1.toString(), u2.toString()), idStrings(page.points()));
    assertNull(page.nextOffset());
    assertEquals(max, page.points().get(4).id());

    List<Point> got = c.get(List.of(max, PointId.of(u2), above), true, false);
    assertEquals(List.of(max, PointId.of(u2), above), got.stream().map(Point::id).toList());
    assertEquals(json("{'n': 1}"), got.get(0).payload());
    assertEquals(max, c.search(SearchRequest.of(new float[] {1, 0}, 1)).get(0).id());
    assertEquals(PointId.of(u1), c.search(SearchRequest.of(new float[] {4, 0}, 1)).get(0).id());

    assertEquals(2, c.count(filter("{'must': [{'has_id': [18446744073709551615, '" + u1 + "']}]}")));
    // paging across the number / UUID boundary
    ScrollPage first = c.scroll(ScrollRequest.of(5));
    assertEquals(PointId.of(u1), first.nextOffset());
    assertEquals(List.of(u1.toString(), u2.toString()),
        idStrings(c.scroll(ScrollRequest.of(5).withOffset(first.nextOffset())).points()));

    assertEquals(3, c.delete(List.of(max, PointId.of(u2), above, PointId.of(12345))));
    assertEquals(4, c.count(null));
    assertTrue(c.get(List.of(max), true, true).isEmpty());
  }

  // ---------------------------------------------------------------- payloads

  @Test
  void setOverwriteAndDeletePayloadKeys() {
    VectorCollection c = create("payload", 4, Metric.COSINE);
    c.upsert(numbered(3));

    c.setPayload(ids(1, 2, 404), json("{'group': 'new', 'added': [1, 2], 'nested': {'y': 1}}"));
    assertEquals(json("{'i': 1, 'group': 'new', 'even': false, 'tags': ['t1', 'all'], 'nested': {'y': 1},"
        + " 'added': [1, 2]}"), c.get(ids(1), true, false).get(0).payload());
    assertEquals("g0", c.get(ids(3), true, false).get(0).payload().get("group").asText());
    assertEquals(2, c.count(filter("{'must': [{'key': 'group', 'match': {'value': 'new'}}]}")));

    c.overwritePayload(ids(2), json("{'only': 'this', 'deep': {'a': {'b': 1, 'c': 2}, 'd': 3}}"));
    assertEquals(json("{'only': 'this', 'deep': {'a': {'b': 1, 'c': 2}, 'd': 3}}"),
        c.get(ids(2), true, false).get(0).payload());

    c.deletePayloadKeys(ids(2), List.of("deep.a.b", "only", "missing.key"));
    assertEquals(json("{'deep': {'a': {'c': 2}, 'd': 3}}"), c.get(ids(2), true, false).get(0).payload());
    c.deletePayloadKeys(ids(1, 3), List.of("nested", "tags"));
    assertEquals(json("{'i': 3, 'group': 'g0', 'even': false}"), c.get(ids(3), true, false).get(0).payload());
    assertEquals(0, c.count(filter("{'must': [{'key': 'tags', 'match': {'value': 'all'}}]}")));

    c.overwritePayload(ids(3), json("{}"));
    assertEquals(json("{}"), c.get(ids(3), true, false).get(0).payload());
    assertEquals(3, c.count(null));

    assertFails(IllegalArgumentException.class, () -> c.setPayload(ids(1), null), "payload must be a JSON object");
    assertFails(IllegalArgumentException.class, () -> c.deletePayloadKeys(ids(1), List.of("")),
        "payload key must be a non-empty string");
  }

  // ---------------------------------------------------------------- deletes, scroll, count

  @Test
  void deleteByIdsAndByFilterReturnCounts() {
    VectorCollection c = create("deletes", 4, Metric.COSINE);
    c.upsert(numbered(30));
    assertEquals(2, c.delete(ids(1, 2, 2, 1000)));
    assertEquals(0, c.delete(ids(1, 2)));
    assertEquals(28, c.count(null));

    Filter g0 = filter("{'must': [{'key': 'group', 'match': {'value': 'g0'}}]}"); // 3, 6, ..., 30
    assertEquals(10, c.delete(g0));
    assertEquals(0, c.delete(g0));
    assertEquals(18, c.count(null));
    assertEquals(0, c.count(g0));
    assertEquals(4, c.delete(filter("{'must': [{'key': 'i', 'range': {'gte': 25}}]}"))); // 25, 26, 28, 29
    assertEquals(14, c.count(null));
    assertTrue(c.get(ids(25, 26, 28, 29), true, false).isEmpty());
    assertFails(IllegalArgumentException.class, () -> c.delete((Filter) null), "delete by filter needs a filter");
  }

  @Test
  void scrollPagesThroughEveryPoint() {
    VectorCollection c = create("scroll", 4, Metric.EUCLIDEAN);
    c.upsert(numbered(57));
    List<String> seen = new ArrayList<>();
    PointId offset = null;
    int pages = 0;
    do {
      ScrollPage page = c.scroll(ScrollRequest.of(10).withOffset(offset));
      assertTrue(page.points().size() <= 10);
      page.points().forEach(p -> {
        assertFalse(p.payload().isEmpty());
        assertTrue(p.vectors().isEmpty());
      });
      seen.addAll(idStrings(page.points()));
      offset = page.nextOffset();
      pages++;
    } while (offset != null);
    assertEquals(6, pages);
    assertEquals(IntStream.rangeClosed(1, 57).mapToObj(Integer::toString).toList(), seen);

    // with a filter: only matching points, and the next offset is a matching id
    Filter even = filter("{'must': [{'key': 'even', 'match': {'value': true}}]}");
    ScrollPage p1 = c.scroll(ScrollRequest.of(4).withFilter(even).withVectors(true));
    assertEquals(List.of("2", "4", "6", "8"), idStrings(p1.points()));
    assertEquals(PointId.of(10), p1.nextOffset());
    assertArrayEquals(new float[] {2, 1, -1, 0.5f}, p1.points().get(0).vector());
    List<String> evens = new ArrayList<>(idStrings(p1.points()));
    offset = p1.nextOffset();
    while (offset != null) {
      ScrollPage p = c.scroll(ScrollRequest.of(4).withFilter(even).withOffset(offset));
      evens.addAll(idStrings(p.points()));
      offset = p.nextOffset();
    }
    assertEquals(IntStream.rangeClosed(1, 28).mapToObj(i -> Integer.toString(2 * i)).toList(), evens);

    ScrollPage noPayload = c.scroll(new ScrollRequest(null, 3, PointId.of(50), false, false));
    assertEquals(List.of("50", "51", "52"), idStrings(noPayload.points()));
    assertTrue(noPayload.points().get(0).payload().isEmpty());
    assertEquals(PointId.of(53), noPayload.nextOffset());
    assertTrue(c.scroll(ScrollRequest.of(10).withOffset(PointId.of(1000))).points().isEmpty());
    assertTrue(c.scroll(ScrollRequest.of(10).withFilter(filter("{'must': [{'key': 'i', 'match': {'value': -1}}]}")))
        .points().isEmpty());
  }

  @Test
  void countWithAndWithoutFiltersOfEveryKind() {
    VectorCollection c = create("count", 4, Metric.COSINE);
    assertEquals(0, c.count(null));
    c.upsert(numbered(30));
    c.upsert(Point.of(31, new float[] {1, 2, 3, 4}, json("{'i': null, 'when': '2026-01-15T10:00:00Z', 'body':"
        + " 'the quick brown fox', 'tags': [], 'f': 1.5}")));
    c.upsert(Point.of(32, new float[] {1, 2, 3, 5}, json("{'when': '2025-06-01', 'body': 'lazy dogs', 'f': 2.5}")));
    assertEquals(32, c.count(null));
    assertEquals(32, c.count(filter("{}")));
    Map<String, Long> expected = new java.util.LinkedHashMap<>();
    expected.put("{'must': [{'key': 'group', 'match': {'value': 'g1'}}]}", 10L);
    expected.put("{'must': [{'key': 'group', 'match': {'any': ['g1', 'g2']}}]}", 20L);
    expected.put("{'must': [{'key': 'group', 'match': {'except': ['g1', 'g2']}}]}", 12L);
    expected.put("{'must': [{'key': 'i', 'range': {'gt': 10, 'lte': 20}}]}", 10L);
    expected.put("{'must': [{'key': 'f', 'range': {'gte': 1.5, 'lt': 2.5}}]}", 1L);
    expected.put("{'must': [{'key': 'nested.x', 'range': {'lt': 55}}]}", 5L);
    expected.put("{'must': [{'key': 'tags', 'match': {'value': 't0'}}]}", 6L);
    expected.put("{'must_not': [{'key': 'even', 'match': {'value': true}}]}", 17L);
    expected.put("{'should': [{'key': 'i', 'match': {'value': 1}}, {'key': 'i', 'match': {'value': 2}}]}", 2L);
    expected.put("{'must': [{'is_null': {'key': 'i'}}]}", 1L);
    expected.put("{'must': [{'is_empty': {'key': 'tags'}}]}", 2L);
    expected.put("{'must': [{'has_id': [1, 2, 3, 99]}]}", 3L);
    expected.put("{'must': [{'key': 'when', 'range': {'gte': '2026-01-01T00:00:00Z'}}]}", 1L);
    expected.put("{'must': [{'key': 'body', 'match': {'text': 'quick fox'}}]}", 1L);
    expected.put("{'must': [{'must': [{'key': 'even', 'match': {'value': true}}],"
        + " 'should': [{'key': 'group', 'match': {'value': 'g0'}}]}]}", 5L);
    expected.forEach((f, n) -> assertEquals(n, c.count(filter(f)), f));
  }

  @Test
  void invalidFiltersAreInvalidFilterExceptions() {
    assertFails(InvalidFilterException.class, () -> filter("{'must': [{'key': 'a', 'range': {}}]}"),
        "filter.must[0].range");
    assertFails(InvalidFilterException.class, () -> new Filter.Range("a", null, null, null, null),
        "range on 'a' needs at least one of gt, gte, lt, lte");
    assertFails(InvalidFilterException.class, () -> filter("{'must': [{'nope': 1}]}"));
    assertFails(InvalidFilterException.class, () -> Filter.parse("not json"));
  }

  // ---------------------------------------------------------------- payload indexes and info

  @Test
  void payloadIndexesAndInfo() {
    VectorCollection c = create("indexes", 4, Metric.COSINE);
    CollectionInfo empty = c.info();
    assertEquals(name("indexes"), empty.name());
    assertEquals(0, empty.pointCount());
    assertEquals(c.config(), empty.config());
    assertTrue(empty.payloadSchema().isEmpty());
    assertEquals("green", empty.status());

    c.upsert(numbered(40));
    Filter g1 = filter("{'must': [{'key': 'group', 'match': {'value': 'g1'}}, {'key': 'i', 'range': {'lt': 20}}]}");
    long before = c.count(g1);
    List<ScoredPoint> searchBefore = c.search(SearchRequest.of(new float[] {1, 1, 1, 1}, 5).withFilter(g1));

    c.createPayloadIndex("group", PayloadSchemaType.KEYWORD);
    c.createPayloadIndex("i", PayloadSchemaType.INTEGER);
    c.createPayloadIndex("body", PayloadSchemaType.TEXT);
    assertEquals(Map.of("group", PayloadSchemaType.KEYWORD, "i", PayloadSchemaType.INTEGER,
        "body", PayloadSchemaType.TEXT), c.info().payloadSchema());
    assertEquals(7, before);
    assertEquals(before, c.count(g1));
    assertEquals(idStrings(searchBefore),
        idStrings(c.search(SearchRequest.of(new float[] {1, 1, 1, 1}, 5).withFilter(g1))));

    c.dropPayloadIndex("i");
    assertEquals(Map.of("group", PayloadSchemaType.KEYWORD, "body", PayloadSchemaType.TEXT),
        c.info().payloadSchema());
    assertEquals(before, c.count(g1));
    assertFails(IllegalArgumentException.class, () -> c.dropPayloadIndex("i"), "has no payload index on 'i'");
    assertFails(IllegalArgumentException.class, () -> c.createPayloadIndex("", PayloadSchemaType.KEYWORD),
        "payload index field must be a non-empty key");

    // counts: a replacement and a delete leave dead versions behind
    c.upsert(Point.of(1, new float[] {4, 3, 2, 1}, null));
    c.delete(ids(2, 3));
    CollectionInfo info = c.info();
    assertEquals(38, info.pointCount());
    assertEquals(3, info.deletedVectors());
    assertTrue(info.lastLsn() > 0);
    assertTrue(info.diskBytes() > 0);
    assertEquals(c.config(), info.config());

    // compaction reclaims them and changes no result
    List<ScoredPoint> exactBefore = c.search(SearchRequest.of(new float[] {1, 1, 1, 1}, 10).withFilter(g1).withExact(true));
    long countBefore = c.count(g1);
    float[] oneBefore = c.get(ids(1), false, true).get(0).vector();
    assertEquals(3, c.compact());
    assertEquals(0, c.info().deletedVectors());
    assertEquals(38, c.info().pointCount());
    assertEquals(0, c.compact(), "nothing left to reclaim");
    assertEquals(countBefore, c.count(g1));
    assertEquals(idStrings(exactBefore),
        idStrings(c.search(SearchRequest.of(new float[] {1, 1, 1, 1}, 10).withFilter(g1).withExact(true))));
    assertArrayEquals(oneBefore, c.get(ids(1), false, true).get(0).vector());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void invalidPointsAreRefusedWithTheEngineMessage() {
    VectorCollection c = create("errors", 4, Metric.COSINE);
    assertFails(IllegalArgumentException.class, () -> c.upsert(Point.of(1, new float[] {1, 2, 3}, null)),
        "vector of point 1 has dimension 3", "expects 4");
    assertFails(IllegalArgumentException.class, () -> c.upsert(Point.of(2, new float[] {1, Float.NaN, 3, 4}, null)),
        "vector of point 2 has NaN at position 1", "only finite numbers");
    assertFails(IllegalArgumentException.class,
        () -> c.upsert(Point.of(3, new float[] {1, 2, Float.POSITIVE_INFINITY, 4}, null)),
        "has Infinity at position 2");
    assertFails(IllegalArgumentException.class, () -> c.upsert(new Point(PointId.of(4), Map.of(), null)),
        "point 4 (#0 in the batch) lacks its vector");
    assertFails(IllegalArgumentException.class, () -> c.upsert(Point.of(5, new float[] {0, 0, 0, 0}, null)),
        "all zeros");
    // a bad point anywhere refuses the whole batch
    assertFails(IllegalArgumentException.class, () -> c.upsert(List.of(Point.of(6, new float[] {1, 2, 3, 4}, null),
        Point.of(7, new float[] {1, 2}, null))), "point 7", "has dimension 2");
    assertEquals(0, c.count(null));

    c.upsert(Point.of(1, new float[] {1, 2, 3, 4}, null));
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.of(new float[] {1, 2, 3}, 1)),
        "query vector has dimension 3", "expects 4");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.of(new float[] {1, Float.NaN, 3, 4}, 1)),
        "query vector has NaN at position 1");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.of(new float[] {1, 2, 3, 4}, 0)),
        "limit must be in [1, 10000], got 0");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.of(new float[] {1, 2, 3, 4}, 10_001)),
        "limit must be in [1, 10000], got 10001");
    assertFails(IllegalArgumentException.class, () -> c.scroll(ScrollRequest.of(0)), "limit must be in [1, 10000]");
    assertFails(IllegalArgumentException.class,
        () -> c.search(SearchRequest.of(new float[] {1, 2, 3, 4}, 1).withEf(0)), "ef must be in [1, 100000]");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.of(new float[] {1, 2, 3, 4}, 1)
        .using("other")), "has no vector 'other'");
    assertFails(IllegalArgumentException.class, () -> c.search(SearchRequest.ofText("words", 1)));
    assertEquals(1, c.count(null));
  }

  /** One database and one collection handle shared by writer and reader threads. */
  @Test
  void concurrentWritersAndReadersShareOneHandle() throws Exception {
    VectorCollection c = create("concurrent", 4, Metric.EUCLIDEAN);
    int threads = 4;
    int perThread = 50;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads * 2);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i += 5) {
            List<Point> batch = new ArrayList<>();
            for (int j = i; j < i + 5; j++) {
              int id = base + j + 1;
              batch.add(Point.of(id, new float[] {id, 0, 0, 1}, json("{'t': " + (id % threads) + "}")));
            }
            c.upsert(batch);
          }
          return null;
        }));
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            List<ScoredPoint> hits = c.search(SearchRequest.of(new float[] {base + 1, 0, 0, 1}, 3));
            assertTrue(hits.size() <= 3);
            assertTrue(c.count(null) <= (long) threads * perThread);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * perThread, c.count(null));
    assertEquals(perThread, c.count(filter("{'must': [{'key': 't', 'match': {'value': 1}}]}")));
    assertEquals("77", c.search(SearchRequest.of(new float[] {77, 0, 0, 1}, 1)).get(0).id().toString());
  }

  @Test
  void deletedCollectionIsNoSuchCollectionThroughANewHandle() {
    create("gone", 4, Metric.COSINE);
    db.deleteCollection(name("gone"));
    assertFails(NoSuchCollectionException.class, () -> db.collection(name("gone")), "does not exist");
    assertFalse(myNames().contains(name("gone")));
  }

  /** Sorted copy, for comparing sets of ids. */
  static List<String> sorted(List<String> ids) {
    return ids.stream().sorted(Comparator.naturalOrder()).toList();
  }

  static float[] randomVector(Random r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  static void assertNotEmpty(List<?> l) {
    assertNotNull(l);
    assertFalse(l.isEmpty());
  }
}
