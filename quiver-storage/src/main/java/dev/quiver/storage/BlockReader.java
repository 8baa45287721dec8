package dev.quiver.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one block written by {@link BlockWriter}, read from a {@link ChecksummedFileReader} in one
 * piece. Every decoding failure (a varint running past the block or its width, a string or count
 * longer than what remains, bytes left over) is a {@link CorruptFileException} naming the file and
 * the byte offset in it.
 *
 * <p>Not thread-safe.
 */
public final class BlockReader {

  private final ChecksummedFileReader in;
  private final byte[] b;
  /** File offset of {@code b[0]}. */
  private final long base;
  private int pos;

  private BlockReader(ChecksummedFileReader in, byte[] b, long base) {
    this.in = in;
    this.b = b;
    this.base = base;
  }

  /** Reads the next count-prefixed block of {@code in}. */
  public static BlockReader read(ChecksummedFileReader in) throws IOException {
    long base = in.position() + Integer.BYTES;
    byte[] bytes = in.readBytes();
    return new BlockReader(in, bytes, base);
  }

  /** File offset of the next byte. */
  public long position() {
    return base + pos;
  }

  public int remaining() {
    return b.length - pos;
  }

  /** A varint that must fit a non-negative int. */
  public int readVarint() throws CorruptFileException {
    long at = position();
    long v = readVarLong();
    if (v > Integer.MAX_VALUE) {
      throw corrupt("has a varint of " + v + " where an int belongs", at);
    }
    return (int) v;
  }

  /** A varint that must fit a non-negative long. */
  public long readVarLong() throws CorruptFileException {
    long at = position();
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (pos >= b.length) {
        throw corrupt("has a varint running past the end of its block", at);
      }
      int x = b[pos++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw corrupt("has a varint longer than 9 bytes", at);
  }

  public int readByte() throws CorruptFileException {
    need(1);
    return b[pos++] & 0xFF;
  }

  public long readLong() throws CorruptFileException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[pos++] & 0xFF);
    }
    return v;
  }

  /** {@code n} big-endian longs, copied in bulk. */
  public long[] readLongs(int n) throws CorruptFileException {
    if (n < 0 || (long) n * 8 > remaining()) {
      throw corrupt("has " + n + " words but only " + remaining() + " bytes remain in the block", position());
    }
    long[] words = new long[n];
    ByteBuffer.wrap(b, pos, n * 8).asLongBuffer().get(words);
    pos += n * 8;
    return words;
  }

  public String readString() throws CorruptFileException {
    int n = readVarint();
    need(n);
    String s = new String(b, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Checks that the block was read to its end. */
  public void expectEnd() throws CorruptFileException {
    if (pos != b.length) {
      throw corrupt("has " + remaining() + " unexpected bytes at the end of a block", position());
    }
  }

  /** An error naming the file, {@code offset} and the reader's section. */
  public CorruptFileException corrupt(String problem, long offset) {
    return in.corrupt(problem, offset);
  }

  private void need(int n) throws CorruptFileException {
    if (n > b.length - pos) {
      throw corrupt("needs " + n + " bytes but only " + remaining() + " remain in the block", position());
    }
  }
}
