package dev.quiver.client;

import static dev.quiver.client.VectorCollectionContract.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with an admin and a read-only key: what each client may do, and no key or a wrong one. */
class ClientAuthTest {

  @TempDir
  Path dir;

  @Test
  void readOnlyKeyReadsAndNoKeyDoesNothing() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
            .withDataDir(dir).withAdminApiKey("admin-key").withReadOnlyApiKey("read-key")
            .withEngine(VectorCollectionContract.engineConfig()));
        QuiverClient admin = QuiverClient.builder(server.uri()).apiKey("admin-key").build();
        QuiverClient reader = QuiverClient.builder(server.uri()).apiKey("read-key").build();
        QuiverClient anonymous = QuiverClient.connect(server.uri());
        QuiverClient wrong = QuiverClient.builder(server.uri()).apiKey("not-the-key").build()) {
      VectorCollection docs = admin.createCollection("docs", CollectionConfig.single(VectorParams.of(2, Metric.COSINE)));
      docs.upsert(List.of(Point.of(1, new float[] {1, 0}, null), Point.of(2, new float[] {0, 1}, null)));
      String snapshot = admin.createSnapshot("docs");

      VectorCollection ro = reader.collection("docs");
      assertEquals(List.of("docs"), reader.collectionNames());
      assertTrue(reader.hasCollection("docs"));
      assertEquals("1", ro.search(SearchRequest.of(new float[] {1, 0.1f}, 1)).get(0).id().toString());
      assertEquals(2, ro.count(null));
      assertEquals(2, ro.scroll(ScrollRequest.of(10)).points().size());
      assertEquals(1, ro.get(List.of(PointId.of(2)), true, true).size());
      assertEquals(2, ro.info().pointCount());
      assertEquals(List.of(snapshot), reader.listSnapshots("docs").stream().map(s -> s.name()).toList());

      assertFails(SecurityException.class, () -> ro.upsert(Point.of(3, new float[] {1, 1}, null)), "read-only");
      assertFails(SecurityException.class, () -> ro.delete(List.of(PointId.of(1))));
      assertFails(SecurityException.class, () -> ro.createPayloadIndex("a", PayloadSchemaType.KEYWORD));
      assertFails(SecurityException.class, () -> reader.deleteCollection("docs"));
      assertFails(SecurityException.class,
          () -> reader.createCollection("other", CollectionConfig.single(VectorParams.of(2, Metric.COSINE))));
      assertFails(SecurityException.class, () -> reader.createSnapshot("docs"));
      assertEquals(2, docs.count(null));

      for (QuiverClient outsider : List.of(anonymous, wrong)) {
        assertFails(SecurityException.class, outsider::collectionNames);
        assertFails(SecurityException.class, () -> outsider.collection("docs"));
        assertFails(SecurityException.class, () -> outsider.hasCollection("docs"));
      }
      // a handle obtained with a key does not lend it to others
      VectorCollection viaAnonymous = new RemoteCollection(transportOf(anonymous), "docs", docs.config());
      assertFails(SecurityException.class, () -> viaAnonymous.search(SearchRequest.of(new float[] {1, 0}, 1)));
    }
  }

  private static Transport transportOf(QuiverClient c) throws Exception {
    java.lang.reflect.Field f = QuiverClient.class.getDeclaredField("transport");
    f.setAccessible(true);
    return (Transport) f.get(c);
  }
}
