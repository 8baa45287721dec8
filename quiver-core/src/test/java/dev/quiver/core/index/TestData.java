package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.FashionMnist;

/**
 * Datasets and built indexes shared by the index tests, built once per JVM: building the
 * fashion-mnist graph is the most expensive step of the suite, and several tests only read it.
 */
final class TestData {

  static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** Queries used by the recall tests; CI uses a subset of the 10k test images to stay fast. */
  static final int QUERIES = Integer.getInteger("quiver.test.queries", 500);

  private static Dataset fashion;
  private static HnswIndex fashionIndex;
  private static int[][] fashionTruth;
  private static Dataset clustered;
  private static int[][] clusteredTruth;

  private TestData() {}

  static synchronized Dataset fashion() {
    if (fashion == null) {
      fashion = FashionMnist.load().withQueries(QUERIES);
    }
    return fashion;
  }

  /** Fashion-MNIST, default parameters, built with {@link #THREADS} threads. */
  static synchronized HnswIndex fashionIndex() {
    if (fashionIndex == null) {
      Dataset d = fashion();
      HnswIndex index = new HnswIndex(784, Metric.EUCLIDEAN, HnswConfig.defaults());
      index.addAll(d.base(), THREADS);
      fashionIndex = index;
    }
    return fashionIndex;
  }

  static synchronized int[][] fashionTruth() {
    if (fashionTruth == null) {
      fashionTruth = exact(fashion(), Metric.EUCLIDEAN, 10);
    }
    return fashionTruth;
  }

  /** 50,000 clustered 384-d unit vectors and 500 queries, cosine. */
  static synchronized Dataset clustered() {
    if (clustered == null) {
      clustered = ClusteredDataset.generate(50_000, QUERIES, 384, 20261122L);
    }
    return clustered;
  }

  static synchronized int[][] clusteredTruth() {
    if (clusteredTruth == null) {
      clusteredTruth = exact(clustered(), Metric.COSINE, 10);
    }
    return clusteredTruth;
  }

  static int[][] exact(Dataset d, Metric metric, int k) {
    FlatIndex flat = new FlatIndex(d.base()[0].length, metric);
    for (float[] v : d.base()) {
      flat.add(v);
    }
    return flat.searchAll(d.queries(), k, THREADS);
  }

  /** Mean fraction of the true top-k found, over all queries. */
  static double recall(int[][] truth, int[][] found, int k) {
    long hits = 0;
    for (int q = 0; q < truth.length; q++) {
      for (int i = 0; i < Math.min(k, found[q].length); i++) {
        for (int j = 0; j < k; j++) {
          if (found[q][i] == truth[q][j]) {
            hits++;
            break;
          }
        }
      }
    }
    return hits / (double) (truth.length * k);
  }

  static int[][] searchAll(VectorIndex index, float[][] queries, int k) {
    int[][] out = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      out[q] = index.search(queries[q], k).ords();
    }
    return out;
  }
}
