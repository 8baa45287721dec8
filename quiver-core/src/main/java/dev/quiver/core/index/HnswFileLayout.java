package dev.quiver.core.index;

/**
 * Where everything sits in a version-2 index file (the mapped format), computed from the header's
 * numbers alone, so the writer and the reader agree by construction and the reader can check
 * every offset the file claims against the one it must have. Field by field, in
 * {@code docs/index-format.md}:
 *
 * <pre>
 * offset            size                        field
 * 0                 4                           magic 0x5156484E ("QVHN"), big-endian as in version 1
 * 4                 4                           version 2, big-endian as in version 1
 *                                               (everything below is little-endian, the byte order
 *                                               of the CPUs we map on, so floats are read in place)
 * 8                 4                           metric (0 cosine, 1 dot, 2 euclidean)
 * 12                4                           dimension
 * 16                4 x 3                       m, efConstruction, efSearch
 * 28                4                           size: number of ordinals (deleted included)
 * 32                8                           seed
 * 40                4                           entry ordinal, -1 when empty
 * 44                4                           entry level = top level of the graph, -1 when empty
 * 48                8 x 5                       offsets of: tombstones, vectors, node levels,
 *                                               level table, footer
 * 88  tombstones    8 x ceil(size / 64)         bit (i % 64) of word (i / 64) set = ordinal i deleted
 *     (zero padding to a multiple of 64)
 *     vectors       4 x dimension x size        float32, ordinal order; 64-byte aligned for mapping
 *     node levels   1 x size                    top level of each ordinal
 *     (zero padding to a multiple of 8)
 *     level table   24 x (entry level + 1)      per level: int nodeCount, int slotInts,
 *                                               long ordsOffset (0 on level 0), long listsOffset
 *     per level &gt;= 1: int[nodeCount]           the level's ordinals, ascending
 *     per level:      int[nodeCount x slotInts] one slot per node (level 0: ordinal order, above:
 *                                               the order of the level's ordinals): int count, then
 *                                               count neighbour ordinals, then zeros
 *     footer        4                           magic 0x454E4451 ("ENDQ")
 *                   8                           CRC32C of every byte before this field
 * </pre>
 *
 * <p>Fixed-size slots (slotInts = maxConnections(level) + 1) are what let a node's neighbours be
 * read with one multiplication, without parsing the file or keeping an offset per node on the
 * heap; the cost is the unused tail of each slot (lists are rarely full on level 0).
 *
 * @param levelCounts nodes on each level, level 0 first ({@code levelCounts[0] == size})
 */
record HnswFileLayout(int size, int dimension, int m, int[] levelCounts) {

  static final int VERSION = 2;
  static final int HEADER_BYTES = 88;
  static final int LEVEL_ENTRY_BYTES = 24;
  static final int FOOTER_BYTES = 12;
  static final int VECTOR_ALIGNMENT = 64;

  long tombstonesOffset() {
    return HEADER_BYTES;
  }

  int tombstoneWords() {
    return (size + 63) >>> 6;
  }

  long vectorsOffset() {
    return align(tombstonesOffset() + 8L * tombstoneWords(), VECTOR_ALIGNMENT);
  }

  long vectorBytes() {
    return (long) size * dimension * Float.BYTES;
  }

  long nodeLevelsOffset() {
    return vectorsOffset() + vectorBytes();
  }

  long levelTableOffset() {
    return align(nodeLevelsOffset() + size, 8);
  }

  int levels() {
    return levelCounts.length;
  }

  int slotInts(int level) {
    return (level == 0 ? 2 * m : m) + 1;
  }

  /** Offset of level {@code level}'s ordinals (levels above 0 only). */
  long ordsOffset(int level) {
    long at = levelTableOffset() + (long) LEVEL_ENTRY_BYTES * levels();
    for (int l = 1; l < level; l++) {
      at += 4L * levelCounts[l];
    }
    return at;
  }

  long listsOffset(int level) {
    long at = ordsOffset(levels());
    for (int l = 0; l < level; l++) {
      at += 4L * levelCounts[l] * slotInts(l);
    }
    return at;
  }

  long footerOffset() {
    return listsOffset(levels());
  }

  long fileLength() {
    return footerOffset() + FOOTER_BYTES;
  }

  static long align(long offset, int to) {
    return (offset + to - 1) / to * to;
  }
}
