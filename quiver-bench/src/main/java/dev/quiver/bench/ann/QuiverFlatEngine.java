package dev.quiver.bench.ann;

import dev.quiver.core.index.FlatIndex;
import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;

/** Quiver's exact search: every query scores every vector. The recall ceiling and the speed floor. */
final class QuiverFlatEngine implements AnnEngine {

  private FlatIndex index;

  @Override
  public String name() {
    return "quiver-flat";
  }

  @Override
  public String library() {
    return "Quiver " + BenchVersions.quiver();
  }

  @Override
  public String settings() {
    return "exact scan of every vector";
  }

  @Override
  public String vectorization() {
    return VectorMath.get().name();
  }

  @Override
  public boolean sweepsEf() {
    return false;
  }

  @Override
  public void build(float[][] vectors, Metric metric, int threads) {
    index = new FlatIndex(vectors[0].length, metric);
    for (float[] v : vectors) {
      index.add(v); // copies
    }
  }

  @Override
  public String buildParallelism() {
    return "sequential adds (nothing to build)";
  }

  @Override
  public int[] search(float[] query, int k, int ef) {
    return index.search(query, k).ords();
  }

  @Override
  public long reportedRamBytes() {
    return index.ramBytesUsed();
  }

  @Override
  public String ramAccounting() {
    return "FlatIndex.ramBytesUsed()";
  }

  @Override
  public void close() {
    index = null;
  }
}
