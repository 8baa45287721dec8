package dev.quiver.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HNSW contract: recall against the flat oracle, filters, deletes, concurrency. */
class HnswIndexTest {

  @Test
  void fashionMnistRecallAtDefaultParameters() {
    HnswIndex index = TestData.fashionIndex();
    int[][] found = TestData.searchAll(index, TestData.fashion().queries(), 10);
    double recall = TestData.recall(TestData.fashionTruth(), found, 10);
    System.out.printf("fashion-mnist-784-euclidean recall@10 = %.4f (%d queries, %d threads)%n",
        recall, found.length, TestData.THREADS);
    assertTrue(recall >= 0.98, "recall@10 " + recall + " < 0.98");
  }

  @Test
  void clusteredCosineRecallSingleThreadedAndConcurrentBuild() {
    Dataset d = TestData.clustered();
    int[][] truth = TestData.clusteredTruth();
    for (int threads : new int[] {1, 2}) {
      HnswIndex index = new HnswIndex(384, Metric.COSINE, HnswConfig.defaults());
      index.addAll(d.base(), threads);
      assertEquals(d.base().length, index.size());
      double recall = TestData.recall(truth, TestData.searchAll(index, d.queries(), 10), 10);
      System.out.printf("%s recall@10 = %.4f (build threads %d)%n", d.name(), recall, threads);
      assertTrue(recall >= 0.95, "threads=" + threads + ": recall@10 " + recall + " < 0.95");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.10, 0.50})
  void filteredSearchReturnsKAndFindsTheFilteredNeighbours(double selectivity) {
    HnswIndex index = TestData.fashionIndex();
    Dataset d = TestData.fashion();
    SplittableRandom rnd = new SplittableRandom(Double.hashCode(selectivity));
    FixedBitSet accept = new FixedBitSet(index.size());
    for (int ord = 0; ord < index.size(); ord++) {
      if (rnd.nextDouble() < selectivity) {
        accept.set(ord);
      }
    }
    FlatIndex exact = flatOf(d.base(), Metric.EUCLIDEAN);
    int queries = 200;
    long hits = 0;
    for (int q = 0; q < queries; q++) {
      TopHits got = index.search(d.queries()[q], 10, accept);
      assertEquals(10, got.size(), "a filtered search must fill k");
      for (int ord : got.ords()) {
        assertTrue(accept.get(ord), "ordinal " + ord + " is not accepted by the filter");
      }
      int[] truth = exact.search(d.queries()[q], 10, accept).ords();
      hits += Arrays.stream(got.ords()).filter(o -> Arrays.stream(truth).anyMatch(t -> t == o)).count();
    }
    double recall = hits / (queries * 10.0);
    System.out.printf("filtered search at %.0f%% selectivity: recall@10 = %.4f%n", 100 * selectivity, recall);
    assertTrue(recall >= 0.95, "recall@10 " + recall + " at selectivity " + selectivity);
  }

  @Test
  void filterWithoutKnownCardinalityStillFillsK() {
    HnswIndex index = TestData.fashionIndex();
    // accepts 1 in 200 ordinals, and cannot say how many: the walk must fall back, not give up
    Bits sparse = new Bits() {
      @Override
      public boolean get(int ord) {
        return ord % 200 == 7;
      }

      @Override
      public int length() {
        return index.size();
      }
    };
    TopHits got = index.search(TestData.fashion().queries()[0], 10, sparse);
    assertEquals(10, got.size());
    TopHits tiny = index.search(TestData.fashion().queries()[0], 10, new Bits() {
      @Override
      public boolean get(int ord) {
        return ord == 5 || ord == 59_999;
      }

      @Override
      public int length() {
        return index.size();
      }
    });
    assertEquals(2, tiny.size(), "only two ordinals match");
  }

  @Test
  void deletedPointsNeverReturnAndCompactionReclaimsThem() {
    Dataset d = TestData.clustered().withBase(10_000).withQueries(100);
    HnswIndex index = new HnswIndex(384, Metric.COSINE, HnswConfig.defaults());
    index.addAll(d.base(), 2);
    FlatIndex exact = flatOf(d.base(), Metric.COSINE);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int ord = 0; ord < index.size(); ord++) {
      if (rnd.nextDouble() < 0.2) {
        index.delete(ord);
        exact.delete(ord);
      }
    }
    index.delete(0);
    index.delete(0); // idempotent
    exact.delete(0);
    assertEquals(exact.liveCount(), index.liveCount());
    int[][] truth = TestData.searchAll(exact, d.queries(), 10);
    int[][] found = TestData.searchAll(index, d.queries(), 10);
    for (int[] hits : found) {
      assertEquals(10, hits.length);
      for (int ord : hits) {
        assertFalse(index.isDeleted(ord), "deleted ordinal " + ord + " returned");
      }
    }
    double recall = TestData.recall(truth, found, 10);
    assertTrue(recall >= 0.95, "recall with 20% deleted: " + recall);

