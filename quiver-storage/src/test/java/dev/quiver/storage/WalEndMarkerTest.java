package dev.quiver.storage;

import static dev.quiver.storage.WalFormat.HEADER;
import static dev.quiver.storage.WalFormat.RECORD_HEADER;
import static dev.quiver.storage.WriteAheadLogTest.expected;
import static dev.quiver.storage.WriteAheadLogTest.firstLsnOf;
import static dev.quiver.storage.WriteAheadLogTest.rec;
import static dev.quiver.storage.WriteAheadLogTest.replayAll;
import static dev.quiver.storage.WriteAheadLogTest.segments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log with an end marker refuses to open when records it had made durable are gone: a deleted
 * segment (first, middle or last), a segment cut short, a log starting after the checkpoint. It
 * still opens after what a crash leaves (a torn tail past the marker), and with {@code acceptLoss}
 * it keeps the valid prefix and moves the rest aside.
 */
class WalEndMarkerTest {

  static final long SEGMENT = 150; // a few records per segment

  /** A log of {@code count} records in small segments, cleanly closed; its marker is {@code root/wal.end}. */
  static Path writeLog(Path root, long count) throws IOException {
    Path dir = root.resolve("wal");
    try (WriteAheadLog wal = open(root, 1, false)) {
      for (long i = 1; i <= count; i++) {
        assertEquals(i, wal.append(rec(i)));
      }
    }
    return dir;
  }

  static WriteAheadLog open(Path root, long nextLsnIfEmpty, boolean acceptLoss) throws IOException {
    return WriteAheadLog.open(root.resolve("wal"), Durability.NONE, nextLsnIfEmpty, SEGMENT, root.resolve("wal.end"),
        acceptLoss);
  }

