package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections bound to an embedding model over HTTP: vectors from payload text, search by text, version check. */
class ModelBoundRoutesTest {

  @TempDir
  Path dir;

  private ServerConfig config(String modelVersion) {
    return ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider(modelVersion)));
  }

  @Test
  void textInTextOutAndAVersionMismatchIsA400() throws Exception {
    try (QuiverServer server = QuiverServer.start(config("1"))) {
      Http h = new Http(server.uri());
      ServerEndToEndTest.assertOk(h.put("/collections/docs", "{\"vectors\":{\"model\":\"word-hash\"}}"));
      JsonNode vectors = h.get("/collections/docs").result().get("config").get("vectors").get("default");
      assertEquals(32, vectors.get("size").asInt());
      assertEquals("1", vectors.get("model").get("version").asText());
      ServerEndToEndTest.assertOk(h.put("/collections/docs/points", "{\"points\":["
          + "{\"id\":1,\"payload\":{\"text\":\"the cat sat on the mat\"}},"
          + "{\"id\":2,\"payload\":{\"text\":\"stock markets fell sharply\"}},"
          + "{\"id\":3,\"payload\":{\"text\":\"a dog chased the ball\"}}]}"));
      Http.Resp hits = h.post("/collections/docs/points/search", "{\"text\":\"markets\",\"limit\":1}");
      ServerEndToEndTest.assertOk(hits);
      assertEquals(2, hits.result().get(0).get("id").asInt());
      ServerEndToEndTest.assertError(h.put("/collections/docs/points", "{\"points\":[{\"id\":4,\"payload\":{}}]}"),
          400, "bad_request", "text");
      ServerEndToEndTest.assertError(h.put("/collections/other", "{\"vectors\":{\"model\":\"no-such-model\"}}"),
          400, "bad_request", "unknown embedding model 'no-such-model'");
      ServerEndToEndTest.assertError(h.post("/collections/docs/points/search", "{\"text\":\"\"}"),
          400, "bad_request", "query text is empty");
    }
    try (QuiverServer server = QuiverServer.start(config("2"))) {
      Http h = new Http(server.uri());
      Http.Resp r = h.post("/collections/docs/points/search", "{\"text\":\"markets\"}");
      ServerEndToEndTest.assertError(r, 400, "model_mismatch", "version 1", "version 2");
      // reads that need no model still work
      assertTrue(h.post("/collections/docs/points/count", "{}").result().get("count").asLong() == 3);
    }
  }
}
