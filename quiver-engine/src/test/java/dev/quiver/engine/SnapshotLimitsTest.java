package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring a snapshot stays within the configured {@link SnapshotLimits}. */
class SnapshotLimitsTest {

  @Test
  void theAbsoluteByteLimitAndTheEntryLimitAreEnforcedAndNameHowToRaiseThem(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("docs.snapshot");
    try (Quiver db = Quiver.open(dir.resolve("a"), EmbeddedCollectionTest.fast())) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.named(Map.of(
          "a", VectorParams.of(8, Metric.DOT), "b", VectorParams.of(8, Metric.DOT))));
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        float[] v = new float[8];
        v[i % 8] = i;
        points.add(new Point(PointId.of(i), Map.of("a", v, "b", v), null));
      }
      c.upsert(points);
      db.createSnapshot("docs", snapshot);
    }
    SnapshotLimits bytes = SnapshotLimits.defaults().withMaxUnpackedBytes(4096);
    try (Quiver db = Quiver.open(dir.resolve("b"), EmbeddedCollectionTest.fast().withSnapshotLimits(bytes))) {
      SnapshotTooLargeException e = assertThrows(SnapshotTooLargeException.class,
          () -> db.restoreSnapshot(snapshot, "docs"));
      assertTrue(e.getMessage().contains("unpacks to more than 4096 bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("SnapshotLimits.maxUnpackedBytes"), e.getMessage());
      assertTrue(e.getMessage().contains("withMaxUnpackedBytes"), e.getMessage());
      assertFalse(db.hasCollection("docs"));
      assertFalse(Files.exists(dir.resolve("b/collections/.restore-docs")), "staging removed");
    }
    // a description, the points and two index files: four entries
    SnapshotLimits entries = SnapshotLimits.defaults().withMaxEntries(3);
    try (Quiver db = Quiver.open(dir.resolve("c"), EmbeddedCollectionTest.fast().withSnapshotLimits(entries))) {
      SnapshotTooLargeException e = assertThrows(SnapshotTooLargeException.class,
          () -> db.restoreSnapshot(snapshot, "docs"));
      assertTrue(e.getMessage().contains("more than 3 entries"), e.getMessage());
      assertTrue(e.getMessage().contains("withMaxEntries"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("c/collections/.restore-docs")), "staging removed");
    }
    try (Quiver db = Quiver.open(dir.resolve("d"), EmbeddedCollectionTest.fast())) {
      assertEquals(500, db.restoreSnapshot(snapshot, "docs").count(null), "the defaults let a real snapshot in");
    }
  }

  @Test
  void limitsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new SnapshotLimits(0, 100, 10));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotLimits(1, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotLimits(1, 100, 1));
    assertEquals(SnapshotLimits.defaults(), QuiverConfig.defaults().snapshotLimits());
  }
}
