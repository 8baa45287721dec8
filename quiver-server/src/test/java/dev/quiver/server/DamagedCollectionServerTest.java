package dev.quiver.server;

import static dev.quiver.server.ServerEndToEndTest.assertError;
import static dev.quiver.server.ServerEndToEndTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server whose data folder holds one damaged collection among three (plus a stray folder that is
 * no collection at all) starts, serves the other two, reports the broken one with the file and the
 * offset at fault, and lets an admin drop it and restore a snapshot under its name.
 */
class DamagedCollectionServerTest {

  static final String ADMIN = "admin-secret";
  static final String READER = "reader-secret";

  /** Each kind of damage, and the fragments its error must contain. */
  enum Damage {
    PAYLOADS_BYTE_FLIP("payloads", "at byte"),
    ODD_MANIFEST_NAME("manifest-abc", "manifest-<generation"),
    CORRUPT_HNSW_INDEX("vectors-0.qvh", "at byte"),
    CORRUPT_CONFIG("config.json", "at byte"),
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
  void oneDamagedCollectionLeavesTheOthersServedAndCanBeDroppedAndRestored(Damage damage) throws Exception {
    Path data = dir.resolve("data");
    QuiverConfig engine = QuiverConfig.defaults().withDurability(Durability.NONE);
    try (Quiver db = Quiver.open(data, engine)) {
      for (String name : List.of("good1", "broken", "good2")) {
        VectorCollection c = db.createCollection(name, CollectionConfig.single(VectorParams.of(3, Metric.COSINE)));
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          points.add(Point.of(i, new float[] {1, i, 2}, JsonNodeFactory.instance.objectNode().put("n", i)));
        }
        c.upsert(points);
      }
    } // close writes a checkpoint of each
    Path broken = data.resolve("collections/broken");
    damage(broken, damage);
    Path stray = data.resolve("collections/stray");
    Files.createDirectories(stray);
    Files.writeString(stray.resolve("notes.txt"), "not a collection");

    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(data)
        .withAdminApiKey(ADMIN).withReadOnlyApiKey(READER).withEngine(engine))) {
      Http anonymous = new Http(server.uri());
      Http admin = anonymous.withKey(ADMIN);
      Http reader = anonymous.withKey(READER);

      JsonNode list = reader.get("/collections").result().get("collections");
      assertEquals(3, list.size(), list::toString); // the stray folder is skipped (with a warning)
      JsonNode entry = null;
      for (JsonNode c : list) {
        if (c.get("name").asText().equals("broken")) {
          entry = c;
        } else {
          assertFalse(c.has("status") && c.get("status").asText().equals("unavailable"), c::toString);
        }
      }
      assertTrue(entry != null, list::toString);
      assertEquals("unavailable", entry.path("status").asText(), entry::toString);
      String error = entry.path("error").asText();
      for (String f : damage.fragments) {
        assertTrue(error.contains(f), () -> "expected '" + f + "' in: " + error);
      }

      assertOk(reader.get("/collections/good1"));
      assertEquals(20, reader.post("/collections/good2/points/count", "{}").result().get("count").asLong());
      assertOk(reader.post("/collections/good1/points/search", "{\"vector\":[1,2,3],\"limit\":3}"));

      assertError(reader.get("/collections/broken"), 503, "unavailable", damage.fragments);
      assertError(reader.post("/collections/broken/points/search", "{\"vector\":[1,2,3]}"), 503, "unavailable",
          damage.fragments);
      assertError(admin.put("/collections/broken/points", "{\"points\":[{\"id\":1,\"vector\":[1,2,3]}]}"), 503,
          "unavailable", damage.fragments);
      assertError(admin.post("/collections/broken/snapshots", null), 503, "unavailable", damage.fragments);
      assertTrue(reader.get("/collections/broken/exists").result().get("exists").asBoolean(),
          "it exists, unavailable");
      assertError(admin.put("/collections/broken", "{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}"), 409,
          "already_exists");

      Http.Resp ready = anonymous.get("/readyz");
      assertEquals(200, ready.status(), ready::toString); // still serving the others: stay in rotation
      assertEquals("degraded", ready.result().asText(), ready::toString);
      assertOk(anonymous.get("/healthz"));
      String metrics = reader.get("/metrics").body();
      assertTrue(metrics.contains("\nquiver_collections_unavailable 1\n"), metrics);
      assertTrue(metrics.contains("quiver_collection_unavailable{collection=\"broken\"} 1"), metrics);

      Http.Resp snap = admin.post("/collections/good1/snapshots", null);
      assertOk(snap);
      byte[] file = reader.get("/collections/good1/snapshots/" + snap.result().get("name").asText()).bytes();
      assertError(admin.send("POST", "/collections/broken/snapshots/upload", file, "application/octet-stream"),
          409, "already_exists");

      assertError(reader.delete("/collections/broken"), 403, "forbidden");
      assertOk(admin.delete("/collections/broken"));
      assertFalse(Files.exists(broken), "the damaged folder is gone");
      assertError(reader.get("/collections/broken"), 404, "not_found");
      assertEquals("ok", anonymous.get("/readyz").result().asText());
      assertTrue(reader.get("/metrics").body().contains("\nquiver_collections_unavailable 0\n"));

      assertOk(admin.send("POST", "/collections/broken/snapshots/upload", file, "application/octet-stream"));
      assertEquals(20, reader.post("/collections/broken/points/count", "{}").result().get("count").asLong());
      assertEquals(3, reader.get("/collections").result().get("collections").size());
    }
    assertTrue(Files.exists(stray.resolve("notes.txt")), "a stray folder is left alone");
  }

  static void damage(Path collection, Damage damage) throws IOException {
    Path segment = collection.resolve("seg-0");
    assertTrue(Files.isDirectory(segment), "expected the collection sealed as seg-0");
    switch (damage) {
      case PAYLOADS_BYTE_FLIP -> {
        Path f = segment.resolve("payloads");
        byte[] b = Files.readAllBytes(f);
        b[40] ^= 0x04;
        Files.write(f, b);
      }
      case ODD_MANIFEST_NAME -> Files.writeString(collection.resolve("manifest-abc"), "not a manifest");
      case CORRUPT_HNSW_INDEX -> {
        Path f = segment.resolve("vectors-0.qvh");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x10;
        Files.write(f, b);
      }
      case CORRUPT_CONFIG -> Files.writeString(collection.resolve("config.json"), "{\"vectors\": {\"size\": 3,, }");
      case MISSING_CONFIG -> Files.delete(collection.resolve("config.json"));
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
