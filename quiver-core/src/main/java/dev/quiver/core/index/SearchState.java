package dev.quiver.core.index;

/**
 * Per-thread scratch space for graph walks: the visited marks and the two heaps. Reused across
 * searches so a query allocates almost nothing. Owned by exactly one thread at a time.
 *
 * <p>Visited marks use an epoch counter instead of clearing: an ordinal is visited in this walk
 * when {@code marks[ord] == epoch}, so starting a new walk is one increment, not an O(n) fill.
 */
final class SearchState {

  final NeighborQueue candidates = new NeighborQueue(128, true);
  final NeighborQueue results = new NeighborQueue(128, false);
  private int[] marks = new int[0];
  /** Where a walk copies the neighbour list it is expanding (see {@link HnswGraphView}). */
  int[] neighbors = new int[64];
  private int epoch;
  /** Scores computed by the last walk (its cost). */
  int visitedCount;
  /** Whether the last walk stopped at its visit limit before converging. */
  boolean incomplete;

  /** Makes {@link #neighbors} hold at least {@code maxConnections} ords. */
  void ensureNeighbors(int maxConnections) {
    if (neighbors.length < maxConnections) {
      neighbors = new int[maxConnections];
    }
  }

  void start(int capacity) {
    if (marks.length < capacity) {
      marks = new int[Math.max(capacity, marks.length + (marks.length >> 1))];
      epoch = 0;
    }
    if (++epoch == 0) { // wrapped after 2^32 walks: clear once and go on
      java.util.Arrays.fill(marks, 0);
      epoch = 1;
    }
    candidates.clear();
    results.clear();
    visitedCount = 0;
    incomplete = false;
  }

  /** Marks {@code ord} visited; returns false if it already was in this walk. */
  boolean visit(int ord) {
    if (ord >= marks.length) {
      int[] grown = new int[Math.max(ord + 1, marks.length * 2)];
      System.arraycopy(marks, 0, grown, 0, marks.length);
      marks = grown;
    }
    if (marks[ord] == epoch) {
      return false;
    }
    marks[ord] = epoch;
    return true;
  }
}
