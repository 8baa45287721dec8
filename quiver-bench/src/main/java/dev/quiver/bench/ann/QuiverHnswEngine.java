package dev.quiver.bench.ann;

import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;

/** Quiver's HNSW index, built concurrently with {@link HnswIndex#addAll}. */
final class QuiverHnswEngine implements AnnEngine {

  private final GraphConfig graph;
  private HnswIndex index;
  private int threads;

  QuiverHnswEngine(GraphConfig graph) {
    this.graph = graph;
  }

  @Override
  public String name() {
    return "quiver-hnsw";
  }

  @Override
  public String library() {
    return "Quiver " + BenchVersions.quiver();
  }

  @Override
  public String settings() {
    return "M=" + graph.m() + " (layer 0: " + 2 * graph.m() + "), efConstruction="
        + graph.efConstruction() + ", heuristic neighbour selection";
  }

  @Override
  public String vectorization() {
    return VectorMath.get().name();
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  @Override
  public void build(float[][] vectors, Metric metric, int threads) {
    this.threads = threads;
    HnswConfig config = HnswConfig.defaults().withM(graph.m()).withEfConstruction(graph.efConstruction());
    index = new HnswIndex(vectors[0].length, metric, config);
    index.addAll(vectors, threads); // copies; ord i = vectors[i]
  }

  @Override
  public String buildParallelism() {
    return "HnswIndex.addAll, " + threads + " threads";
  }

  @Override
  public int[] search(float[] query, int k, int ef) {
    return index.search(query, k, Math.max(ef, k), null).ords();
  }

  @Override
  public long reportedRamBytes() {
    return index.ramBytesUsed();
  }

  @Override
  public String ramAccounting() {
    return "HnswIndex.ramBytesUsed() (vectors + graph)";
  }

  @Override
  public void close() {
    index = null;
  }
}
