package dev.quiver.storage;

import static dev.quiver.storage.WalFormat.HEADER;
import static dev.quiver.storage.WalFormat.RECORD_HEADER;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads one segment front to back, checking the header and every record's framing, checksum and
 * LSN. Used by recovery and replay; owned by the thread that opened it. Reads stream through a
 * small buffer, so a 64 MiB segment costs no more memory than its largest record (and nothing
 * when payloads are not kept).
 */
final class WalSegmentReader implements AutoCloseable {

  /**
   * What is wrong at {@code offset}. {@code checksumOk} marks bytes that are a well-formed record
   * or header in the wrong place: a crash cannot produce that, so it is never a torn tail.
   */
  record Damage(long offset, String what, boolean checksumOk) {}

  /** What follows a damaged spot in the last segment. */
  enum Tail {
    ZEROS,
    NO_VALID_RECORD,
    VALID_RECORD_FOLLOWS
  }

  private final InputStream in;
  private final long limit;
  private final byte[] head = new byte[RECORD_HEADER];
  private final byte[] scratch = new byte[1 << 16];
  private long pos;
  private long firstLsn;
  private byte[] payload;

  /** Reads the first {@code limit} bytes of {@code path} (the active segment may be longer). */
  WalSegmentReader(Path path, long limit) throws IOException {
    // FileInputStream, unlike a FileChannel, is not closed by an interrupt of the reading thread.
    this.in = new BufferedInputStream(new FileInputStream(path.toFile()), 1 << 16);
    this.limit = limit;
  }

  long position() {
    return pos;
  }

  boolean atEnd() {
    return pos >= limit;
  }

  long firstLsn() {
    return firstLsn;
  }

  /** The payload of the record {@link #next} just accepted (when asked to keep it). */
  byte[] payload() {
    return payload;
  }

  /** Reads the segment header; null when it is valid (see {@link #firstLsn()}). */
  Damage readHeader() throws IOException {
    if (limit < HEADER) {
      return new Damage(0, "a segment header cut short (" + limit + " of " + HEADER + " bytes)", false);
    }
    byte[] h = new byte[HEADER];
    readFully(h, HEADER);
    ByteBuffer b = ByteBuffer.wrap(h);
    CRC32C crc = new CRC32C();
    crc.update(h, 0, 16);
    if ((int) crc.getValue() != b.getInt(16)) {
      return new Damage(0, "a segment header checksum mismatch", false);
    }
    if (b.getInt(0) != WalFormat.MAGIC) {
      return new Damage(0, String.format("magic 0x%08X, expected 0x%08X (\"QWAL\"): not a write-ahead log segment",
          b.getInt(0), WalFormat.MAGIC), true);
    }
    if (b.getInt(4) != WalFormat.VERSION) {
      return new Damage(0, "segment format version " + b.getInt(4) + "; this Quiver reads version "
          + WalFormat.VERSION + " (was the folder written by a newer Quiver?)", true);
    }
    firstLsn = b.getLong(8);
    return null;
  }

  /**
   * Reads the next record, which must carry {@code expectedLsn}; null when it is valid.
   *
   * @param keepPayload whether to keep the payload for {@link #payload()} (replay) or only check it
   */
  Damage next(long expectedLsn, boolean keepPayload) throws IOException {
    long start = pos;
    payload = null;
    if (limit - pos < RECORD_HEADER) {
      return new Damage(start, "a record header cut short (" + (limit - pos) + " of " + RECORD_HEADER
          + " bytes)", false);
    }
    readFully(head, RECORD_HEADER);
    ByteBuffer h = ByteBuffer.wrap(head);
    int length = h.getInt(0);
    int storedCrc = h.getInt(4);
    long lsn = h.getLong(8);
    if (length < 0 || length > WriteAheadLog.MAX_RECORD) {
      return new Damage(start, "an impossible record length " + length + " (at most "
          + WriteAheadLog.MAX_RECORD + ")", false);
    }
    if (length > limit - pos) {
      return new Damage(start, "a record of " + length + " bytes running past the end of the file ("
          + (limit - pos) + " bytes remain)", false);
    }
    CRC32C crc = new CRC32C();
    crc.update(head, 8, 8);
    if (keepPayload) {
      byte[] p = new byte[length];
      readFully(p, length);
      crc.update(p);
      payload = p;
    } else {
      for (int left = length; left > 0; ) {
        int n = Math.min(left, scratch.length);
        readFully(scratch, n);
        crc.update(scratch, 0, n);
        left -= n;
      }
    }
    if ((int) crc.getValue() != storedCrc) {
      payload = null;
      return new Damage(start, "a record checksum mismatch", false);
    }
    if (lsn != expectedLsn) {
      payload = null;
      return new Damage(start, "LSN " + lsn + " where " + expectedLsn + " was expected (LSNs increase by 1)",
          true);
    }
    return null;
  }

  private void readFully(byte[] b, int n) throws IOException {
    for (int off = 0; off < n; ) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException("segment shrank while being read, at byte " + (pos + off));
      }
      off += r;
    }
    pos += n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Looks at {@code [from, size)} of a damaged last segment: is it all zeros, or does a valid record
   * (right checksum, an LSN that could follow {@code expectedLsn}) start anywhere in it? A valid
   * record there means the damage is not the torn end of the last write. Error path only; reads in
   * 1 MiB blocks, so memory stays bounded whatever the file size.
   */
  static Tail examineTail(Path path, long from, long size, long expectedLsn) throws IOException {
    long maxLsn = expectedLsn + (size - from) / RECORD_HEADER + 1;
    boolean zeros = true;
    byte[] block = new byte[1 << 20];
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
      long base = from;
      while (base < size) {
        int n = (int) Math.min(block.length, size - base);
        raf.seek(base);
        raf.readFully(block, 0, n);
        ByteBuffer b = ByteBuffer.wrap(block, 0, n);
        boolean lastBlock = base + n == size;
        // Blocks overlap by a record header so that no candidate start is missed at a boundary.
        int step = lastBlock ? n : n - (RECORD_HEADER - 1);
        for (int i = 0; i < step; i++) {
          if (block[i] != 0) {
            zeros = false;
          }
          if (i + RECORD_HEADER > n) {
            continue; // no room for a record header before the end of the file
          }
          long p = base + i;
          int length = b.getInt(i);
          long lsn = b.getLong(i + 8);
          if (length < 0 || length > WriteAheadLog.MAX_RECORD || length > size - p - RECORD_HEADER
              || lsn < expectedLsn || lsn > maxLsn) {
            continue;
          }
          if (checksumMatches(raf, p, length, b.getInt(i + 4))) {
            return Tail.VALID_RECORD_FOLLOWS;
          }
        }
        base += step;
      }
    }
    return zeros ? Tail.ZEROS : Tail.NO_VALID_RECORD;
  }

  private static boolean checksumMatches(RandomAccessFile raf, long recordStart, int length, int stored)
      throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[Math.min(8 + length, 1 << 16)];
    raf.seek(recordStart + 8);
    for (long left = 8L + length; left > 0; ) {
      int n = (int) Math.min(left, buf.length);
      raf.readFully(buf, 0, n);
      crc.update(buf, 0, n);
      left -= n;
    }
    return (int) crc.getValue() == stored;
  }
}
