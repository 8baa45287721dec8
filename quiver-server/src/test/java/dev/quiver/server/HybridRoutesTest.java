package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyword (BM25) and hybrid search over HTTP, on a model-bound collection with a text index. */
class HybridRoutesTest {

  @TempDir
  Path dir;

  @Test
  void keywordAndHybridRoutes() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).withAdminApiKey("admin-key")
        .withReadOnlyApiKey("reader-key")
        .withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1")));
    try (QuiverServer server = QuiverServer.start(config)) {
      Http admin = new Http(server.uri()).withKey("admin-key");
      Http reader = new Http(server.uri()).withKey("reader-key");
      ServerEndToEndTest.assertOk(admin.put("/collections/docs", "{\"vectors\":{\"model\":\"word-hash\"}}"));
      ServerEndToEndTest.assertOk(admin.put("/collections/docs/index",
          "{\"field_name\":\"text\",\"field_schema\":\"text\"}"));
      ServerEndToEndTest.assertOk(admin.put("/collections/docs/points", "{\"points\":["
          + "{\"id\":1,\"payload\":{\"text\":\"replacement filter cartridge SKU-4471-B\",\"lang\":\"en\"}},"
          + "{\"id\":2,\"payload\":{\"text\":\"stock markets fell sharply\",\"lang\":\"en\"}},"
          + "{\"id\":3,\"payload\":{\"text\":\"filter coffee brewing guide\",\"lang\":\"de\"}}]}"));

      Http.Resp kw = reader.post("/collections/docs/points/keyword", "{\"text\":\"SKU-4471-B\",\"limit\":3}");
      ServerEndToEndTest.assertOk(kw);
      assertEquals(1, kw.result().get(0).get("id").asInt());

      Http.Resp hy = reader.post("/collections/docs/points/hybrid",
          "{\"text\":\"filter\",\"limit\":3,\"fusion\":{\"rrf\":{\"k\":60}},\"filter\":"
              + "{\"must\":[{\"key\":\"lang\",\"match\":{\"value\":\"de\"}}]}}");
      ServerEndToEndTest.assertOk(hy);
      assertEquals(1, hy.result().size(), hy.body());
      assertEquals(3, hy.result().get(0).get("id").asInt());

      ServerEndToEndTest.assertError(reader.post("/collections/docs/points/hybrid",
          "{\"text\":\"filter\",\"fusion\":\"borda\"}"), 400, "bad_request", "fusion", "borda");
      ServerEndToEndTest.assertError(reader.post("/collections/docs/points/hybrid",
          "{\"text\":\"x\",\"fusion\":{\"weighted\":{\"alpha\":2}}}"), 400, "bad_request", "alpha", "2");
      ServerEndToEndTest.assertError(reader.post("/collections/docs/points/keyword", "{\"limit\":3}"),
          400, "bad_request", "text");
      ServerEndToEndTest.assertError(reader.post("/collections/docs/points/hybrid",
          "{\"text\":\"x\",\"text_field\":\"nope\"}"), 400, "bad_request", "nope");
    }
  }
}
