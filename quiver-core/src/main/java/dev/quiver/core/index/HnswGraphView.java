package dev.quiver.core.index;

/**
 * Read access to a layered HNSW graph, wherever it lives: the mutable on-heap {@link HnswGraph} or
 * a mapped file ({@link MappedHnswGraph}). {@link HnswGraphSearcher} walks either through this, so
 * the on-heap and the mapped index run the very same search code.
 *
 * <p>Neighbours are copied into a caller's buffer rather than returned as a view: a mapped graph
 * has no array to hand out, and copying at most {@code 2m} ints per expanded node costs nothing next
 * to scoring them.
 */
interface HnswGraphView {

  /** The entry point (a node on the top level), or null when the graph is empty. */
  HnswGraph.Entry entry();

  /** The top level of {@code ord}, which must be in the graph. */
  int topLevel(int ord);

  /**
   * Copies {@code ord}'s neighbours on {@code level} (at most its level's maximum connections) into
   * {@code buffer} and returns how many there are.
   */
  int neighbors(int ord, int level, int[] buffer);
}
