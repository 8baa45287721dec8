package dev.quiver.core.index;

/**
 * Walks an HNSW graph: the greedy descent of the upper levels, the best-first search of one level,
 * and the whole k-NN search with its filter and exact fallbacks. Shared by construction
 * ({@link HnswIndex}) and by the on-heap and mapped indexes' searches, so that one graph and one
 * set of scores give identical hits whichever index holds them. It sees the graph only through
 * {@link HnswGraphView} and vectors only through a {@link VectorScorer}.
 *
 * <p>Stateless; every walk's scratch space is the caller's {@link SearchState}.
 */
final class HnswGraphSearcher {

  private HnswGraphSearcher() {}

  /** Greedy descent on one upper level; returns (score bits << 32 | ord) of the local best. */
  static long greedy(HnswGraphView graph, VectorScorer scorer, int cur, float curScore, int level,
      SearchState state) {
    boolean changed = true;
    while (changed) {
      changed = false;
      int[] buffer = state.neighbors;
      int count = graph.neighbors(cur, level, buffer);
      for (int i = 0; i < count; i++) {
        int n = buffer[i];
        float s = scorer.score(n);
        if (s > curScore) {
          curScore = s;
          cur = n;
          changed = true;
        }
      }
    }
    return ((long) Float.floatToRawIntBits(curScore) << 32) | (cur & 0xFFFFFFFFL);
  }

  /**
   * Best-first search of one level from {@code entryPoints}, keeping the best {@code ef} accepted
   * nodes in {@code state.results} (a min-heap). Rejected nodes still route. Stops early, setting
   * {@code state.incomplete}, once {@code visitLimit} vectors have been scored.
   */
  static void searchLayer(HnswGraphView graph, SearchState state, VectorScorer scorer, int[] entryPoints,
      int ef, int level, Bits accept, int visitLimit, int size) {
    state.start(size);
    NeighborQueue candidates = state.candidates;
    NeighborQueue results = state.results;
    for (int ep : entryPoints) {
      if (state.visit(ep)) {
        float s = scorer.score(ep);
        state.visitedCount++;
        candidates.add(ep, s);
        if (accept == null || accept.get(ep)) {
          results.insertWithOverflow(ep, s, ef);
        }
      }
    }
    float minAccepted = results.size() >= ef ? results.topScore() : Float.NEGATIVE_INFINITY;
    int[] ords = state.neighbors;
    while (candidates.size() > 0) {
      if (candidates.topScore() < minAccepted) {
        break;
      }
      int c = candidates.pop();
      int n = graph.neighbors(c, level, ords);
      for (int i = 0; i < n; i++) {
        int nb = ords[i];
        if (!state.visit(nb)) {
          continue;
        }
        if (state.visitedCount >= visitLimit) {
          state.incomplete = true;
          return;
        }
        float s = scorer.score(nb);
        state.visitedCount++;
        if (s > minAccepted || results.size() < ef) {
          candidates.add(nb, s);
          if (accept == null || accept.get(nb)) {
            results.insertWithOverflow(nb, s, ef);
            if (results.size() >= ef) {
              minAccepted = results.topScore();
            }
          }
        }
      }
    }
  }

  /**
   * The top {@code k} live ordinals below {@code size} that {@code acceptOrds} accepts (all when
   * null). The filter applies to results only (rejected nodes still route), bounded by the filter's
   * cardinality; when the walk would cost more than scoring the accepted ordinals directly, or cannot
   * fill {@code k}, they are scored exactly, so {@code k} hits come back whenever {@code k} live
   * ordinals are accepted.
   *
   * @param values the stored vectors, asked only which ordinals hold one (for the exact scan)
   * @param deleted tombstones; its cardinality, when not -1, must be exact (0 means none)
   */
  static TopHits search(HnswGraphView graph, VectorValues values, VectorScorer scorer, int size,
      Bits deleted, Bits acceptOrds, int k, int efSearch, SearchState state) {
    HnswGraph.Entry ep = graph.entry();
    if (ep == null) {
      return TopHits.empty();
    }
    int deletedCount = deleted.cardinality();
    boolean anyDeleted = deletedCount != 0;
    Bits accept = acceptOrds == null && !anyDeleted ? null : new Bits() {
      @Override
      public boolean get(int ord) {
        return (acceptOrds == null || acceptOrds.get(ord)) && !deleted.get(ord);
      }

      @Override
      public int length() {
        return size;
      }
    };
    // When the filter accepts few enough ordinals, scoring them all is cheaper than any walk.
    int acceptedUpperBound = acceptOrds == null ? size : acceptOrds.cardinality();
    if (acceptedUpperBound < 0) {
      acceptedUpperBound = size;
    }
    if (acceptOrds != null && acceptedUpperBound <= k) {
      return ExactSearcher.search(values, scorer, k, size, acceptOrds, deleted);
    }

    int cur = ep.ord();
    float curScore = scorer.score(cur);
    int upperVisits = 1;
    for (int l = ep.level(); l > 0; l--) {
      long best = greedy(graph, scorer, cur, curScore, l, state);
      cur = (int) best;
      curScore = Float.intBitsToFloat((int) (best >>> 32));
      upperVisits += graph.topLevel(cur) + 1; // rough cost of the descent
    }
    int visitLimit = acceptOrds == null ? Integer.MAX_VALUE : acceptedUpperBound;
    searchLayer(graph, state, scorer, new int[] {cur}, Math.max(efSearch, k), 0, accept, visitLimit, size);
    NeighborQueue results = state.results;
    int expected = Math.min(k, acceptedUpperBound - Math.max(0, deletedCount));
    if (state.incomplete || results.size() < expected || (results.size() < k && accept != null)) {
      // The walk cost as much as an exact scan or could not fill k: answer exactly.
      TopHits exact = ExactSearcher.search(values, scorer, k, size, acceptOrds, deleted);
      return new TopHits(exact.ords(), exact.scores(), exact.visited() + state.visitedCount);
    }
    while (results.size() > k) {
      results.pop();
    }
    return results.drainToTopHits(state.visitedCount + upperVisits);
  }
}
