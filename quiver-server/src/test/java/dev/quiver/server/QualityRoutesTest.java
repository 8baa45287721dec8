package dev.quiver.server;

import static dev.quiver.server.ServerEndToEndTest.assertError;
import static dev.quiver.server.ServerEndToEndTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /collections/{c}/inspect} and {@code POST /audit} over real HTTP, with their errors. */
class QualityRoutesTest {

  @TempDir Path dir;

  @Test
  void inspectAndAudit() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).withAdminApiKey("admin-key")
        .withReadOnlyApiKey("reader-key").withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1")));
    try (QuiverServer server = QuiverServer.start(config)) {
      Http admin = new Http(server.uri()).withKey("admin-key");
      Http reader = new Http(server.uri()).withKey("reader-key");
      assertOk(admin.put("/collections/tracks", "{\"vectors\": {\"size\": 8, \"distance\": \"euclidean\"}}"));
      assertOk(admin.put("/collections/tracks/points", RecommendRoutesTest.catalogue()));
      // an exact copy of track 5 without its "mood"
      JsonNode five = admin.post("/collections/tracks/points", "{\"ids\": [5], \"with_vector\": true}").result().get(0);
      assertOk(admin.put("/collections/tracks/points", "{\"points\": [{\"id\": 500, \"vector\": " + five.get("vector")
          + ", \"payload\": {\"genre\": \"jazz\", \"year\": 2000}}]}"));

      Http.Resp r = reader.get("/collections/tracks/inspect?k=5&max_listed=3");
      assertOk(r);
      JsonNode rep = r.result();
      assertEquals(97, rep.get("points").asInt());
      JsonNode v = rep.get("vectors").get(0);
      assertEquals("euclidean", v.get("metric").asText());
      assertEquals(5, v.get("k").asInt());
      assertEquals(1, v.at("/exact_duplicates/groups").asInt());
      assertEquals("[5,500]", v.at("/exact_duplicates/sample/0").toString());
      assertEquals(20, v.at("/norms/histogram/counts").size());
      assertTrue(v.at("/nearest_distance/quantiles/p50").isNumber(), v.toString());
      assertTrue(v.get("notes").get(0).asText().contains("refused at write time"));
      JsonNode missing = rep.at("/payload/missing/0");
      assertEquals("mood", missing.get("field").asText());
      assertEquals("[500]", missing.get("sample").toString());

      assertError(reader.get("/collections/tracks/inspect?k=0"), 400, "bad_request", "k must be between 1 and 100, got 0");
      assertError(reader.get("/collections/tracks/inspect?k=ten"), 400, "bad_request", "'k' must be an integer, got 'ten'");
      assertError(reader.get("/collections/tracks/inspect?near_duplicate=2"), 400, "bad_request", "got 2.0");
      assertError(reader.get("/collections/tracks/inspect?kk=3"), 400, "bad_request", "query parameter 'kk' is unknown");
      assertError(reader.get("/collections/tracks/inspect?vector=image"), 400, "bad_request", "no vector 'image'");
      assertError(reader.get("/collections/nope/inspect"), 404, "not_found", "nope");
      assertEquals(401, new Http(server.uri()).get("/collections/tracks/inspect").status());

      // audit with the caller's own sets on the server's model: exact p over C(4, 2) = 6 partitions
      String sets = "{\"name\": \"mine\", \"x\": {\"name\": \"cats\", \"words\": [\"cat\", \"kitten\"]},"
          + " \"y\": {\"name\": \"dogs\", \"words\": [\"dog\", \"puppy\"]}, \"a\": {\"name\": \"soft\", \"words\": [\"soft\"]},"
          + " \"b\": {\"name\": \"loud\", \"words\": [\"loud\"]}}";
      r = reader.post("/audit", "{\"model\": \"" + WordHashModel.NAME + "\", \"sets\": " + sets + "}");
      assertOk(r);
      JsonNode res = r.result().get("results").get(0);
      assertEquals("mine", res.get("test").asText());
      assertEquals(2, res.get("nx").asInt());
      assertTrue(res.get("exact").asBoolean());
      assertTrue(res.get("p_value_method").asText().contains("exact over all 6 partitions"), res.toString());
      assertTrue(res.get("effect_size").isNumber());
      assertTrue(r.result().get("method").asText().contains("Caliskan"));

      r = reader.post("/audit", "{\"model\": \"" + WordHashModel.NAME + "\", \"test\": \"weat6\", \"sentences\": true,"
          + " \"samples\": 1000}");
      assertOk(r);
      res = r.result().get("results").get(0);
      assertEquals("weat6", res.get("test").asText());
      assertEquals(8 * 6, res.get("nx").asInt(), "SEAT: 6 sentences a word");
      assertTrue(res.get("p_value_method").asText().contains("1,000 random partitions"), res.toString());

      assertError(reader.post("/audit", "{\"test\": \"weat1\"}"), 400, "bad_request", "needs \"model\"");
      assertError(reader.post("/audit", "{\"model\": \"" + WordHashModel.NAME + "\", \"test\": \"weat99\"}"), 400,
          "bad_request", "unknown WEAT test 'weat99'");
      assertError(reader.post("/audit", "{\"model\": \"nope\", \"test\": \"weat1\"}"), 400, "bad_request",
          "unknown embedding model 'nope'");
      assertError(reader.post("/audit", "{\"model\": \"" + WordHashModel.NAME + "\", \"sets\": {\"name\": \"t\"}}"), 400,
          "bad_request", "'x' must be a word set");
      assertError(reader.post("/audit", "{\"model\": \"" + WordHashModel.NAME + "\", \"colour\": 1}"), 400,
          "bad_request", "unknown field 'colour'");
    }
  }
}
