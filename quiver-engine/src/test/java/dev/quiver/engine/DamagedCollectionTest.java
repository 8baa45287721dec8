package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quiver.core.vector.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The embedded API with one damaged collection among three: opening succeeds, the damaged one is
 * reported with the file and offset at fault, asking for it throws that error, deleting it works,
 * and a snapshot can then be restored under its name. Stray entries in the collections folder are
 * skipped.
 */
class DamagedCollectionTest {

  /** Each kind of damage, and the fragments its error must contain. */
  enum Damage {
    // a sealed segment's files: every one is checksummed, and the error names the file and a byte
    PAYLOADS_BYTE_FLIP("payloads", "at byte"),
    POINTS_CHECKSUM("points", "fails its checksum", "at byte"),
    ODD_MANIFEST_NAME("manifest-abc", "expected manifest-<generation as 20 digits>"),
    MISSING_SEGMENT("seg-0", "is missing, but the manifest names it"),
    CORRUPT_HNSW_INDEX("vectors-0.qvh", "fails its checksum", "at byte"),
    CORRUPT_CONFIG("config.json", "is not valid JSON at byte 23"),
    MISSING_CONFIG("config.json", "is missing");

    final String[] fragments;

    Damage(String... fragments) {
      this.fragments = fragments;
    }
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Damage.class)
  void theOthersOpenAndTheDamagedOneIsReportedDroppedAndRestored(Damage damage) throws Exception {
    Path snapshot = dir.resolve("good1.snapshot");
    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      for (String name : List.of("good1", "broken", "good2")) {
        VectorCollection c = db.createCollection(name, CollectionConfig.single(VectorParams.of(3, Metric.COSINE)));
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          points.add(Point.of(i, new float[] {1, i, 2}, JsonNodeFactory.instance.objectNode().put("n", i)));
        }
        c.upsert(points);
      }
      db.createSnapshot("good1", snapshot);
    }
    Path broken = dir.resolve("collections/broken");
    damage(broken, damage);
    Files.writeString(dir.resolve("collections/README.txt"), "a file, not a collection");
    Files.createDirectories(dir.resolve("collections/stray"));
    Files.writeString(dir.resolve("collections/stray/notes.txt"), "no collection files");
    Files.createDirectories(dir.resolve("collections/lost+found/wal")); // no collection has this name

    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      assertEquals(List.of("good1", "good2"), db.collectionNames());
      Map<String, String> unavailable = db.unavailableCollections();
      assertEquals(List.of("broken"), List.copyOf(unavailable.keySet()));
      String error = unavailable.get("broken");
      assertTrue(error.contains(broken.toString()), error);
      for (String f : damage.fragments) {
        assertTrue(error.contains(f), () -> "expected '" + f + "' in: " + error);
      }
      assertEquals(20, db.collection("good2").count(null));

      CollectionUnavailableException e = assertThrows(CollectionUnavailableException.class,
          () -> db.collection("broken"));
      assertEquals(error, e.error());
      assertTrue(e.getMessage().contains("'broken' is unavailable: " + error), e.getMessage());
      assertTrue(db.hasCollection("broken"));
      assertThrows(CollectionExistsException.class,
          () -> db.createCollection("broken", CollectionConfig.single(VectorParams.of(3, Metric.COSINE))));
      assertThrows(CollectionExistsException.class, () -> db.restoreSnapshot(snapshot, "broken"));
      assertThrows(CollectionUnavailableException.class,
          () -> db.createSnapshot("broken", dir.resolve("broken.snapshot")));

      db.deleteCollection("broken");
      assertFalse(Files.exists(broken));
      assertTrue(db.unavailableCollections().isEmpty());
      assertThrows(NoSuchCollectionException.class, () -> db.collection("broken"));
      db.restoreSnapshot(snapshot, "broken");
      assertEquals(20, db.collection("broken").count(null));
    }
    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      assertEquals(List.of("broken", "good1", "good2"), db.collectionNames());
      assertTrue(db.unavailableCollections().isEmpty());
    }
    assertTrue(Files.exists(dir.resolve("collections/stray/notes.txt")), "stray entries are left alone");
  }

  static void damage(Path collection, Damage damage) throws IOException {
    Path segment = collection.resolve("seg-0");
    assertTrue(Files.isDirectory(segment), "expected the collection sealed as seg-0");
    switch (damage) {
      case PAYLOADS_BYTE_FLIP -> flipByte(segment.resolve("payloads"), 40);
      case POINTS_CHECKSUM -> flipByte(segment.resolve("points"), 20);
      case ODD_MANIFEST_NAME -> Files.writeString(collection.resolve("manifest-abc"), "not a manifest");
      case MISSING_SEGMENT -> Checkpoints.deleteRecursively(segment);
      case CORRUPT_HNSW_INDEX -> flipByte(segment.resolve("vectors-0.qvh"), 60); // in the first vector
      case CORRUPT_CONFIG -> Files.writeString(collection.resolve("config.json"), "{\"vectors\": {\"size\": 3,, }");
      case MISSING_CONFIG -> Files.delete(collection.resolve("config.json"));
    }
  }

  static void flipByte(Path file, int at) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[at] ^= 0x01;
    Files.write(file, b);
  }

  /** Changes the byte at {@code offset} within the first occurrence of {@code text}. */
  static void flip(Path file, String text, int offset) throws IOException {
    byte[] b = Files.readAllBytes(file);
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + needle.length <= b.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      b[i + offset] ^= 0x05;
      Files.write(file, b);
      return;
    }
    throw new AssertionError(text + " not in " + file);
  }
}
