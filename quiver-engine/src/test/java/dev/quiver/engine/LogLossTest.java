package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quiver.core.vector.Metric;
import dev.quiver.storage.Durability;
import dev.quiver.storage.WalCorruptedException;
import dev.quiver.storage.WriteAheadLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting or cutting a stopped collection's log loses acknowledged writes: opening must refuse,
 * naming the collection, the file and the missing records, and open with what is left only when
 * told to ({@link QuiverConfig#withAcceptLogLoss}). What a kill leaves must still open.
 */
class LogLossTest {

  static final String NAME = "docs";
  static final int BATCH = 10;

  /** Small segments (a few batches each), no checkpoint: the log holds everything. */
  static QuiverConfig config() {
    return QuiverConfig.defaults().withDurability(Durability.FSYNC_EVERY_WRITE).withWalSegmentBytes(2048)
        .withCheckpointLogBytes(Long.MAX_VALUE).withCheckpointOnClose(false).withBuildThreads(1);
  }

  /** Child JVM: writes {@code args[1]} batches, waits out the marker interval, writes one more, says ACK, waits. */
  public static void main(String[] args) throws Exception {
    Quiver db = Quiver.open(Path.of(args[0]), config());
    VectorCollection c = db.createCollection(NAME, CollectionConfig.single(VectorParams.of(4, Metric.EUCLIDEAN)));
    int n = Integer.parseInt(args[1]);
    for (int b = 0; b < n; b++) {
      c.upsert(batch(b));
    }
    // The end marker moves after an fsync at most once per interval: past it, the next write's does.
    Thread.sleep(2 * WriteAheadLog.END_MARK_INTERVAL_MILLIS);
    c.upsert(batch(n));
    System.out.println("ACK " + n);
    System.out.flush();
    Thread.sleep(60_000); // killed long before
  }

  static List<Point> batch(int b) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      long id = (long) b * BATCH + i;
      points.add(Point.of(id, new float[] {id, 1, 2, 3}, JsonNodeFactory.instance.objectNode().put("b", b)));
    }
    return points;
  }

  /** A collection of {@code batches} upserts (LSN b+1 is batch b), closed cleanly; returns its log folder. */
  static Path write(Path dir, int batches) throws IOException {
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.createCollection(NAME, CollectionConfig.single(VectorParams.of(4, Metric.EUCLIDEAN)));
      for (int b = 0; b < batches; b++) {
        c.upsert(batch(b));
      }
    }
    return wal(dir);
  }

  static Path wal(Path dir) {
    return dir.resolve("collections").resolve(NAME).resolve("wal");
  }

  static List<Path> segments(Path wal) throws IOException {
    try (Stream<Path> s = Files.list(wal)) {
      return s.filter(p -> p.getFileName().toString().matches("wal-\\d{20}\\.log")).sorted().toList();
    }
  }

  static long firstLsn(Path segment) {
    return Long.parseLong(segment.getFileName().toString().substring(4, 24));
  }

  /** Opening is refused; the message names the collection, {@code mentions}, and the way out. */
  static WalCorruptedException refused(Path dir, String... mentions) throws IOException {
    // The database opens; the collection is unavailable with the log's refusal as its error (#17 item 5).
    String error;
    try (Quiver db = Quiver.open(dir, config())) {
      error = db.unavailableCollections().get(NAME);
      assertTrue(error != null, "collection '" + NAME + "' opened although its log lost records");
      assertThrows(CollectionUnavailableException.class, () -> db.collection(NAME));
    }
    WalCorruptedException e = new WalCorruptedException(error);
    assertTrue(e.getMessage().startsWith("collection '" + NAME + "' cannot be opened: write-ahead log"), e.getMessage());
    assertTrue(e.getMessage().contains("withAcceptLogLoss(true)") && e.getMessage().contains("--accept-log-loss")
        && e.getMessage().contains("QUIVER_ACCEPT_LOG_LOSS=true"), e.getMessage());
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "expected '" + m + "' in: " + e.getMessage());
    }
    return e;
  }

  /** With the override it opens, holding exactly batches 0..keptBatches-1, and takes writes again. */
  static void opensWithOverride(Path dir, long keptBatches) throws IOException {
    try (Quiver db = Quiver.open(dir, config().withAcceptLogLoss(true))) {
      VectorCollection c = db.collection(NAME);
      assertEquals(keptBatches * BATCH, c.count(null));
      if (keptBatches > 0) {
        assertEquals(1, c.get(List.of(PointId.of(keptBatches * BATCH - 1)), true, false).size());
      }
      c.upsert(batch(1000));
    }
    try (Quiver db = Quiver.open(dir, config())) { // and afterwards without it
      assertEquals((keptBatches + 1) * BATCH, db.collection(NAME).count(null));
    }
  }

  @Test
  void aDeletedMiddleSegmentIsRefused(@TempDir Path dir) throws IOException {
    List<Path> segs = segments(write(dir, 40));
    assertTrue(segs.size() >= 5, segs.toString());
    Path gone = segs.get(2);
    Files.delete(gone);
    refused(dir, segs.get(3).getFileName().toString(), "a segment is missing");
    opensWithOverride(dir, firstLsn(gone) - 1);
  }

  @Test
  void aDeletedLastSegmentIsRefused(@TempDir Path dir) throws IOException {
    List<Path> segs = segments(write(dir, 40));
    Path last = segs.get(segs.size() - 1);
    long lostFrom = firstLsn(last);
    Files.delete(last);
    refused(dir, "ends at LSN " + (lostFrom - 1), "LSNs " + lostFrom + " to 40", last.getFileName() + " was deleted");
    opensWithOverride(dir, lostFrom - 1);
  }

  @Test
  void aLogCutShortIsRefused(@TempDir Path dir) throws IOException {
    List<Path> segs = segments(write(dir, 40));
    Path last = segs.get(segs.size() - 1);
    byte[] bytes = Files.readAllBytes(last);
    Files.write(last, Arrays.copyOf(bytes, bytes.length / 2)); // inside a record of an acknowledged batch
    WalCorruptedException e = refused(dir, "to 40", "a segment was deleted or cut short", last.getFileName().toString());
    long kept = Long.parseLong(e.getMessage().replaceAll("(?s).*ends at LSN (\\d+) .*", "$1"));
    assertTrue(kept >= firstLsn(last) - 1 && kept < 40, e.getMessage());
    opensWithOverride(dir, kept);
  }

  @Test
  void aMissingCheckpointIsALogThatStartsTooLate(@TempDir Path dir) throws IOException {
    try (Quiver db = Quiver.open(dir, config())) {
      VectorCollection c = db.createCollection(NAME, CollectionConfig.single(VectorParams.of(4, Metric.EUCLIDEAN)));
      for (int b = 0; b < 20; b++) {
        c.upsert(batch(b));
      }
      ((EmbeddedCollection) c).checkpoint(); // drops the log up to LSN 20
      for (int b = 20; b < 25; b++) {
        c.upsert(batch(b));
      }
    }
    Path collection = dir.resolve("collections").resolve(NAME);
    try (Stream<Path> s = Files.list(collection)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("manifest-")
          || p.getFileName().toString().startsWith("seg-")).toList()) {
        Checkpoints.deleteRecursively(p);
      }
    }
    refused(dir, "the log starts at LSN 21 but the checkpoint covers only LSNs up to 0", "LSNs 1 to 20 are missing");
    opensWithOverride(dir, 0); // nothing before the gap survives: the log after it is moved aside
  }

  @Test
  void aKillAfterAnAcknowledgementOpensButACutTailAfterItIsRefused(@TempDir Path root) throws Exception {
    Path dir = root.resolve("db");
    int batches = 12;
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), LogLossTest.class.getName(), dir.toString(), Integer.toString(batches))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertEquals("ACK " + batches, line);
    } finally {
      child.toHandle().destroyForcibly(); // SIGKILL: no close, no checkpoint
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    // What the kill left opens as it is, every acknowledged batch there.
    Path copy = root.resolve("copy");
    copyTree(dir, copy);
    try (Quiver db = Quiver.open(copy, config())) {
      assertEquals((batches + 1) * BATCH, db.collection(NAME).count(null));
    }
    // The same folder with its last acknowledged record cut away does not.
    List<Path> segs = segments(wal(dir));
    Path last = segs.get(segs.size() - 1);
    byte[] bytes = Files.readAllBytes(last);
    Files.write(last, Arrays.copyOf(bytes, bytes.length - 3));
    refused(dir, "LSNs " + (batches + 1) + " to " + (batches + 1) + " (1 acknowledged records)");
    opensWithOverride(dir, batches);
  }

  static void copyTree(Path from, Path to) throws IOException {
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
