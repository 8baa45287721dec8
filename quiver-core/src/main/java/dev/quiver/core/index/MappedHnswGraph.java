package dev.quiver.core.index;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;

/**
 * The graph of a version-2 index file, read in place from the mapping: the heap holds the level
 * table and chunk references, never a neighbour list. A node's slot on level 0 is found by its
 * ordinal; on a higher level by binary search of that level's (mapped, ascending) ordinals, which
 * only the short greedy descent pays.
 *
 * <p>Immutable and safe to share between threads.
 */
final class MappedHnswGraph implements HnswGraphView {

  private final HnswGraph.Entry entry;
  private final MappedRecords nodeLevels;
  /** Per level: its ordinals (null on level 0, where the slot index is the ordinal). */
  private final MappedRecords[] ords;
  private final IntBuffer[][] ordChunks;
  /** Per level: one slot of {@code slotInts} ints per node. */
  private final MappedRecords[] lists;
  private final IntBuffer[][] listChunks;
  private final int[] slotInts;

  MappedHnswGraph(HnswGraph.Entry entry, MappedRecords nodeLevels, MappedRecords[] ords, MappedRecords[] lists,
      int[] slotInts) {
    this.entry = entry;
    this.nodeLevels = nodeLevels;
    this.ords = ords;
    this.lists = lists;
    this.slotInts = slotInts;
    this.ordChunks = new IntBuffer[ords.length][];
    this.listChunks = new IntBuffer[lists.length][];
    for (int l = 0; l < lists.length; l++) {
      ordChunks[l] = ords[l] == null ? null : ords[l].intChunks();
      listChunks[l] = lists[l].intChunks();
    }
  }

  @Override
  public HnswGraph.Entry entry() {
    return entry;
  }

  @Override
  public int topLevel(int ord) {
    ByteBuffer chunk = nodeLevels.chunk(ord);
    return chunk.get(nodeLevels.position(ord));
  }

  int levels() {
    return lists.length;
  }

  /** Nodes on {@code level}. */
  int nodeCount(int level) {
    return (int) lists[level].count();
  }

  /** The {@code index}-th ordinal of {@code level} (ascending); on level 0 that is {@code index}. */
  int ordAt(int level, int index) {
    if (level == 0) {
      return index;
    }
    MappedRecords r = ords[level];
    return ordChunks[level][(int) (index >>> r.shift())].get(index & r.mask());
  }

  /** Slot index of {@code ord} on {@code level}, or -1 if it is not on that level. */
  int slotOf(int ord, int level) {
    if (level == 0) {
      return ord;
    }
    int lo = 0;
    int hi = nodeCount(level) - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int v = ordAt(level, mid);
      if (v < ord) {
        lo = mid + 1;
      } else if (v > ord) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  @Override
  public int neighbors(int ord, int level, int[] buffer) {
    return neighborsAtSlot(level, slotOf(ord, level), buffer);
  }

  /** The stored neighbour count of the node in {@code slot} on {@code level}, unchecked (for verification). */
  int listsCount(int level, int slot) {
    MappedRecords r = lists[level];
    return listChunks[level][slot >>> r.shift()].get((slot & r.mask()) * slotInts[level]);
  }

  int neighborsAtSlot(int level, int slot, int[] buffer) {
    MappedRecords r = lists[level];
    IntBuffer chunk = listChunks[level][slot >>> r.shift()];
    int at = (slot & r.mask()) * slotInts[level];
    int count = chunk.get(at);
    chunk.get(at + 1, buffer, 0, count);
    return count;
  }
}
