package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction: replaced and deleted points stop occupying the indexes, and nothing a user can see
 * changes: points, payloads, vectors, exact results, filters (keyword and text indexes), and what
 * recovery rebuilds from the compacted checkpoint plus the log after it.
 */
class CompactionTest {

  static final int DIM = 24;
  static final String[] COLORS = {"red", "green", "blue", "black", "white"};
  static final Filter RED = Filter.parse("{\"must\": [{\"key\": \"color\", \"match\": {\"value\": \"red\"}}]}");
  static final Filter WORD3 = Filter.parse("{\"must\": [{\"key\": \"body\", \"match\": {\"text\": \"word3\"}}]}");

  static float[] vector(Random rnd) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  static Point point(int id, int generation, Random rnd) {
    ObjectNode p = OpCodec.JSON.createObjectNode().put("n", id).put("gen", generation)
        .put("color", COLORS[(id + generation) % COLORS.length])
        .put("body", "word" + ((id + generation) % 7) + " common text");
    return Point.of(id, vector(rnd), p);
  }

  static void upsertAll(VectorCollection c, List<Point> points, Map<PointId, Point> expected) {
    for (int from = 0; from < points.size(); from += 500) {
      c.upsert(points.subList(from, Math.min(points.size(), from + 500)));
    }
    points.forEach(p -> expected.put(p.id(), p));
  }

  static void delete(VectorCollection c, List<PointId> ids, Map<PointId, Point> expected) {
    c.delete(ids);
    ids.forEach(expected::remove);
  }

  /** Every point, in id order, as "id payload" (and its stored vector). */
  static List<String> everything(VectorCollection c, boolean withVectors) {
    List<String> out = new ArrayList<>();
    PointId offset = null;
    do {
      ScrollPage page = c.scroll(ScrollRequest.of(1000).withOffset(offset).withVectors(withVectors));
      for (Point p : page.points()) {
        out.add(p.id() + " " + p.payload() + (withVectors ? " " + Arrays.toString(p.vector()) : ""));
      }
      offset = page.nextOffset();
    } while (offset != null);
    return out;
  }

  static List<String> expectedEverything(Map<PointId, Point> expected) {
    List<String> out = new ArrayList<>();
    new TreeMap<>(expected).forEach((id, p) -> out.add(id + " " + p.payload()));
    return out;
  }

