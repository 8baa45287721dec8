package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash while a snapshot is created ({@code <name>.snapshot.tmp}) or uploaded to the server
 * ({@code .upload-<n>.tmp}) leaves a temporary file in the data folder's snapshot folders; opening
 * the database removes them and keeps the real snapshots and everything else.
 */
class SnapshotTempFilesTest {

  @Test
  void openRemovesLeftoverSnapshotTemporariesAndKeepsSnapshots(@TempDir Path dir) throws Exception {
    Path snapshots = dir.resolve("snapshots/docs");
    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      db.createCollection("docs", CollectionConfig.single(VectorParams.of(2, Metric.DOT)))
          .upsert(List.of(Point.of(1, new float[] {1, 2}, null)));
      Files.createDirectories(snapshots);
      db.createSnapshot("docs", snapshots.resolve("docs-1.snapshot"));
    }
    Path created = Files.copy(snapshots.resolve("docs-1.snapshot"), snapshots.resolve("docs-2.snapshot.tmp"));
    Path uploaded = Files.writeString(snapshots.resolve(".upload-123456789.tmp"), "half an upload");
    Path orphan = Files.createDirectories(dir.resolve("snapshots/gone"));
    Path orphanTmp = Files.writeString(orphan.resolve(".upload-1.tmp"), "of a deleted collection");
    Path other = Files.writeString(snapshots.resolve("notes.tmp"), "not ours: kept");

    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      assertFalse(Files.exists(created), "interrupted snapshot create removed");
      assertFalse(Files.exists(uploaded), "interrupted upload removed");
      assertFalse(Files.exists(orphanTmp), "removed in every collection's folder");
      assertTrue(Files.exists(other), "files Quiver does not name this way are kept");
      assertTrue(Files.isRegularFile(snapshots.resolve("docs-1.snapshot")), "the real snapshot is kept");
      db.deleteCollection("docs");
      db.restoreSnapshot(snapshots.resolve("docs-1.snapshot"), "docs");
      assertEquals(1, db.collection("docs").count(null));
    }
  }
}
