package dev.quiver.core.index;

/**
 * A binary heap of (ordinal, score) pairs packed into one {@code long} each: the score, mapped to an
 * int that sorts like the float, in the high 32 bits and the ordinal in the low 32. One primitive
 * array, no objects per entry, and a single long comparison per step.
 *
 * <p>A min-heap keeps its worst (lowest score) entry on top, which is what a bounded result set
 * needs; a max-heap keeps its best on top, which is what a candidate frontier needs. Ties on score
 * break by ordinal. Not thread-safe.
 */
final class NeighborQueue {

  private final boolean maxHeap;
  private long[] heap; // 1-based
  private int size;

  NeighborQueue(int initialCapacity, boolean maxHeap) {
    this.heap = new long[Math.max(2, initialCapacity + 1)];
    this.maxHeap = maxHeap;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  void add(int ord, float score) {
    push(encode(ord, score));
  }

  /**
   * Adds the pair if the heap holds fewer than {@code maxSize} entries, or if it beats the top
   * (min-heap: scores higher than the current worst), which it then replaces.
   *
   * @return whether the pair was kept
   */
  boolean insertWithOverflow(int ord, float score, int maxSize) {
    if (size < maxSize) {
      add(ord, score);
      return true;
    }
    long e = encode(ord, score);
    if (e > heap[1]) {
      heap[1] = e;
      siftDown(1);
      return true;
    }
    return false;
  }

  int topOrd() {
    return (int) decode(heap[1]);
  }

  float topScore() {
    return scoreOf(decode(heap[1]));
  }

  /** Removes the top entry and returns its ordinal. */
  int pop() {
    long top = heap[1];
    heap[1] = heap[size];
    size--;
    if (size > 0) {
      siftDown(1);
    }
    return (int) decode(top);
  }

  /** Ordinal of the i-th entry in heap (not sorted) order, 0-based. */
  int ordAt(int i) {
    return (int) decode(heap[i + 1]);
  }

  float scoreAt(int i) {
    return scoreOf(decode(heap[i + 1]));
  }

  /** Drains a min-heap into a {@link TopHits}, best first. */
  TopHits drainToTopHits(int visited) {
    int n = size;
    int[] ords = new int[n];
    float[] scores = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      scores[i] = topScore();
      ords[i] = pop();
    }
    if (maxHeap) { // popped best first, so the arrays are worst first: reverse them
      for (int i = 0, j = n - 1; i < j; i++, j--) {
        int o = ords[i];
        ords[i] = ords[j];
        ords[j] = o;
        float s = scores[i];
        scores[i] = scores[j];
        scores[j] = s;
      }
    }
    return new TopHits(ords, scores, visited);
  }

  private long encode(int ord, float score) {
    long e = ((long) sortableInt(score) << 32) | (ord & 0xFFFFFFFFL);
    return maxHeap ? ~e : e;
  }

  private long decode(long stored) {
    return maxHeap ? ~stored : stored;
  }

  private static float scoreOf(long encoded) {
    int sortable = (int) (encoded >> 32);
    return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
  }

  /** Maps a float to an int with the same order; {@link #scoreOf} inverts it. */
  private static int sortableInt(float f) {
    int bits = Float.floatToIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  private void push(long e) {
    if (++size == heap.length) {
      long[] grown = new long[heap.length * 2];
      System.arraycopy(heap, 0, grown, 0, heap.length);
      heap = grown;
    }
    int i = size;
    long[] h = heap;
    while (i > 1) {
      int parent = i >>> 1;
      if (h[parent] <= e) {
        break;
      }
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  private void siftDown(int i) {
    long[] h = heap;
    long e = h[i];
    int n = size;
    while (true) {
      int child = i << 1;
      if (child > n) {
        break;
      }
      if (child < n && h[child + 1] < h[child]) {
        child++;
      }
      if (h[child] >= e) {
        break;
      }
      h[i] = h[child];
      i = child;
    }
    h[i] = e;
  }
}
