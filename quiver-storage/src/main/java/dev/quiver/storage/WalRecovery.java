package dev.quiver.storage;

import static dev.quiver.storage.WalFormat.HEADER;

import dev.quiver.storage.WalEndMarker.Position;
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
 * segment, refuses any other damage and, when the log has an end marker, a log that ends before
 * the marker's durable position or starts after the caller's checkpoint. The rules are documented
 * on {@link WriteAheadLog}. Runs on the opening thread before the log is shared.
 *
 * <p>Nothing is changed on disk before every check has passed (or the loss has been accepted), so
 * a refused log is left exactly as it was found, for a restore or a closer look.
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

  /** Where the scan stopped early: segment {@code index} is cut at {@code offset} (or dropped whole when -1). */
  private record Stop(int index, long offset, WalCorruptedException problem) {}

  private WalRecovery() {}

  /**
   * @param marked the end marker's position, or null when the log has none (then neither it nor
   *     the start of the log is checked against anything)
   * @param acceptLoss keep the longest valid prefix instead of refusing: the records after a
   *     damaged or missing spot are moved to a {@code lost-<millis>} folder, and a WARNING says
   *     which LSNs were lost
   */
  static Recovered recover(Path dir, long nextLsnIfEmpty, Position marked, boolean acceptLoss) throws IOException {
    List<Segment> found = list(dir);
    long end = -1; // LSN after the last valid record so far
    Stop stop = null;
    long tornAt = -1; // offset of a torn tail in the last segment, or -1
    String tornTail = null; // its warning, logged once it is cut
    if (marked != null && !found.isEmpty() && found.get(0).firstLsn() > nextLsnIfEmpty) {
      // Segments are deleted only once a checkpoint covers every record in them, so the first one
      // left always holds the record after the checkpoint (or starts right after it).
      Segment s = found.get(0);
      stop = new Stop(0, -1, corrupt(s.path(), 0, "the log starts at LSN " + s.firstLsn() + " but the checkpoint"
          + " covers only LSNs up to " + (nextLsnIfEmpty - 1) + ": LSNs " + nextLsnIfEmpty + " to " + (s.firstLsn() - 1)
          + " are missing (an older segment was deleted, or the checkpoint was replaced by an older one)"));
    }
    for (int i = 0; stop == null && i < found.size(); i++) {
      Segment s = found.get(i);
      boolean last = i == found.size() - 1;
      if (end != -1 && s.firstLsn() != end) {
        stop = new Stop(i, -1, corrupt(s.path(), 0, "the segment starts at LSN " + s.firstLsn()
            + " but the previous segment ends at LSN " + (end - 1)
            + (s.firstLsn() > end ? " (a segment is missing)" : " (segments overlap)")));
        break;
      }
      Scan scan = scan(s);
      end = scan.end;
      if (scan.damage == null) {
        continue;
      }
      WalSegmentReader.Damage damage = scan.damage;
      String where = damage.offset() < HEADER ? "" : " (record for LSN " + end + ")";
      if (!last) {
        stop = new Stop(i, damage.offset(), corrupt(s.path(), damage.offset(), damage.what() + where
            + " in a segment that is not the last one"));
      } else if (damage.checksumOk()) {
        stop = new Stop(i, damage.offset(), corrupt(s.path(), damage.offset(), damage.what() + where));
      } else {
        WalSegmentReader.Tail tail = WalSegmentReader.examineTail(s.path(), damage.offset(), scan.size, end);
        if (tail == WalSegmentReader.Tail.VALID_RECORD_FOLLOWS) {
          stop = new Stop(i, damage.offset(), corrupt(s.path(), damage.offset(), damage.what() + where
              + ", yet valid records follow it"));
        } else {
          tornAt = damage.offset(); // a torn tail: nothing after the damage was ever completely written
          tornTail = java.text.MessageFormat.format("write-ahead log {0}: torn tail at byte {1} ({2}{3}{4}): dropped"
              + " {5} bytes, the remains of a write cut short by a crash", s.path(), damage.offset(), damage.what(),
              tail == WalSegmentReader.Tail.ZEROS ? ", zero-filled to the end" : "", where,
              scan.size - Math.min(damage.offset(), scan.size));
        }
      }
    }
    if (stop != null && !acceptLoss) {
      throw stop.problem();
    }

    List<Segment> kept = stop == null ? found : new ArrayList<>(found.subList(0, stop.offset() < 0 ? stop.index()
        : stop.index() + 1));
    long lastFound = kept.isEmpty() ? nextLsnIfEmpty - 1 : end - 1;
    Position reached = kept.isEmpty() ? null
        : new Position(lastFound, kept.get(kept.size() - 1).firstLsn(), reachedBytes(kept, stop, tornAt));
    WalCorruptedException lost = marked == null ? null : checkAgainstMarker(dir, marked, nextLsnIfEmpty, kept, reached);
    if (lost != null && !acceptLoss) {
      throw lost;
    }

    // Every check passed, or the loss is accepted: now change the files.
    if (stop != null) {
      acceptLoss(dir, found, stop, marked, lastFound);
    } else if (lost != null) {
      LOG.log(Level.WARNING, "write-ahead log {0}: accepting the loss of LSNs {1} to {2} ({3} records): {4}",
          dir, lastFound + 1, marked.lastLsn(), marked.lastLsn() - lastFound, lost.getMessage());
    }
    if (tornAt >= 0 && stop == null) {
      cut(kept.get(kept.size() - 1), tornAt);
      LOG.log(Level.WARNING, tornTail);
    }
    if (kept.isEmpty() || end >= nextLsnIfEmpty) {
      return new Recovered(kept, kept.isEmpty() ? nextLsnIfEmpty : end);
    }
    LOG.log(Level.WARNING, "write-ahead log {0} ends at LSN {1} but the checkpoint already covers LSN {2}:"
        + " deleting its {3} segment(s), all covered by the checkpoint, and continuing at LSN {4}",
        dir, end - 1, nextLsnIfEmpty - 1, kept.size(), nextLsnIfEmpty);
    for (Segment s : kept) {
      Files.delete(s.path());
    }
    return new Recovered(List.of(), nextLsnIfEmpty);
  }

  private static List<Segment> list(Path dir) throws IOException {
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
    return found;
  }

  /** What reading a segment found: the LSN after its last valid record, and the first damage. */
  private record Scan(long end, WalSegmentReader.Damage damage, long size) {}

  private static Scan scan(Segment s) throws IOException {
    Path path = s.path();
    long size = Files.size(path);
    long lsn = s.firstLsn();
    WalSegmentReader.Damage damage;
    try (WalSegmentReader r = new WalSegmentReader(path, size)) {
      damage = r.readHeader();
      if (damage == null && r.firstLsn() != s.firstLsn()) {
        return new Scan(lsn, new WalSegmentReader.Damage(0, "the header says the segment starts at LSN "
            + r.firstLsn() + " but its name says " + s.firstLsn(), true), size);
      }
      while (damage == null && !r.atEnd()) {
        damage = r.next(lsn, false);
        if (damage == null) {
          lsn++;
        }
      }
    }
    return new Scan(lsn, damage, size);
  }

  /** Bytes of the last kept segment that hold valid records (its size once cut). */
  private static long reachedBytes(List<Segment> kept, Stop stop, long tornAt) throws IOException {
    Segment last = kept.get(kept.size() - 1);
    long offset = stop != null && stop.offset() >= 0 ? stop.offset() : tornAt;
    return offset >= 0 ? Math.max(offset, HEADER) : Files.size(last.path());
  }

  /**
   * The log must reach the marker's position: a crash only ever leaves the log longer than what
   * was durable when the marker was written, so ending before it means records were removed.
   * Records the checkpoint covers do not count as lost.
   *
   * @return the problem, or null when the log reaches the marker
   */
  private static WalCorruptedException checkAgainstMarker(Path dir, Position marked, long nextLsnIfEmpty,
      List<Segment> kept, Position reached) {
    long lastFound = reached == null ? nextLsnIfEmpty - 1 : reached.lastLsn();
    long covered = Math.max(lastFound, nextLsnIfEmpty - 1);
    String found = reached == null ? "holds no segment (the checkpoint covers LSNs up to " + (nextLsnIfEmpty - 1) + ")"
        : "ends at " + reached;
    Path file = dir.resolve(WalFormat.fileName(marked.segmentFirst()));
    if (covered < marked.lastLsn()) {
      boolean segmentGone = kept.stream().noneMatch(s -> s.firstLsn() == marked.segmentFirst());
      return new WalCorruptedException("write-ahead log " + dir + " " + found + ", but its end marker records "
          + marked + " as durable: LSNs " + (covered + 1) + " to " + marked.lastLsn() + " ("
          + (marked.lastLsn() - covered) + " acknowledged records) are missing; "
          + (segmentGone ? file.getFileName() + " was deleted" : "a segment was deleted or cut short")
          + " after the fact (a crash leaves the log longer, never shorter). Restore the collection from a snapshot,"
          + " or open the log accepting the loss to continue with what is there.");
    }
    boolean segmentPresent = kept.stream().anyMatch(s -> s.firstLsn() >= marked.segmentFirst());
    if (!segmentPresent && marked.segmentFirst() > nextLsnIfEmpty) {
      // Its records (none durable when the marker was written) may have been acknowledged since.
      return new WalCorruptedException("write-ahead log " + dir + " " + found + ", but its end marker records"
          + " that segment " + file.getFileName() + " exists: it was deleted, with any record written to it"
          + " since. Restore the collection from a snapshot, or open the log accepting the loss to continue with"
          + " what is there.");
    }
    return null;
  }

  /**
   * Keeps the log before {@code stop}: the segments after it are moved to {@code lost-<millis>/},
   * as is a copy of the segment it cuts, which is then truncated there.
   */
  private static void acceptLoss(Path dir, List<Segment> found, Stop stop, Position marked, long lastFound)
      throws IOException {
    Path lost = dir.resolve("lost-" + System.currentTimeMillis());
    Files.createDirectories(lost);
    long highest = marked == null ? lastFound : Math.max(lastFound, marked.lastLsn());
    List<String> moved = new ArrayList<>();
    for (int i = stop.index(); i < found.size(); i++) {
      Segment s = found.get(i);
      highest = Math.max(highest, scan(s).end() - 1); // as far as its records can be read
      if (i == stop.index() && stop.offset() >= 0) {
        Files.copy(s.path(), lost.resolve(s.path().getFileName()));
        cut(s, stop.offset());
        moved.add(s.path().getFileName() + " (a copy; the file is cut at byte " + stop.offset() + ")");
      } else {
        Files.move(s.path(), lost.resolve(s.path().getFileName()));
        moved.add(s.path().getFileName().toString());
      }
    }
    ChecksummedFileWriter.fsyncDirectory(lost);
    ChecksummedFileWriter.fsyncDirectory(dir);
    LOG.log(Level.WARNING, "write-ahead log {0}: accepting the loss of LSNs {1} to {2} (at least {3} records): {4}"
        + " Kept the log up to LSN {5}; moved to {6}: {7}", dir, lastFound + 1, highest,
        Math.max(0, highest - lastFound), stop.problem().getMessage(), lastFound, lost, moved);
  }

  /** Truncates a segment at {@code offset}; one cut inside its header keeps just a fresh header. */
  private static void cut(Segment s, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(s.path().toFile(), "rw")) {
      if (offset < HEADER) {
        // The segment's header is fsync'd before its first record, so no record lived here.
        raf.setLength(0);
        raf.write(WalFormat.header(s.firstLsn()));
      } else {
        raf.setLength(offset);
      }
      raf.getFD().sync();
    }
  }

  static WalCorruptedException corrupt(Path file, long offset, String problem) {
    return new WalCorruptedException("write-ahead log segment " + file + " is corrupt at byte " + offset + ": "
        + problem + ". Restore the collection from a snapshot, or move this segment and every later one out of "
        + file.getParent() + " to accept losing their records.");
  }
}
