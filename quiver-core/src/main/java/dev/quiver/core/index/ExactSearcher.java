package dev.quiver.core.index;

/** Brute-force top-k over ordinals: the flat index's search and the HNSW indexes' fallback. */
final class ExactSearcher {

  private ExactSearcher() {}

  /**
   * Scores every ordinal below {@code size} that is accepted and not deleted, keeping the best
   * {@code k}. Ordinals without a stored vector (an add still in flight) are skipped.
   */
  static TopHits search(VectorValues vectors, VectorScorer scorer, int k, int size, Bits accept,
      Bits deleted) {
    NeighborQueue results = new NeighborQueue(Math.min(k, Math.max(size, 1)), false);
    int visited = 0;
    if (accept instanceof FixedBitSet bits) {
      int limit = Math.min(size, bits.length());
      for (int ord = bits.nextSetBit(0); ord >= 0 && ord < limit; ord = bits.nextSetBit(ord + 1)) {
        if (!deleted.get(ord) && vectors.hasVector(ord)) {
          results.insertWithOverflow(ord, scorer.score(ord), k);
          visited++;
        }
      }
    } else {
      for (int ord = 0; ord < size; ord++) {
        if ((accept == null || accept.get(ord)) && !deleted.get(ord) && vectors.hasVector(ord)) {
          results.insertWithOverflow(ord, scorer.score(ord), k);
          visited++;
        }
      }
    }
    return results.drainToTopHits(visited);
  }
}
