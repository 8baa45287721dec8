package dev.quiver.core.index;

import dev.quiver.core.index.HnswGraph.Entry;
import dev.quiver.core.index.HnswGraph.NeighborArray;
import dev.quiver.core.index.HnswGraph.Node;
import dev.quiver.core.vector.Metric;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The on-disk form of an {@link HnswIndex}. All numbers are big-endian.
 *
 * <pre>
 * header   int    magic            0x5156484E ("QVHN")
 *          int    version          1
 *          int    metric           0 = cosine, 1 = dot, 2 = euclidean
 *          int    dimension        &gt; 0
 *          int    m, efConstruction, efSearch
 *          long   seed
 *          int    size             number of ordinals (deleted included)
 *          int    entryOrd         -1 when empty
 *          int    entryLevel       -1 when empty
 * deleted  int    wordCount        = ceil(size / 64)
 *          long[wordCount]         tombstone bits, ordinal i is bit (i % 64) of word (i / 64)
 * vectors  float[size][dimension]  the stored (for cosine: normalised) vectors, in ordinal order
 * graph    per ordinal: int topLevel, then per level 0..topLevel:
 *          int count (&lt;= 2m on level 0, m above), int[count] neighbour ords, float[count] scores
 * footer   int    magic            0x454E4451 ("ENDQ")
 *          long   checksum         CRC32C of every byte before this field
 * </pre>
 *
 * <p>The reader checks the magic numbers, the version, every count and ordinal against its bounds,
 * and the checksum, and refuses the file with a {@link CorruptIndexException} that names the file
 * and the byte offset where it went wrong. Trailing bytes after the footer are refused too.
 */
final class HnswIndexFormat {

  static final int MAGIC = 0x5156484E;
  static final int FOOTER_MAGIC = 0x454E4451;
  static final int VERSION = 1;
  private static final int MAX_DIMENSION = 1 << 16;

  private HnswIndexFormat() {}

  static void write(HnswIndex index, Path path) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    int size = index.size();
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
      CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
      DataOutputStream out = new DataOutputStream(checked);
      HnswConfig config = index.config();
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(index.metric().ordinal());
      out.writeInt(index.dimension());
      out.writeInt(config.m());
      out.writeInt(config.efConstruction());
      out.writeInt(config.efSearch());
      out.writeLong(config.seed());
      out.writeInt(size);
      Entry entry = index.graph.entry();
      out.writeInt(entry == null ? -1 : entry.ord());
      out.writeInt(entry == null ? -1 : entry.level());

      long[] words = index.deleted.snapshot(size).words();
      out.writeInt(words.length);
      for (long w : words) {
        out.writeLong(w);
      }
      ByteBuffer buffer = ByteBuffer.allocate(index.dimension() * Float.BYTES);
      for (int ord = 0; ord < size; ord++) {
        buffer.clear();
        buffer.asFloatBuffer().put(index.vectors.get(ord));
        out.write(buffer.array());
      }
      for (int ord = 0; ord < size; ord++) {
        Node node = index.graph.node(ord);
        out.writeInt(node.topLevel());
        for (int l = 0; l <= node.topLevel(); l++) {
          NeighborArray list = node.neighbors(l);
          out.writeInt(list.size());
          for (int i = 0; i < list.size(); i++) {
            out.writeInt(list.ords()[i]);
          }
          for (int i = 0; i < list.size(); i++) {
            out.writeFloat(list.scores()[i]);
          }
        }
      }
      out.writeInt(FOOTER_MAGIC);
      out.writeLong(checked.getChecksum().getValue());
      out.flush();
      channel.force(true);
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static HnswIndex read(Path path) throws IOException {
    long fileLength = Files.size(path);
    try (InputStream file = Files.newInputStream(path)) {
      CountingInputStream counting = new CountingInputStream(new BufferedInputStream(file, 1 << 20));
      CheckedInputStream checked = new CheckedInputStream(counting, new CRC32C());
      DataInputStream in = new DataInputStream(checked);
      Reader r = new Reader(path, in, counting, fileLength);
      try {
        return r.read(checked);
      } catch (EOFException e) {
        throw new CorruptIndexException("index file " + path + " is truncated: it ends at byte "
            + fileLength + " while reading " + r.section + "; save it again or restore a copy");
      }
    }
  }

  /** Holds the reading position for error messages. */
  private static final class Reader {
    final Path path;
    final DataInputStream in;
    final CountingInputStream counting;
    final long fileLength;
    String section = "the header";

    Reader(Path path, DataInputStream in, CountingInputStream counting, long fileLength) {
      this.path = path;
      this.in = in;
      this.counting = counting;
      this.fileLength = fileLength;
    }

