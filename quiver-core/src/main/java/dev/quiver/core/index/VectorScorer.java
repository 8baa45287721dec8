package dev.quiver.core.index;

/**
 * Scores one fixed vector (a query, or a stored vector during graph construction) against stored
 * vectors by ordinal. This is the only way the graph sees vectors, so quantized or off-heap scoring
 * plugs in without touching the graph code. Higher scores are closer.
 */
@FunctionalInterface
public interface VectorScorer {
  float score(int ord);
}