  /**
   * Equal lists, or a failure naming the first difference (not the whole lists). Entries "id:score"
   * compare ids exactly and scores to 1e-5: the SIMD dot product's lane reduction order is
   * unspecified, so interpreted and compiled code may differ in the last bit.
   */
  static void assertSame(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      String e = expected.get(i);
      String a = actual.get(i);
      if (e.matches("\\d+:-?[0-9.E-]+") && a.matches("\\d+:-?[0-9.E-]+")) {
        String[] x = e.split(":");
        String[] y = a.split(":");
        assertEquals(x[0], y[0], "first difference at #" + i);
        assertEquals(Float.parseFloat(x[1]), Float.parseFloat(y[1]), 1e-5f, "score at #" + i);
        continue;
      }
      assertEquals(e, a, "first difference at #" + i);
    }
    assertEquals(expected.size(), actual.size(), "sizes");
  }

  static List<String> exactResults(VectorCollection c, List<float[]> queries) {
    List<String> out = new ArrayList<>();
    for (float[] q : queries) {
      for (Filter f : Arrays.asList(null, RED, WORD3)) {
        for (ScoredPoint h : c.search(SearchRequest.of(q, 10).withFilter(f).withExact(true))) {
          out.add(h.id() + ":" + h.score());
        }
        out.add("|");
      }
    }
    return out;
  }

  static double recall(VectorCollection c, List<float[]> queries) {
    int found = 0;
    int total = 0;
    for (float[] q : queries) {
      for (Filter f : Arrays.asList(null, RED)) {
        Set<PointId> truth = new HashSet<>();
        c.search(SearchRequest.of(q, 10).withFilter(f).withExact(true)).forEach(h -> truth.add(h.id()));
        for (ScoredPoint h : c.search(SearchRequest.of(q, 10).withFilter(f))) {
          found += truth.contains(h.id()) ? 1 : 0;
        }
        total += truth.size();
      }
    }
    return (double) found / total;
  }

  @Test
  void compactionReclaimsDeadVectorsChangesNoResultAndSurvivesRecovery(@TempDir Path dir) throws Exception {
    Random rnd = new Random(7);
    Map<PointId, Point> expected = new TreeMap<>();
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queries.add(vector(rnd));
    }
    QuiverConfig config = EmbeddedCollectionTest.fast().withCheckpointOnClose(false);
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.createCollection("c", CollectionConfig.single(VectorParams.of(DIM, Metric.COSINE)));
      c.createPayloadIndex("color", PayloadSchemaType.KEYWORD);
      c.createPayloadIndex("body", PayloadSchemaType.TEXT);
      List<Point> first = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        first.add(point(i, 0, rnd));
      }
      upsertAll(c, first, expected);
      List<Point> replaced = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        replaced.add(point(i, 1, rnd));
      }
      upsertAll(c, replaced, expected);
      List<PointId> gone = new ArrayList<>();
      for (int i = 2700; i < 3000; i++) {
        gone.add(PointId.of(i));
      }
      delete(c, gone, expected);
      assertEquals(900, c.info().deletedVectors(), "below the automatic threshold (1,024)");

      List<String> points = everything(c, true);
      assertSame(expectedEverything(expected), everything(c, false));
      List<String> exact = exactResults(c, queries);
      long red = c.count(RED);
      long word3 = c.count(WORD3);
      assertTrue(red > 0 && word3 > 0);

      c.checkpoint(); // an idle collection: the compaction must still reach a checkpoint of its own
      assertEquals(900, c.compact());
      assertEquals(0, c.info().deletedVectors());
      assertEquals(2700, c.info().pointCount());
      assertSame(points, everything(c, true));
      assertSame(exact, exactResults(c, queries));
      assertEquals(red, c.count(RED));
      assertEquals(word3, c.count(WORD3));
      double recall = recall(c, queries);
      assertTrue(recall >= 0.95, "recall@10 after compaction: " + recall);
      assertEquals(0, c.compact(), "nothing left to reclaim");

      // Writes after the compacted checkpoint stay in the log only (no checkpoint on close).
      List<Point> later = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        later.add(point(i, 2, rnd));
        later.add(point(5000 + i, 0, rnd));
      }
      upsertAll(c, later, expected);
      List<PointId> alsoGone = new ArrayList<>();
      for (int i = 1500; i < 1600; i++) {
        alsoGone.add(PointId.of(i));
      }
      delete(c, alsoGone, expected);
    }
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.collection("c");
      assertEquals(200, c.info().deletedVectors(),
          "recovery starts from the compacted checkpoint: only the 100 replaced and 100 deleted since");
      assertSame(expectedEverything(expected), everything(c, false));
      assertEquals(expected.values().stream().filter(p -> p.payload().get("color").asText().equals("red")).count(),
          c.count(RED));
      assertEquals(expected.values().stream().filter(p -> p.payload().get("body").asText().startsWith("word3 ")).count(),
          c.count(WORD3));
    }
  }

  @Test
  void checkpointsStartABackgroundCompactionOnceDeadVectorsPassTheThreshold(@TempDir Path dir) throws Exception {
    Random rnd = new Random(11);
    Map<PointId, Point> expected = new TreeMap<>();
    QuiverConfig config = EmbeddedCollectionTest.fast().withCheckpointLogBytes(64 * 1024);
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.createCollection("c", CollectionConfig.single(VectorParams.of(DIM, Metric.COSINE)));
      for (int generation = 0; generation < 4; generation++) {
        List<Point> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          all.add(point(i, generation, rnd));
        }
        upsertAll(c, all, expected);
      }
      c.awaitCompaction();
      long dead = c.info().deletedVectors();
      // Without merges: 6,000 dead vectors. Sealed segments with more than the merge policy's share
      // of deleted points are merged (vacuumed) in the background; writes made meanwhile leave
      // their own dead vectors, so only "some were reclaimed" is certain, not how many are left.
      assertTrue(c.merges() >= 1, "no automatic merge ran");
      assertTrue(dead <= 6000 - 1024, "dead vectors after 3 full rewrites with checkpoints: " + dead);
      assertSame(expectedEverything(expected), everything(c, false));
    }
    try (Quiver db = Quiver.open(dir, config)) {
      assertSame(expectedEverything(expected), everything(db.collection("c"), false));
    }
  }

  @Test
  void closingDuringABackgroundCompactionLosesNothingAndLeavesNoThread(@TempDir Path dir) throws Exception {
    Random rnd = new Random(13);
    Map<PointId, Point> expected = new TreeMap<>();
    QuiverConfig config = EmbeddedCollectionTest.fast().withCheckpointLogBytes(256 * 1024);
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.createCollection("c", CollectionConfig.single(VectorParams.of(DIM, Metric.COSINE)));
      for (int generation = 0; generation < 2; generation++) {
        List<Point> all = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
          all.add(point(i, generation, rnd));
        }
        upsertAll(c, all, expected);
      }
      // closed right after the writes: a compaction of ~20,000 points may well be running
    }
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("quiver-compact-")),
        "a compaction thread outlived Quiver.close()");
    try (Quiver db = Quiver.open(dir, config)) {
      assertSame(expectedEverything(expected), everything(db.collection("c"), false));
    }
  }

  @Test
  void writersAndSearchersRunWhileCompacting(@TempDir Path dir) throws Exception {
    Random rnd = new Random(3);
    Map<PointId, Point> expected = new java.util.concurrent.ConcurrentSkipListMap<>();
    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      EmbeddedCollection c = db.createCollection("c", CollectionConfig.single(VectorParams.of(DIM, Metric.COSINE)));
      List<Point> all = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        all.add(point(i, 0, rnd));
      }
      upsertAll(c, all, expected);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        Random r = new Random(5);
        try {
          for (int generation = 1; !stop.get(); generation++) {
            List<Point> batch = new ArrayList<>();
            for (int j = 0; j < 50; j++) {
              batch.add(point(r.nextInt(2500), generation, r));
            }
            c.upsert(batch); // acknowledged: must survive every compaction
            batch.forEach(p -> expected.put(p.id(), p));
            PointId victim = PointId.of(r.nextInt(2500));
            c.delete(List.of(victim));
            expected.remove(victim);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      Thread searcher = new Thread(() -> {
        Random r = new Random(9);
        try {
          while (!stop.get()) {
            List<ScoredPoint> hits = c.search(SearchRequest.of(vector(r), 10).withFilter(r.nextBoolean() ? RED : null));
            if (hits.size() != 10 || hits.stream().anyMatch(h -> h.id() == null || h.payload() == null)) {
              throw new AssertionError("bad result during compaction: " + hits);
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      writer.start();
      searcher.start();
      long reclaimed = 0;
      for (int round = 0; round < 5; round++) {
        Thread.sleep(100);
        reclaimed += c.compact();
      }
      stop.set(true);
      writer.join();
      searcher.join();
      assertNull(failure.get(), () -> "failed during compaction: " + failure.get());
      assertTrue(reclaimed > 0, "the writer replaced points between compactions");
      assertSame(expectedEverything(expected), everything(c, false));
    }
  }
}
