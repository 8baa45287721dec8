package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.segment.Manifest;
import dev.quiver.engine.segment.ManifestFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection spread over several sealed segments and a mutable one answers exactly as a reference
 * model of the acknowledged writes: upserts, replacements and deletes across segments, payload
 * changes of sealed points, payload indexes created before and after seals; exact search, get,
 * scroll, count and filtered search agree, before and after a reopen, and the folder holds only
 * what the newest manifest names.
 */
class SegmentedCollectionTest {

  static final int DIM = 8;
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  @TempDir
  Path dir;

  /** The reference: the live points as the acknowledged writes left them. */
  final TreeMap<PointId, float[]> vectors = new TreeMap<>();
  final TreeMap<PointId, ObjectNode> payloads = new TreeMap<>();

  static QuiverConfig config() {
    // A seal every few kilobytes of log: many segments from a small collection.
    return QuiverConfig.defaults().withDurability(dev.quiver.storage.Durability.NONE).withCheckpointLogBytes(16 << 10)
        .withBuildThreads(2);
  }

  static float[] vector(SplittableRandom rnd) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    v[0] += 0.01f;
    return v;
  }

  ObjectNode payload(int i, SplittableRandom rnd) {
    ObjectNode p = F.objectNode();
    p.put("tag", "t" + rnd.nextInt(4));
    p.put("n", i);
    p.put("body", rnd.nextBoolean() ? "red fox" : "blue whale");
    return p;
  }

  /** Merges as soon as two segments of similar size exist: many merges from a small collection. */
  static dev.quiver.engine.segment.TieredMergePolicy eagerMerges() {
    return dev.quiver.engine.segment.TieredMergePolicy.builder().segmentsPerTier(2).maxMergeAtOnce(2).floorPoints(50)
        .maxMergedPoints(100_000).deletesPctAllowed(10).build();
  }

  @ParameterizedTest(name = "seal on close: {0}, eager merges: {1}")
  @CsvSource({"true,false", "false,false", "true,true", "false,true"})
  void manySegmentsAnswerAsTheReferenceBeforeAndAfterReopen(boolean sealOnClose, boolean eager) throws Exception {
    QuiverConfig base = eager ? config().withMergePolicy(eagerMerges()) : config();
    SplittableRandom rnd = new SplittableRandom(7);
    CollectionConfig cc = CollectionConfig.single(VectorParams.of(DIM, Metric.EUCLIDEAN));
    // Without a seal on close, the reopen replays the log tail onto the sealed segments: upserts and
    // deletes of sealed points, payload changes, through the id map rebuilt from the segments.
    try (Quiver db = Quiver.open(dir, base.withCheckpointOnClose(sealOnClose))) {
      EmbeddedCollection c = db.createCollection("s", cc);
      c.createPayloadIndex("tag", PayloadSchemaType.KEYWORD);
      for (int round = 0; round < 30; round++) {
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          int id = rnd.nextInt(600); // many replace a point sealed earlier
          float[] v = vector(rnd);
          ObjectNode p = payload(id, rnd);
          batch.add(Point.of(id, v, p));
        }
        c.upsert(batch);
        for (Point p : batch) {
          vectors.put(p.id(), p.vectors().get(CollectionConfig.DEFAULT_VECTOR));
          payloads.put(p.id(), p.payload());
        }
        List<PointId> gone = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          gone.add(PointId.of(rnd.nextInt(600)));
        }
        c.delete(gone);
        gone.forEach(id -> {
          vectors.remove(id);
          payloads.remove(id);
        });
        PointId touched = PointId.of(rnd.nextInt(600));
        ObjectNode change = F.objectNode().put("touched", round);
        c.setPayload(List.of(touched), change);
        if (payloads.containsKey(touched)) {
          payloads.put(touched, payloads.get(touched).deepCopy().setAll(change));
        }
        if (round == 12) {
          c.createPayloadIndex("n", PayloadSchemaType.INTEGER); // after several seals
        }
        c.awaitCompaction(); // a background seal in flight ends before the next check
      }
      assertTrue(c.seals() >= 3, "expected several seals, got " + c.seals());
      SegmentView v = viewOf(c);
      if (eager) {
        assertTrue(c.merges() >= 2, "expected merges, got " + c.merges());
        assertTrue(v.parts.length <= 8, "merges should bound the segments, got " + v.parts.length);
      } else {
        assertTrue(v.parts.length >= 3, "expected several segments, got " + v.parts.length);
      }
      assertMatchesReference(c, rnd);
    }
    assertOnlyTheManifestsFiles(dir.resolve("collections/s"));
    try (Quiver db = Quiver.open(dir, base)) {
      EmbeddedCollection c = db.collection("s");
      if (sealOnClose) {
        assertEquals(0, c.recovery().replayedRecords(), c.recovery().toString());
      }
      assertMatchesReference(c, rnd);
      assertEquals(Map.of("tag", PayloadSchemaType.KEYWORD, "n", PayloadSchemaType.INTEGER), c.info().payloadSchema());
      c.compact(); // merge everything now: one segment, same answers
      assertEquals(0, c.info().deletedVectors());
      assertMatchesReference(c, rnd);
    }
    assertOnlyTheManifestsFiles(dir.resolve("collections/s"));
    try (Quiver db = Quiver.open(dir, config())) {
      assertMatchesReference(db.collection("s"), rnd);
    }
  }

  void assertMatchesReference(EmbeddedCollection c, SplittableRandom rnd) {
    assertEquals(vectors.size(), c.count(null), "count");
    // get: every id ever used, live or not
    for (int id = 0; id < 600; id++) {
      PointId pid = PointId.of(id);
      List<Point> got = c.get(List.of(pid), true, true);
      if (!vectors.containsKey(pid)) {
        assertTrue(got.isEmpty(), "deleted point " + id + " came back");
        continue;
      }
      assertEquals(1, got.size(), "point " + id);
      assertEquals(payloads.get(pid), got.get(0).payload(), "payload of " + id);
      float[] want = vectors.get(pid);
      float[] have = got.get(0).vectors().get(CollectionConfig.DEFAULT_VECTOR);
      for (int i = 0; i < DIM; i++) {
        assertEquals(want[i], have[i], 1e-6, "vector of " + id);
      }
    }
    // scroll: every live id once, in id order, across pages
    List<PointId> scrolled = new ArrayList<>();
    PointId offset = null;
    do {
      ScrollPage page = c.scroll(ScrollRequest.of(37).withOffset(offset));
      page.points().forEach(p -> scrolled.add(p.id()));
      offset = page.nextOffset();
    } while (offset != null);
    assertEquals(List.copyOf(vectors.keySet()), scrolled, "scroll");
    // filtered counts and scrolls, indexed and not
    for (String json : List.of("{\"must\":[{\"key\":\"tag\",\"match\":{\"value\":\"t1\"}}]}",
        "{\"must\":[{\"key\":\"n\",\"range\":{\"gte\":100,\"lt\":300}}]}",
        "{\"must_not\":[{\"key\":\"tag\",\"match\":{\"value\":\"t2\"}}]}",
        "{\"must\":[{\"key\":\"touched\",\"range\":{\"gte\":0}}]}")) {
      Filter f = Filter.parse(json);
      long want = payloads.values().stream().filter(p -> matches(json, p)).count();
      assertEquals(want, c.count(f), "count " + json);
      ScrollPage all = c.scroll(ScrollRequest.of(10_000).withFilter(f));
      assertEquals(want, all.points().size(), "filtered scroll " + json);
    }
    // exact search against the reference, with and without a filter
    for (int q = 0; q < 20; q++) {
      float[] query = vector(rnd);
      List<PointId> want = vectors.entrySet().stream()
          .sorted(Comparator.comparingDouble(e -> l2(query, e.getValue())))
          .limit(10).map(Map.Entry::getKey).toList();
      List<PointId> got = c.search(SearchRequest.of(query, 10).withExact(true)).stream().map(ScoredPoint::id).toList();
      assertEquals(want, got, "exact search " + q);
      Filter t1 = Filter.parse("{\"must\":[{\"key\":\"tag\",\"match\":{\"value\":\"t1\"}}]}");
      List<PointId> wantF = vectors.entrySet().stream().filter(e -> "t1".equals(payloads.get(e.getKey()).path("tag")
          .asText())).sorted(Comparator.comparingDouble(e -> l2(query, e.getValue()))).limit(10).map(Map.Entry::getKey).toList();
      List<PointId> gotF = c.search(SearchRequest.of(query, 10).withExact(true).withFilter(t1)).stream()
          .map(ScoredPoint::id).toList();
      assertEquals(wantF, gotF, "filtered exact search " + q);
      // approximate: k results, every one live, mostly the true ones
      List<ScoredPoint> approx = c.search(SearchRequest.of(query, 10).withFilter(t1));
      assertEquals(wantF.size(), approx.size(), "filtered approximate search returns k when k match");
      approx.forEach(h -> assertTrue(vectors.containsKey(h.id()), "deleted point " + h.id() + " returned"));
    }
  }

  static double l2(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  static boolean matches(String json, ObjectNode p) {
    if (json.contains("\"t1\"")) {
      return "t1".equals(p.path("tag").asText());
    }
    if (json.contains("\"t2\"")) {
      return !"t2".equals(p.path("tag").asText());
    }
    if (json.contains("\"touched\"")) {
      return p.has("touched");
    }
    int n = p.path("n").asInt();
    return n >= 100 && n < 300;
  }

  static SegmentView viewOf(EmbeddedCollection c) throws ReflectiveOperationException {
    var f = EmbeddedCollection.class.getDeclaredField("view");
    f.setAccessible(true);
    return ((java.util.concurrent.atomic.AtomicReference<SegmentView>) f.get(c)).get();
  }

  /** The collection folder holds config, log, end marker, the newest manifest and what it names. */
  static void assertOnlyTheManifestsFiles(Path collection) throws Exception {
    Manifest m = ManifestFile.readNewest(collection);
    if (m == null) {
      try (Stream<Path> s = Files.list(collection)) {
        for (Path p : s.toList()) {
          String n = p.getFileName().toString();
          assertFalse(n.startsWith("seg-") || n.startsWith("manifest-") || n.startsWith("checkpoint-"),
              "no manifest, yet " + p);
        }
      }
      return;
    }
    List<String> allowed = new ArrayList<>(List.of("config.json", "wal", EmbeddedCollection.WAL_END_MARKER,
        ManifestFile.fileName(m.generation())));
    m.segments().forEach(e -> allowed.add(SealedSegment.dirName(e.number())));
    try (Stream<Path> s = Files.list(collection)) {
      for (Path p : s.toList()) {
        assertTrue(allowed.contains(p.getFileName().toString()), "unreferenced " + p);
      }
    }
    for (Manifest.SegmentEntry e : m.segments()) {
      try (Stream<Path> s = Files.list(collection.resolve(SealedSegment.dirName(e.number())))) {
        for (Path p : s.toList()) {
          String n = p.getFileName().toString();
          assertFalse(n.endsWith(".tmp"), "temporary file " + p);
          if (n.startsWith("deleted-")) {
            assertEquals(dev.quiver.engine.segment.DeletionFile.fileName(e.deletionGeneration()), n, p.toString());
          }
        }
      }
    }
  }
}
