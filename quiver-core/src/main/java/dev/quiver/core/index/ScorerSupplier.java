package dev.quiver.core.index;

/**
 * Hands out {@link VectorScorer}s over one set of stored vectors, by ordinal: what graph
 * construction, the neighbour-diversity check and search use instead of reading vectors (Lucene's
 * {@code RandomVectorScorerSupplier}, jvector's {@code BuildScoreProvider}). An implementation may
 * score raw floats on the heap, floats in a mapped file, or quantized codes; the graph cannot tell.
 *
 * <p>Thread safety: the supplier may be shared by all threads; a scorer it returns belongs to the
 * thread that asked for it (off-heap scorers keep a scratch buffer).
 */
public interface ScorerSupplier {

  /** Scores stored vector {@code ord} against other stored vectors: for construction. */
  VectorScorer scorer(int ord);

  /** Scores {@code preparedQuery} (see {@code Metric.prepare}) against stored vectors: for search. */
  VectorScorer queryScorer(float[] preparedQuery);
}
