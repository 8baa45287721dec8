package dev.quiver.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end marker of a write-ahead log: a small checksummed file, kept <em>outside</em> the log's
 * folder, naming the last position of the log known to be durable. A crash can only leave the log
 * longer than that position (a torn tail is always past it), so a log that ends before it has
 * lost acknowledged records: a segment was deleted or cut after the fact. The segments cannot tell
 * that by themselves, since a cut at a record boundary or a missing last segment looks like a log
 * that simply ended there.
 *
 * <h2>Format</h2>
 * A {@link ChecksummedFileWriter} file (written to a temporary file, fsync'd, renamed), magic
 * 0x5157454D ("QWEM"), version 1, body:
 * <pre>
 * long lastLsn       the last LSN durable in the log (0: none yet)
 * long segmentFirst  first LSN of the segment that was active, whose file (and header) is durable
 * long segmentBytes  bytes of that segment durable then: the end of record lastLsn when it is in
 *                    that segment, else the header's 20
 * </pre>
 * Stateless; {@link WalEndMarkerWriter} keeps it current and serialises the writes.
 */
final class WalEndMarker {

  static final int MAGIC = 0x5157454D; // "QWEM"
  static final int VERSION = 1;

  /** A durable position: record {@code lastLsn}, in or before segment {@code segmentFirst}. */
  record Position(long lastLsn, long segmentFirst, long segmentBytes) {

    /** Whether this position is at or past {@code other} (markers only move forward). */
    boolean covers(Position other) {
      return lastLsn >= other.lastLsn && segmentFirst >= other.segmentFirst
          && (segmentFirst > other.segmentFirst || segmentBytes >= other.segmentBytes);
    }

    @Override
    public String toString() {
      return "LSN " + lastLsn + " (byte " + segmentBytes + " of " + WalFormat.fileName(segmentFirst) + ")";
    }
  }

  private WalEndMarker() {}

  /** The marker in {@code file}, or null when there is none (a log older than markers, or a new one). */
  static Position read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, MAGIC, VERSION)) {
      in.section("the end position");
      long lastLsn = in.readLong();
      long segmentFirst = in.readLong();
      long segmentBytes = in.readLong();
      in.verifyFooter();
      if (lastLsn < 0 || segmentFirst < 1 || segmentBytes < WalFormat.HEADER) {
        throw new CorruptFileException("write-ahead log end marker " + file + " holds an impossible position (LSN "
            + lastLsn + ", segment " + segmentFirst + ", " + segmentBytes + " bytes); delete it to open the log"
            + " without the check against lost records");
      }
      return new Position(lastLsn, segmentFirst, segmentBytes);
    }
  }

  /** Replaces the marker atomically (temporary file, fsync, rename, folder fsync). */
  static void write(Path file, Position p) throws IOException {
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, MAGIC, VERSION)) {
      out.writeLong(p.lastLsn());
      out.writeLong(p.segmentFirst());
      out.writeLong(p.segmentBytes());
      out.commit();
    }
  }
}