  static List<Path> lostFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getParent().getFileName().toString().startsWith("lost-")).sorted().toList();
    }
  }

  /** Bytes of the segment that hold records up to and including {@code lsn}, which it must hold. */
  static long endOfRecord(Path segment, long lsn) {
    long pos = HEADER;
    for (long i = firstLsnOf(segment); i <= lsn; i++) {
      pos += RECORD_HEADER + rec(i).length;
    }
    return pos;
  }

  @Test
  void deletingTheLastSegmentIsRefusedWithTheExpectedAndFoundEnds(@TempDir Path root) throws IOException {
    Path dir = writeLog(root, 30);
    List<Path> segs = segments(dir);
    assertTrue(segs.size() >= 4, segs.toString());
    Path last = segs.get(segs.size() - 1);
    long lostFrom = firstLsnOf(last);
    long lastSize = Files.size(last);
    Files.delete(last);
    byte[] before = Files.readAllBytes(segs.get(segs.size() - 2));

    WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> open(root, 1, false));
    assertTrue(e.getMessage().contains("ends at LSN " + (lostFrom - 1) + " (byte " + Files.size(segs.get(segs.size() - 2))
        + " of " + segs.get(segs.size() - 2).getFileName() + ")")
        && e.getMessage().contains("records LSN 30 (byte " + lastSize + " of " + last.getFileName() + ") as durable"),
        e.getMessage());
    assertTrue(e.getMessage().contains("LSNs " + lostFrom + " to 30 (" + (31 - lostFrom) + " acknowledged records)")
        && e.getMessage().contains(last.getFileName() + " was deleted"), e.getMessage());
    // a refused log is left as it was
    assertEquals(segs.subList(0, segs.size() - 1), segments(dir));
    assertTrue(Arrays.equals(before, Files.readAllBytes(segs.get(segs.size() - 2))));

    try (WriteAheadLog wal = open(root, 1, true)) {
      assertEquals(lostFrom - 1, wal.lastLsn());
      assertEquals(expected(1, lostFrom - 1), replayAll(wal, 0));
      assertEquals(lostFrom, wal.append(rec(lostFrom)));
    }
    try (WriteAheadLog wal = open(root, 1, false)) { // the marker now records the new end
      assertEquals(lostFrom, wal.lastLsn());
    }
  }

  @Test
  void cuttingTheLastSegmentAtARecordBoundaryOrInsideARecordIsRefused(@TempDir Path root) throws IOException {
    Path src = writeLog(root.resolve("src"), 30);
    List<Path> segs = segments(src);
    Path last = segs.get(segs.size() - 1);
    long first = firstLsnOf(last);
    assertTrue(30 - first >= 1, "the last segment needs two records: " + segs);
    long boundary = endOfRecord(last, 29); // drops only LSN 30, cleanly
    for (long cut : new long[] {boundary, boundary + 5, HEADER, 3}) {
      Path r = root.resolve("cut-" + cut);
      copy(root.resolve("src"), r);
      Path file = r.resolve("wal").resolve(last.getFileName());
      Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) cut));
      WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> open(r, 1, false), "cut at " + cut);
      long kept = cut >= boundary ? 29 : first - 1;
      assertTrue(e.getMessage().contains("LSNs " + (kept + 1) + " to 30"), "cut at " + cut + ": " + e.getMessage());
      assertEquals(cut, Files.size(file), "a refused log is not truncated");
      try (WriteAheadLog wal = open(r, 1, true)) {
        assertEquals(expected(1, kept), replayAll(wal, 0), "cut at " + cut);
      }
    }
  }

  @Test
  void deletingAMiddleOrFirstSegmentIsRefusedAndAcceptLossKeepsThePrefix(@TempDir Path root) throws IOException {
    Path src = writeLog(root.resolve("src"), 30);
    List<Path> segs = segments(src);
    assertTrue(segs.size() >= 4, segs.toString());

    Path middle = root.resolve("middle");
    copy(root.resolve("src"), middle);
    Files.delete(middle.resolve("wal").resolve(segs.get(2).getFileName()));
    WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> open(middle, 1, false));
    assertTrue(e.getMessage().contains("a segment is missing"), e.getMessage());
    long kept = firstLsnOf(segs.get(2)) - 1;
    try (WriteAheadLog wal = open(middle, 1, true)) {
      assertEquals(expected(1, kept), replayAll(wal, 0));
    }
    assertEquals(segs.subList(3, segs.size()).stream().map(Path::getFileName).toList(),
        lostFiles(middle.resolve("wal")).stream().map(Path::getFileName).toList(), "later segments moved aside");

    // The first segment, which the caller's checkpoint does not cover: records 1.. are missing.
    Path firstGone = root.resolve("first");
    copy(root.resolve("src"), firstGone);
    Files.delete(firstGone.resolve("wal").resolve(segs.get(0).getFileName()));
    e = assertThrows(WalCorruptedException.class, () -> open(firstGone, 1, false));
    assertTrue(e.getMessage().contains("the log starts at LSN " + firstLsnOf(segs.get(1)))
        && e.getMessage().contains("LSNs 1 to " + (firstLsnOf(segs.get(1)) - 1) + " are missing"), e.getMessage());
    // ...but a checkpoint that covers them makes it a normal log
    try (WriteAheadLog wal = open(firstGone, firstLsnOf(segs.get(1)), false)) {
      assertEquals(expected(firstLsnOf(segs.get(1)), 30), replayAll(wal, firstLsnOf(segs.get(1)) - 1));
    }
  }

  @Test
  void aTornTailPastTheMarkerIsStillATornTail(@TempDir Path root) throws IOException {
    Path dir = writeLog(root, 10);
    List<Path> segs = segments(dir);
    Path last = segs.get(segs.size() - 1);
    // What a kill during the next write leaves: half a record after the durable end.
    byte[] torn = WalFormat.frame(11, rec(11), true);
    Files.write(last, Arrays.copyOf(torn, torn.length - 2), java.nio.file.StandardOpenOption.APPEND);
    try (WriteAheadLog wal = open(root, 1, false)) {
      assertEquals(expected(1, 10), replayAll(wal, 0));
    }
    assertEquals(List.of(), lostFiles(dir));
  }

  @Test
  void aLogWithoutAMarkerIsNotCheckedAndGetsOne(@TempDir Path root) throws IOException {
    Path dir = root.resolve("wal");
    WriteAheadLogTest.writeLog(dir, 20, SEGMENT); // an older Quiver: no marker
    List<Path> segs = segments(dir);
    Files.delete(segs.get(segs.size() - 1));
    try (WriteAheadLog wal = open(root, 1, false)) {
      assertEquals(firstLsnOf(segs.get(segs.size() - 1)) - 1, wal.lastLsn());
    }
    assertTrue(Files.exists(root.resolve("wal.end")));
  }

  @Test
  void anUnreadableMarkerIsRefusedUnlessLossIsAccepted(@TempDir Path root) throws IOException {
    writeLog(root, 5);
    Path marker = root.resolve("wal.end");
    byte[] b = Files.readAllBytes(marker);
    b[10] ^= 1;
    Files.write(marker, b);
    WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> open(root, 1, false));
    assertTrue(e.getMessage().contains("end marker cannot be read"), e.getMessage());
    try (WriteAheadLog wal = open(root, 1, true)) {
      assertEquals(5, wal.lastLsn());
    }
    open(root, 1, false).close(); // rewritten
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
