package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quiver.core.vector.Metric;
import dev.quiver.storage.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers, deleters, searchers, seals, background merges and explicit compactions race; every read
 * is checked against what was acknowledged before it started: no point whose delete was
 * acknowledged comes back, and no acknowledged point that nobody asked to delete is missing. After
 * close no seal or merge thread of the collection is left.
 */
class SegmentConcurrencyTest {

  static final int DIM = 8;

  @TempDir
  Path dir;

  /** Ids whose upsert returned. */
  final Set<Long> acked = ConcurrentHashMap.newKeySet();
  /** Ids a delete was issued for (added before the call). */
  final Set<Long> deleteRequested = ConcurrentHashMap.newKeySet();
  /** Ids whose delete returned (they are never upserted again). */
  final Set<Long> deleteAcked = ConcurrentHashMap.newKeySet();

  static float[] vector(SplittableRandom rnd) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    v[0] += 0.01f;
    return v;
  }

  @Test
  void readsAgreeWithAcknowledgedWritesWhileSegmentsSealAndMerge() throws Exception {
    QuiverConfig config = QuiverConfig.defaults().withDurability(Durability.NONE).withCheckpointLogBytes(8 << 10)
        .withBuildThreads(2).withMergePolicy(SegmentedCollectionTest.eagerMerges());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    long checks;
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.createCollection("race", CollectionConfig.single(VectorParams.of(DIM, Metric.EUCLIDEAN)));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(Thread.ofPlatform().unstarted(() -> {
          SplittableRandom rnd = new SplittableRandom(writer);
          long next = writer * 1_000_000L;
          for (int round = 0; round < 150; round++) {
            List<Point> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              batch.add(Point.of(next++, vector(rnd), JsonNodeFactory.instance.objectNode().put("w", writer)));
            }
            c.upsert(batch);
            batch.forEach(p -> acked.add(((PointId.Num) p.id()).value()));
            // delete a few of this writer's acknowledged points, never to be upserted again
            List<PointId> gone = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              long id = writer * 1_000_000L + rnd.nextLong(next - writer * 1_000_000L);
              if (deleteRequested.add(id)) {
                gone.add(PointId.of(id));
              }
            }
            c.delete(gone);
            gone.forEach(id -> deleteAcked.add(((PointId.Num) id).value()));
          }
        }));
      }
      long[] checked = {0};
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int reader = r;
        readers.add(Thread.ofPlatform().unstarted(() -> {
          SplittableRandom rnd = new SplittableRandom(100 + reader);
          while (!done.get()) {
            // deleted before the read: must not come back
            Set<Long> deletedBefore = new HashSet<>(deleteAcked);
            // acknowledged before the read...
            List<Long> ackedBefore = new ArrayList<>(acked);
            List<ScoredPoint> hits = c.search(SearchRequest.of(vector(rnd), 20));
            for (ScoredPoint h : hits) {
              long id = ((PointId.Num) h.id()).value();
              assertTrue(!deletedBefore.contains(id), "point " + id + " returned after its delete was acknowledged");
              // (a point may show before its upsert returns: it is visible once applied, then acknowledged)
            }
            List<PointId> sample = new ArrayList<>();
            for (int i = 0; i < 20 && !ackedBefore.isEmpty(); i++) {
              sample.add(PointId.of(ackedBefore.get(rnd.nextInt(ackedBefore.size()))));
            }
            Set<Long> got = new HashSet<>();
            c.get(sample, false, false).forEach(p -> got.add(((PointId.Num) p.id()).value()));
            Set<Long> requestedAfter = new HashSet<>(deleteRequested); // ...and not asked to be deleted by now
            for (PointId id : sample) {
              long v = ((PointId.Num) id).value();
              if (deletedBefore.contains(v)) {
                assertTrue(!got.contains(v), "get returned " + v + " after its delete was acknowledged");
              } else if (!requestedAfter.contains(v)) {
                assertTrue(got.contains(v), "acknowledged point " + v + " is missing");
              }
            }
            synchronized (checked) {
              checked[0]++;
            }
          }
        }));
      }
      Thread compactor = Thread.ofPlatform().unstarted(() -> {
        // Once a background merge has committed, compactions race the next ones (a merge whose
        // inputs a compaction took is dropped).
        while (!done.get() && c.merges() == 0) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
        for (int i = 0; i < 2 && !done.get(); i++) {
          c.compact();
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      List<Thread> all = new ArrayList<>(writers);
      all.addAll(readers);
      all.add(compactor);
      for (Thread t : all) {
        t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
        t.start();
      }
      for (Thread t : writers) {
        t.join();
      }
      done.set(true);
      for (Thread t : all) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("a concurrent thread failed", failure.get());
      }
      checks = checked[0];
      assertTrue(c.seals() >= 3, "expected seals, got " + c.seals());
      assertTrue(c.merges() >= 1, "expected background merges, got " + c.merges());
      assertTrue(c.compactions() >= 1 || c.merges() == 0, "expected compactions, got " + c.compactions());
      Set<Long> live = new HashSet<>(acked);
      live.removeAll(deleteAcked);
      assertEquals(live.size(), c.count(null));
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      assertTrue(!(n.equals("quiver-seal-race") || n.equals("quiver-merge-race")) || !t.isAlive(),
          "thread " + n + " outlived close");
    }
    assertTrue(checks > 10, "the readers checked too little: " + checks);
    try (Quiver db = Quiver.open(dir, config)) {
      Set<Long> live = new HashSet<>(acked);
      live.removeAll(deleteAcked);
      assertEquals(live.size(), db.collection("race").count(null));
    }
  }
}
