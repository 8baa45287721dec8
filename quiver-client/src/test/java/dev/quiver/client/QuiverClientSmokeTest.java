package dev.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.api.SnapshotDescription;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.CollectionExistsException;
import dev.quiver.engine.NoSuchCollectionException;
import dev.quiver.engine.Point;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import dev.quiver.storage.Durability;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real server: a round trip, snapshots, and what an unreachable server looks like. */
class QuiverClientSmokeTest {

  @TempDir
  Path dir;

  @Test
  void roundTripAndSnapshots() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0)
            .withDataDir(dir.resolve("data"))
            .withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)));
        QuiverClient db = QuiverClient.connect(server.uri())) {
      VectorCollection c = db.createCollection("smoke", CollectionConfig.single(VectorParams.of(3, Metric.COSINE)));
      c.upsert(List.of(Point.of(1, new float[] {1, 0, 0}, null), Point.of(2, new float[] {0, 1, 0}, null)));
      assertEquals("1", c.search(SearchRequest.of(new float[] {0.9f, 0.1f, 0}, 1)).get(0).id().toString());
      assertEquals(2, c.count(null));
      assertThrows(CollectionExistsException.class,
          () -> db.createCollection("smoke", CollectionConfig.single(VectorParams.of(3, Metric.COSINE))));

      String snap = db.createSnapshot("smoke");
      assertTrue(snap.startsWith("smoke-") && snap.endsWith(".snapshot"), snap);
      List<SnapshotDescription> list = db.listSnapshots("smoke");
      assertEquals(List.of(snap), list.stream().map(SnapshotDescription::name).toList());
      Path file = dir.resolve("copy.snapshot");
      db.downloadSnapshot("smoke", snap, file);
      assertEquals(list.get(0).size(), Files.size(file));
      VectorCollection copy = db.restoreSnapshot(file, "smoke2");
      assertEquals(2, copy.count(null));
      assertThrows(CollectionExistsException.class, () -> db.restoreSnapshot(file, "smoke2"));
      Path garbage = dir.resolve("garbage.snapshot");
      Files.write(garbage, "not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
          () -> db.restoreSnapshot(garbage, "smoke3"));
      assertTrue(bad.getMessage().contains("is not a Quiver snapshot"), bad.getMessage()); // as embedded
      assertTrue(!db.hasCollection("smoke3"));
      assertThrows(UncheckedIOException.class, () -> db.restoreSnapshot(dir.resolve("absent.snapshot"), "smoke3"));
      db.deleteSnapshot("smoke", snap);
      assertTrue(db.listSnapshots("smoke").isEmpty());
      assertThrows(dev.quiver.api.ApiException.class, () -> db.deleteSnapshot("smoke", snap));
      assertThrows(dev.quiver.api.ApiException.class, () -> db.downloadSnapshot("smoke", snap, file));

      QuiverClient other = QuiverClient.connect(server.uri());
      VectorCollection viaOther = other.collection("smoke");
      other.close();
      assertThrows(UncheckedIOException.class, () -> viaOther.count(null));
      assertThrows(UncheckedIOException.class, other::collectionNames);

      db.deleteCollection("smoke");
      assertThrows(NoSuchCollectionException.class, () -> db.collection("smoke"));
      assertThrows(NoSuchCollectionException.class, () -> c.count(null));
    }
  }

  @Test
  void unreachableServerIsAnUncheckedIoExceptionNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port);
    try (QuiverClient db = QuiverClient.builder(uri).timeout(Duration.ofSeconds(5)).build()) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, db::collectionNames);
      assertTrue(e.getMessage().contains(uri + "/collections"), e.getMessage());
    }
  }

  @Test
  void builderRefusesWhatIsNotAServerUri() {
    assertThrows(IllegalArgumentException.class, () -> QuiverClient.connect(URI.create("ftp://127.0.0.1:1")));
    assertThrows(IllegalArgumentException.class, () -> QuiverClient.builder(URI.create("http://127.0.0.1:1"))
        .timeout(Duration.ZERO));
  }
}
