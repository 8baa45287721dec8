package dev.quiver.storage;

import static dev.quiver.storage.WalFormat.HEADER;
import static dev.quiver.storage.WalFormat.RECORD_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

  /** Distinct, variable-length payloads (including empty ones) that name their number. */
  static byte[] rec(long i) {
    return i % 11 == 0 ? new byte[0]
        : ("record-" + i + "-" + "x".repeat((int) (i % 37))).getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** "lsn:payload" for every record after {@code after}. */
  static List<String> replayAll(WriteAheadLog wal, long after) throws IOException {
    List<String> out = new ArrayList<>();
    wal.replay(after, (lsn, r) -> out.add(lsn + ":" + text(r)));
    return out;
  }

  /** What replayAll must return when the log holds records {@code from..to} written with rec(i). */
  static List<String> expected(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(i -> i + ":" + text(rec(i))).toList();
  }

  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
    }
  }

  static long firstLsnOf(Path segment) {
    return WalFormat.firstLsnOf(segment.getFileName().toString());
  }

  static void writeLog(Path dir, long count, long segmentBytes) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 1, segmentBytes)) {
      for (long i = 1; i <= count; i++) {
        assertEquals(i, wal.append(rec(i)));
      }
    }
  }

  /** A copy of {@code src} in a new folder, with {@code file} replaced by {@code bytes}. */
  static Path variant(Path root, String name, Path src, Path file, byte[] bytes) throws IOException {
    Path d = Files.createDirectories(root.resolve(name));
    for (Path p : segments(src)) {
      Files.copy(p, d.resolve(p.getFileName()));
    }
    Files.write(d.resolve(file.getFileName()), bytes);
    return d;
  }

  static long folderBytes(Path dir) throws IOException {
    long sum = 0;
    for (Path p : segments(dir)) {
      sum += Files.size(p);
    }
    return sum;
  }

  @Test
  void roundTripAcrossReopenRotationAndTruncation(@TempDir Path dir) throws IOException {
    writeLog(dir, 40, 300);
    List<Path> before = segments(dir);
    assertTrue(before.size() > 3, "rotation at 300 bytes: " + before);
    for (Path p : before) {
      assertTrue(Files.size(p) < 300 + RECORD_HEADER + 64, p + " grew past the limit: " + Files.size(p));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.FSYNC_EVERY_WRITE, 1, 300)) {
      assertEquals(40, wal.lastLsn());
      assertEquals(folderBytes(dir), wal.sizeBytes());
      assertEquals(expected(1, 40), replayAll(wal, 0));
      assertEquals(expected(39, 40), replayAll(wal, 38));
      assertEquals(List.of(), replayAll(wal, 40));
      assertEquals(41, wal.append(rec(41)));

      wal.truncateUpTo(30);
      // exactly the segments whose last LSN is <= 30 are gone
      List<Path> after = segments(dir);
      for (int i = 0; i < before.size(); i++) {
        long last = i + 1 < before.size() ? firstLsnOf(before.get(i + 1)) - 1 : 41;
        assertEquals(last > 30, after.contains(before.get(i)), before.get(i) + " holds LSNs up to " + last);
      }
      assertEquals(folderBytes(dir), wal.sizeBytes());
      assertEquals(expected(31, 41), replayAll(wal, 30));
      long firstKept = firstLsnOf(after.get(0));
      WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> replayAll(wal, 0));
      assertTrue(e.getMessage().contains("missing LSNs 1 to " + (firstKept - 1)), e.getMessage());

      assertThrows(IllegalArgumentException.class, () -> wal.truncateUpTo(42));
      wal.truncateUpTo(41); // all records covered: the active segment is rotated and dropped too
      assertEquals(1, segments(dir).size());
      assertEquals(HEADER, wal.sizeBytes());
      assertEquals(List.of(), replayAll(wal, 41));
      assertEquals(42, wal.append(rec(42)));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 1, 300)) {
      assertEquals(42, wal.lastLsn());
      assertEquals(expected(42, 42), replayAll(wal, 41));
      assertThrows(WalCorruptedException.class, () -> replayAll(wal, 40));
    }
  }

  @Test
  void anEmptyOrOlderLogContinuesAfterTheCallersCheckpoint(@TempDir Path dir) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 101)) {
      assertEquals(100, wal.lastLsn());
      assertEquals(List.of(), replayAll(wal, 100));
      assertEquals(101, wal.append(rec(101)));
    }
    // The log is behind the checkpoint (its tail lost with durability none): never reuse an LSN.
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 500)) {
      assertEquals(List.of(dir.resolve(WalFormat.fileName(500))), segments(dir));
      assertEquals(500, wal.append(rec(500)));
      assertEquals(expected(500, 500), replayAll(wal, 499));
      assertThrows(WalCorruptedException.class, () -> replayAll(wal, 100));
    }
    // A log ahead of the caller's checkpoint keeps its records and its numbering.
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 7)) {
      assertEquals(500, wal.lastLsn());
      assertEquals(501, wal.append(rec(501)));
    }
  }

  @Test
  void cuttingTheLastSegmentAtEveryOffsetLosesOnlyTheTornRecord(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("src");
    writeLog(src, 10, 150); // small segments: the last one holds few records
    List<Path> segs = segments(src);
    assertTrue(segs.size() > 1, segs.toString());
    Path lastSeg = segs.get(segs.size() - 1);
    byte[] full = Files.readAllBytes(lastSeg);
    long first = firstLsnOf(lastSeg);
    for (int cut = 0; cut < full.length; cut++) {
      // records wholly before the cut survive; the one the cut goes through is torn
      long complete = first - 1;
      for (int pos = HEADER; complete < 10 && pos + RECORD_HEADER + rec(complete + 1).length <= cut; ) {
        pos += RECORD_HEADER + rec(complete + 1).length;
        complete++;
      }
      Path d = variant(dir, "cut" + cut, src, lastSeg, Arrays.copyOf(full, cut));
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE, 1, 150)) {
        assertEquals(complete, wal.lastLsn(), "cut at " + cut);
        assertEquals(expected(1, complete), replayAll(wal, 0), "cut at " + cut);
        assertEquals(complete + 1, wal.append("after".getBytes(StandardCharsets.UTF_8)));
      }
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE, 1, 150)) {
        List<String> all = replayAll(wal, 0);
        assertEquals(complete + 1, all.size(), "cut at " + cut);
        assertEquals(expected(1, complete), all.subList(0, (int) complete));
        assertEquals((complete + 1) + ":after", all.get((int) complete));
        assertEquals(folderBytes(d), wal.sizeBytes());
      }
    }
  }

  @Test
  void aZeroFilledOrGarbageTailIsATornTail(@TempDir Path dir) throws IOException {
    for (String kind : List.of("zeros", "zeros-after-a-torn-record", "garbage")) {
      Path d = dir.resolve(kind);
      writeLog(d, 3, WriteAheadLog.DEFAULT_SEGMENT_BYTES);
      Path file = segments(d).get(0);
      byte[] tail = new byte[4096];
      if (kind.equals("garbage")) {
        new SplittableRandom(5).nextBytes(tail);
      }
      if (kind.equals("zeros-after-a-torn-record")) {
        byte[] torn = WalFormat.frame(4, rec(4), true);
        Files.write(file, Arrays.copyOf(torn, torn.length - 3), StandardOpenOption.APPEND);
      }
      Files.write(file, tail, StandardOpenOption.APPEND);
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE)) {
        assertEquals(expected(1, 3), replayAll(wal, 0), kind);
        assertEquals(4, wal.append(rec(4)));
      }
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE)) {
        assertEquals(expected(1, 4), replayAll(wal, 0), kind);
      }
    }
  }

  @Test
  void aFlippedByteInAnyFieldOfAnOlderRecordIsRefused(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("src");
    writeLog(src, 20, 150);
    try (WriteAheadLog wal = WriteAheadLog.open(src, Durability.NONE)) { // no rotation: 3 more in the last
      for (long i = 21; i <= 23; i++) {
        wal.append(rec(i));
      }
    }
    List<Path> segs = segments(src);
    assertTrue(segs.size() >= 3, segs.toString());
    // the second record of the last segment (a valid one follows it), and the last record of an
    // older segment (which is not the end of the log, so never a torn tail)
    Path lastSeg = segs.get(segs.size() - 1);
    Path olderSeg = segs.get(0);
    long olderLast = firstLsnOf(segs.get(1)) - 1;
    int inLast = HEADER + RECORD_HEADER + rec(firstLsnOf(lastSeg)).length;
    int inOlder = (int) Files.size(olderSeg) - RECORD_HEADER - rec(olderLast).length;
    assertTrue(Files.size(lastSeg) > inLast + RECORD_HEADER + rec(firstLsnOf(lastSeg) + 1).length,
        "the last segment needs a third record");
    int n = 0;
    for (Object[] target : new Object[][] {{lastSeg, inLast, firstLsnOf(lastSeg) + 1}, {olderSeg, inOlder, olderLast}}) {
      Path file = (Path) target[0];
      int start = (int) target[1];
      int payload = rec((long) target[2]).length;
      byte[] full = Files.readAllBytes(file);
      List<Integer> offsets = new ArrayList<>(List.of(start, start + 3, // length
          start + 4, start + 7, // crc
          start + 8, start + 15)); // lsn
      if (payload > 0) {
        offsets.addAll(List.of(start + 16, start + 16 + payload - 1)); // payload
      }
      for (int offset : offsets) {
        for (int bit : new int[] {0x01, 0x80}) {
          byte[] bad = full.clone();
          bad[offset] ^= (byte) bit;
          Path d = variant(dir, "flip" + n++, src, file, bad);
          WalCorruptedException e = assertThrows(WalCorruptedException.class,
              () -> WriteAheadLog.open(d, Durability.NONE), "flip at " + file.getFileName() + ":" + offset);
          assertTrue(e.getMessage().contains(file.getFileName().toString())
              && e.getMessage().contains("at byte " + start + ":")
              && e.getMessage().contains("move this segment"), e.getMessage());
        }
      }
    }
    // the header of an older segment
    byte[] bad = Files.readAllBytes(olderSeg);
    bad[9] ^= 1;
    Path d = variant(dir, "header", src, olderSeg, bad);
    WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> WriteAheadLog.open(d, Durability.NONE));
    assertTrue(e.getMessage().contains(olderSeg.getFileName() + " is corrupt at byte 0"), e.getMessage());
  }

  @Test
  void wellFormedRecordsOutOfSequenceAndMissingSegmentsAreRefused(@TempDir Path dir) throws IOException {
    // LSNs 1, 2, then 4 (a gap), 2 (a repeat) or 1 (backwards): checksums right, so not a torn
    // write, even as the very last record
    for (long third : new long[] {4, 2, 1}) {
      Path d = Files.createDirectories(dir.resolve("third-" + third));
      byte[] r1 = WalFormat.frame(1, rec(1), true);
      byte[] r2 = WalFormat.frame(2, rec(2), true);
      Path file = d.resolve(WalFormat.fileName(1));
      Files.write(file, WalFormat.header(1));
      Files.write(file, r1, StandardOpenOption.APPEND);
      Files.write(file, r2, StandardOpenOption.APPEND);
      Files.write(file, WalFormat.frame(third, rec(third), true), StandardOpenOption.APPEND);
      WalCorruptedException e = assertThrows(WalCorruptedException.class,
          () -> WriteAheadLog.open(d, Durability.NONE), "third LSN " + third);
      assertTrue(e.getMessage().contains("at byte " + (HEADER + r1.length + r2.length))
          && e.getMessage().contains("LSN " + third + " where 3 was expected"), e.getMessage());
    }

    Path src = dir.resolve("src");
    writeLog(src, 20, 150);
    List<Path> segs = segments(src);
    assertTrue(segs.size() >= 3, segs.toString());
    Files.delete(segs.get(1));
    WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> WriteAheadLog.open(src, Durability.NONE));
    assertTrue(e.getMessage().contains(segs.get(2).getFileName().toString())
        && e.getMessage().contains("a segment is missing"), e.getMessage());
  }

  @Test
  void damageAfterOpeningIsCaughtByReplay(@TempDir Path dir) throws IOException {
    writeLog(dir, 12, 200);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 1, 200)) {
      Path older = segments(dir).get(0);
      byte[] b = Files.readAllBytes(older);
      b[HEADER + RECORD_HEADER] ^= 1;
      Files.write(older, b);
      WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> replayAll(wal, 0));
      assertTrue(e.getMessage().contains(older.getFileName() + " is corrupt at byte " + HEADER), e.getMessage());
    }
  }

  @Test
  void concurrentAppendersGetContiguousLsnsUnderEveryPolicy(@TempDir Path dir) throws Exception {
    int threads = 8;
    int perThread = 500;
    for (Durability d : List.of(Durability.FSYNC_EVERY_WRITE, Durability.group(Duration.ofMillis(2)),
        Durability.NONE)) {
      Path folder = dir.resolve(d.toString().replace(':', '_'));
      long[][] lsns = new long[threads][perThread];
      long fsyncs;
      long started = System.nanoTime();
      try (WriteAheadLog wal = WriteAheadLog.open(folder, d, 1, 16 << 10)) { // rotations happen too
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < perThread; i++) {
              try {
                lsns[thread][i] = wal.append(("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            }
          }, OWN_THREAD));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        fsyncs = wal.fsyncCount();
        assertEquals(threads * perThread, wal.lastLsn());
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      // every LSN 1..4000 handed out once, and each thread's in increasing order
      long[] all = Arrays.stream(lsns).flatMapToLong(Arrays::stream).sorted().toArray();
      assertTrue(Arrays.equals(LongStream.rangeClosed(1, threads * perThread).toArray(), all), d + ": LSNs");
      String[] byLsn = new String[threads * perThread + 1];
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          if (i > 0) {
            assertTrue(lsns[t][i] > lsns[t][i - 1]);
          }
          byLsn[(int) lsns[t][i]] = "t" + t + "-" + i;
        }
      }
      // the log holds exactly what each append was told
      try (WriteAheadLog wal = WriteAheadLog.open(folder, Durability.NONE)) {
        List<String> replayed = new ArrayList<>();
        wal.replay(0, (lsn, r) -> replayed.add(lsn + ":" + text(r)));
        List<String> want = new ArrayList<>();
        for (int lsn = 1; lsn < byLsn.length; lsn++) {
          want.add(lsn + ":" + byLsn[lsn]);
        }
        assertEquals(want, replayed, d.toString());
      }
      System.out.printf("durability %-10s %d appends from %d threads: %d fsyncs, %d ms%n", d, threads * perThread,
          threads, fsyncs, millis);
      if (!(d instanceof Durability.None)) {
        assertTrue(fsyncs >= 1, "a durable policy must fsync");
      }
      if (d instanceof Durability.Group) {
        assertTrue(fsyncs < threads * perThread, "group commit should share fsyncs, did " + fsyncs);
      }
    }
  }

  @Test
  void groupCommitWaitsWithoutBlockingOtherAppenders(@TempDir Path dir) throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.group(Duration.ofSeconds(1)))) {
      CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> append(wal, "a"), OWN_THREAD);
      while (wal.lastLsn() < 1) {
        Thread.onSpinWait();
      }
      // the first appender now waits for its fsync; a second can still append (and lastLsn() answer)
      CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> append(wal, "b"), OWN_THREAD);
      while (wal.lastLsn() < 2) {
        Thread.onSpinWait();
      }
      assertFalse(first.isDone(), "the first append returned before its group fsync");
      assertEquals(1L, first.get(10, TimeUnit.SECONDS));
      assertEquals(2L, second.get(10, TimeUnit.SECONDS));
      assertEquals(1, wal.fsyncCount(), "both records share one fsync");
    }
  }

  /** A fresh thread per task (the common pool may have a single thread on a small machine). */
  static final java.util.concurrent.Executor OWN_THREAD = r -> Thread.ofPlatform().start(r);

  static long append(WriteAheadLog wal, String s) {
    try {
      return wal.append(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void anInterruptedAppenderDoesNotBreakTheLog(@TempDir Path dir) throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.FSYNC_EVERY_WRITE)) {
      Thread.currentThread().interrupt();
      try {
        assertEquals(1, wal.append(rec(1)));
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
      } finally {
        Thread.interrupted();
      }
      assertEquals(2, wal.append(rec(2)));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE)) {
      assertEquals(expected(1, 2), replayAll(wal, 0));
    }
  }

  @Test
  void lifecycleAndArgumentErrors(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("wal-notes.log"), new byte[] {1, 2, 3}); // not a segment name: ignored
    WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE);
    assertEquals(0, wal.lastLsn());
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> wal.append(new byte[WriteAheadLog.MAX_RECORD + 1]));
    assertTrue(big.getMessage().contains(String.valueOf(WriteAheadLog.MAX_RECORD + 1)), big.getMessage());
    assertEquals(1, wal.append(new byte[200_000])); // larger than one buffered write
    assertThrows(IllegalArgumentException.class, () -> wal.replay(-1, (l, r) -> {}));
    wal.close();
    wal.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> wal.append(rec(1)));
    try (WriteAheadLog again = WriteAheadLog.open(dir, Durability.NONE)) {
      List<byte[]> got = new ArrayList<>();
      again.replay(0, (l, r) -> got.add(r));
      assertEquals(200_000, got.get(0).length);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WriteAheadLog.open(dir, Durability.NONE, 1, 10));
    assertTrue(e.getMessage().contains("10 bytes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WriteAheadLog.open(dir, Durability.NONE, 0));
  }

  @Test
  void durabilityParsing() {
    assertEquals(Durability.FSYNC_EVERY_WRITE, Durability.parse("fsync"));
    assertEquals(Durability.NONE, Durability.parse(" None "));
    assertEquals(Durability.group(Duration.ofMillis(5)), Durability.parse("group"));
    assertEquals(Durability.group(Duration.ofMillis(10)), Durability.parse("group:10ms"));
    assertEquals(Durability.group(Duration.ofMillis(10)), Durability.parse("group:10"));
    assertEquals(Durability.group(Duration.ofSeconds(1)), Durability.parse("GROUP:1s"));
    for (Durability d : List.of(Durability.FSYNC_EVERY_WRITE, Durability.NONE, Durability.group(Duration.ofMillis(7)))) {
      assertEquals(d, Durability.parse(d.toString()));
    }
    for (String bad : new String[] {"sometimes", "group:", "group:abc", "group:-5ms", "", "fsync:1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durability.parse(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("fsync, group"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durability.parse("group:11s"));
    assertTrue(e.getMessage().contains("'group:11s'") && e.getMessage().contains("10 s"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Durability.parse(null));
  }
}
