package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, item 2: a web page the user opens must not be able to use a keyless server on
 * 127.0.0.1. The browser sends a cross-site request with the page's {@code Origin}, and without
 * asking first only with a form or text/plain type; a DNS-rebinding page sends its own name as
 * {@code Host}. Every write route refuses all three, every JSON route refuses a body that is not
 * declared JSON; curl and the Java client (no Origin) and the console (its own origin) still work,
 * and so do origins listed for CORS.
 */
class BrowserOriginTest {

  private static final String FOREIGN = "http://evil.example";
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private static QuiverServer start(ServerConfig config) throws IOException {
    return QuiverServer.start(config.withPort(0).withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)));
  }

  @Test
  void everyWriteRouteRefusesForeignOriginsAndHostsAndNothingChanges() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults().withDataDir(dir))) {
      Http http = new Http(server.uri());
      ServerEndToEndTest.assertOk(http.put("/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}"));
      ServerEndToEndTest.assertOk(http.put("/collections/c/points",
          "{\"points\":[{\"id\":1,\"vector\":[1,0],\"payload\":{\"k\":\"v\"}}]}"));
      ServerEndToEndTest.assertOk(http.put("/collections/c/index", "{\"field_name\":\"k\",\"field_schema\":\"keyword\"}"));
      String snap = http.post("/collections/c/snapshots", null).result().get("name").asText();
      String before = state(http, snap);

      int writeRoutes = 0;
      for (Route r : server.routes()) {
        if (r.access() != Access.WRITE) {
          continue;
        }
        writeRoutes++;
        String m = r.method().name();
        String path = fill(r.path(), snap);
        String what = m + " " + r.path();
        for (String origin : new String[] {FOREIGN, FOREIGN + ":" + server.port(), "null",
            "http://127.0.0.1:" + (server.port() == 1 ? 2 : server.port() - 1)}) {
          for (String type : new String[] {"application/json", "text/plain", null}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).header("Origin", origin)
                .method(m, HttpRequest.BodyPublishers.ofByteArray(BODY));
            if (type != null) {
              b.header("Content-Type", type);
            }
            Http.Resp resp = http.send(b);
            String shown = what + " from Origin " + origin + " [" + type + "]";
            ServerEndToEndTest.assertError(resp, 403, "forbidden", "Origin '" + origin + "'", "QUIVER_CORS_ORIGINS");
            assertTrue(resp.status() == 403, shown);
          }
        }
        // DNS rebinding: the page's own name in Host (and, being same-origin to itself, in Origin)
        for (String origin : new String[] {null, "http://evil.example:" + server.port()}) {
          RawHttp.Resp resp = RawHttp.exchange(server.port(), m + " " + path + " HTTP/1.1\r\nHost: evil.example:"
              + server.port() + (origin == null ? "" : "\r\nOrigin: " + origin)
              + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length, BODY, 10_000);
          assertEquals(403, resp.status(), () -> what + " with Host evil.example -> " + resp);
          assertEquals("forbidden", resp.code(), resp::toString);
          assertTrue(resp.error().contains("Host 'evil.example:" + server.port() + "'"), resp::toString);
        }
      }
      assertTrue(writeRoutes >= 15, "only " + writeRoutes + " write routes in the table");
      assertEquals(before, state(http, snap), "a refused request changed the database");
    }
  }

  @Test
  void jsonRoutesRefuseBodiesNotDeclaredJson() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults().withDataDir(dir))) {
      Http http = new Http(server.uri());
      ServerEndToEndTest.assertOk(http.put("/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}"));
      byte[] broken = "{".getBytes(StandardCharsets.UTF_8);
      List<String> jsonRoutes = new ArrayList<>();
      for (Route r : server.routes()) {
        String m = r.method().name();
        if (m.equals("GET") || m.equals("DELETE")) {
          continue;
        }
        String path = fill(r.path(), "x.snapshot");
        // a route that parses JSON says so when the JSON is broken; the others take bytes or nothing
        Http.Resp probe = http.send(m, path, broken, "application/json");
        if (probe.status() != 400 || !probe.error().contains("not valid JSON")) {
          continue;
        }
        jsonRoutes.add(m + " " + r.path());
        for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x"}) {
          Http.Resp resp = http.send(m, path, broken, type);
          ServerEndToEndTest.assertError(resp, 415, "unsupported_media_type", "application/json");
          if (type == null) {
            assertTrue(resp.error().contains("no Content-Type"), resp::toString);
          } else {
            assertTrue(resp.error().contains("'" + type + "'"), resp::toString);
          }
        }
      }
      assertTrue(jsonRoutes.size() >= 15, "only " + jsonRoutes.size() + " JSON routes found: " + jsonRoutes);
      // an empty body with no type is still an empty body where one is optional (curl -X POST)
      ServerEndToEndTest.assertOk(http.send("POST", "/collections/c/points/scroll", null, null));
      ServerEndToEndTest.assertOk(http.send("POST", "/collections/c/points/count", null, null));
    }
  }

  @Test
  void clientsWithoutAnOriginAndTheConsoleOnItsOwnOriginStillWork() throws Exception {
    try (QuiverServer server = start(ServerConfig.defaults().withDataDir(dir))) {
      Http http = new Http(server.uri());
      String self = "http://127.0.0.1:" + server.port();
      ServerEndToEndTest.assertOk(http.put("/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}"));
      // the console: its page, then JSON calls with Origin equal to the address it was loaded from
      Http.Resp page = http.send(HttpRequest.newBuilder(server.uri()).header("Accept", "text/html").GET());
      assertEquals(200, page.status(), page::toString);
      ServerEndToEndTest.assertOk(http.send(json(server, "PUT", "/collections/c/points",
          "{\"points\":[{\"id\":1,\"vector\":[1,0]}]}").header("Origin", self)));
      ServerEndToEndTest.assertOk(http.send(json(server, "POST", "/collections/c/points/search",
          "{\"vector\":[1,0]}").header("Origin", self)));
      ServerEndToEndTest.assertOk(http.send(HttpRequest.newBuilder(server.uri().resolve("/collections/c/compact"))
          .header("Origin", self).POST(HttpRequest.BodyPublishers.noBody())));
      // the same by name: http://localhost:port (Host and Origin agree, and localhost is loopback)
      byte[] search = "{\"vector\":[1,0]}".getBytes(StandardCharsets.UTF_8);
      RawHttp.Resp byName = RawHttp.exchange(server.port(), "POST /collections/c/points/search HTTP/1.1\r\nHost: localhost:"
          + server.port() + "\r\nOrigin: http://localhost:" + server.port() + "\r\nContent-Type: application/json"
          + "\r\nContent-Length: " + search.length, search, 10_000);
      assertEquals(200, byName.status(), byName::toString);
      // a forwarded port (ssh -L 8000:127.0.0.1:7333): Host and Origin name the forwarded one
      RawHttp.Resp forwarded = RawHttp.exchange(server.port(), "POST /collections/c/points/search HTTP/1.1\r\nHost:"
          + " localhost:8000\r\nOrigin: http://localhost:8000\r\nContent-Type: application/json\r\nContent-Length: "
          + search.length, search, 10_000);
      assertEquals(200, forwarded.status(), forwarded::toString);
      // curl and the Java client send no Origin
      ServerEndToEndTest.assertOk(http.post("/collections/c/points/count", "{}"));
      ServerEndToEndTest.assertOk(http.delete("/collections/c"));
    }
  }

  @Test
  void originsListedForCorsMayWrite() throws Exception {
    String app = "http://app.example:3000";
    try (QuiverServer server = start(ServerConfig.defaults().withDataDir(dir).withCorsOrigins(List.of(app)))) {
      Http http = new Http(server.uri());
      Http.Resp created = http.send(json(server, "PUT", "/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}")
          .header("Origin", app));
      ServerEndToEndTest.assertOk(created);
      Http.Resp deleted = http.send(HttpRequest.newBuilder(server.uri().resolve("/collections/c")).header("Origin", app)
          .DELETE());
      ServerEndToEndTest.assertOk(deleted);
      ServerEndToEndTest.assertError(http.send(json(server, "PUT", "/collections/d",
          "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}").header("Origin", FOREIGN)), 403, "forbidden", FOREIGN);
    }
    try (QuiverServer any = start(ServerConfig.defaults().withDataDir(dir.resolve("any")).withCorsOrigins(List.of("*")))) {
      ServerEndToEndTest.assertOk(new Http(any.uri()).send(json(any, "PUT", "/collections/c",
          "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}").header("Origin", FOREIGN)));
    }
  }

  @Test
  void hostIsNotCheckedWhenBoundBeyondLoopback() throws IOException {
    try (QuiverServer server = start(ServerConfig.defaults().withDataDir(dir).withHost("0.0.0.0"))) {
      RawHttp.Resp r = RawHttp.exchange(server.port(), "GET /collections HTTP/1.1\r\nHost: quiver.internal:7333", null,
          10_000);
      assertEquals(200, r.status(), r::toString);
    }
  }

  private static HttpRequest.Builder json(QuiverServer server, String method, String path, String body) {
    return HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
  }

  private static String fill(String template, String snap) {
    return template.replace("{c}", "c").replace("{id}", "1").replace("{field}", "k").replace("{snap}", snap)
        .replace("{asset}", "app.js");
  }

  /** What a refused write could have changed: collections, points and payloads, snapshots, indexes. */
  private static String state(Http http, String snap) {
    return http.get("/collections").body().replaceAll("\"time\":[^}]*", "")
        + http.post("/collections/c/points/scroll", "{\"with_vector\":true}").result()
        + http.get("/collections/c").result().path("payload_schema")
        + http.get("/collections/c/snapshots").result()
        + http.get("/collections/c/snapshots/" + snap).status();
  }
}
