package dev.quiver.server;

import static dev.quiver.server.FakeMediaModels.BLUE;
import static dev.quiver.server.FakeMediaModels.GREEN;
import static dev.quiver.server.FakeMediaModels.RED;
import static dev.quiver.server.FakeMediaModels.WHITE;
import static dev.quiver.server.FakeMediaModels.png;
import static dev.quiver.server.FakeMediaModels.wav;
import static dev.quiver.server.ServerEndToEndTest.assertError;
import static dev.quiver.server.ServerEndToEndTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images and sounds over real HTTP: upload, JSON inputs, search by text, image and sound, errors and roles. */
class MediaRoutesTest {

  @TempDir
  Path dir;

  private static final String PICTURES = "{\"vectors\":{\"image\":{\"model\":\"fake-cells\"},\"clip\":{\"model\":\"fake-joint\"}}}";

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private QuiverServer start(ServerConfig base) throws Exception {
    return QuiverServer.start(base.withPort(0).withDataDir(dir).withEngine(QuiverConfig.defaults().withModels(
        FakeMediaModels.provider(FakeMediaModels.cells(), FakeMediaModels.joint(), FakeMediaModels.signal(),
            new WordHashModel("1")))));
  }

  private static String source(Http.Resp r) {
    return r.result().get(0).get("payload").get("source").asText();
  }

