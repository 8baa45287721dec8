package dev.quiver.core.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The layered proximity graph of an {@link HnswIndex}: for every ordinal, its top level and one
 * neighbour list per level. It knows nothing of vectors.
 *
 * <p>Concurrency: neighbour lists are immutable {@link NeighborArray}s replaced wholesale
 * (copy-on-write). A writer replaces a node's list only while holding that node's monitor, and
 * publishes it with a release store; readers take no lock and read with an acquire load, so a
 * search running beside inserts always sees a complete list, old or new. Nodes are published the
 * same way, after their vector has been stored, so an ordinal reachable through any list has both.
 */
final class HnswGraph implements HnswGraphView {

  private static final VarHandle LIST = MethodHandles.arrayElementVarHandle(NeighborArray[].class);
  private static final VarHandle NODE = MethodHandles.arrayElementVarHandle(Node[].class);

  private static final int CHUNK_SHIFT = 12;
  private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

  static final NeighborArray EMPTY = new NeighborArray(0, new int[0], new float[0]);

  /**
   * One node's neighbours on one level: {@code ords[0..size)} with {@code scores[i]} the score
   * between the owner and {@code ords[i]} (kept so pruning need not recompute it).
   */
  record NeighborArray(int size, int[] ords, float[] scores) {
    boolean contains(int ord) {
      for (int i = 0; i < size; i++) {
        if (ords[i] == ord) {
          return true;
        }
      }
      return false;
    }
  }

  /** A node: its lists, level 0 up to its top level. The object's monitor guards list updates. */
  static final class Node {
    final NeighborArray[] levels;

    Node(int topLevel) {
      levels = new NeighborArray[topLevel + 1];
      java.util.Arrays.fill(levels, EMPTY);
    }

    int topLevel() {
      return levels.length - 1;
    }

    NeighborArray neighbors(int level) {
      return (NeighborArray) LIST.getAcquire(levels, level);
    }

    /** Caller holds this node's monitor. */
    void setNeighbors(int level, NeighborArray list) {
      LIST.setRelease(levels, level, list);
    }
  }

  /** The entry point of searches: a node on the top level. */
  record Entry(int ord, int level) {}

  private volatile Node[][] chunks = new Node[4][];
  private volatile Entry entry;

  @Override
  public Entry entry() {
    return entry;
  }

  /** Caller holds the index's entry lock. */
  void setEntry(Entry e) {
    entry = e;
  }

  /** The node at {@code ord}, or null when it is not (yet) in the graph. */
  Node node(int ord) {
    Node[][] dir = chunks;
    int c = ord >>> CHUNK_SHIFT;
    if (c >= dir.length || dir[c] == null) {
      return null;
    }
    return (Node) NODE.getAcquire(dir[c], ord & CHUNK_MASK);
  }

  NeighborArray neighbors(int ord, int level) {
    return node(ord).neighbors(level);
  }

  @Override
  public int topLevel(int ord) {
    return node(ord).topLevel();
  }

  @Override
  public int neighbors(int ord, int level, int[] buffer) {
    NeighborArray list = node(ord).neighbors(level);
    int n = list.size();
    System.arraycopy(list.ords(), 0, buffer, 0, n);
    return n;
  }

  void publish(int ord, Node node) {
    int c = ord >>> CHUNK_SHIFT;
    Node[][] dir = chunks;
    if (c >= dir.length || dir[c] == null) {
      dir = ensureChunk(c);
    }
    NODE.setRelease(dir[c], ord & CHUNK_MASK, node);
  }

  private synchronized Node[][] ensureChunk(int c) {
    Node[][] dir = chunks;
    if (c >= dir.length) {
      Node[][] grown = new Node[Math.max(c + 1, dir.length * 2)][];
      System.arraycopy(dir, 0, grown, 0, dir.length);
      dir = grown;
    }
    for (int i = 0; i <= c; i++) {
      if (dir[i] == null) {
        dir[i] = new Node[1 << CHUNK_SHIFT];
      }
    }
    chunks = dir;
    return dir;
  }

  /** Heap bytes of the graph for ordinals below {@code size}: objects, arrays and references. */
  long ramBytesUsed(int size) {
    long bytes = (long) chunks.length * (16 + 4L * (1 << CHUNK_SHIFT));
    for (int ord = 0; ord < size; ord++) {
      Node n = node(ord);
      if (n == null) {
        continue;
      }
      bytes += 16 + 16 + 4L * n.levels.length;
      for (int l = 0; l < n.levels.length; l++) {
        NeighborArray a = n.neighbors(l);
        bytes += 24 + 2 * (16 + 4L * a.ords().length);
      }
    }
    return bytes;
  }
}
