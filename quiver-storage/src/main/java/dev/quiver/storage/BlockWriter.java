package dev.quiver.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one block of a checksummed file in memory: variable-length integers, fixed-width longs and
 * strings, written out by {@link #writeTo} as one count-prefixed byte field. Formats with many small
 * values (postings lists) use blocks so that {@link BlockReader} decodes them from an array instead
 * of going through the file reader value by value.
 *
 * <h2>Encodings</h2>
 * {@code varint}: unsigned LEB128 (7 bits a byte, low group first, high bit set on every byte but
 * the last; at most 5 bytes for an int, 9 for a long). {@code long}: 8 bytes big-endian.
 * {@code byte}: 1 byte. {@code string}: varint byte length, then UTF-8.
 *
 * <p>Not thread-safe.
 */
public final class BlockWriter {

  private byte[] buf = new byte[256];
  private int size;

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** A non-negative int as a varint. */
  public void writeVarint(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("varints are non-negative, got " + v);
    }
    writeVarLong(v);
  }

  /** A non-negative long as a varint. */
  public void writeVarLong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("varints are non-negative, got " + v);
    }
    room(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void writeByte(int v) {
    room(1);
    buf[size++] = (byte) v;
  }

  public void writeLong(long v) {
    room(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  public void writeString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(b.length);
    room(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  /** Writes the block as {@code int length, bytes} and empties it. */
  public void writeTo(ChecksummedFileWriter out) throws IOException {
    out.writeBytes(size == buf.length ? buf : Arrays.copyOf(buf, size));
    size = 0;
    if (buf.length > 1 << 20) {
      buf = new byte[256]; // do not keep a large one alive
    }
  }

  private void room(int n) {
    if (buf.length - size < n) {
      long want = Math.max((long) buf.length * 2, (long) size + n);
      if (want > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a block cannot exceed 2 GiB; split it");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
