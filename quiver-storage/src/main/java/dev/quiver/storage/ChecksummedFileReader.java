package dev.quiver.storage;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads a file written by {@link ChecksummedFileWriter} (format documented there). Every failure —
 * wrong magic, unsupported version, a count that cannot fit in what remains, truncation anywhere,
 * checksum mismatch, bytes after the footer — is a {@link CorruptFileException} naming the file,
 * the byte offset and the section the caller declared with {@link #section}.
 *
 * <p>The checksum is only known at the end: callers must call {@link #verifyFooter()} before
 * trusting (acting on) anything they read. Counts are checked against the bytes remaining, so a
 * damaged count fails cleanly instead of allocating gigabytes.
 *
 * <p>Not thread-safe: one thread reads a file.
 */
public final class ChecksummedFileReader implements AutoCloseable {

  private final Path path;
  private final long length;
  // A stream, not a FileChannel: an interrupt of the reading thread must not close the file.
  private final FileInputStream file;
  /** Unread bytes are [position, limit); bytes before crcFrom are already checksummed. */
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).limit(0);
  private final CRC32C crc = new CRC32C();
  private long bufStart; // file offset of buf.array()[0]
  private int crcFrom;
  private String section = "the header";
  private final int version;

  private ChecksummedFileReader(Path path, int magic, int maxVersion) throws IOException {
    this.path = path;
    this.length = Files.size(path);
    this.file = new FileInputStream(path.toFile());
    try {
      int m = readInt();
      if (m != magic) {
        throw corrupt(String.format("has magic 0x%08X, expected 0x%08X: it is another kind of file, or damaged",
            m, magic), 0);
      }
      version = readInt();
      if (version < 1 || version > maxVersion) {
        throw corrupt("has format version " + version + "; this Quiver reads versions 1 to " + maxVersion
            + " (was it written by a newer Quiver?)", 4);
      }
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    section = "the body";
  }

  /**
   * Opens {@code path} and checks its magic and version.
   *
   * @param maxSupportedVersion the newest format version the caller can read; older ones (down to
   *     1) are accepted and reported by {@link #version()}
   */
  public static ChecksummedFileReader open(Path path, int expectedMagic, int maxSupportedVersion)
      throws IOException {
    return new ChecksummedFileReader(path, expectedMagic, maxSupportedVersion);
  }

  /** The file's format version, 1 to the maximum given to {@link #open}. */
  public int version() {
    return version;
  }

  /** Names the part about to be read, for error messages ("the points", "vector 'text'"). */
  public void section(String name) {
    this.section = name;
  }

  /** Offset of the next byte to read. */
  public long position() {
    return bufStart + buf.position();
  }

  public int readInt() throws IOException {
    return need(Integer.BYTES).getInt();
  }

  public long readLong() throws IOException {
    return need(Long.BYTES).getLong();
  }

  /** An unsigned byte, 0 to 255. */
  public int readByte() throws IOException {
    return need(1).get() & 0xFF;
  }

  public boolean readBoolean() throws IOException {
    int b = readByte();
    if (b > 1) {
      throw corrupt("has a boolean of value " + b + " (expected 0 or 1)", position() - 1);
    }
    return b == 1;
  }

  public float readFloat() throws IOException {
    return need(Float.BYTES).getFloat();
  }

  /** Count-prefixed floats, copied in bulk. */
  public float[] readFloats() throws IOException {
    float[] v = new float[readCount(Float.BYTES)];
    for (int i = 0; i < v.length; ) {
      need(Float.BYTES);
      int n = Math.min(v.length - i, buf.remaining() / Float.BYTES);
      buf.asFloatBuffer().get(v, i, n);
      buf.position(buf.position() + n * Float.BYTES);
      i += n;
    }
    return v;
  }

  /** Count-prefixed bytes. */
  public byte[] readBytes() throws IOException {
    byte[] b = new byte[readCount(1)];
    for (int i = 0; i < b.length; ) {
      need(1);
      int n = Math.min(b.length - i, buf.remaining());
      buf.get(b, i, n);
      i += n;
    }
    return b;
  }

  /** Count-prefixed UTF-8. */
  public String readString() throws IOException {
    return new String(readBytes(), StandardCharsets.UTF_8);
  }

  /** Checks the footer magic and the checksum, and that nothing follows the footer. */
  public void verifyFooter() throws IOException {
    section = "the footer";
    long at = position();
    int footer = readInt();
    if (footer != ChecksummedFileWriter.FOOTER_MAGIC) {
      throw corrupt(String.format("has 0x%08X where the footer magic 0x%08X belongs: the body is damaged or was"
          + " read with the wrong format version", footer, ChecksummedFileWriter.FOOTER_MAGIC), at);
    }
    crc.update(buf.array(), crcFrom, buf.position() - crcFrom);
    crcFrom = buf.position();
    long computed = crc.getValue();
    long stored = readLong();
    crcFrom = buf.position(); // the checksum field itself is not checksummed
    if (stored != computed) {
      throw corrupt(String.format("fails its checksum: stored 0x%08X, computed CRC32C 0x%08X", stored, computed),
          at + 4);
    }
    if (position() != length || buf.hasRemaining() || file.read() != -1) {
      throw corrupt("has " + Math.max(1, length - position()) + " unexpected bytes after the footer", position());
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** A count prefix, checked against the bytes left so that damage cannot cause a huge allocation. */
  private int readCount(int unit) throws IOException {
    long at = position();
    int n = readInt();
    long left = length - position();
    if (n < 0 || (long) n * unit > left) {
      throw corrupt("has a count of " + n + " (×" + unit + " bytes) but only " + left + " bytes remain", at);
    }
    return n;
  }

  /** The buffer, with at least {@code n} (at most its capacity) unread bytes. */
  private ByteBuffer need(int n) throws IOException {
    if (buf.remaining() >= n) {
      return buf;
    }
    // Checksum the consumed bytes before they leave the buffer, then refill behind the unread ones.
    crc.update(buf.array(), crcFrom, buf.position() - crcFrom);
    bufStart += buf.position();
    buf.compact();
    while (buf.position() < n) {
      int r = file.read(buf.array(), buf.position(), buf.remaining());
      if (r < 0) {
        break;
      }
      buf.position(buf.position() + r);
    }
    buf.flip();
    crcFrom = 0;
    if (buf.remaining() < n) {
      throw new CorruptFileException("file " + path + " is truncated: it ends at byte " + length
          + ", while reading " + section + " needed " + n + " bytes at byte " + position());
    }
    return buf;
  }

  /**
   * An error naming this file, {@code offset} and the current section, for a caller whose decoding
   * of bytes it read failed ({@code problem} reads after the file name: "has a payload that ...").
   */
  public CorruptFileException corrupt(String problem, long offset) {
    return new CorruptFileException("file " + path + " " + problem + " (at byte " + offset + " of " + length
        + ", in " + section + ")");
  }
}
