package dev.quiver.core.index;

import dev.quiver.core.index.HnswGraph.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes an {@link HnswIndex} in the mapped format, version 2 (layout in {@link HnswFileLayout}):
 * a temporary file, fsync, then an atomic rename. The caller holds the index's structure lock, so
 * no insert runs while the graph is copied out.
 */
final class HnswFileWriter {

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private long position;

  private HnswFileWriter(FileChannel channel) {
    this.channel = channel;
  }

  static void write(HnswIndex index, Path path) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      new HnswFileWriter(channel).writeIndex(index);
      channel.force(true);
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeIndex(HnswIndex index) throws IOException {
    int size = index.size();
    HnswGraph graph = index.graph;
    Entry entry = graph.entry();
    int levels = entry == null ? 0 : entry.level() + 1;
    int[] levelCounts = new int[levels];
    for (int ord = 0; ord < size; ord++) {
      for (int l = 0; l <= graph.node(ord).topLevel(); l++) {
        levelCounts[l]++;
      }
    }
    HnswConfig config = index.config();
    HnswFileLayout layout = new HnswFileLayout(size, index.dimension(), config.m(), levelCounts);

    buffer.order(ByteOrder.BIG_ENDIAN).putInt(HnswIndexFormat.MAGIC).putInt(HnswFileLayout.VERSION)
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(index.metric().ordinal()).putInt(index.dimension());
    buffer.putInt(config.m()).putInt(config.efConstruction()).putInt(config.efSearch());
    buffer.putInt(size).putLong(config.seed());
    buffer.putInt(entry == null ? -1 : entry.ord()).putInt(entry == null ? -1 : entry.level());
    buffer.putLong(layout.tombstonesOffset()).putLong(layout.vectorsOffset())
        .putLong(layout.nodeLevelsOffset()).putLong(layout.levelTableOffset()).putLong(layout.footerOffset());
    position += HnswFileLayout.HEADER_BYTES;

    for (long word : index.deleted.snapshot(size).words()) {
      putLong(word);
    }
    padTo(layout.vectorsOffset());
    VectorValues vectors = index.vectorValues();
    for (int ord = 0; ord < size; ord++) {
      for (float x : vectors.vector(ord)) {
        room(4);
        buffer.putFloat(x);
        position += 4;
      }
    }
    for (int ord = 0; ord < size; ord++) {
      room(1);
      buffer.put((byte) graph.node(ord).topLevel());
      position++;
    }
    padTo(layout.levelTableOffset());
    for (int l = 0; l < levels; l++) {
      putInt(levelCounts[l]);
      putInt(layout.slotInts(l));
      putLong(l == 0 ? 0 : layout.ordsOffset(l));
      putLong(layout.listsOffset(l));
    }
    for (int l = 1; l < levels; l++) {
      check(layout.ordsOffset(l));
      for (int ord = 0; ord < size; ord++) {
        if (graph.node(ord).topLevel() >= l) {
          putInt(ord);
        }
      }
    }
    for (int l = 0; l < levels; l++) {
      check(layout.listsOffset(l));
      int slot = layout.slotInts(l);
      for (int ord = 0; ord < size; ord++) {
        HnswGraph.Node node = graph.node(ord);
        if (node.topLevel() < l) {
          continue;
        }
        HnswGraph.NeighborArray list = node.neighbors(l);
        putInt(list.size());
        for (int i = 0; i < list.size(); i++) {
          putInt(list.ords()[i]);
        }
        for (int i = list.size() + 1; i < slot; i++) {
          putInt(0);
        }
      }
    }
    check(layout.footerOffset());
    putInt(HnswIndexFormat.FOOTER_MAGIC);
    flush();
    buffer.putLong(crc.getValue()); // the checksum covers every byte before it, the footer magic too
    position += 8;
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    check(layout.fileLength());
  }

  private void putInt(int v) throws IOException {
    room(4);
    buffer.putInt(v);
    position += 4;
  }

  private void putLong(long v) throws IOException {
    room(8);
    buffer.putLong(v);
    position += 8;
  }

  private void padTo(long offset) throws IOException {
    while (position < offset) {
      room(1);
      buffer.put((byte) 0);
      position++;
    }
    check(offset);
  }

  /** The layout and the bytes written must agree; a mismatch is a bug here, not bad input. */
  private void check(long expected) {
    if (position != expected) {
      throw new IllegalStateException("index writer at byte " + position + ", layout says " + expected);
    }
  }

  private void room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }
}
