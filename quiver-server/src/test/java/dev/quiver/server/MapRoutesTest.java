package dev.quiver.server;

import static dev.quiver.server.ServerEndToEndTest.assertError;
import static dev.quiver.server.ServerEndToEndTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding-map routes and the console's own routes over real HTTP: results, caching, errors, keys. */
class MapRoutesTest {

  private static final String ADMIN = "admin-secret";
  private static final String READER = "reader-secret";

  @TempDir
  Path dir;

  @Test
  void mapsPlacesQueriesAndRefusesBadInput() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).withAdminApiKey(ADMIN)
        .withReadOnlyApiKey(READER).withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1")));
    try (QuiverServer server = QuiverServer.start(config)) {
      Http admin = new Http(server.uri()).withKey(ADMIN);
      Http reader = new Http(server.uri()).withKey(READER);
      assertOk(admin.put("/collections/words", "{\"vectors\":{\"model\":\"word-hash\"}}"));
      StringBuilder pts = new StringBuilder("{\"points\":[");
      String[] topics = {"coffee espresso beans", "tea leaves steeped", "rust borrow checker"};
      for (int i = 0; i < 30; i++) {
        pts.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"payload\":{\"text\":\"")
            .append(topics[i % 3]).append(" note ").append(i).append("\",\"topic\":").append(i % 3).append("}}");
      }
      assertOk(admin.put("/collections/words/points", pts.append("]}").toString()));

      // the read-only key may map; every point, coloured, labelled
      Http.Resp r = reader.get("/collections/words/map?color=topic");
      assertOk(r);
      JsonNode map = r.result();
      assertEquals("pca", map.get("method").asText());
      assertEquals("default", map.get("using").asText());
      assertEquals(30, map.get("total_points").asLong());
      assertFalse(map.get("sampled").asBoolean());
      assertEquals(30, map.get("points").size());
      JsonNode p0 = map.get("points").get(0);
      assertEquals(0, p0.get("id").asLong());
      assertEquals(0, p0.get("color").asInt());
      assertEquals("coffee espresso beans note 0", p0.get("label").asText());

      // a point's own id lands on its own place
      JsonNode at = reader.post("/collections/words/map/query", "{\"color\":\"topic\",\"query\":0}").result();
      assertEquals(p0.get("x").asDouble(), at.get("x").asDouble(), 1e-4);
      assertEquals(p0.get("y").asDouble(), at.get("y").asDouble(), 1e-4);
      // a text lands nearer its topic's points than the others
      JsonNode t = reader.post("/collections/words/map/query", "{\"query\":{\"text\":\"espresso coffee\"}}").result();
      double[] dist = new double[3];
      for (JsonNode p : map.get("points")) {
        dist[p.get("color").asInt()] += Math.hypot(p.get("x").asDouble() - t.get("x").asDouble(),
            p.get("y").asDouble() - t.get("y").asDouble());
      }
      assertTrue(dist[0] < dist[1] && dist[0] < dist[2], () -> java.util.Arrays.toString(dist));

      // sampling and t-SNE
      JsonNode sample = reader.get("/collections/words/map?limit=10&seed=5&method=tsne").result();
      assertEquals(10, sample.get("points").size());
      assertTrue(sample.get("sampled").asBoolean());
      assertTrue(sample.get("note").asText().contains("uniform sample of 10 of 30"), sample.get("note").asText());
      Set<Long> ids = new HashSet<>();
      sample.get("points").forEach(p -> ids.add(p.get("id").asLong()));
      assertEquals(10, ids.size());
      JsonNode tq = reader.post("/collections/words/map/query",
          "{\"method\":\"tsne\",\"limit\":10,\"seed\":5,\"query\":{\"text\":\"tea\"}}").result();
      assertTrue(Double.isFinite(tq.get("x").asDouble()) && Double.isFinite(tq.get("y").asDouble()));

      // a write changes the version, so the map is made again
      long v1 = map.get("version").asLong();
      assertOk(admin.put("/collections/words/points", "{\"points\":[{\"id\":99,\"payload\":{\"text\":\"more tea\"}}]}"));
      JsonNode after = reader.get("/collections/words/map").result();
      assertEquals(31, after.get("points").size());
      assertTrue(after.get("version").asLong() > v1);

      assertError(reader.get("/collections/words/map?method=umap"), 400, "bad_request", "'umap' is not available");
      assertError(reader.get("/collections/words/map?method=mds"), 400, "bad_request", "'mds'", "'pca' or 'tsne'");
      assertError(reader.get("/collections/words/map?color=nope"), 400, "bad_request", "color field 'nope'", "topic");
      assertError(reader.get("/collections/words/map?limit=0"), 400, "bad_request", "limit", "0");
      assertError(reader.get("/collections/words/map?limit=ten"), 400, "bad_request", "'ten' is not an integer");
      assertError(reader.get("/collections/words/map?colour=topic"), 400, "bad_request", "'colour' is unknown");
      assertError(reader.get("/collections/words/map?using=image"), 400, "bad_request", "no vector 'image'");
      assertError(reader.get("/collections/nowhere/map"), 404, "not_found", "nowhere");
      assertOk(admin.put("/collections/empty", "{\"vectors\":{\"size\":3,\"distance\":\"cosine\"}}"));
      assertError(reader.get("/collections/empty/map"), 400, "bad_request", "'empty' has no points");
      assertError(reader.post("/collections/words/map/query", "{}"), 400, "bad_request", "query: required");
      assertError(reader.post("/collections/words/map/query", "{\"query\":[1,2]}"), 400, "bad_request",
          "dimension 2");
      assertError(reader.post("/collections/words/map/query", "{\"query\":12345}"), 400, "bad_request",
          "12345 (query)");
      assertError(reader.post("/collections/words/map/query", "{\"query\":0,\"extra\":1}"), 400, "bad_request",
          "extra");
      assertError(new Http(server.uri()).get("/collections/words/map"), 401, "unauthorized");
    }
  }

  @Test
  void consolePageAndAssetsNeedNoKeyButTheApiDoes() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).withAdminApiKey(ADMIN)
        .withReadOnlyApiKey(READER);
    try (QuiverServer server = QuiverServer.start(config)) {
      Http anonymous = new Http(server.uri());
      Http.Resp page = anonymous.send(HttpRequest.newBuilder(server.uri())
          .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").GET());
      assertEquals(200, page.status());
      assertTrue(page.contentType().startsWith("text/html"), page.contentType());
      assertTrue(page.body().contains("/console/app.js"));
      String csp = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri())
          .header("Accept", "text/html").GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding())
          .headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), csp);
      // the same path for an API client is still the JSON title, behind the key
      assertError(anonymous.get("/"), 401, "unauthorized");
      assertEquals("quiver", new Http(server.uri()).withKey(READER).get("/").result().get("title").asText());

      for (String asset : new String[] {"app.js", "api.js", "dom.js", "map.js", "mapview.js", "views.js", "health.js", "console.css"}) {
        Http.Resp a = anonymous.get("/console/" + asset);
        assertEquals(200, a.status(), asset);
        assertTrue(a.contentType().startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css"), a.contentType());
      }
      assertError(anonymous.get("/console/missing.js"), 404, "not_found", "missing.js");
      assertError(anonymous.get("/console/..%2Fopenapi.json"), 404, "not_found");
      assertError(anonymous.get("/console/openapi.json"), 404, "not_found");

      assertEquals("anonymous", anonymous.get("/auth").result().get("role").asText());
      assertTrue(anonymous.get("/auth").result().get("key_required").asBoolean());
      assertEquals("read_only", new Http(server.uri()).withKey(READER).get("/auth").result().get("role").asText());
      assertEquals("admin", new Http(server.uri()).withKey(ADMIN).get("/auth").result().get("role").asText());
      assertEquals("invalid", new Http(server.uri()).withKey("guess").get("/auth").result().get("role").asText());
    }
    try (QuiverServer open = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir))) {
      JsonNode auth = new Http(open.uri()).get("/auth").result();
      assertFalse(auth.get("key_required").asBoolean());
      assertEquals("admin", auth.get("role").asText());
    }
  }
}