    HnswIndex read(CheckedInputStream checked) throws IOException {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw corrupt(0, String.format("is not a Quiver HNSW index: magic 0x%08X, expected 0x%08X",
            magic, MAGIC));
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw corrupt(4, "has format version " + version + "; this Quiver reads version " + VERSION);
      }
      int metricCode = in.readInt();
      Metric[] metrics = Metric.values();
      check(metricCode >= 0 && metricCode < metrics.length, "metric code " + metricCode);
      int dimension = in.readInt();
      check(dimension > 0 && dimension <= MAX_DIMENSION, "dimension " + dimension);
      int m = in.readInt();
      int efConstruction = in.readInt();
      int efSearch = in.readInt();
      long seed = in.readLong();
      HnswConfig config;
      try {
        config = new HnswConfig(m, efConstruction, efSearch, seed);
      } catch (IllegalArgumentException e) {
        throw corrupt(counting.count, "has an invalid configuration: " + e.getMessage());
      }
      int size = in.readInt();
      check(size >= 0, "size " + size);
      long vectorBytes = (long) size * dimension * Float.BYTES;
      if (vectorBytes > fileLength) {
        throw corrupt(counting.count, "claims " + size + " vectors of dimension " + dimension
            + " (" + vectorBytes + " bytes) but the file has only " + fileLength + " bytes");
      }
      int entryOrd = in.readInt();
      int entryLevel = in.readInt();
      check(size == 0 ? entryOrd == -1 : entryOrd >= 0 && entryOrd < size, "entry point " + entryOrd);

      HnswIndex index = new HnswIndex(dimension, metrics[metricCode], config);
      section = "the tombstones";
      int words = in.readInt();
      check(words == (size + 63) >>> 6, "tombstone word count " + words + " for " + size + " ordinals");
      for (int w = 0; w < words; w++) {
        long bits = in.readLong();
        for (long b = bits; b != 0; b &= b - 1) {
          int ord = (w << 6) + Long.numberOfTrailingZeros(b);
          check(ord < size, "tombstone for ordinal " + ord);
          index.deleted.set(ord);
        }
      }
      section = "the vectors";
      byte[] bytes = new byte[dimension * Float.BYTES];
      for (int ord = 0; ord < size; ord++) {
        in.readFully(bytes);
        float[] v = new float[dimension];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
        index.vectors.set(ord, v);
      }
      section = "the graph";
      for (int ord = 0; ord < size; ord++) {
        int top = in.readInt();
        check(top >= 0 && top <= 30, "top level " + top + " of ordinal " + ord);
        Node node = new Node(top);
        for (int l = 0; l <= top; l++) {
          int count = in.readInt();
          check(count >= 0 && count <= config.maxConnections(l),
              "neighbour count " + count + " of ordinal " + ord + " on level " + l);
          int[] ords = new int[count];
          float[] scores = new float[count];
          for (int i = 0; i < count; i++) {
            ords[i] = in.readInt();
            check(ords[i] >= 0 && ords[i] < size, "neighbour " + ords[i] + " of ordinal " + ord);
          }
          for (int i = 0; i < count; i++) {
            scores[i] = in.readFloat();
          }
          node.setNeighbors(l, new NeighborArray(count, ords, scores));
        }
        index.graph.publish(ord, node);
      }
      if (size > 0) {
        check(entryLevel == index.graph.node(entryOrd).topLevel(), "entry level " + entryLevel);
        index.graph.setEntry(new Entry(entryOrd, entryLevel));
      }
      section = "the footer";
      int footer = in.readInt();
      if (footer != FOOTER_MAGIC) {
        throw corrupt(counting.count - 4, String.format("has footer magic 0x%08X, expected 0x%08X",
            footer, FOOTER_MAGIC));
      }
      long computed = checked.getChecksum().getValue();
      long stored = in.readLong();
      if (computed != stored) {
        throw corrupt(counting.count - 8, String.format(
            "fails its checksum: stored CRC32C 0x%08X, computed 0x%08X", stored, computed));
      }
      if (counting.count != fileLength || in.read() != -1) {
        throw corrupt(counting.count, "has " + (fileLength - counting.count)
            + " unexpected bytes after the footer");
      }
      index.restoreSize(size);
      return index;
    }

    private void check(boolean ok, String what) throws CorruptIndexException {
      if (!ok) {
        throw corrupt(counting.count, "has an impossible " + what + " in " + section);
      }
    }

    private CorruptIndexException corrupt(long offset, String problem) {
      return new CorruptIndexException("index file " + path + " " + problem + " (at byte " + offset + " of "
          + fileLength + "); the file is damaged or not an index: save the index again or restore a copy");
    }
  }

  /** Counts bytes actually consumed, for error offsets. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
