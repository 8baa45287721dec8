package dev.quiver.engine.payload;

import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.text.TextIndex;
import dev.quiver.engine.text.TextIndexFormat;
import dev.quiver.storage.BlockReader;
import dev.quiver.storage.BlockWriter;
import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sealed segment's payload indexes, {@code seg-<n>/payload-index}: every value index (postings per
 * key, the null and non-empty sets) and every full-text index (document lengths, postings with term
 * frequencies) over the segment's ordinals, plus its live ordinals, so opening a segment rebuilds
 * nothing from payloads. Format: docs/storage-format.md, "Sealed segment: payload indexes".
 *
 * <p>Postings are sorted ordinal lists, either delta-varint or as a bitset, whichever is smaller;
 * small values sit in blocks ({@link BlockWriter}) decoded from memory, so a read is one pass over
 * the file with no JSON and no text analysis.
 */
public final class PayloadIndexFile {

  static final int MAGIC = 0x51565049; // "QVPI"
  static final int VERSION = 1;
  /** A block of keys is written out once it holds this many bytes (keys are never split). */
  static final int BLOCK_BYTES = 1 << 20;

  /** Type codes; persisted, never renumber. */
  private static final PayloadSchemaType[] TYPES = {null, PayloadSchemaType.KEYWORD, PayloadSchemaType.INTEGER,
      PayloadSchemaType.FLOAT, PayloadSchemaType.BOOL, PayloadSchemaType.DATETIME, PayloadSchemaType.TEXT};

  private static final int GAPS = 0;
  private static final int BITS = 1;

  private PayloadIndexFile() {}

  static int code(PayloadSchemaType type) {
    for (int i = 1; i < TYPES.length; i++) {
      if (TYPES[i] == type) {
        return i;
      }
    }
    throw new IllegalArgumentException("no file code for payload index type " + type);
  }