    HnswIndex.Compacted compacted = index.compact(2);
    HnswIndex fresh = compacted.index();
    assertEquals(index.liveCount(), fresh.size());
    assertEquals(0, fresh.deletedCount());
    int[] oldToNew = compacted.oldToNew();
    for (int ord = 0; ord < index.size(); ord++) {
      if (index.isDeleted(ord)) {
        assertEquals(-1, oldToNew[ord]);
      } else {
        assertArrayEquals(index.vector(ord), fresh.vector(oldToNew[ord]));
      }
    }
    int[][] remapped = new int[truth.length][];
    for (int q = 0; q < truth.length; q++) {
      remapped[q] = Arrays.stream(truth[q]).map(o -> oldToNew[o]).toArray();
    }
    double after = TestData.recall(remapped, TestData.searchAll(fresh, d.queries(), 10), 10);
    assertTrue(after >= 0.95, "recall after compaction: " + after);
  }

  @Test
  void smallAndDegenerateIndexes() {
    HnswIndex index = new HnswIndex(3, Metric.EUCLIDEAN, HnswConfig.defaults());
    assertEquals(0, index.search(new float[] {0, 0, 0}, 5).size());
    index.add(new float[] {1, 1, 1});
    TopHits one = index.search(new float[] {0, 0, 0}, 5);
    assertArrayEquals(new int[] {0}, one.ords());
    assertEquals(-3f, one.scores()[0], 1e-6);
    // many identical vectors: the heuristic prunes duplicates hard, search must still fill k
    for (int i = 0; i < 300; i++) {
      index.add(new float[] {2, 2, 2});
    }
    assertEquals(50, index.search(new float[] {2, 2, 2}, 50).size());
    index.delete(0);
    assertEquals(300, index.search(new float[] {0, 0, 0}, 1000).size());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> index.add(new float[] {1, 2}));
    assertEquals("vector has dimension 2, index expects 3", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> index.add(new float[] {1, Float.POSITIVE_INFINITY, 0}));
    assertThrows(IllegalArgumentException.class, () -> index.delete(301));
    assertThrows(IllegalArgumentException.class, () -> new HnswConfig(1, 100, 100, 0));
  }

  @Test
  void singleThreadedBuildIsReproducible() {
    Dataset d = TestData.clustered().withBase(3_000).withQueries(20);
    HnswIndex a = new HnswIndex(384, Metric.COSINE, HnswConfig.defaults());
    HnswIndex b = new HnswIndex(384, Metric.COSINE, HnswConfig.defaults());
    a.addAll(d.base(), 1);
    for (float[] v : d.base()) {
      b.add(v);
    }
    for (float[] q : d.queries()) {
      assertEquals(a.search(q, 10), b.search(q, 10));
    }
  }

  @Test
  void searchesRunSafelyBesideConcurrentInserts() throws Exception {
    Dataset d = TestData.clustered().withBase(8_000).withQueries(50);
    HnswIndex index = new HnswIndex(384, Metric.COSINE, HnswConfig.defaults().withM(8));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger next = new AtomicInteger();
    Runnable writer = () -> {
      for (int i = next.getAndIncrement(); i < d.base().length; i = next.getAndIncrement()) {
        index.add(d.base()[i]);
      }
    };
    Runnable reader = () -> {
      int q = 0;
      while (next.get() < d.base().length) {
        int sizeBefore = index.size();
        TopHits hits = index.search(d.queries()[q++ % d.queries().length], 10);
        int size = index.size();
        for (int ord : hits.ords()) {
          if (ord < 0 || ord >= size) {
            throw new AssertionError("ordinal " + ord + " out of range " + size);
          }
        }
        // at most two inserts are in flight, so 12 handed-out ordinals hold 10 complete vectors
        if (sizeBefore >= 12 && hits.size() != 10) {
          throw new AssertionError("search returned " + hits.size() + " of 10");
        }
      }
    };
    Thread[] threads = {new Thread(writer), new Thread(writer), new Thread(reader), new Thread(reader)};
    for (Thread t : threads) {
      t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("a concurrent thread failed", failure.get());
    }
    assertEquals(d.base().length, index.size());
    FlatIndex exact = new FlatIndex(384, Metric.COSINE);
    for (int ord = 0; ord < index.size(); ord++) {
      exact.add(index.vector(ord));
    }
    double recall = TestData.recall(TestData.searchAll(exact, d.queries(), 10),
        TestData.searchAll(index, d.queries(), 10), 10);
    assertTrue(recall >= 0.95, "recall after concurrent build with readers: " + recall);
  }

  static FlatIndex flatOf(float[][] base, Metric metric) {
    FlatIndex flat = new FlatIndex(base[0].length, metric);
    for (float[] v : base) {
      flat.add(v);
    }
    return flat;
  }
}
