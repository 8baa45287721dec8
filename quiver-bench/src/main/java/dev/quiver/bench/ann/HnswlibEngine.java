package dev.quiver.bench.ann;

import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import dev.quiver.core.vector.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * hnswlib's Java port (jelmerk/hnswlib): HNSW with {@code m} links per node on the upper layers and
 * {@code 2m} on layer 0, built with its own multi-threaded {@code addAll}, scored with its built-in
 * distance functions (plain Java, no Vector API). Its search width is a field of the index
 * ({@code setEf}), set once per setting before the queries run; a search uses {@code max(ef, k)}.
 */
final class HnswlibEngine implements AnnEngine {

  private final GraphConfig config;
  private HnswIndex<Integer, float[], Vec, Float> index;
  private String distanceName;
  private int threads;

  HnswlibEngine(GraphConfig config) {
    this.config = config;
  }

  /** hnswlib indexes items with ids; the id is the ordinal. */
  record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  @Override
  public String name() {
    return "hnswlib";
  }

  @Override
  public String library() {
    return "hnswlib-core (Java) " + BenchVersions.hnswlib();
  }

  @Override
  public String settings() {
    return "m=" + config.m() + " (layer 0: " + 2 * config.m() + "), efConstruction="
        + config.efConstruction() + ", search ef=max(ef,k)" + (distanceName == null ? "" : ", " + distanceName);
  }

  @Override
  public String vectorization() {
    return "plain Java (no Vector API)";
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  @Override
  public void build(float[][] vectors, Metric metric, int threads) throws InterruptedException {
    this.threads = threads;
    DistanceFunction<float[], Float> distance;
    switch (metric) {
      case EUCLIDEAN -> {
        distance = DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE;
        distanceName = "FLOAT_EUCLIDEAN_DISTANCE";
      }
      default -> { // vectors arrive unit length: 1 - dot is the cosine distance
        distance = DistanceFunctions.FLOAT_INNER_PRODUCT;
        distanceName = "FLOAT_INNER_PRODUCT";
      }
    }
    List<Vec> items = new ArrayList<>(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      items.add(new Vec(i, vectors[i].clone()));
    }
    index = HnswIndex.newBuilder(vectors[0].length, distance, vectors.length)
        .withM(config.m())
        .withEfConstruction(config.efConstruction())
        .withEf(config.efConstruction())
        .build();
    index.addAll(items, threads, (done, max) -> {}, Integer.MAX_VALUE);
  }

  @Override
  public String buildParallelism() {
    return "HnswIndex.addAll, " + threads + " threads";
  }

  @Override
  public void prepareSearch(int ef) {
    // A plain field of the index; the harness hands the queries to its threads after this, which
    // makes the write visible to them.
    index.setEf(ef);
  }

  @Override
  public int[] search(float[] query, int k, int ef) {
    List<SearchResult<Vec, Float>> results = index.findNearest(query, k); // best first
    int[] ords = new int[results.size()];
    for (int i = 0; i < ords.length; i++) {
      ords[i] = results.get(i).item().id();
    }
    return ords;
  }

  @Override
  public long reportedRamBytes() {
    return -1;
  }

  @Override
  public String ramAccounting() {
    return "none (hnswlib has no RAM accounting)";
  }

  @Override
  public void close() {
    index = null;
  }
}
