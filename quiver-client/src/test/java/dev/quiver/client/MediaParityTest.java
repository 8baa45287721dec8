package dev.quiver.client;

import static dev.quiver.client.FakeMediaModels.BLUE;
import static dev.quiver.client.FakeMediaModels.GREEN;
import static dev.quiver.client.FakeMediaModels.RED;
import static dev.quiver.client.FakeMediaModels.WHITE;
import static dev.quiver.client.FakeMediaModels.png;
import static dev.quiver.client.FakeMediaModels.wav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.storage.Durability;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorDatabase;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.ingest.IngestFiles;
import dev.quiver.engine.ingest.IngestReport;
import dev.quiver.engine.ingest.Ingester;
import dev.quiver.engine.ingest.MediaIngester;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media points and media searches give the same outcome embedded and through the client. */
class MediaParityTest {

  @TempDir
  static Path dir;
  static Quiver embedded;
  static Quiver served;
  static QuiverServer server;
  static QuiverClient client;

  static QuiverConfig config() {
    return QuiverConfig.defaults().withDurability(Durability.NONE).withModels(FakeMediaModels.provider(
        FakeMediaModels.cells(), FakeMediaModels.joint(), FakeMediaModels.signal()));
  }

  @BeforeAll
  static void start() throws Exception {
    embedded = Quiver.open(dir.resolve("embedded"), config());
    served = Quiver.open(dir.resolve("served"), config());
    server = QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withDataDir(dir.resolve("served")), served);
    client = QuiverClient.connect(server.uri());
    Map<String, VectorParams> v = new LinkedHashMap<>();
    v.put("image", VectorParams.forModel("fake-cells"));
    v.put("clip", VectorParams.forModel("fake-joint"));
    for (VectorDatabase db : List.of(embedded, (VectorDatabase) client)) {
      db.createCollection("pics", CollectionConfig.named(v));
      db.createCollection("sounds", CollectionConfig.single(VectorParams.forModel("fake-signal")));
      db.collection("pics").upsert(List.of(
          Point.ofMedia(PointId.of(1), "image", MediaInput.image(png(8, RED)), null),
          Point.ofMedia(PointId.of(2), "image", MediaInput.image(png(8, GREEN)), null),
          Point.ofMedia(PointId.of(3), "clip", MediaInput.image(png(8, RED, WHITE, WHITE, WHITE)), null),
          new Point(PointId.of(4), Map.of(), null, Map.of("image", MediaInput.image(png(8, BLUE)),
              "clip", MediaInput.image(png(8, GREEN))))));
      db.collection("sounds").upsert(List.of(
          Point.ofMedia(PointId.of(1), "default", MediaInput.audio(wav(200, 0.2, 0.5)), null),
          Point.ofMedia(PointId.of(2), "default", MediaInput.audio(wav(1500, 0.2, 0.5)), null)));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {client, server, served, embedded}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static void same(String what, Function<VectorDatabase, Object> call) {
    String e = ParityTest.outcome(embedded, call);
    String r = ParityTest.outcome(client, call);
    assertEquals(e, r, what);
  }

  private static List<String> ids(List<ScoredPoint> hits) {
    return hits.stream().map(h -> h.id().toString()).toList();
  }

  @Test
  void searchesByTextImageAndSoundAgree() {
    same("stored vectors", db -> db.collection("pics").get(List.of(PointId.of(1), PointId.of(4)), true, true));
    same("text on clip", db -> ids(db.collection("pics").search(SearchRequest.ofText("green", 4).using("clip"))));
    same("image on image", db -> db.collection("pics").search(SearchRequest.ofMedia(
        MediaInput.image(png(16, RED, WHITE, WHITE, WHITE)), 2).using("image")));
    same("image on clip", db -> db.collection("pics").search(SearchRequest.ofMedia(
        MediaInput.image(png(4, BLUE)), 4).using("clip").withPayload(false)));
    same("sound", db -> db.collection("sounds").search(SearchRequest.ofMedia(MediaInput.audio(wav(1400, 0.1, 0.5)), 2)));
    assertEquals("3", ids(client.collection("pics").search(SearchRequest.ofMedia(
        MediaInput.image(png(16, RED, WHITE, WHITE, WHITE)), 1).using("image"))).get(0));
  }

  @Test
  void errorsAgree() {
    byte[] junk = "junk".getBytes(StandardCharsets.UTF_8);
    same("text on image-only", db -> db.collection("pics").search(SearchRequest.ofText("red", 1).using("image")));
    same("image on audio", db -> db.collection("sounds").search(SearchRequest.ofMedia(MediaInput.image(png(4, RED)), 1)));
    same("audio on clip", db -> db.collection("pics").search(SearchRequest.ofMedia(
        MediaInput.audio(wav(100, 0.05, 0.5)), 1).using("clip")));
    same("undecodable query", db -> db.collection("pics").search(SearchRequest.ofMedia(MediaInput.image(junk), 1)
        .using("image")));
    same("undecodable point", db -> {
      db.collection("pics").upsert(List.of(Point.ofMedia(PointId.of(9), "image", MediaInput.image(junk), null)));
      return null;
    });
    same("unknown input vector", db -> {
      db.collection("pics").upsert(Point.ofMedia(PointId.of(9), "photo", MediaInput.image(png(4, RED)), null));
      return null;
    });
    same("sound for images", db -> {
      db.collection("pics").upsert(Point.ofMedia(PointId.of(9), "image", MediaInput.audio(wav(100, 0.05, 0.5)), null));
      return null;
    });
    same("count after refusals", db -> db.collection("pics").count(null));
  }

  @Test
  void ingestingAFolderRemotelyStoresWhatEmbeddedDoes() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    Files.write(files.resolve("red.png"), png(8, RED));
    Files.write(files.resolve("blue.png"), png(6, BLUE));
    Files.write(files.resolve("hum.wav"), wav(100, 0.1, 0.5));
    List<String> outcomes = new ArrayList<>();
    for (VectorDatabase db : List.of(embedded, (VectorDatabase) client)) {
      Map<String, VectorParams> v = new LinkedHashMap<>();
      v.put("image", VectorParams.forModel("fake-cells"));
      v.put("clip", VectorParams.forModel("fake-joint"));
      db.createCollection("folder", CollectionConfig.named(v));
      MediaIngester ingester = new MediaIngester(db.collection("folder"));
      IngestReport r = ingester.ingest(IngestFiles.list(List.of(files)).media(), new Ingester.Listener() {});
      IngestReport again = ingester.ingest(IngestFiles.list(List.of(files)).media(), new Ingester.Listener() {});
      outcomes.add(r.added() + " added, " + r.failed() + " failed " + r.errors() + "; again " + again.unchanged()
          + " unchanged; " + ParityTest.outcome(db, d -> d.collection("folder").scroll(ScrollRequest.of(10))));
    }
    assertEquals(outcomes.get(0), outcomes.get(1));
    assertTrue(outcomes.get(0).startsWith("2 added, 1 failed"), outcomes.get(0));
    assertTrue(outcomes.get(0).contains("again 2 unchanged"), outcomes.get(0));
  }
}
