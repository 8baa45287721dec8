package dev.quiver.bench.ann;

import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.MappedHnswIndex;
import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Quiver's sealed-segment form: the HNSW index built as {@link QuiverHnswEngine} builds it, saved,
 * then memory-mapped and searched in place ({@link MappedHnswIndex}). Build time includes the save
 * and the verifying open; the graph is the same, so its recall equals quiver-hnsw's.
 */
final class QuiverMappedEngine implements AnnEngine {

  private final GraphConfig graph;
  private MappedHnswIndex index;
  private Path dir;
  private int threads;

  QuiverMappedEngine(GraphConfig graph) {
    this.graph = graph;
  }

  @Override
  public String name() {
    return "quiver-mapped";
  }

  @Override
  public String library() {
    return "Quiver " + BenchVersions.quiver();
  }

  @Override
  public String settings() {
    return "as quiver-hnsw, then saved and memory-mapped (MappedHnswIndex)";
  }

  @Override
  public String vectorization() {
    return VectorMath.get().name() + ", copy from the mapping";
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  @Override
  public void build(float[][] vectors, Metric metric, int threads) throws IOException {
    this.threads = threads;
    HnswConfig config = HnswConfig.defaults().withM(graph.m()).withEfConstruction(graph.efConstruction());
    HnswIndex heap = new HnswIndex(vectors[0].length, metric, config);
    heap.addAll(vectors, threads);
    dir = Files.createTempDirectory("quiver-mapped-bench");
    Path file = dir.resolve("segment.qvh");
    heap.save(file);
    index = MappedHnswIndex.open(file);
  }

  @Override
  public String buildParallelism() {
    return "HnswIndex.addAll, " + threads + " threads; save and open single-threaded";
  }

  @Override
  public int[] search(float[] query, int k, int ef) {
    return index.search(query, k, Math.max(ef, k), null, null).ords();
  }

  @Override
  public long reportedRamBytes() {
    return index.ramBytesUsed();
  }

  @Override
  public String ramAccounting() {
    return "MappedHnswIndex.ramBytesUsed() (heap only; the " + index.mappedBytes() + "-byte file is mapped)";
  }

  @Override
  public void close() {
    if (index != null) {
      index.close();
      index = null;
    }
    try {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path p : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
