package dev.quiver.server;

import static dev.quiver.server.ServerEndToEndTest.assertError;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.SnapshotLimits;
import dev.quiver.storage.Durability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot uploads unpack within bounds: a zip bomb is refused with a 413 naming the limit, having
 * written no more than the limit, and its staging folder is removed.
 */
class SnapshotUploadLimitTest {

  static final String META = "{\"format\":\"quiver-snapshot\",\"version\":1,\"collection\":\"x\","
      + "\"checkpoint\":\"checkpoint-00000000000000000001\",\"config\":{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}}";

  @TempDir
  static Path dir;
  static QuiverServer server;
  static Http admin;

  @BeforeAll
  static void start() throws IOException {
    // the default limits: the bound that applies is 100 times the uploaded file's size
    server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
        .withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)));
    admin = new Http(server.uri());
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  @Test
  void aZipBombIsRefusedHavingWrittenAtMostTheLimit() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(9);
      zip.putNextEntry(new ZipEntry("collection.json"));
      zip.write(META.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("checkpoint-00000000000000000001/points.qvp"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 96; i++) {
        zip.write(zeros); // 96 MiB of zeros: about 100 KiB compressed
      }
      zip.closeEntry();
    }
    byte[] bomb = bytes.toByteArray();
    long limit = (long) SnapshotLimits.DEFAULT_MAX_COMPRESSION_RATIO * bomb.length;
    assertTrue(limit < 96L << 20, "the bomb unpacks beyond the ratio bound");

    // Watch the staging folder while the upload is restored: its size must never pass the limit.
    Path staging = dir.resolve("data/collections/.restore-bomb");
    AtomicLong largest = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      while (!done.get()) {
        largest.accumulateAndGet(sizeOf(staging), Math::max);
        Thread.onSpinWait();
      }
    });
    watcher.start();
    Http.Resp r;
    try {
      r = admin.send("POST", "/collections/bomb/snapshots/upload", bomb, "application/octet-stream");
    } finally {
      done.set(true);
      watcher.join();
    }
    assertError(r, 413, "payload_too_large", "unpacks to more than " + limit + " bytes", "SnapshotLimits");
    assertFalse(r.error().contains(dir.toString()), "no server paths in messages: " + r);
    assertTrue(largest.get() <= limit, "wrote " + largest.get() + " bytes, limit " + limit);
    assertFalse(Files.exists(staging), "the staging folder is removed");
    assertFalse(admin.get("/collections/bomb/exists").result().get("exists").asBoolean());
    assertNoUploadLeft();
  }

  @Test
  void tooManyEntriesAreRefusedWhileUnpacking() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("collection.json"));
      zip.write(META.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      for (int i = 0; i < SnapshotLimits.DEFAULT_MAX_ENTRIES; i++) {
        zip.putNextEntry(new ZipEntry("checkpoint-00000000000000000001/f" + i));
        zip.closeEntry();
      }
    }
    Http.Resp r = admin.send("POST", "/collections/many/snapshots/upload", bytes.toByteArray(),
        "application/octet-stream");
    assertError(r, 413, "payload_too_large", "more than " + SnapshotLimits.DEFAULT_MAX_ENTRIES + " entries",
        "SnapshotLimits");
    assertFalse(Files.exists(dir.resolve("data/collections/.restore-many")), "the staging folder is removed");
    assertNoUploadLeft();
  }

  static void assertNoUploadLeft() throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("data/snapshots"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "the uploaded file is removed");
    }
  }

  static long sizeOf(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.mapToLong(p -> {
        try {
          return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
          return 0; // removed while we looked
        }
      }).sum();
    } catch (NoSuchFileException | UncheckedIOException e) {
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