  @Test
  void uploadAndSearchImagesByTextAndImage() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults())) {
      Http h = new Http(server.uri());
      assertOk(h.put("/collections/pics", PICTURES));
      Http.Resp r = h.send("POST", "/collections/pics/media?name=red.png", png(8, RED), "image/png");
      assertOk(r);
      assertEquals("added", r.result().get("status").asText());
      assertEquals("image", r.result().get("media").asText());
      assertEquals("image/png", r.result().get("media_type").asText());
      assertOk(h.send("POST", "/collections/pics/media?name=green.png", png(8, GREEN), null));
      assertOk(h.send("POST", "/collections/pics/media?name=corner.png", png(8, RED, WHITE, WHITE, WHITE),
          "application/octet-stream"));
      // JSON points with base64 inputs (the client's path)
      assertOk(h.put("/collections/pics/points", "{\"points\":[{\"id\":1,\"inputs\":{\"image\":{\"image\":\""
          + b64(png(8, BLUE)) + "\"}},\"payload\":{\"source\":\"blue.png\"}}]}"));
      assertEquals(4, h.post("/collections/pics/points/count", "{}").result().get("count").asLong());

      JsonNode stored = h.post("/collections/pics/points/scroll", "{\"filter\":{\"must\":[{\"key\":\"source\","
          + "\"match\":{\"value\":\"red.png\"}}]},\"with_vector\":true}").result().get("points").get(0);
      assertEquals(8, stored.get("payload").get("width").asInt());
      assertEquals(12, stored.get("vector").get("image").size());
      assertEquals(4, stored.get("vector").get("clip").size());
      assertFalse(stored.toString().contains(b64(png(8, RED))), "no bytes in the payload");

      assertEquals("blue.png", source(h.post("/collections/pics/points/search",
          "{\"text\":\"something blue\",\"using\":\"clip\",\"limit\":1}")));
      assertEquals("corner.png", source(h.post("/collections/pics/points/search", "{\"image\":\""
          + b64(png(16, RED, WHITE, WHITE, WHITE)) + "\",\"using\":\"image\",\"limit\":1}")));
      assertEquals("green.png", source(h.post("/collections/pics/points/search", "{\"image\":\""
          + b64(png(4, GREEN)) + "\",\"using\":\"clip\",\"limit\":1,\"filter\":{\"must\":[{\"key\":\"media\","
          + "\"match\":{\"value\":\"image\"}}]}}")));

      // re-posting: same bytes change nothing, new bytes replace
      assertEquals("unchanged", h.send("POST", "/collections/pics/media?name=red.png", png(8, RED), "image/png")
          .result().get("status").asText());
      assertEquals("replaced", h.send("POST", "/collections/pics/media?name=red.png", png(8, BLUE), "image/png")
          .result().get("status").asText());
      assertEquals(4, h.post("/collections/pics/points/count", "{}").result().get("count").asLong());
      assertTrue(h.send("POST", "/collections/pics/media?name=kept.png&keep_bytes=true", png(4, GREEN), null)
          .result().get("status").asText().equals("added"));
      JsonNode kept = h.post("/collections/pics/points/scroll", "{\"filter\":{\"must\":[{\"key\":\"source\","
          + "\"match\":{\"value\":\"kept.png\"}}]}}").result().get("points").get(0).get("payload");
      assertEquals(b64(png(4, GREEN)), kept.get("data_base64").asText());
    }
  }

  @Test
  void soundsBySound() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults())) {
      Http h = new Http(server.uri());
      assertOk(h.put("/collections/sounds", "{\"vectors\":{\"model\":\"fake-signal\"}}"));
      assertOk(h.send("POST", "/collections/sounds/media?name=low.wav", wav(200, 0.4, 0.5), "audio/wav"));
      assertOk(h.send("POST", "/collections/sounds/media?name=mid.wav", wav(700, 0.4, 0.5), "audio/x-wav"));
      assertOk(h.send("POST", "/collections/sounds/media?name=high.wav", wav(2400, 0.4, 0.5), null));
      Http.Resp hit = h.post("/collections/sounds/points/search", "{\"audio\":\"" + b64(wav(650, 0.2, 0.5))
          + "\",\"limit\":1}");
      assertEquals("mid.wav", source(hit));
      JsonNode payload = hit.result().get(0).get("payload");
      assertEquals(0.4, payload.get("duration_seconds").asDouble(), 1e-9);
      assertEquals("audio/wav", payload.get("media_type").asText());
    }
  }

  @Test
  void everyMistakeIsA4xxWithAMessage() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults().withMaxBodyBytes(4096))) {
      Http h = new Http(server.uri());
      assertOk(h.put("/collections/pics", PICTURES));
      assertOk(h.put("/collections/sounds", "{\"vectors\":{\"model\":\"fake-signal\"}}"));
      assertOk(h.put("/collections/words", "{\"vectors\":{\"model\":\"word-hash\"}}"));
      assertOk(h.send("POST", "/collections/pics/media?name=red.png", png(4, RED), "image/png"));

      assertError(h.post("/collections/pics/points/search", "{\"text\":\"red\",\"using\":\"image\"}"),
          400, "bad_request", "vector 'image'", "fake-cells", "not text", "[clip]");
      assertError(h.post("/collections/sounds/points/search", "{\"image\":\"" + b64(png(4, RED)) + "\"}"),
          400, "bad_request", "fake-signal", "not image");
      assertError(h.post("/collections/pics/points/search", "{\"audio\":\"" + b64(wav(300, 0.05, 0.5))
          + "\",\"using\":\"clip\"}"), 400, "bad_request", "not audio");
      assertError(h.post("/collections/words/points/search", "{\"image\":\"" + b64(png(4, RED)) + "\"}"),
          400, "bad_request", "word-hash", "not image");
      byte[] junk = "definitely not a png".getBytes(StandardCharsets.UTF_8);
      assertError(h.send("POST", "/collections/pics/media?name=junk.png", junk, "image/png"),
          400, "bad_request", "junk.png", "not a PNG, JPEG, GIF or BMP image");
      assertError(h.post("/collections/pics/points/search", "{\"image\":\"" + b64(junk) + "\",\"using\":\"image\"}"),
          400, "bad_request", "query image", "not a PNG");
      assertError(h.post("/collections/pics/points/search", "{\"image\":\"@@@\",\"using\":\"image\"}"),
          400, "bad_request", "image: not valid base64");
      assertError(h.send("POST", "/collections/pics/media?name=tone.wav", wav(300, 0.05, 0.5), "audio/wav"),
          400, "bad_request", "tone.wav", "audio input for vector 'image'");
      assertError(h.send("POST", "/collections/words/media?name=red.png", png(4, RED), "image/png"),
          400, "bad_request", "image input for vector", "word-hash");
      assertError(h.send("POST", "/collections/pics/media?name=cat.tiff", png(4, RED), null),
          400, "bad_request", "cat.tiff", ".png");
      assertError(h.send("POST", "/collections/pics/media", png(4, RED), null), 400, "bad_request", "'name' is required");
      assertError(h.send("POST", "/collections/pics/media?name=a.png", png(4, RED), "application/json"),
          415, "unsupported_media_type", "image/png");
      assertError(h.send("POST", "/collections/pics/media?name=a.png", png(4, RED), "audio/wav"),
          400, "bad_request", "does not match");
      assertError(h.send("POST", "/collections/pics/media?name=a.png&keep_bytes=maybe", png(4, RED), null),
          400, "bad_request", "keep_bytes", "maybe");
      assertError(h.send("POST", "/collections/pics/media?name=big.wav", new byte[8192], "audio/wav"),
          413, "payload_too_large", "over the limit of 4096 bytes");
      assertError(h.send("POST", "/collections/nope/media?name=a.png", png(4, RED), null), 404, "not_found", "nope");
      assertError(h.put("/collections/pics/points", "{\"points\":[{\"id\":2,\"inputs\":{\"photo\":{\"image\":\""
          + b64(png(4, RED)) + "\"}}}]}"), 400, "bad_request", "'photo'", "[image, clip]");
      assertOk(h.put("/collections/plain", "{\"vectors\":{\"size\":3,\"distance\":\"cosine\"}}"));
      assertError(h.send("POST", "/collections/plain/media?name=a.png", png(4, RED), null),
          400, "bad_request", "not bound to an embedding model");
      assertEquals(1, h.post("/collections/pics/points/count", "{}").result().get("count").asLong());
    }
  }

  @Test
  void theReadOnlyKeyMaySearchButNotUpload() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults().withAdminApiKey("admin-key")
        .withReadOnlyApiKey("read-key"))) {
      Http admin = new Http(server.uri()).withKey("admin-key");
      Http reader = new Http(server.uri()).withKey("read-key");
      Http nobody = new Http(server.uri());
      assertOk(admin.put("/collections/pics", PICTURES));
      assertOk(admin.send("POST", "/collections/pics/media?name=red.png", png(4, RED), "image/png"));
      assertError(reader.send("POST", "/collections/pics/media?name=blue.png", png(4, BLUE), "image/png"),
          403, "forbidden");
      assertError(nobody.send("POST", "/collections/pics/media?name=blue.png", png(4, BLUE), "image/png"),
          401, "unauthorized");
      assertError(reader.put("/collections/pics/points", "{\"points\":[{\"id\":2,\"inputs\":{\"image\":{\"image\":\""
          + b64(png(4, BLUE)) + "\"}}}]}"), 403, "forbidden");
      assertEquals("red.png", source(reader.post("/collections/pics/points/search",
          "{\"image\":\"" + b64(png(4, RED)) + "\",\"using\":\"clip\",\"limit\":1}")));
    }
  }
}
