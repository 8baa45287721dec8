package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Opens a version-2 index file as a {@link MappedHnswIndex}: checks, in this order, the magic and
 * version (so another file or a version-1 file gets a message that says so), the footer and the
 * CRC32C of the whole file (so any truncation or flipped bit is refused before a number in it is
 * believed), then every header field and offset against {@link HnswFileLayout}, then the graph's
 * structure, so that even a file with a valid checksum but impossible contents cannot send a search
 * out of bounds. Every refusal is a {@link CorruptIndexException} naming the file and the offset.
 */
final class MappedHnswFileReader {

  private static final int MAX_DIMENSION = 1 << 16;
  private static final int MAX_LEVEL = 30;
  /** Bytes per CRC step when verifying; mapped, so nothing is copied. */
  private static final long VERIFY_CHUNK = 1L << 28;

  private final Path path;
  private final FileChannel channel;
  private final long maxChunkBytes;
  private long fileLength;

  MappedHnswFileReader(Path path, FileChannel channel, long maxChunkBytes) {
    this.path = path;
    this.channel = channel;
    this.maxChunkBytes = maxChunkBytes;
  }

  MappedHnswIndex read() throws IOException {
    fileLength = channel.size();
    if (fileLength < 8) {
      throw corrupt(fileLength, "is truncated: " + fileLength + " bytes cannot hold an index header");
    }
    ByteBuffer start = readAt(0, 8).order(ByteOrder.BIG_ENDIAN);
    int magic = start.getInt(0);
    if (magic != HnswIndexFormat.MAGIC) {
      throw corrupt(0, String.format("is not a Quiver HNSW index: magic 0x%08X, expected 0x%08X", magic,
          HnswIndexFormat.MAGIC));
    }
    int version = start.getInt(4);
    if (version == HnswIndexFormat.VERSION) {
      throw corrupt(4, "has format version 1, which cannot be mapped; HnswIndex.load reads it, and"
          + " saving the loaded index writes version " + HnswFileLayout.VERSION);
    }
    if (version != HnswFileLayout.VERSION) {
      throw corrupt(4, "has format version " + version + "; this Quiver maps version " + HnswFileLayout.VERSION);
    }
    if (fileLength < HnswFileLayout.HEADER_BYTES + HnswFileLayout.FOOTER_BYTES) {
      throw corrupt(fileLength, "is truncated: " + fileLength + " bytes cannot hold a header and a footer");
    }
    verifyChecksum();

    ByteBuffer h = readAt(0, HnswFileLayout.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int metricCode = h.getInt(8);
    check(metricCode >= 0 && metricCode < Metric.values().length, 8, "metric code " + metricCode);
    int dimension = h.getInt(12);
    check(dimension > 0 && dimension <= MAX_DIMENSION, 12, "dimension " + dimension);
    HnswConfig config;
    try {
      config = new HnswConfig(h.getInt(16), h.getInt(20), h.getInt(24), h.getLong(32));
    } catch (IllegalArgumentException e) {
      throw corrupt(16, "has an invalid configuration: " + e.getMessage());
    }
    int size = h.getInt(28);
    check(size >= 0, 28, "size " + size);
    int entryOrd = h.getInt(40);
    int entryLevel = h.getInt(44);
    check(size == 0 ? entryOrd == -1 : entryOrd >= 0 && entryOrd < size, 40, "entry point " + entryOrd);
    check(size == 0 ? entryLevel == -1 : entryLevel >= 0 && entryLevel <= MAX_LEVEL, 44,
        "entry level " + entryLevel);
    int levels = entryLevel + 1;

    // Offsets that do not depend on the level counts, then the level table they lead to.
    HnswFileLayout partial = new HnswFileLayout(size, dimension, config.m(), new int[0]);
    checkOffset(h, 48, partial.tombstonesOffset(), "tombstones");
    checkOffset(h, 56, partial.vectorsOffset(), "vectors");
    checkOffset(h, 64, partial.nodeLevelsOffset(), "node levels");
    checkOffset(h, 72, partial.levelTableOffset(), "level table");
    long tableAt = partial.levelTableOffset();
    long tableEnd = tableAt + (long) HnswFileLayout.LEVEL_ENTRY_BYTES * levels;
    check(tableEnd <= fileLength - HnswFileLayout.FOOTER_BYTES, 28,
        "size " + size + " and dimension " + dimension + " for a file of " + fileLength + " bytes");
    ByteBuffer table = readAt(tableAt, (int) (tableEnd - tableAt)).order(ByteOrder.LITTLE_ENDIAN);
    int[] levelCounts = new int[levels];
    for (int l = 0; l < levels; l++) {
      int count = table.getInt(l * HnswFileLayout.LEVEL_ENTRY_BYTES);
      check(l == 0 ? count == size : count >= 1 && count <= levelCounts[l - 1],
          tableAt + (long) l * HnswFileLayout.LEVEL_ENTRY_BYTES, "node count " + count + " on level " + l);
      levelCounts[l] = count;
    }
    HnswFileLayout layout = new HnswFileLayout(size, dimension, config.m(), levelCounts);
    for (int l = 0; l < levels; l++) {
      int at = l * HnswFileLayout.LEVEL_ENTRY_BYTES;
      long where = tableAt + at;
      check(table.getInt(at + 4) == layout.slotInts(l), where + 4, "slot size on level " + l);
      check(table.getLong(at + 8) == (l == 0 ? 0 : layout.ordsOffset(l)), where + 8, "ords offset of level " + l);
      check(table.getLong(at + 16) == layout.listsOffset(l), where + 16, "lists offset of level " + l);
    }
    checkOffset(h, 80, layout.footerOffset(), "footer");
    if (fileLength != layout.fileLength()) {
      throw corrupt(fileLength, "has " + fileLength + " bytes where its header describes " + layout.fileLength());
    }

    FixedBitSet tombstones = readTombstones(layout);
    MappedRecords vectorRecords = map(layout.vectorsOffset(), size, dimension * Float.BYTES);
    MappedRecords nodeLevels = map(layout.nodeLevelsOffset(), size, 1);
    MappedRecords[] ords = new MappedRecords[levels];
    MappedRecords[] lists = new MappedRecords[levels];
    int[] slotInts = new int[levels];
    for (int l = 0; l < levels; l++) {
      slotInts[l] = layout.slotInts(l);
      ords[l] = l == 0 ? null : map(layout.ordsOffset(l), levelCounts[l], Integer.BYTES);
      lists[l] = map(layout.listsOffset(l), levelCounts[l], slotInts[l] * Integer.BYTES);
    }
    HnswGraph.Entry entry = size == 0 ? null : new HnswGraph.Entry(entryOrd, entryLevel);
    MappedHnswGraph graph = new MappedHnswGraph(entry, nodeLevels, ords, lists, slotInts);
    verifyGraph(graph, layout, config, entryOrd, entryLevel);
    return MappedHnswIndex.create(path, Metric.values()[metricCode], config, dimension, size, fileLength,
        new MappedVectorValues(vectorRecords, dimension), graph, tombstones);
  }

  /**
   * CRC32C of every byte before the checksum field, computed over the mapping. The footer is looked
   * for at the end of the file; when it is not there, the header's footer offset (not yet trusted)
   * only serves to say whether the file looks cut short or extended.
   */
  private void verifyChecksum() throws IOException {
    long footerAt = fileLength - HnswFileLayout.FOOTER_BYTES;
    ByteBuffer footer = readAt(footerAt, HnswFileLayout.FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int footerMagic = footer.getInt(0);
    if (footerMagic != HnswIndexFormat.FOOTER_MAGIC) {
      long claimed = readAt(80, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      if (claimed > footerAt) {
        throw corrupt(fileLength, "is truncated: it ends at byte " + fileLength + " but its header puts the footer"
            + " at byte " + claimed + "; save it again or restore a copy");
      }
      if (claimed >= HnswFileLayout.HEADER_BYTES && claimed < footerAt
          && readAt(claimed, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == HnswIndexFormat.FOOTER_MAGIC) {
        throw corrupt(claimed + HnswFileLayout.FOOTER_BYTES, "has " + (footerAt - claimed)
            + " unexpected bytes after the footer");
      }
      throw corrupt(footerAt, String.format("is truncated or damaged: footer magic 0x%08X, expected 0x%08X",
          footerMagic, HnswIndexFormat.FOOTER_MAGIC));
    }
    CRC32C crc = new CRC32C();
    long covered = fileLength - 8;
    for (long at = 0; at < covered; at += VERIFY_CHUNK) {
      crc.update(channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(VERIFY_CHUNK, covered - at)));
    }
    long stored = footer.getLong(4);
    if (crc.getValue() != stored) {
      throw corrupt(covered, String.format("fails its checksum: stored CRC32C 0x%08X, computed 0x%08X", stored,
          crc.getValue()));
    }
  }

  private FixedBitSet readTombstones(HnswFileLayout layout) throws IOException {
    int size = layout.size();
    FixedBitSet bits = new FixedBitSet(size);
    int words = layout.tombstoneWords();
    if (words == 0) {
      return bits;
    }
    ByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, layout.tombstonesOffset(), 8L * words)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int w = 0; w < words; w++) {
      for (long x = b.getLong(w * 8); x != 0; x &= x - 1) {
        int ord = (w << 6) + Long.numberOfTrailingZeros(x);
        check(ord < size, layout.tombstonesOffset() + 8L * w, "tombstone for ordinal " + ord);
        bits.set(ord);
      }
    }
    return bits;
  }

  /**
   * Every node level in range and consistent with the level table, every level's ordinals
   * ascending and on that level, every neighbour list within capacity and pointing at nodes of its
   * level. One pass over the graph block, which the checksum has just brought into the cache.
   */
  private void verifyGraph(MappedHnswGraph graph, HnswFileLayout layout, HnswConfig config, int entryOrd,
      int entryLevel) throws CorruptIndexException {
    int size = layout.size();
    int levels = layout.levels();
    int[] seen = new int[levels];
    for (int ord = 0; ord < size; ord++) {
      int top = graph.topLevel(ord);
      check(top >= 0 && top < levels, layout.nodeLevelsOffset() + ord, "top level " + top + " of ordinal " + ord);
      for (int l = 0; l <= top; l++) {
        seen[l]++;
      }
    }
    for (int l = 0; l < levels; l++) {
      check(seen[l] == layout.levelCounts()[l], layout.levelTableOffset() + (long) l * HnswFileLayout.LEVEL_ENTRY_BYTES,
          "node count " + layout.levelCounts()[l] + " on level " + l + " (the node levels put " + seen[l] + " there)");
    }
    if (size > 0) {
      check(graph.topLevel(entryOrd) == entryLevel, 44, "entry level " + entryLevel);
    }
    int[] buffer = new int[config.maxConnections(0)];
    for (int l = 0; l < levels; l++) {
      int previous = -1;
      int max = config.maxConnections(l);
      for (int slot = 0; slot < layout.levelCounts()[l]; slot++) {
        long slotAt = layout.listsOffset(l) + 4L * slot * layout.slotInts(l);
        int ord = graph.ordAt(l, slot);
        if (l > 0) {
          long ordAt = layout.ordsOffset(l) + 4L * slot;
          check(ord > previous && ord < size && graph.topLevel(ord) >= l, ordAt,
              "ordinal " + ord + " on level " + l);
          previous = ord;
        }
        int count = graph.listsCount(l, slot);
        check(count >= 0 && count <= max, slotAt, "neighbour count " + count + " of ordinal " + ord + " on level " + l);
        graph.neighborsAtSlot(l, slot, buffer);
        for (int i = 0; i < count; i++) {
          int nb = buffer[i];
          check(nb >= 0 && nb < size && graph.topLevel(nb) >= l, slotAt + 4L * (i + 1),
              "neighbour " + nb + " of ordinal " + ord + " on level " + l);
        }
      }
    }
  }

  private MappedRecords map(long offset, long count, int recordBytes) throws IOException {
    return new MappedRecords(channel, offset, count, recordBytes, Math.max(maxChunkBytes, recordBytes));
  }

  private ByteBuffer readAt(long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int n = channel.read(b, offset + b.position());
      if (n < 0) {
        throw corrupt(offset + b.position(), "is truncated");
      }
    }
    return b.flip();
  }

  private void checkOffset(ByteBuffer header, int at, long expected, String what) throws CorruptIndexException {
    long claimed = header.getLong(at);
    check(claimed == expected, at, "offset of the " + what + " " + claimed + " (the layout puts it at " + expected + ")");
  }

  private void check(boolean ok, long offset, String what) throws CorruptIndexException {
    if (!ok) {
      throw corrupt(offset, "has an impossible " + what);
    }
  }

  private CorruptIndexException corrupt(long offset, String problem) {
    return new CorruptIndexException(
        "index file " + path + " " + problem + " (at byte " + offset + " of " + fileLength + ")");
  }
}