  /**
   * Writes {@code indexes} over ordinals [0, size) to {@code file} durably (temporary file, fsync,
   * rename). Ordinals at or past {@code size} are left out. Must not run concurrently with a
   * mutation of {@code indexes} (the owner's read lock, or a frozen segment, is enough).
   */
  public static void write(Path file, PayloadIndexes indexes, int size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, MAGIC, VERSION)) {
      out.writeInt(size);
      BlockWriter block = new BlockWriter();
      int[] live = new int[size];
      int n = 0;
      for (int ord = 0; ord < size; ord++) {
        if (indexes.isLive(ord)) {
          live[n++] = ord;
        }
      }
      writePostings(block, live, n);
      block.writeTo(out);

      Map<String, FieldIndex<?>> values = indexes.fieldIndexes();
      Map<String, TextIndex> texts = indexes.textIndexes();
      out.writeInt(values.size() + texts.size());
      for (FieldIndex<?> index : values.values()) {
        out.writeString(index.field);
        out.writeByte(code(index.type));
        writeValues(out, block, index, size);
      }
      for (Map.Entry<String, TextIndex> e : texts.entrySet()) {
        out.writeString(e.getKey());
        out.writeByte(code(PayloadSchemaType.TEXT));
        TextIndexFormat.write(out, e.getValue(), size);
      }
      out.commit();
    }
  }

  private static <K extends Comparable<K>> void writeValues(ChecksummedFileWriter out, BlockWriter block,
      FieldIndex<K> index, int size) throws IOException {
    writePostings(block, index.nullPostings(), size);
    writePostings(block, index.nonEmptyPostings(), size);
    block.writeTo(out);
    List<K> keys = new ArrayList<>();
    List<int[]> ords = new ArrayList<>();
    List<Map.Entry<K, Postings>> entries = new ArrayList<>(index.postingsByKey().entrySet());
    entries.sort(Map.Entry.comparingByKey());
    for (Map.Entry<K, Postings> e : entries) {
      int[] o = below(e.getValue().toArray(), size);
      if (o.length > 0) {
        keys.add(e.getKey());
        ords.add(o);
      }
    }
    out.writeInt(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      switch (index.type) {
        case KEYWORD -> block.writeString((String) keys.get(i));
        case INTEGER, FLOAT -> block.writeLong(Double.doubleToRawLongBits((Double) keys.get(i)));
        case BOOL -> block.writeByte((Boolean) keys.get(i) ? 1 : 0);
        case DATETIME -> block.writeLong((Long) keys.get(i));
        case TEXT -> throw new AssertionError("text is not a value index");
      }
      writePostings(block, ords.get(i), ords.get(i).length);
      if (block.size() >= BLOCK_BYTES) {
        block.writeTo(out);
      }
    }
    if (block.size() > 0) {
      block.writeTo(out);
    }
  }

  private static void writePostings(BlockWriter block, Postings p, int size) {
    int[] o = below(p.toArray(), size);
    writePostings(block, o, o.length);
  }

  private static int[] below(int[] ascending, int size) {
    int n = ascending.length;
    while (n > 0 && ascending[n - 1] >= size) {
      n--;
    }
    return n == ascending.length ? ascending : java.util.Arrays.copyOf(ascending, n);
  }

  /**
   * {@code varlong count << 1 | form}, then form 0: count varint gaps (the first ordinal, then
   * {@code ord - previous - 1}); form 1: varint words, then the bitset's words as longs. The smaller
   * wins; a tie goes to the gaps.
   */
  static void writePostings(BlockWriter block, int[] ords, int n) {
    long gapBytes = 0;
    int prev = -1;
    for (int i = 0; i < n; i++) {
      gapBytes += varintBytes(ords[i] - prev - 1);
      prev = ords[i];
    }
    int words = n == 0 ? 0 : (ords[n - 1] >>> 6) + 1;
    if (n > 0 && (long) words * 8 + varintBytes(words) < gapBytes) {
      block.writeVarLong(((long) n << 1) | BITS);
      block.writeVarint(words);
      long word = 0;
      int w = 0;
      for (int i = 0; i < n; i++) {
        while ((ords[i] >>> 6) > w) {
          block.writeLong(word);
          word = 0;
          w++;
        }
        word |= 1L << (ords[i] & 63);
      }
      block.writeLong(word);
    } else {
      block.writeVarLong(((long) n << 1) | GAPS);
      prev = -1;
      for (int i = 0; i < n; i++) {
        block.writeVarint(ords[i] - prev - 1);
        prev = ords[i];
      }
    }
  }

  private static int varintBytes(int v) {
    return v < 1 << 7 ? 1 : v < 1 << 14 ? 2 : v < 1 << 21 ? 3 : v < 1 << 28 ? 4 : 5;
  }

  /**
   * Reads the indexes in {@code file}, which must cover {@code expectedSize} ordinals.
   *
   * @throws CorruptFileException naming the file and byte offset when it is damaged, of another
   *     kind or version, or covers another number of ordinals
   */
  public static PayloadIndexes read(Path file, int expectedSize) throws IOException {
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, MAGIC, VERSION)) {
      in.section("the header");
      int size = in.readInt();
      if (size != expectedSize) {
        throw in.corrupt("covers " + size + " ordinals, but the segment has " + expectedSize, 8);
      }
      in.section("the live ordinals");
      BlockReader block = BlockReader.read(in);
      BitSet live = new BitSet(size);
      readPostings(block, size).addTo(live);
      block.expectEnd();

      long at = in.position();
      int fields = in.readInt();
      if (fields < 0) {
        throw in.corrupt("has a field count of " + fields, at);
      }
      Map<String, FieldIndex<?>> values = new LinkedHashMap<>();
      Map<String, TextIndex> texts = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      for (int f = 0; f < fields; f++) {
        in.section("field " + (f + 1) + " of " + fields);
        at = in.position();
        String field = in.readString();
        if (!seen.add(field)) {
          throw in.corrupt("has field '" + field + "' twice", at);
        }
        try {
          new Filter.IsNull(field); // the key checks every index applies
        } catch (IllegalArgumentException e) {
          throw in.corrupt("has field name '" + field + "', which is no payload key: " + e.getMessage(), at);
        }
        in.section("field '" + field + "'");
        at = in.position();
        int code = in.readByte();
        if (code < 1 || code >= TYPES.length) {
          throw in.corrupt("has payload index type code " + code + " for '" + field + "'; this Quiver knows 1 to "
              + (TYPES.length - 1), at);
        }
        PayloadSchemaType type = TYPES[code];
        if (type == PayloadSchemaType.TEXT) {
          texts.put(field, TextIndexFormat.read(in, field, size));
        } else {
          values.put(field, readValues(in, field, type, size));
        }
      }
      in.verifyFooter();
      return PayloadIndexes.restore(values, texts, live);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FieldIndex<?> readValues(ChecksummedFileReader in, String field, PayloadSchemaType type, int size)
      throws IOException {
    BlockReader block = BlockReader.read(in);
    Postings nulls = readPostings(block, size);
    Postings nonEmpty = readPostings(block, size);
    block.expectEnd();
    FieldIndex index = FieldIndex.of(field, type, nulls, nonEmpty);
    long at = in.position();
    int keyCount = in.readInt();
    if (keyCount < 0) {
      throw in.corrupt("has a key count of " + keyCount, at);
    }
    Comparable previous = null;
    int read = 0;
    while (read < keyCount) {
      block = BlockReader.read(in);
      if (block.remaining() == 0) {
        throw block.corrupt("has an empty block of keys", block.position());
      }
      while (block.remaining() > 0) {
        long keyAt = block.position();
        if (read == keyCount) {
          throw block.corrupt("has more keys than its count " + keyCount, keyAt);
        }
        Comparable key = switch (type) {
          case KEYWORD -> block.readString();
          case INTEGER, FLOAT -> {
            double d = Double.longBitsToDouble(block.readLong());
            if (Double.isNaN(d) || Double.doubleToRawLongBits(d) == Long.MIN_VALUE) {
              throw block.corrupt("has key " + d + ", which a number index never holds", keyAt);
            }
            yield d;
          }
          case BOOL -> {
            int b = block.readByte();
            if (b > 1) {
              throw block.corrupt("has boolean key " + b + " (expected 0 or 1)", keyAt);
            }
            yield b == 1;
          }
          case DATETIME -> block.readLong();
          case TEXT -> throw new AssertionError("text is not a value index");
        };
        if (previous != null && key.compareTo(previous) <= 0) {
          throw block.corrupt("has key " + key + " after " + previous + ": keys must ascend", keyAt);
        }
        previous = key;
        Postings p = readPostings(block, size);
        if (p.isEmpty()) {
          throw block.corrupt("has key " + key + " held by no ordinal", keyAt);
        }
        index.put(key, p);
        read++;
      }
    }
    return index;
  }

  /** Reads postings written by {@link #writePostings}, checking every ordinal is below {@code size}. */
  static Postings readPostings(BlockReader block, int size) throws CorruptFileException {
    long at = block.position();
    long header = block.readVarLong();
    long count = header >>> 1;
    if (count > size) {
      throw block.corrupt("has postings of " + count + " ordinals, more than the " + size + " there are", at);
    }
    int n = (int) count;
    if ((header & 1) == BITS) {
      int words = block.readVarint();
      if (words > ((size + 63) >>> 6)) {
        throw block.corrupt("has a bitset of " + words + " words for " + size + " ordinals", at);
      }
      long[] w = block.readLongs(words);
      BitSet bits = BitSet.valueOf(w);
      if (bits.cardinality() != n || (words > 0 && w[words - 1] == 0) || bits.length() > size) {
        throw block.corrupt("has a bitset of " + bits.cardinality() + " ordinals up to " + (bits.length() - 1)
            + " where " + n + " below " + size + " belong", at);
      }
      return Postings.ofBits(bits, n);
    }
    if (n > block.remaining()) {
      throw block.corrupt("has postings of " + n + " ordinals but only " + block.remaining() + " bytes", at);
    }
    int[] ords = new int[Math.max(n, 2)];
    long ord = -1;
    for (int i = 0; i < n; i++) {
      long gapAt = block.position();
      ord += block.readVarint() + 1L;
      if (ord >= size) {
        throw block.corrupt("has ordinal " + ord + ", beyond the " + size + " ordinals", gapAt);
      }
      ords[i] = (int) ord;
    }
    return Postings.ofSorted(ords, n);
  }
}
