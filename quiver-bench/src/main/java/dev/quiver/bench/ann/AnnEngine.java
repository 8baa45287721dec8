package dev.quiver.bench.ann;

import dev.quiver.core.vector.Metric;

/**
 * One nearest-neighbour library behind the harness. The harness builds it once, then for every
 * search setting calls {@link #prepareSearch} and runs the queries through {@link #search}, first
 * from one thread, then from many.
 *
 * <p>Rules every adapter follows so that the figures compare:
 * <ul>
 *   <li>{@link #build} keeps its own copy of the vectors (the harness measures the heap the index
 *       holds, so an engine that kept references to the caller's arrays would look smaller than it
 *       is).
 *   <li>Vectors arrive already normalised for {@link Metric#COSINE}; the adapter scores them with
 *       its library's cosine or dot product, which agree on unit vectors.
 *   <li>{@link #search} returns ordinals (the index of the vector in the build array), best first,
 *       and is safe to call from many threads at once after {@link #prepareSearch}.
 * </ul>
 */
public interface AnnEngine extends AutoCloseable {

  /** The name used by {@code --engines} and in the tables: {@code quiver-hnsw}, {@code lucene-hnsw}. */
  String name();

  /** The library and its version, e.g. {@code Apache Lucene 10.6.0}. */
  String library();

  /** The build settings in words (graph degree, construction beam, pruning), for the tables. */
  String settings();

  /** Which SIMD path the library uses in this JVM, as far as it tells. */
  String vectorization();

  /** Whether searches take an efSearch-like knob; false for exact search (one setting only). */
  boolean sweepsEf();

  /**
   * Indexes {@code vectors}; vector {@code i} gets ordinal {@code i}. Uses up to {@code threads}
   * threads where the library can build concurrently.
   */
  void build(float[][] vectors, Metric metric, int threads) throws Exception;

  /** How {@link #build} used the threads it was given, e.g. "HnswConcurrentMergeBuilder, 2 workers". */
  String buildParallelism();

  /**
   * Called once, from one thread, before the queries of a setting run. Libraries whose search
   * width is a field of the index (hnswlib) set it here; others need nothing.
   */
  default void prepareSearch(int ef) {}

  /**
   * The ordinals of the (approximately) {@code k} nearest vectors to {@code query}, best first,
   * searching with a candidate list of {@code max(ef, k)}; {@code ef} is ignored by exact engines.
   */
  int[] search(float[] query, int k, int ef);

  /** The library's own estimate of the heap the index holds, in bytes, or -1 when it has none. */
  long reportedRamBytes();

  /** How {@link #reportedRamBytes()} is computed, in words. */
  String ramAccounting();

  /** Releases threads and memory; the engine is not used afterwards. */
  @Override
  default void close() {}
}
