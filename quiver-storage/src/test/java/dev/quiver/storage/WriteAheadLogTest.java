package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

  static byte[] rec(long i) {
    return ("record-" + i + "-" + "x".repeat((int) (i % 37))).getBytes(StandardCharsets.UTF_8);
  }

  static List<String> replayAll(WriteAheadLog wal, long after) throws IOException {
    List<String> out = new ArrayList<>();
    wal.replay(after, (lsn, r) -> out.add(lsn + ":" + new String(r, StandardCharsets.UTF_8)));
    return out;
  }

  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
    }
  }

  @Test
  void roundTripAcrossReopenRotationAndTruncation(@TempDir Path dir) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 1, 300)) {
      for (long i = 1; i <= 40; i++) {
        assertEquals(i, wal.append(rec(i)));
      }
    }
    assertTrue(segments(dir).size() > 3, "rotation at 300 bytes: " + segments(dir));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.FSYNC_EVERY_WRITE, 1, 300)) {
      assertEquals(40, wal.lastLsn());
      List<String> all = replayAll(wal, 0);
      assertEquals(40, all.size());
      assertEquals("7:" + new String(rec(7), StandardCharsets.UTF_8), all.get(6));
      assertEquals(List.of("39:" + new String(rec(39), StandardCharsets.UTF_8),
          "40:" + new String(rec(40), StandardCharsets.UTF_8)), replayAll(wal, 38));
      assertEquals(41, wal.append(rec(41)));
      int before = segments(dir).size();
      wal.truncateUpTo(30);
      assertTrue(segments(dir).size() < before);
      assertEquals(11, replayAll(wal, 30).size());
      WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> replayAll(wal, 0));
      assertTrue(e.getMessage().contains("missing LSNs 1 to"), e.getMessage());
      wal.truncateUpTo(41);
      assertEquals(0, replayAll(wal, 41).size());
      assertEquals(42, wal.append(rec(42)));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 1, 300)) {
      assertEquals(List.of("42:" + new String(rec(42), StandardCharsets.UTF_8)), replayAll(wal, 41));
    }
  }

  @Test
  void emptyLogStartsAfterTheCallersCheckpoint(@TempDir Path dir) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 101)) {
      assertEquals(101, wal.append(rec(1)));
    }
    // a log behind the caller's checkpoint (e.g. lost on power failure) never reuses LSNs
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 500)) {
      assertEquals(500, wal.append(rec(2)));
      assertEquals(1, replayAll(wal, 499).size());
    }
  }

  @Test
  void truncationAtEveryOffsetOfTheLastRecordRecoversCleanly(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("src");
    try (WriteAheadLog wal = WriteAheadLog.open(src, Durability.NONE)) {
      for (long i = 1; i <= 5; i++) {
        wal.append(rec(i));
      }
    }
    Path file = segments(src).get(0);
    byte[] full = Files.readAllBytes(file);
    int lastStart = full.length - WriteAheadLog.RECORD_HEADER - rec(5).length;
    for (int cut = lastStart; cut < full.length; cut++) {
      Path d = dir.resolve("cut" + cut);
      Files.createDirectories(d);
      Files.write(d.resolve(file.getFileName()), Arrays.copyOf(full, cut));
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE)) {
        assertEquals(4, replayAll(wal, 0).size(), "cut at " + cut);
        assertEquals(5, wal.append(rec(99)));
      }
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE)) {
        List<String> all = replayAll(wal, 0);
        assertEquals(5, all.size());
        assertEquals("5:" + new String(rec(99), StandardCharsets.UTF_8), all.get(4));
      }
    }
    // a segment whose header was cut short is rewritten, not refused
    for (int cut = 0; cut < WriteAheadLog.HEADER; cut++) {
      Path d = dir.resolve("header" + cut);
      Files.createDirectories(d);
      Files.write(d.resolve("wal-00000000000000000001.log"), Arrays.copyOf(full, cut));
      try (WriteAheadLog wal = WriteAheadLog.open(d, Durability.NONE)) {
        assertEquals(1, wal.append(rec(1)));
      }
    }
  }

  @Test
  void zeroFilledTailIsATornTail(@TempDir Path dir) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE)) {
      wal.append(rec(1));
      wal.append(rec(2));
    }
    Path file = segments(dir).get(0);
    Files.write(file, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE)) {
      assertEquals(2, replayAll(wal, 0).size());
      assertEquals(3, wal.append(rec(3)));
    }
  }

  @Test
  void aFlippedByteInAnOlderRecordIsRefused(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("src");
    try (WriteAheadLog wal = WriteAheadLog.open(src, Durability.NONE)) {
      for (long i = 1; i <= 6; i++) {
        wal.append(rec(i));
      }
    }
    Path file = segments(src).get(0);
    byte[] full = Files.readAllBytes(file);
    int second = WriteAheadLog.HEADER + WriteAheadLog.RECORD_HEADER + rec(1).length;
    // length, crc, lsn and payload bytes of record 2
    int[] offsets = {second, second + 3, second + 4, second + 7, second + 8, second + 15, second + 16,
        second + 16 + rec(2).length - 1};
    for (int offset : offsets) {
      byte[] bad = full.clone();
      bad[offset] ^= 0x40;
      Path d = dir.resolve("flip" + offset);
      Files.createDirectories(d);
      Files.write(d.resolve(file.getFileName()), bad);
      WalCorruptedException e = assertThrows(WalCorruptedException.class,
          () -> WriteAheadLog.open(d, Durability.NONE), "flip at " + offset);
      assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains("byte " + second),
          e.getMessage());
    }
  }

  @Test
  void concurrentAppendersUnderEveryPolicy(@TempDir Path dir) throws Exception {
    for (Durability d : List.of(Durability.FSYNC_EVERY_WRITE, Durability.group(Duration.ofMillis(2)),
        Durability.NONE)) {
      Path folder = dir.resolve(d.toString().replace(':', '_'));
      Set<Long> lsns = ConcurrentHashMap.newKeySet();
      long fsyncs;
      try (WriteAheadLog wal = WriteAheadLog.open(folder, d, 1, 64 << 10)) {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          threads.add(Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 500; i++) {
              try {
                lsns.add(wal.append(("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8)));
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            }
          }));
        }
        for (Thread t : threads) {
          t.join();
        }
        fsyncs = wal.fsyncCount;
      }
      assertEquals(4000, lsns.size());
      assertEquals(4000L, lsns.stream().mapToLong(Long::longValue).max().getAsLong());
      try (WriteAheadLog wal = WriteAheadLog.open(folder, Durability.NONE)) {
        Set<String> payloads = ConcurrentHashMap.newKeySet();
        wal.replay(0, (lsn, r) -> payloads.add(new String(r, StandardCharsets.UTF_8)));
        assertEquals(4000, payloads.size());
        assertTrue(payloads.contains("t7-499"));
      }
      System.out.printf("durability %s: 4000 appends from 8 threads, %d fsyncs%n", d, fsyncs);
      if (d instanceof Durability.Group) {
        assertTrue(fsyncs < 4000, "group commit should share fsyncs, did " + fsyncs);
      }
    }
  }

  @Test
  void durabilityParsing() {
    assertEquals(Durability.FSYNC_EVERY_WRITE, Durability.parse("fsync"));
    assertEquals(Durability.group(Duration.ofMillis(10)), Durability.parse("group:10ms"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durability.parse("sometimes"));
    assertTrue(e.getMessage().contains("'sometimes'") && e.getMessage().contains("fsync"), e.getMessage());
  }

  @Test
  void oversizedRecordsAreRefused(@TempDir Path dir) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE)) {
      assertThrows(IllegalArgumentException.class, () -> wal.append(new byte[WriteAheadLog.MAX_RECORD + 1]));
      assertArrayEquals(new byte[0], new byte[0]);
    }
  }
}
