package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.fixtures.V1FolderFixture;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written before segments (a {@code checkpoint-<lsn>/} folder plus a log tail, and a
 * collection that is only a log: {@code src/test/resources/fixtures/v1-folder}, made by {@link
 * V1FolderFixture}) opens with every point, payload, vector and payload index it was given, and
 * opens the same again after the upgrade has been written.
 */
class V1FolderUpgradeTest {

  @TempDir Path data;

  private void copyFixture() throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getResource("/fixtures/v1-folder").toURI());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = data.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          try (InputStream in = Files.newInputStream(p)) {
            Files.copy(in, target);
          }
        }
      }
    }
  }

  /** What the fixture's writes leave: id → point, in id order. */
  private static Map<PointId, Point> expectedDocs() {
    Map<PointId, Point> out = new LinkedHashMap<>();
    for (Point p : V1FolderFixture.docsPoints(0, 300)) {
      out.put(p.id(), p);
    }
    for (Point p : V1FolderFixture.uuidPoints()) {
      out.put(p.id(), p);
    }
    V1FolderFixture.deleted().forEach(out::remove);
    for (PointId id : V1FolderFixture.changed()) {
      Point p = out.get(id);
      ObjectNode payload = p.payload().deepCopy().put("tag", "changed");
      out.put(id, new Point(id, p.vectors(), payload));
    }
    for (Point p : V1FolderFixture.docsPoints(300, 330)) {
      out.put(p.id(), p);
    }
    for (Point p : V1FolderFixture.docsPoints(100, 110)) {
      out.put(p.id(), p);
    }
    return out;
  }

  @Test
  void aFolderOfThePreviousFormatOpensWithEverythingIntactAndAgainAfterTheUpgrade() throws Exception {
    copyFixture();
    for (int round = 0; round < 2; round++) {
      try (Quiver db = Quiver.open(data)) {
        assertEquals(List.of("docs", "plain"), db.collectionNames(), "round " + round);
        assertEquals(Map.of(), db.unavailableCollections());
        checkDocs(db.collection("docs"));
        checkPlain(db.collection("plain"));
      }
    }
  }

  private static void checkDocs(EmbeddedCollection docs) {
    Map<PointId, Point> expected = expectedDocs();
    assertEquals(expected.size(), docs.count(null));
    assertEquals(Map.of("title", PayloadSchemaType.TEXT, "year", PayloadSchemaType.INTEGER,
        "tag", PayloadSchemaType.KEYWORD), docs.info().payloadSchema());
    List<Point> got = docs.get(new ArrayList<>(expected.keySet()), true, true);
    assertEquals(expected.size(), got.size());
    for (Point g : got) {
      Point e = expected.get(g.id());
      assertEquals(e.payload(), g.payload(), "payload of " + g.id());
      assertArrayEquals(normalized(e.vectors().get("text")), g.vectors().get("text"), 1e-6f, "text of " + g.id());
      assertArrayEquals(e.vectors().get("image"), g.vectors().get("image"), 0f, "image of " + g.id());
    }
    // scroll walks every id in order
    List<PointId> scrolled = new ArrayList<>();
    PointId offset = null;
    do {
      ScrollPage page = docs.scroll(new ScrollRequest(null, 37, offset, false, false));
      page.points().forEach(p -> scrolled.add(p.id()));
      offset = page.nextOffset();
    } while (offset != null);
    assertEquals(expected.keySet().stream().sorted().toList(), scrolled);
    // the integer and keyword indexes answer as the payloads say
    Filter years = Filter.parse("{\"must\":[{\"key\":\"year\",\"range\":{\"gte\":2000,\"lt\":2005}}]}");
    long inYears = expected.values().stream().mapToInt(p -> p.payload().get("year").asInt())
        .filter(y -> y >= 2000 && y < 2005).count();
    assertEquals(inYears, docs.count(years));
    Filter changed = Filter.parse("{\"must\":[{\"key\":\"tag\",\"match\":{\"value\":\"changed\"}}]}");
    assertEquals(10, docs.count(changed));
    // the text index finds the revised titles written after the checkpoint
    List<ScoredPoint> revised = docs.keywordSearch(HybridSearchRequest.ofText("revised", 50).withTextField("title"));
    assertEquals(10, revised.size());
    assertTrue(revised.stream().allMatch(p -> p.id() instanceof PointId.Num n && n.value() >= 100 && n.value() < 110),
        revised::toString);
    // nearest neighbours: each point finds itself first, by both vectors
    for (PointId id : List.of(PointId.of(5), PointId.of(105), PointId.of(320), V1FolderFixture.uuidPoints().get(3).id())) {
      Point e = expected.get(id);
      if (id instanceof PointId.Num) { // the UUID points' text vectors repeat every 8: only their image is unique
        assertEquals(id, docs.search(SearchRequest.of(e.vectors().get("text"), 1).using("text")).get(0).id());
      }
      assertEquals(id, docs.search(SearchRequest.of(e.vectors().get("image"), 1).using("image").withExact(true))
          .get(0).id());
    }
  }

  private static void checkPlain(EmbeddedCollection plain) {
    assertEquals(50, plain.count(null));
    assertEquals(Metric.DOT, plain.config().vectors().get(CollectionConfig.DEFAULT_VECTOR).metric());
    List<Point> got = plain.get(List.of(PointId.of(7), PointId.of(49)), true, true);
    assertArrayEquals(new float[] {7, 1, -7}, got.get(0).vector(), 0f);
    assertEquals(49, got.get(1).payload().get("n").asInt());
  }

  private static float[] normalized(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }
}
