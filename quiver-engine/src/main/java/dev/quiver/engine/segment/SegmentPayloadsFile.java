package dev.quiver.engine.segment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.quiver.storage.CorruptFileException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * A sealed segment's payloads: {@code seg-<n>/payloads}, one CBOR blob per ordinal behind a table
 * of offsets, memory-mapped and decoded one ordinal at a time (format: docs/storage-format.md,
 * "Sealed segment: payloads"). The heap holds only the chunk references; a payload costs heap only
 * while a caller holds the tree {@link #payload} returned.
 *
 * <p>Layout, big-endian: a 24-byte header (magic, version, segment, count, blobs offset), the
 * blobs back to back, zero padding to a multiple of 8, the table of {@code count + 1} absolute
 * offsets (blob {@code i} is {@code [offset[i], offset[i+1])}), then a 20-byte trailer: the table's
 * offset, the footer magic {@code "QFOT"} and the CRC32C of every byte before the checksum. The
 * table comes after the blobs so that the writer streams: it never holds more than one encoded
 * payload, only the offsets.
 *
 * <p>An empty blob is a null payload (a dead ordinal may have none); an empty object is not empty
 * (Jackson writes maps with indefinite length: {@code 0xBF 0xFF}). Numbers decode as Jackson's JSON
 * parser reads them (the smallest of int, long and big integer that holds the value; doubles as
 * doubles, floats as floats, big decimals exactly), so a payload parsed from JSON comes back equal
 * to itself, and any tree comes back equal by value.
 *
 * <p>Open verifies the whole file (a sequential read of the mapping): magic, version, footer,
 * checksum, then every header field and every offset, refusing damage with a
 * {@link CorruptFileException} naming the file and the byte offset. Files beyond 2 GiB are mapped
 * in chunks of at most 1 GiB.
 *
 * <p>Concurrency: {@link #payload} from any number of threads at once; it reads with absolute gets
 * only, so no position is shared. {@link #close} drops the chunk references (the mapping itself is
 * released by the garbage collector: JDK 21 has no safe unmap); reading after it fails.
 */
public final class SegmentPayloadsFile implements Closeable {

  /** The file's name inside {@code seg-<n>/}. */
  public static final String FILE_NAME = "payloads";

  static final int MAGIC = 0x5156534C; // "QVSL"
  static final int VERSION = 1;
  static final int FOOTER_MAGIC = 0x51464F54; // "QFOT", as every checksummed file
  static final int HEADER_BYTES = 24;
  /** Table offset (long), footer magic (int), checksum (long). */
  static final int TRAILER_BYTES = 20;
  static final long DEFAULT_MAX_CHUNK_BYTES = 1L << 30;
  /** A blob must fit a {@code byte[]}. */
  static final long MAX_BLOB_BYTES = Integer.MAX_VALUE - 16;

  /**
   * The encoding is pinned feature by feature, so that a Jackson upgrade that changes a default
   * cannot change the bytes (the golden file would catch it). Thread-safe once configured.
   */
  private static final CBORMapper CBOR = CBORMapper.builder(CBORFactory.builder()
          // Whatever the writer accepted must read back: Jackson's read limits (20M-character
          // strings, 50k-character names, 1000-digit numbers, as guards against hostile input) would
          // otherwise refuse a payload the embedded API took. Checksummed files are not hostile.
          // Nesting is bounded by the writer (StreamWriteConstraints, depth 1000), so reads allow more.
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxStringLength(Integer.MAX_VALUE)
              .maxNameLength(Integer.MAX_VALUE)
              .maxNumberLength(Integer.MAX_VALUE)
              .maxNestingDepth(2 * StreamWriteConstraints.DEFAULT_MAX_DEPTH)
              .build())
          .build())
      .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
      .disable(CBORGenerator.Feature.WRITE_MINIMAL_DOUBLES)
      .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
      .disable(CBORGenerator.Feature.STRINGREF)
      .disable(CBORGenerator.Feature.LENIENT_UTF_ENCODING)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM) // one write call per 64 KiB, not per payload
      .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  private final Path path;
  private final int segment;
  private final int count;
  private final long fileLength;
  private final long tableOffset;
  private final int chunkShift;
  private final long chunkMask;
  /** Null after {@link #close}; the array and the buffers are never written after construction. */
  private volatile ByteBuffer[] chunks;

  private SegmentPayloadsFile(Path path, int segment, int count, long fileLength, long tableOffset, int chunkShift,
      ByteBuffer[] chunks) {
    this.path = path;
    this.segment = segment;
    this.count = count;
    this.fileLength = fileLength;
    this.tableOffset = tableOffset;
    this.chunkShift = chunkShift;
    this.chunkMask = (1L << chunkShift) - 1;
    this.chunks = chunks;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes the payloads of ordinals {@code 0..count-1} ({@code payloadOf} may return null) to
   * {@code <file>.tmp}, fsyncs it, renames it over {@code file} atomically and fsyncs the folder.
   * Payloads are encoded and written one at a time; on failure the temporary file is removed.
   */
  public static void write(Path file, int segment, int count, IntFunction<ObjectNode> payloadOf) throws IOException {
    if (segment < 0 || count < 0) {
      throw new IllegalArgumentException("segment " + segment + " and count " + count + " must be non-negative");
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    boolean done = false;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Sink out = new Sink(ch);
      out.putInt(MAGIC);
      out.putInt(VERSION);
      out.putInt(segment);
      out.putInt(count);
      out.putLong(HEADER_BYTES);
      long[] offsets = new long[count + 1];
      offsets[0] = HEADER_BYTES;
      for (int ord = 0; ord < count; ord++) {
        ObjectNode payload = payloadOf.apply(ord);
        if (payload != null) {
          CBOR.writeValue(out, payload);
        }
        offsets[ord + 1] = out.position();
        if (offsets[ord + 1] - offsets[ord] > MAX_BLOB_BYTES) {
          throw new IllegalArgumentException("the payload of ordinal " + ord + " encodes to "
              + (offsets[ord + 1] - offsets[ord]) + " bytes, more than the " + MAX_BLOB_BYTES + " one payload may have");
        }
      }
      while ((out.position() & 7) != 0) {
        out.write(0);
      }
      long tableAt = out.position();
      for (long offset : offsets) {
        out.putLong(offset);
      }
      out.putLong(tableAt);
      out.putInt(FOOTER_MAGIC);
      out.flush(); // the checksum covers everything up to here
      out.putLong(out.crc.getValue());
      out.flush();
      ch.force(true);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(file.toAbsolutePath().getParent());
  }

  /** A buffered, checksumming, position-counting stream into the channel; the CBOR encoder writes to it. */
  private static final class Sink extends OutputStream {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16); // big-endian
    final CRC32C crc = new CRC32C();
    private long flushed;

    Sink(FileChannel ch) {
      this.ch = ch;
    }

    long position() {
      return flushed + buf.position();
    }

    void putInt(int v) throws IOException {
      room(4).putInt(v);
    }

    void putLong(long v) throws IOException {
      room(8).putLong(v);
    }

    @Override
    public void write(int b) throws IOException {
      room(1).put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, room(1).remaining());
        buf.put(b, off, n);
        off += n;
        len -= n;
      }
    }

    private ByteBuffer room(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
      return buf;
    }

    /** Checksums and writes out the buffer. */
    @Override
    public void flush() throws IOException {
      crc.update(buf.array(), 0, buf.position());
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      flushed += buf.limit();
      buf.clear();
    }

    @Override
    public void close() {
      // The channel belongs to the writer; the encoder must not close it.
    }
  }

  /** Makes the rename durable where the platform allows it (Windows cannot open a folder). */
  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // NTFS journals the rename itself.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Maps and verifies a payloads file, checking that it belongs to {@code expectedSegment}. */
  public static SegmentPayloadsFile open(Path file, int expectedSegment) throws IOException {
    return open(file, expectedSegment, -1, DEFAULT_MAX_CHUNK_BYTES);
  }

  /**
   * Maps and verifies a payloads file, checking that it belongs to {@code expectedSegment} and holds
   * {@code expectedCount} ordinals (the manifest's figure; -1 accepts any count).
   */
  public static SegmentPayloadsFile open(Path file, int expectedSegment, int expectedCount) throws IOException {
    return open(file, expectedSegment, expectedCount, DEFAULT_MAX_CHUNK_BYTES);
  }

  /** As {@link #open(Path, int, int)}, mapping chunks of at most {@code maxChunkBytes} (a power of two ≥ 8; tests use tiny ones). */
  static SegmentPayloadsFile open(Path file, int expectedSegment, int expectedCount, long maxChunkBytes)
      throws IOException {
    if (maxChunkBytes < 8 || Long.bitCount(maxChunkBytes) != 1 || maxChunkBytes > DEFAULT_MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException("chunk size " + maxChunkBytes + " is not a power of two in [8, 2^30]");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = ch.size();
      int shift = Long.numberOfTrailingZeros(maxChunkBytes);
      ByteBuffer[] chunks = new ByteBuffer[(int) ((length + maxChunkBytes - 1) >>> shift)];
      for (int c = 0; c < chunks.length; c++) {
        long at = (long) c << shift;
        chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(maxChunkBytes, length - at))
            .order(ByteOrder.BIG_ENDIAN);
      }
      SegmentPayloadsFile f = new SegmentPayloadsFile(file, -1, 0, length, 0, shift, chunks);
      return f.verify(expectedSegment, expectedCount);
    }
  }

  /** Checks the file in the order that gives the truest message; returns the opened file. */
  private SegmentPayloadsFile verify(int expectedSegment, int expectedCount) throws CorruptFileException {
    if (fileLength < 8) {
      throw corrupt("is truncated: " + fileLength + " bytes cannot hold a header", fileLength);
    }
    int magic = getInt(0);
    if (magic != MAGIC) {
      throw corrupt(String.format("has magic 0x%08X, expected 0x%08X: it is another kind of file, or damaged",
          magic, MAGIC), 0);
    }
    int version = getInt(4);
    if (version != VERSION) {
      throw corrupt("has format version " + version + "; this Quiver reads version " + VERSION
          + " (was it written by a newer Quiver?)", 4);
    }
    long minLength = HEADER_BYTES + 8 + TRAILER_BYTES;
    if (fileLength < minLength) {
      throw corrupt("is truncated: " + fileLength + " bytes cannot hold a header, a table and a footer", fileLength);
    }
    long footerAt = fileLength - 12;
    int footer = getInt(footerAt);
    if (footer != FOOTER_MAGIC) {
      throw corrupt(String.format("has 0x%08X where the footer magic 0x%08X belongs: the file is truncated,"
          + " extended or damaged", footer, FOOTER_MAGIC), footerAt);
    }
    long stored = getLong(fileLength - 8);
    long computed = crc32c(fileLength - 8);
    if (stored != computed) {
      throw corrupt(String.format("fails its checksum: stored 0x%08X, computed CRC32C 0x%08X", stored, computed),
          fileLength - 8);
    }
    // The checksum is good: now the fields are worth judging.
    int seg = getInt(8);
    if (seg != expectedSegment) {
      throw corrupt("belongs to segment " + seg + ", expected segment " + expectedSegment, 8);
    }
    int n = getInt(12);
    if (n < 0 || (expectedCount >= 0 && n != expectedCount)) {
      throw corrupt("holds " + n + " payloads, expected " + (expectedCount >= 0 ? expectedCount : "≥ 0"), 12);
    }
    long blobsAt = getLong(16);
    if (blobsAt != HEADER_BYTES) {
      throw corrupt("has blobs offset " + blobsAt + ", expected " + HEADER_BYTES, 16);
    }
    long tableAt = getLong(fileLength - TRAILER_BYTES);
    long expectedTableAt = fileLength - TRAILER_BYTES - 8L * (n + 1);
    if (tableAt != expectedTableAt || (tableAt & 7) != 0 || tableAt < HEADER_BYTES) {
      throw corrupt("has table offset " + tableAt + "; " + n + " payloads in a file of " + fileLength
          + " bytes put it at " + expectedTableAt + " (a multiple of 8, after the header)", fileLength - TRAILER_BYTES);
    }
    long previous = getLong(chunks, tableAt);
    if (previous != HEADER_BYTES) {
      throw corrupt("has first blob offset " + previous + ", expected " + HEADER_BYTES, tableAt);
    }
    for (int i = 1; i <= n; i++) {
      long at = tableAt + 8L * i;
      long offset = getLong(chunks, at);
      if (offset < previous || offset > tableAt || offset - previous > MAX_BLOB_BYTES) {
        throw corrupt("has offset " + offset + " for the end of blob " + (i - 1) + ", outside [" + previous + ", "
            + tableAt + "]", at);
      }
      previous = offset;
    }
    if (tableAt - previous >= 8) {
      throw corrupt("has " + (tableAt - previous) + " bytes between the last blob and the table (padding is under 8)",
          previous);
    }
    for (long at = previous; at < tableAt; at++) {
      if (getByte(at) != 0) {
        throw corrupt("has a non-zero padding byte", at);
      }
    }
    return new SegmentPayloadsFile(path, seg, n, fileLength, tableAt, chunkShift, chunks);
  }

  private long crc32c(long end) {
    CRC32C crc = new CRC32C();
    long chunkBytes = 1L << chunkShift;
    for (int c = 0; (long) c * chunkBytes < end; c++) {
      ByteBuffer b = chunks[c].duplicate(); // this thread's own position
      b.limit((int) Math.min(b.capacity(), end - (long) c * chunkBytes));
      crc.update(b);
    }
    return crc.getValue();
  }

  public Path path() {
    return path;
  }

  public int segment() {
    return segment;
  }

  /** Ordinals in the file, live and deleted. */
  public int size() {
    return count;
  }

  /** Bytes of the mapped file (page cache, not heap). */
  public long mappedBytes() {
    return fileLength;
  }

  /**
   * The payload of {@code ord}, decoded afresh (the caller owns the tree), or null when it was
   * written with none.
   *
   * @throws IllegalArgumentException for an ordinal outside {@code [0, size())}
   * @throws IllegalStateException after {@link #close}
   * @throws UncheckedIOException wrapping a {@link CorruptFileException} when the blob does not
   *     decode to an object (the checksum was good at open, so the file changed since, or a bug)
   */
  public ObjectNode payload(int ord) {
    ByteBuffer[] cs = chunks;
    if (cs == null) {
      throw new IllegalStateException("payloads file " + path + " was closed");
    }
    if (ord < 0 || ord >= count) {
      throw new IllegalArgumentException("ordinal " + ord + " outside [0, " + count + ") of " + path);
    }
    long entry = tableOffset + 8L * ord;
    long start = getLong(cs, entry);
    long end = getLong(cs, entry + 8);
    if (start == end) {
      return null;
    }
    byte[] blob = new byte[(int) (end - start)];
    copy(cs, start, blob);
    try {
      JsonNode node = CBOR.readTree(blob);
      if (node instanceof ObjectNode o) {
        return o;
      }
      throw new IOException("it is a " + (node == null ? "nothing" : node.getNodeType()) + ", not an object");
    } catch (IOException e) {
      throw new UncheckedIOException(corrupt("has a payload for ordinal " + ord + " that does not decode: "
          + e.getMessage(), start));
    }
  }

  /** Drops the mapping's references; {@link #payload} fails afterwards. */
  @Override
  public void close() {
    chunks = null;
  }

  @Override
  public String toString() {
    return "SegmentPayloadsFile[" + path + ", segment " + segment + ", " + count + " payloads]";
  }

  // Absolute reads at file offsets, never through a buffer's position. An entry of the table never
  // straddles two chunks (the table is 8-aligned, chunks are powers of two ≥ 8); header and trailer
  // fields, not yet known to be aligned while they are judged, are read byte by byte.

  /** An aligned long of the table. */
  private long getLong(ByteBuffer[] cs, long at) {
    return cs[(int) (at >>> chunkShift)].getLong((int) (at & chunkMask));
  }

  private void copy(ByteBuffer[] cs, long at, byte[] dst) {
    for (int done = 0; done < dst.length; ) {
      ByteBuffer c = cs[(int) ((at + done) >>> chunkShift)];
      int pos = (int) ((at + done) & chunkMask);
      int n = Math.min(dst.length - done, c.capacity() - pos);
      c.get(pos, dst, done, n);
      done += n;
    }
  }

  private int getByte(long at) {
    return chunks[(int) (at >>> chunkShift)].get((int) (at & chunkMask)) & 0xFF;
  }

  private int getInt(long at) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | getByte(at + i);
    }
    return v;
  }

  private long getLong(long at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | getByte(at + i);
    }
    return v;
  }

  private CorruptFileException corrupt(String problem, long offset) {
    return new CorruptFileException("file " + path + " " + problem + " (at byte " + offset + " of " + fileLength + ")");
  }
}
