package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCollectionTest {

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) OpCodec.JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static QuiverConfig fast() {
    return QuiverConfig.defaults().withDurability(dev.quiver.storage.Durability.NONE);
  }

  @Test
  void upsertGetDeleteAndIdempotentReplace(@TempDir Path dir) throws IOException {
    try (Quiver db = Quiver.open(dir, fast())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(3, Metric.COSINE)));
      c.upsert(List.of(Point.of(1, new float[] {1, 0, 0}, json("{\"a\": 1}")),
          Point.of(PointId.parse("550e8400-e29b-41d4-a716-446655440000"), new float[] {0, 1, 0}, json("{}"))));
      c.upsert(Point.of(1, new float[] {0, 0, 1}, json("{\"a\": 2}"))); // same id: replaced
      c.upsert(Point.of(1, new float[] {0, 0, 1}, json("{\"a\": 2}"))); // and again: idempotent
      assertEquals(2, c.count(null));
      Point one = c.get(List.of(PointId.of(1)), true, true).get(0);
      assertEquals(2, one.payload().get("a").asInt());
      assertArrayEquals(new float[] {0, 0, 1}, one.vector(), 1e-6f);
      List<ScoredPoint> hits = c.search(SearchRequest.of(new float[] {0, 0, 5}, 5));
      assertEquals(2, hits.size());
      assertEquals(PointId.of(1), hits.get(0).id());
      assertEquals(1f, hits.get(0).score(), 1e-6);
      assertEquals(1, c.delete(List.of(PointId.of(1), PointId.of(99))));
      assertEquals(1, c.count(null));
      assertTrue(c.get(List.of(PointId.of(1)), true, false).isEmpty());
      assertEquals(3, c.info().deletedVectors(), "two replaced versions and one deleted point");
    }
  }

  @Test
  void badInputIsRefusedWithClearMessages(@TempDir Path dir) throws IOException {
    try (Quiver db = Quiver.open(dir, fast())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> c.upsert(Point.of(7, new float[3], null)));
      assertEquals("vector of point 7 has dimension 3, collection 'docs' expects 4", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> c.upsert(Point.of(7, new float[] {1, Float.NaN, 0, 0}, null)));
      assertTrue(e.getMessage().contains("NaN at position 1"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> c.upsert(Point.of(7, new float[4], null)));
      assertTrue(e.getMessage().contains("all zeros"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> c.search(SearchRequest.of(new float[5], 3)));
      assertTrue(e.getMessage().contains("dimension 5") && e.getMessage().contains("expects 4"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> c.search(SearchRequest.of(new float[] {1, 0, 0, 0}, 3).using("image")));
      assertTrue(e.getMessage().contains("no vector 'image'"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(new float[4], 0));
      e = assertThrows(IllegalArgumentException.class, () -> PointId.parse("-5"));
      assertTrue(e.getMessage().contains("'-5'"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> PointId.parse("18446744073709551616"));
      assertEquals("18446744073709551615", PointId.parse("18446744073709551615").toString());
      e = assertThrows(IllegalArgumentException.class,
          () -> db.createCollection("docs", CollectionConfig.single(VectorParams.of(4, Metric.DOT))));
      assertTrue(e.getMessage().contains("already exists"));
      e = assertThrows(IllegalArgumentException.class,
          () -> db.createCollection("../etc", CollectionConfig.single(VectorParams.of(4, Metric.DOT))));
      assertTrue(e.getMessage().contains("'../etc'"), e.getMessage());
      NoSuchCollectionException missing = assertThrows(NoSuchCollectionException.class, () -> db.collection("nope"));
      assertTrue(missing.getMessage().contains("docs"));
      assertEquals(0, c.count(null), "nothing bad was written");
    }
  }

  @Test
  void namedVectorsAreStoredAndSearchedSeparately(@TempDir Path dir) throws IOException {
    try (Quiver db = Quiver.open(dir, fast())) {
      VectorCollection c = db.createCollection("media", CollectionConfig.named(Map.of(
          "text", VectorParams.of(2, Metric.COSINE), "image", VectorParams.of(3, Metric.EUCLIDEAN))));
      c.upsert(new Point(PointId.of(1), Map.of("text", new float[] {1, 0}, "image", new float[] {0, 0, 0}), null));
      c.upsert(new Point(PointId.of(2), Map.of("text", new float[] {0, 1}, "image", new float[] {5, 5, 5}), null));
      assertEquals(PointId.of(2), c.search(SearchRequest.of(new float[] {0.1f, 1}, 1).using("text")).get(0).id());
      ScoredPoint img = c.search(SearchRequest.of(new float[] {0, 0, 1}, 1).using("image")).get(0);
      assertEquals(PointId.of(1), img.id());
      assertEquals(1f, img.score(), 1e-6, "Euclidean scores are distances");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> c.upsert(new Point(PointId.of(3), Map.of("text", new float[] {1, 1}), null)));
      assertTrue(e.getMessage().contains("lacks its vector 'image'"), e.getMessage());
    }
  }

  @Test
  void payloadOperationsScrollAndCount(@TempDir Path dir) throws IOException {
    try (Quiver db = Quiver.open(dir, fast())) {
      VectorCollection c = db.createCollection("p", CollectionConfig.single(VectorParams.of(2, Metric.DOT)));
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        points.add(Point.of(i * 3L, new float[] {i, 1}, json("{\"n\": " + i + ", \"author\": {\"name\": \"a"
            + (i % 3) + "\"}, \"tags\": [\"x\", \"t" + (i % 2) + "\"]}")));
      }
      points.add(Point.of(PointId.of(UUID.fromString("00000000-0000-0000-0000-000000000001")), new float[] {1, 1}, null));
      c.upsert(points);
      // scroll pages cover everything once, in id order, numbers before UUIDs
      List<PointId> seen = new ArrayList<>();
      PointId offset = null;
      do {
        ScrollPage page = c.scroll(ScrollRequest.of(7).withOffset(offset));
        page.points().forEach(p -> seen.add(p.id()));
        offset = page.nextOffset();
      } while (offset != null);
      assertEquals(26, seen.size());
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i - 1).compareTo(seen.get(i)) < 0);
      }
      assertTrue(seen.get(25) instanceof PointId.Uuid);

      Filter a1 = Filter.parse("{\"must\": [{\"key\": \"author.name\", \"match\": {\"value\": \"a1\"}}]}");
      assertEquals(8, c.count(a1));
      c.createPayloadIndex("author.name", PayloadSchemaType.KEYWORD);
      assertEquals(8, c.count(a1), "same answer from the index");
      assertEquals(Map.of("author.name", PayloadSchemaType.KEYWORD), c.info().payloadSchema());

      c.setPayload(List.of(PointId.of(0)), json("{\"extra\": true}"));
      Point p0 = c.get(List.of(PointId.of(0)), true, false).get(0);
      assertTrue(p0.payload().get("extra").asBoolean());
      assertEquals(0, p0.payload().get("n").asInt(), "merge keeps other keys");
      c.overwritePayload(List.of(PointId.of(0)), json("{\"only\": 1}"));
      assertEquals(json("{\"only\": 1}"), c.get(List.of(PointId.of(0)), true, false).get(0).payload());
      c.deletePayloadKeys(List.of(PointId.of(3)), List.of("author.name", "tags"));
      assertEquals(json("{\"n\": 1, \"author\": {}}"), c.get(List.of(PointId.of(3)), true, false).get(0).payload());
      assertEquals(7, c.count(a1), "the index follows payload changes");

      Filter t1 = Filter.parse("{\"must\": [{\"key\": \"tags\", \"match\": {\"value\": \"t1\"}}]}");
      long t1Count = c.count(t1);
      assertEquals(t1Count, c.delete(t1));
      assertEquals(0, c.count(t1));
      assertEquals(26 - t1Count, c.count(null));
      ScrollPage filtered = c.scroll(ScrollRequest.of(100).withFilter(a1));
      assertTrue(filtered.points().stream().allMatch(p -> p.payload().path("author").path("name").asText().equals("a1")));
      assertNull(filtered.nextOffset());
    }
  }

  @Test
  void everythingSurvivesReopenWithAndWithoutCheckpoint(@TempDir Path dir) throws IOException {
    for (boolean checkpointOnClose : new boolean[] {false, true}) {
      Path folder = dir.resolve("ckpt-" + checkpointOnClose);
      QuiverConfig config = fast().withCheckpointOnClose(checkpointOnClose).withCheckpointLogBytes(4096);
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        points.add(Point.of(i, new float[] {(float) Math.cos(i), (float) Math.sin(i), 1}, json("{\"i\": " + i + "}")));
      }
      List<ScoredPoint> before;
      try (Quiver db = Quiver.open(folder, config)) {
        VectorCollection c = db.createCollection("c", CollectionConfig.single(VectorParams.of(3, Metric.EUCLIDEAN)));
        for (int i = 0; i < 300; i += 30) {
          c.upsert(points.subList(i, i + 30)); // several checkpoints along the way (4 KiB of log)
        }
        c.createPayloadIndex("i", PayloadSchemaType.INTEGER);
        c.delete(List.of(PointId.of(5)));
        c.setPayload(List.of(PointId.of(6)), json("{\"six\": 6}"));
        before = c.search(SearchRequest.of(new float[] {1, 0, 1}, 10).withVectors(true));
      }
      try (Quiver db = Quiver.open(folder, config)) {
        VectorCollection c = db.collection("c");
        assertEquals(299, c.count(null));
        assertEquals(6, c.get(List.of(PointId.of(6)), true, false).get(0).payload().get("six").asInt());
        assertEquals(Map.of("i", PayloadSchemaType.INTEGER), c.info().payloadSchema());
        List<ScoredPoint> after = c.search(SearchRequest.of(new float[] {1, 0, 1}, 10).withVectors(true));
        assertEquals(before.stream().map(ScoredPoint::id).toList(), after.stream().map(ScoredPoint::id).toList());
        assertEquals(9, c.count(Filter.parse("{\"must\": [{\"key\": \"i\", \"range\": {\"gte\": 1, \"lt\": 11}}]}")));
      }
    }
  }

  @Test
  void secondOpenOfTheSameFolderIsRefused(@TempDir Path dir) throws IOException {
    try (Quiver db = Quiver.open(dir, fast())) {
      IOException e = assertThrows(IOException.class, () -> Quiver.open(dir, fast()));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    Quiver.open(dir, fast()).close(); // released on close
  }

  @Test
  void snapshotRestoresIntoAnotherDatabase(@TempDir Path dir) throws IOException {
    Path snap = dir.resolve("docs.snapshot");
    List<ScoredPoint> before;
    try (Quiver db = Quiver.open(dir.resolve("a"), fast())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(2, Metric.COSINE)));
      for (int i = 0; i < 100; i++) {
        c.upsert(Point.of(i, new float[] {1, i}, json("{\"i\": " + i + "}")));
      }
      before = c.search(SearchRequest.of(new float[] {1, 3}, 5));
      db.createSnapshot("docs", snap);
      c.upsert(Point.of(1000, new float[] {1, 3}, null)); // after the snapshot: not in it
    }
    try (Quiver db = Quiver.open(dir.resolve("b"), fast())) {
      VectorCollection r = db.restoreSnapshot(snap, "restored");
      assertEquals(100, r.count(null));
      assertEquals(before, r.search(SearchRequest.of(new float[] {1, 3}, 5)));
      assertThrows(IllegalArgumentException.class, () -> db.restoreSnapshot(snap, "restored"));
      Path garbage = dir.resolve("garbage.snapshot");
      Files.writeString(garbage, "not a zip");
      assertThrows(Exception.class, () -> db.restoreSnapshot(garbage, "x"));
      assertFalse(db.hasCollection("x"));
      db.deleteCollection("restored");
      assertFalse(db.hasCollection("restored"));
    }
  }
}
