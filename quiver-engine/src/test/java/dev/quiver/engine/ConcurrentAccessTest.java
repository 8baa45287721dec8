package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.storage.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches, scrolls and counts run beside writers and checkpoints without errors or lost writes. */
class ConcurrentAccessTest {

  @Test
  void readersAndWritersTogether(@TempDir Path dir) throws Exception {
    QuiverConfig config = QuiverConfig.defaults().withDurability(Durability.group(Duration.ofMillis(1)))
        .withCheckpointLogBytes(32 << 10);
    ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    Filter even = Filter.parse("{\"must\": [{\"key\": \"even\", \"match\": {\"value\": true}}]}");
    try (Quiver db = Quiver.open(dir, config)) {
      VectorCollection c = db.createCollection("c", CollectionConfig.single(VectorParams.of(16, Metric.COSINE)));
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        threads.add(Thread.ofPlatform().unstarted(() -> {
          SplittableRandom rnd = new SplittableRandom(writer);
          for (int i = 0; i < 1500; i++) {
            long id = writer * 1_000_000L + i;
            float[] v = new float[16];
            for (int d = 0; d < 16; d++) {
              v[d] = (float) rnd.nextGaussian();
            }
            c.upsert(Point.of(id, v, JsonNodeFactory.instance.objectNode().put("even", id % 2 == 0)));
            acked.add(id);
          }
        }));
      }
      for (int r = 0; r < 2; r++) {
        int reader = r;
        threads.add(Thread.ofPlatform().unstarted(() -> {
          SplittableRandom rnd = new SplittableRandom(100 + reader);
          while (!done.get()) {
            float[] q = new float[16];
            for (int d = 0; d < 16; d++) {
              q[d] = (float) rnd.nextGaussian();
            }
            // Points are only added, so what matches before the search still matches during it.
            Filter f = rnd.nextBoolean() ? even : null;
            long matching = c.count(f);
            List<ScoredPoint> hits = c.search(SearchRequest.of(q, 10).withFilter(f));
            if (matching >= 10 && hits.size() < 10) {
              throw new AssertionError("only " + hits.size() + " results with " + matching + " matching points");
            }
            c.scroll(ScrollRequest.of(50));
          }
        }));
      }
      for (Thread t : threads) {
        t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
        t.start();
      }
      threads.get(0).join();
      threads.get(1).join();
      done.set(true);
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("a concurrent thread failed", failure.get());
      }
      assertEquals(3000, c.count(null));
    }
    try (Quiver db = Quiver.open(dir, config)) {
      VectorCollection c = db.collection("c");
      List<PointId> ids = acked.stream().map(PointId::of).toList();
      assertEquals(3000, c.get(ids, false, false).size(), "every acknowledged upsert is readable after reopen");
      assertTrue(c.count(Filter.parse("{\"must\": [{\"key\": \"even\", \"match\": {\"value\": true}}]}")) == 1500);
    }
  }
}
