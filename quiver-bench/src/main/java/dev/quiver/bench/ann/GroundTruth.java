package dev.quiver.bench.ann;

import dev.quiver.core.index.FlatIndex;
import dev.quiver.core.vector.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exact {@code k} nearest neighbours of every query, by Quiver's exact search. The caller
 * caches it with {@code VectorCache} under {@link #cacheKey}, which names the dataset, its sizes and
 * {@code k}, so a different slice is a different entry.
 */
final class GroundTruth {

  private GroundTruth() {}

  static String cacheKey(String datasetName, int baseSize, int queryCount, int k) {
    return "ground-truth-" + datasetName + "-base" + baseSize + "-queries" + queryCount + "-k" + k;
  }

  static int[][] compute(float[][] base, float[][] queries, Metric metric, int k, int threads) {
    FlatIndex exact = new FlatIndex(base[0].length, metric);
    for (float[] v : base) {
      exact.add(v);
    }
    int[][] truth = new int[queries.length][];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < queries.length; i = next.getAndIncrement()) {
            truth[i] = exact.search(queries[i], k).ords();
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("computing the ground truth failed", e);
    } finally {
      pool.shutdownNow();
    }
    return truth;
  }
}
