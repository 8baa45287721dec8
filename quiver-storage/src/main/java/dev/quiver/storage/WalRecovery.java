package dev.quiver.storage;

import static dev.quiver.storage.WalFormat.HEADER;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Opening a log folder: checks every segment and record, truncates a torn tail of the last
 * segment, refuses any other damage. The rules are documented on {@link WriteAheadLog}. Runs on
 * the opening thread before the log is shared.
 */
final class WalRecovery {

  private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());

  /** A segment file and the LSN its name declares. */
  record Segment(long firstLsn, Path path) {}

  /**
   * The valid segments, oldest first, and the LSN after the last valid record; {@code segments} is
   * empty when the caller must start a fresh segment at {@code nextLsn}.
   */
  record Recovered(List<Segment> segments, long nextLsn) {}

  private WalRecovery() {}

  static Recovered recover(Path dir, long nextLsnIfEmpty) throws IOException {
    List<Segment> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "wal-*.log")) {
      for (Path p : ds) {
        long first = WalFormat.firstLsnOf(p.getFileName().toString());
        if (first >= 1) {
          found.add(new Segment(first, p));
        }
      }
    }
    found.sort(Comparator.comparingLong(Segment::firstLsn));
    long end = -1; // LSN after the last valid record so far
    for (int i = 0; i < found.size(); i++) {
      end = recoverSegment(found.get(i), i == found.size() - 1, end);
    }
    if (found.isEmpty() || end >= nextLsnIfEmpty) {
      return new Recovered(found, found.isEmpty() ? nextLsnIfEmpty : end);
    }
    LOG.log(Level.WARNING, "write-ahead log {0} ends at LSN {1} but the checkpoint already covers LSN {2}:"
        + " deleting its {3} segment(s), all covered by the checkpoint, and continuing at LSN {4}",
        dir, end - 1, nextLsnIfEmpty - 1, found.size(), nextLsnIfEmpty);
    for (Segment s : found) {
      Files.delete(s.path());
    }
    return new Recovered(List.of(), nextLsnIfEmpty);
  }

  /**
   * Checks one segment, truncating a torn tail when it is the last.
   *
   * @param expected the LSN the segment must start at, or -1 for the oldest
   * @return the LSN after its last valid record
   */
  private static long recoverSegment(Segment s, boolean last, long expected) throws IOException {
    Path path = s.path();
    if (expected != -1 && s.firstLsn() != expected) {
      throw corrupt(path, 0, "the segment starts at LSN " + s.firstLsn() + " but the previous segment ends at LSN "
          + (expected - 1) + (s.firstLsn() > expected ? " (a segment is missing)" : " (segments overlap)"));
    }
    long size = Files.size(path);
    long lsn = s.firstLsn();
    WalSegmentReader.Damage damage;
    try (WalSegmentReader r = new WalSegmentReader(path, size)) {
      damage = r.readHeader();
      if (damage == null && r.firstLsn() != s.firstLsn()) {
        throw corrupt(path, 0, "the header says the segment starts at LSN " + r.firstLsn()
            + " but its name says " + s.firstLsn());
      }
      while (damage == null && !r.atEnd()) {
        damage = r.next(lsn, false);
        if (damage == null) {
          lsn++;
        }
      }
    }
    if (damage == null) {
      return lsn;
    }
    String where = damage.offset() < HEADER ? "" : " (record for LSN " + lsn + ")";
    if (!last) {
      throw corrupt(path, damage.offset(), damage.what() + where + " in a segment that is not the last one");
    }
    if (damage.checksumOk()) {
      throw corrupt(path, damage.offset(), damage.what() + where);
    }
    WalSegmentReader.Tail tail = WalSegmentReader.examineTail(path, damage.offset(), size, lsn);
    if (tail == WalSegmentReader.Tail.VALID_RECORD_FOLLOWS) {
      throw corrupt(path, damage.offset(), damage.what() + where + ", yet valid records follow it");
    }
    // A torn tail: nothing after the damage was ever completely written.
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
      if (damage.offset() < HEADER) {
        // The segment's header is fsync'd before its first record, so no record lived here.
        raf.setLength(0);
        raf.write(WalFormat.header(s.firstLsn()));
      } else {
        raf.setLength(damage.offset());
      }
      raf.getFD().sync();
    }
    LOG.log(Level.WARNING, "write-ahead log {0}: torn tail at byte {1} ({2}{3}{4}): dropped {5} bytes,"
        + " the remains of a write cut short by a crash", path, damage.offset(), damage.what(),
        tail == WalSegmentReader.Tail.ZEROS ? ", zero-filled to the end" : "", where,
        size - Math.min(damage.offset(), size));
    return lsn;
  }

  static WalCorruptedException corrupt(Path file, long offset, String problem) {
    return new WalCorruptedException("write-ahead log segment " + file + " is corrupt at byte " + offset + ": "
        + problem + ". Restore the collection from a snapshot, or move this segment and every later one out of "
        + file.getParent() + " to accept losing their records.");
  }
}
