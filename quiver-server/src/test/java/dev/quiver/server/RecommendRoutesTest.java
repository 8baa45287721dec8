package dev.quiver.server;

import static dev.quiver.server.ServerEndToEndTest.assertError;
import static dev.quiver.server.ServerEndToEndTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendation routes over HTTP on a small catalogue with known structure: 96 tracks, vector =
 * genre axis + mood axis + noise, payload genre/mood/year.
 */
class RecommendRoutesTest {

  @TempDir Path dir;

  static final List<String> GENRES = List.of("rock", "jazz", "folk", "pop");
  static final List<String> MOODS = List.of("happy", "sad", "energetic", "calm");

  static String genre(int id) {
    return GENRES.get(id % 4);
  }

  static String mood(int id) {
    return MOODS.get((id / 4) % 4);
  }

  static String catalogue() {
    Random r = new Random(3);
    StringBuilder b = new StringBuilder("{\"points\": [");
    for (int id = 0; id < 96; id++) {
      float[] v = new float[8];
      v[id % 4] += 1;
      v[4 + (id / 4) % 4] += 1;
      b.append(id == 0 ? "" : ",").append("{\"id\": ").append(id).append(", \"vector\": [");
      for (int d = 0; d < 8; d++) {
        b.append(d == 0 ? "" : ",").append(v[d] + (float) (r.nextGaussian() * 0.05));
      }
      b.append("], \"payload\": {\"genre\": \"").append(genre(id)).append("\", \"mood\": \"").append(mood(id))
          .append("\", \"year\": ").append(1990 + id % 30).append("}}");
    }
    return b.append("]}").toString();
  }

  static Set<String> field(JsonNode hits, String name) {
    Set<String> out = new HashSet<>();
    hits.forEach(h -> out.add(h.path("payload").path(name).asText()));
    return out;
  }

  static Set<Integer> ids(JsonNode hits) {
    Set<Integer> out = new HashSet<>();
    hits.forEach(h -> out.add(h.get("id").asInt()));
    return out;
  }

  @Test
  void recommendProfileAndArithmeticRoutes() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).withAdminApiKey("admin-key")
        .withReadOnlyApiKey("reader-key").withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1")));
    try (QuiverServer server = QuiverServer.start(config)) {
      Http admin = new Http(server.uri()).withKey("admin-key");
      Http reader = new Http(server.uri()).withKey("reader-key");
      assertOk(admin.put("/collections/tracks", "{\"vectors\": {\"size\": 8, \"distance\": \"cosine\"}}"));
      assertOk(admin.put("/collections/tracks/points", catalogue()));
      String rec = "/collections/tracks/points/recommend";

      // sad tracks (ids 4..7 are the sad ones of each genre): sad tracks back, examples excluded
      Http.Resp r = reader.post(rec, "{\"positive\": [4, 5, 6], \"limit\": 8}");
      assertOk(r);
      assertEquals(8, r.result().size());
      assertEquals(Set.of("sad"), field(r.result(), "mood"), r.body());
      assertTrue(ids(r.result()).stream().noneMatch(id -> id == 4 || id == 5 || id == 6), r.body());
      assertTrue(r.result().get(0).has("payload") && !r.result().get(0).has("vector"));

      // best_score with a negative, a filter and vectors
      r = reader.post(rec, "{\"positive\": [{\"id\": 4}], \"negative\": [[0, 0, 0, 0, 0, 1, 0, 0]],"
          + " \"strategy\": \"best_score\", \"limit\": 5, \"with_vector\": true,"
          + " \"filter\": {\"must\": [{\"key\": \"year\", \"range\": {\"gte\": 2000}}]}}");
      assertOk(r);
      assertEquals(5, r.result().size());
      for (JsonNode h : r.result()) {
        assertTrue(h.path("payload").path("year").asInt() >= 2000, r.body());
        assertEquals(8, h.get("vector").size());
      }
      // 4 is rock-sad: rock tracks of other moods are closer to it than to the pure-sad negative
      assertEquals(Set.of("rock"), field(r.result(), "genre"), r.body());

      // more like this, keeping the example itself
      r = reader.post(rec, "{\"positive\": [9], \"exclude_examples\": false, \"limit\": 3}");
      assertOk(r);
      assertEquals(9, r.result().get(0).get("id").asInt());

      // arithmetic: rock-sad - jazz-sad + jazz-energetic = rock-energetic
      r = reader.post("/collections/tracks/points/arithmetic", "{\"terms\": [{\"id\": 4}, {\"id\": 5, \"weight\": -1},"
          + " {\"id\": 9}], \"limit\": 4}");
      assertOk(r);
      assertEquals(Set.of("rock"), field(r.result(), "genre"), r.body());
      assertEquals(Set.of("energetic"), field(r.result(), "mood"), r.body());
      assertTrue(!ids(r.result()).contains(4) && !ids(r.result()).contains(9), r.body());

      // profile: old sad plays, recent calm plays, a 30-day half-life
      r = reader.post("/collections/tracks/points/recommend/profile", "{\"interactions\": ["
          + "{\"id\": 4, \"time\": \"2025-01-01T00:00:00Z\"}, {\"id\": 5, \"time\": \"2025-01-02T00:00:00Z\"},"
          + "{\"id\": 6, \"time\": \"2025-01-03T00:00:00Z\"}, {\"id\": 12, \"weight\": 2, \"time\": \"2026-01-01\"},"
          + "{\"id\": 13, \"time\": \"2026-01-02\"}], \"half_life\": \"P30D\", \"limit\": 6}");
      assertOk(r);
      assertEquals(Set.of("calm"), field(r.result(), "mood"), r.body());
      assertTrue(!ids(r.result()).contains(12) && !ids(r.result()).contains(13), "seen items excluded: " + r.body());

      // errors
      assertError(reader.post(rec, "{\"positive\": [4, 500, 501]}"), 400, "bad_request", "500 (positive[1])",
          "501 (positive[2])", "'tracks'");
      assertError(reader.post(rec, "{\"positive\": [[1, 2]]}"), 400, "bad_request", "positive[0]",
          "dimension 2", "expects 8");
      assertError(reader.post(rec, "{\"positive\": [{\"text\": \"sad songs\"}]}"), 400, "bad_request",
          "not bound to an embedding model");
      assertError(reader.post(rec, "{\"positive\": [4], \"strategy\": \"median\"}"), 400, "bad_request",
          "strategy", "median");
      assertError(reader.post(rec, "{\"positive\": [4], \"top\": 3}"), 400, "bad_request", "unknown field 'top'");
      assertError(reader.post(rec, "{\"negative\": [4]}"), 400, "bad_request", "average_vector");
      assertError(reader.post(rec, "{\"positive\": [4], \"filter\": {\"must\": 3}}"), 400, "invalid_filter");
      assertError(reader.post(rec, "{\"positive\": [4], \"using\": \"audio\"}"), 400, "bad_request", "no vector 'audio'");
      assertError(reader.post("/collections/nope/points/recommend", "{\"positive\": [4]}"), 404, "not_found");
      assertError(reader.post("/collections/tracks/points/arithmetic", "{\"terms\": [{\"id\": 4}, {\"id\": 4,"
          + " \"weight\": -1}]}"), 400, "bad_request", "cancel out");
      assertError(reader.post("/collections/tracks/points/arithmetic", "{\"terms\": [{\"id\": 4, \"weight\": null,"
          + " \"text\": \"x\"}]}"), 400, "bad_request", "terms[0]", "exactly one");
      assertError(reader.post("/collections/tracks/points/recommend/profile", "{\"interactions\": [{\"id\": 4}]}"),
          400, "bad_request", "interactions[0].time");
      assertError(new Http(server.uri()).post(rec, "{\"positive\": [4]}"), 401, "unauthorized");

      // text examples on a model-bound collection are embedded with its model
      assertOk(admin.put("/collections/docs", "{\"vectors\": {\"model\": \"word-hash\"}}"));
      assertOk(admin.put("/collections/docs/points", "{\"points\": ["
          + "{\"id\": 1, \"payload\": {\"text\": \"slow sad piano ballad\"}},"
          + "{\"id\": 2, \"payload\": {\"text\": \"fast energetic dance anthem\"}},"
          + "{\"id\": 3, \"payload\": {\"text\": \"slow calm piano nocturne\"}}]}"));
      r = reader.post("/collections/docs/points/arithmetic", "{\"terms\": [{\"id\": 1},"
          + " {\"text\": \"sad ballad\", \"weight\": -1}, {\"text\": \"calm nocturne\"}], \"limit\": 1}");
      assertOk(r);
      assertEquals(3, r.result().get(0).get("id").asInt(), r.body());
      r = reader.post("/collections/docs/points/recommend", "{\"positive\": [{\"text\": \"energetic dance\"}],"
          + " \"limit\": 1}");
      assertOk(r);
      assertEquals(2, r.result().get(0).get("id").asInt(), r.body());
    }
  }
}
