package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route through real HTTP on loopback, with the admin key, the read-only key, no key and a wrong key. */
class ServerEndToEndTest {

  static final String ADMIN = "admin-secret";
  static final String READER = "reader-secret";
  static final long MAX_BODY = 64 * 1024;

  @TempDir
  static Path dir;
  static QuiverServer server;
  static Http admin;
  static Http reader;
  static Http anonymous;
  static Http wrong;

  @BeforeAll
  static void start() throws Exception {
    server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
        .withAdminApiKey(ADMIN).withReadOnlyApiKey(READER).withMaxBodyBytes(MAX_BODY)
        .withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)));
    anonymous = new Http(server.uri());
    admin = anonymous.withKey(ADMIN);
    reader = anonymous.withKey(READER);
    wrong = anonymous.withKey("not-the-key");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static void assertOk(Http.Resp r) {
    assertEquals(200, r.status(), r::toString);
    assertEquals("ok", r.json().get("status").asText(), r::toString);
  }

  static void assertError(Http.Resp r, int status, String code, String... fragments) {
    assertEquals(status, r.status(), r::toString);
    assertTrue(r.contentType().startsWith("application/json"), r::toString);
    assertEquals(code, r.code(), r::toString);
    for (String f : fragments) {
      assertTrue(r.error().contains(f), () -> "expected '" + f + "' in: " + r);
    }
    assertFalse(r.body().contains("\tat "), "no stack trace in a body");
  }

  static String q(String s) {
    return s.replace('\'', '"');
  }

  static void create(String name, String config) {
    assertOk(admin.put("/collections/" + name, q(config)));
  }

  @Test
  void healthRoutesAreOpenAndEverythingElseNeedsAKey() {
    for (String p : List.of("/healthz", "/livez", "/readyz")) {
      Http.Resp r = anonymous.get(p);
      assertOk(r);
      assertEquals("ok", r.result().asText());
    }
    assertError(anonymous.get("/"), 401, "unauthorized", "requires an API key", "api-key");
    assertError(wrong.get("/"), 401, "unauthorized", "not valid");
    assertError(anonymous.get("/collections"), 401, "unauthorized");
    assertError(wrong.post("/collections/x/points/search", "{}"), 401, "unauthorized");
    Http.Resp root = reader.get("/");
    assertOk(root);
    assertEquals("quiver", root.result().get("title").asText());
    assertEquals(SystemRoutes.VERSION, root.result().get("version").asText());
    Http.Resp bearer = anonymous.send(HttpRequest.newBuilder(server.uri().resolve("/collections"))
        .header("Authorization", "Bearer " + ADMIN).GET());
    assertOk(bearer);
    Http.Resp badBearer = anonymous.send(HttpRequest.newBuilder(server.uri().resolve("/collections"))
        .header("Authorization", "Bearer nope").GET());
    assertError(badBearer, 401, "unauthorized", "not valid");
    assertEquals(200, reader.get("/openapi.json").status());
    assertError(anonymous.get("/metrics"), 401, "unauthorized");
  }

  @Test
  void everyRouteEnforcesItsAccessForEveryKind() {
    create("authz", "{'vectors':{'size':2,'distance':'dot'}}");
    for (Route r : server.routes()) {
      String path = r.path().replace("{c}", "authz").replace("{id}", "1").replace("{field}", "f")
          .replace("{snap}", "x.snapshot").replace("{asset}", "app.js");
      String m = r.method().name();
      String what = m + " " + r.path();
      byte[] body = m.equals("GET") || m.equals("DELETE") ? null : "{}".getBytes(StandardCharsets.UTF_8);
      if (r.access() == Access.OPEN) {
        assertEquals(200, anonymous.send(m, path, body, null).status(), what);
        assertEquals(200, wrong.send(m, path, body, null).status(), what);
        continue;
      }
      assertError(anonymous.send(m, path, body, null), 401, "unauthorized", "requires an API key");
      assertError(wrong.send(m, path, body, null), 401, "unauthorized", "not valid");
      Http.Resp asReader = reader.send(m, path, body, null);
      if (r.access() == Access.WRITE) {
        assertError(asReader, 403, "forbidden", "read-only API key may not call " + what);
      } else {
        assertTrue(asReader.status() != 401 && asReader.status() != 403, () -> what + " as reader: " + asReader);
        Http.Resp asAdmin = admin.send(m, path, body, null);
        assertTrue(asAdmin.status() != 401 && asAdmin.status() != 403, () -> what + " as admin: " + asAdmin);
      }
    }
  }

  @Test
  void collectionLifecycle() {
    assertError(reader.put("/collections/life", q("{'vectors':{'size':4,'distance':'dot'}}")), 403, "forbidden",
        "read-only API key may not call PUT /collections/{c}");
    assertError(anonymous.put("/collections/life", q("{'vectors':{'size':4,'distance':'dot'}}")), 401, "unauthorized");
    create("life", "{'vectors':{'size':4,'distance':'dot','hnsw':{'m':8}}}");
    assertError(admin.put("/collections/life", q("{'vectors':{'size':4,'distance':'dot'}}")), 409, "already_exists",
        "collection 'life' already exists");
    Http.Resp info = reader.get("/collections/life");
    assertOk(info);
    assertEquals(0, info.result().get("points_count").asLong());
    assertEquals("green", info.result().get("status").asText());
    assertEquals(4, info.result().get("config").get("vectors").get("default").get("size").asInt());
    assertEquals(8, info.result().get("config").get("vectors").get("default").get("hnsw").get("m").asInt());
    assertTrue(reader.get("/collections/life/exists").result().get("exists").asBoolean());
    assertFalse(reader.get("/collections/nothere/exists").result().get("exists").asBoolean());
    List<String> names = ApiCodec.collectionNamesFromJson(reader.get("/collections").result());
    assertTrue(names.contains("life"), names::toString);

    assertError(admin.put("/collections/bad", q("{'vectors':{'size':0,'distance':'dot'}}")), 400, "bad_request",
        "dimension must be in [1, 65536], got 0");
    assertError(admin.put("/collections/bad", q("{'vectors':{'size':4,'distance':'hamming'}}")), 400, "bad_request",
        "hamming");
    assertError(admin.put("/collections/bad", q("{'vectorz':{}}")), 400, "bad_request", "vectors");
    assertError(admin.put("/collections/.hidden", q("{'vectors':{'size':4,'distance':'dot'}}")), 400, "bad_request",
        "collection name '.hidden' is invalid");
    assertError(admin.put("/collections/bad", "[]"), 400, "bad_request", "expected a collection config");

    assertError(reader.delete("/collections/life"), 403, "forbidden");
    assertOk(admin.delete("/collections/life"));
    assertError(reader.get("/collections/life"), 404, "not_found", "collection 'life' does not exist",
        "existing collections:");
    assertError(admin.delete("/collections/life"), 404, "not_found", "'life' does not exist");
  }

  @Test
  void pointsRoundTripThroughEveryPointRoute() {
    create("pts", "{'vectors':{'size':3,'distance':'cosine'}}");
    String upsert = q("{'points':[{'id':1,'vector':[1,0,0],'payload':{'city':'Paris','n':1}},"
        + "{'id':2,'vector':[0,1,0],'payload':{'city':'Rome','n':2}},"
        + "{'id':'123e4567-e89b-12d3-a456-426614174000','vector':[0,0,1],'payload':{'city':'Paris','n':3}},"
        + "{'id':18446744073709551615,'vector':[1,1,0]}]}");
    assertError(reader.put("/collections/pts/points", upsert), 403, "forbidden");
    Http.Resp up = admin.put("/collections/pts/points", upsert);
    assertOk(up);
    assertEquals("completed", up.result().get("status").asText());

    Http.Resp one = reader.get("/collections/pts/points/1");
    assertOk(one);
    assertEquals(1, one.result().get("id").asInt());
    assertTrue(one.result().get("vector").isArray());
    assertEquals("Paris", one.result().get("payload").get("city").asText());
    assertEquals("18446744073709551615", reader.get("/collections/pts/points/18446744073709551615").result().get("id").toString());
    assertOk(reader.get("/collections/pts/points/123e4567-e89b-12d3-a456-426614174000"));
    assertError(reader.get("/collections/pts/points/99"), 404, "not_found", "point 99 does not exist in collection 'pts'");
    assertError(reader.get("/collections/pts/points/abc"), 400, "bad_request", "'abc' is neither an unsigned integer nor a UUID");

    Http.Resp many = reader.post("/collections/pts/points", q("{'ids':[2,99,1],'with_vector':true}"));
    assertOk(many);
    assertEquals(2, many.result().size());
    assertEquals(2, many.result().get(0).get("id").asInt());
    assertEquals(1, many.result().get(1).get("id").asInt());
    assertTrue(many.result().get(0).has("vector"));
    assertFalse(reader.post("/collections/pts/points", q("{'ids':[1],'with_payload':false}")).result().get(0).has("payload"));

    Http.Resp page1 = reader.post("/collections/pts/points/scroll", q("{'limit':2}"));
    assertOk(page1);
    assertEquals(2, page1.result().get("points").size());
    assertEquals("18446744073709551615", page1.result().get("next_page_offset").toString());
    Http.Resp page2 = reader.post("/collections/pts/points/scroll",
        q("{'limit':2,'offset':" + page1.result().get("next_page_offset") + "}"));
    assertEquals(2, page2.result().get("points").size());
    assertTrue(page2.result().get("next_page_offset").isNull());
    assertOk(reader.send("POST", "/collections/pts/points/scroll", (byte[]) null, null));

    String paris = "{'must':[{'key':'city','match':{'value':'Paris'}}]}";
    assertEquals(4, reader.post("/collections/pts/points/count", "{}").result().get("count").asLong());
    assertEquals(2, reader.post("/collections/pts/points/count", q("{'filter':" + paris + "}")).result().get("count").asLong());

    Http.Resp hits = reader.post("/collections/pts/points/search", q("{'vector':[1,0.1,0],'limit':2}"));
    assertOk(hits);
    assertEquals(2, hits.result().size());
    assertEquals(1, hits.result().get(0).get("id").asInt());
    assertTrue(hits.result().get(0).get("score").asDouble() > 0.9);
    assertEquals("Paris", hits.result().get(0).get("payload").get("city").asText());
    Http.Resp filtered = reader.post("/collections/pts/points/search",
        q("{'vector':[0,1,0],'limit':5,'filter':" + paris + ",'params':{'hnsw_ef':32,'exact':true},'with_payload':false,'with_vector':true}"));
    assertOk(filtered);
    assertEquals(2, filtered.result().size());
    assertFalse(filtered.result().get(0).has("payload"));
    assertEquals(3, filtered.result().get(0).get("vector").size());

    assertError(reader.post("/collections/pts/points/payload", q("{'payload':{'x':1},'points':[1]}")), 403, "forbidden");
    assertOk(admin.post("/collections/pts/points/payload", q("{'payload':{'x':1},'points':[1,2]}")));
    JsonNode p1 = reader.get("/collections/pts/points/1").result().get("payload");
    assertEquals(1, p1.get("x").asInt());
    assertEquals("Paris", p1.get("city").asText());
    assertOk(admin.put("/collections/pts/points/payload", q("{'payload':{'y':2},'points':[1]}")));
    assertEquals(q("{'y':2}"), reader.get("/collections/pts/points/1").result().get("payload").toString());
    assertOk(admin.post("/collections/pts/points/payload/delete", q("{'keys':['x'],'points':[2]}")));
    assertFalse(reader.get("/collections/pts/points/2").result().get("payload").has("x"));

    assertError(reader.put("/collections/pts/index", q("{'field_name':'city','field_schema':'keyword'}")), 403, "forbidden");
    assertOk(admin.put("/collections/pts/index", q("{'field_name':'city','field_schema':'keyword'}")));
    assertEquals("keyword", reader.get("/collections/pts").result().get("payload_schema").get("city").get("data_type").asText());
    assertError(admin.put("/collections/pts/index", q("{'field_name':'city','field_schema':'geo'}")), 400, "bad_request",
        "field_schema: unknown payload index type 'geo'");
    assertOk(admin.delete("/collections/pts/index/city"));
    assertError(admin.delete("/collections/pts/index/city"), 400, "bad_request", "no payload index on 'city'");

    assertError(reader.post("/collections/pts/points/delete", q("{'points':[1]}")), 403, "forbidden");
    Http.Resp del = admin.post("/collections/pts/points/delete", q("{'points':[1,77]}"));
    assertOk(del);
    assertEquals(1, del.result().get("deleted").asLong());
    Http.Resp delF = admin.post("/collections/pts/points/delete", q("{'filter':" + paris + "}"));
    assertEquals(1, delF.result().get("deleted").asLong(), delF::toString);
    assertEquals(2, reader.post("/collections/pts/points/count", "{}").result().get("count").asLong());
  }

  @Test
  void namedVectors() {
    create("multi", "{'vectors':{'text':{'size':2,'distance':'dot'},'image':{'size':3,'distance':'euclidean'}}}");
    assertOk(admin.put("/collections/multi/points", q("{'points':[{'id':5,'vector':{'text':[1,2],'image':[1,2,3]}}]}")));
    JsonNode p = reader.get("/collections/multi/points/5").result();
    assertTrue(p.get("vector").isObject());
    assertEquals(3, p.get("vector").get("image").size());
    Http.Resp hits = reader.post("/collections/multi/points/search", q("{'vector':{'name':'image','vector':[1,2,3]},'limit':1}"));
    assertOk(hits);
    assertEquals(5, hits.result().get(0).get("id").asInt());
    assertError(reader.post("/collections/multi/points/search", q("{'vector':{'name':'audio','vector':[1,2]}}")), 400,
        "bad_request", "no vector 'audio'");
    assertError(admin.put("/collections/multi/points", q("{'points':[{'id':6,'vector':{'text':[1,2]}}]}")), 400,
        "bad_request", "lacks its vector 'image'");
    assertError(admin.put("/collections/multi/points", q("{'points':[{'id':6,'vector':{'text':[1,2],'image':[1,2,3],'x':[1]}}]}")),
        400, "bad_request", "has vector 'x'");
  }

  @Test
  void badInputIsA4xxNamingTheProblem() {
    create("errs", "{'vectors':{'size':3,'distance':'cosine'}}");
    String base = "/collections/errs/points";
    assertError(admin.put(base, "{\"points\": [{\"id\": 1, \"vector\": [1, 2, 3]}"), 400, "bad_request", "not valid JSON");
    assertError(admin.put(base, "{\"points\": [{\"id\": 1, \"vector\": [1, NaN, 3]}]}"), 400, "bad_request", "not valid JSON", "NaN");
    assertError(admin.put(base, "{\"points\": [{\"id\": 1, \"vector\": [1, Infinity, 3]}]}"), 400, "bad_request", "not valid JSON");
    assertError(admin.put(base, q("{'points':[{'id':1,'vector':[1,1e39,3]}]}")), 400, "bad_request",
        "points[0].vector[1]", "outside the 32-bit float range");
    assertError(admin.put(base, q("{'points':[{'id':1,'vector':[1,2]}]}")), 400, "bad_request",
        "has dimension 2, collection 'errs' expects 3");
    assertError(admin.put(base, q("{'points':[{'id':1,'vector':[0,0,0]}]}")), 400, "bad_request", "all zeros");
    assertError(admin.put(base, q("{'points':[{'id':-5,'vector':[1,2,3]}]}")), 400, "bad_request", "point id -5 is negative");
    assertError(admin.put(base, q("{'points':[{'id':1.5,'vector':[1,2,3]}]}")), 400, "bad_request",
        "points[0].id", "expected an unsigned 64-bit integer or a UUID string, got 1.5");
    assertError(admin.put(base, q("{'points':[{'id':'nope','vector':[1,2,3]}]}")), 400, "bad_request", "got \"nope\"");
    assertError(admin.put(base, q("{'points':[{'id':1,'vector':[1,2,3],'extra':1}]}")), 400, "bad_request",
        "unknown field 'extra' in points[0]");
    assertError(admin.put(base, q("{'points':[{'id':1,'vector':'abc'}]}")), 400, "bad_request", "points[0].vector");
    assertError(admin.put(base, ""), 400, "bad_request", "empty");
    assertOk(admin.put(base, q("{'points':[]}"))); // a no-op, as in the embedded engine
    assertError(admin.put("/collections/missing/points", q("{'points':[]}")), 404, "not_found",
        "collection 'missing' does not exist", "errs");
    assertError(reader.post(base + "/search", q("{'vector':[1,2,3],'filter':{'must':[{'key':'a','range':{'gt':'x'}}]}}")),
        400, "invalid_filter", "range");
    assertError(reader.post(base + "/search", q("{'vector':[1,2,3],'filter':{'mast':[]}}")), 400, "invalid_filter", "mast");
    assertError(reader.post(base + "/count", q("{'filter':5}")), 400, "invalid_filter", "filter");
    assertError(reader.post(base + "/search", q("{'vector':[1,2,3],'limit':0}")), 400, "bad_request",
        "limit: expected an integer in [1, 10000], got 0");
    assertError(reader.post(base + "/search", q("{'vector':[1,2,3],'limit':100000}")), 400, "bad_request", "got 100000");
    assertError(reader.post(base + "/search", q("{'vector':[1,2]}")), 400, "bad_request", "query vector has dimension 2");
    assertError(reader.post(base + "/search", q("{'text':'hello'}")), 400, "bad_request");
    assertError(reader.post(base + "/scroll", q("{'offset':'x'}")), 400, "bad_request", "offset");
    assertError(reader.post(base, q("{'ids':[true]}")), 400, "bad_request", "ids[0]");
    assertError(admin.post(base + "/delete", "{}"), 400, "bad_request", "exactly one");
    assertError(admin.post(base + "/payload", q("{'payload':5,'points':[1]}")), 400, "bad_request", "payload: expected a JSON object");

    assertError(reader.send("POST", base + "/search", "vector=1".getBytes(StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded"), 415, "unsupported_media_type", "application/x-www-form-urlencoded", "application/json");
    assertError(reader.send("POST", base + "/search", "{}".getBytes(StandardCharsets.UTF_8), "text/plain"), 415,
        "unsupported_media_type");

    assertError(anonymous.get("/no/such/route"), 404, "not_found", "no route GET /no/such/route");
    assertError(admin.get("/collections/errs/points/1/extra"), 404, "not_found");
    assertError(admin.send("PATCH", "/collections/errs", (byte[]) null, null), 405, "method_not_allowed",
        "PATCH is not allowed on /collections/errs", "GET", "PUT", "DELETE");
    assertError(admin.get("/collections/errs/points/search"), 400, "bad_request", "'search' is neither");
    assertError(admin.send("DELETE", "/collections/errs/points", (byte[]) null, null), 405, "method_not_allowed", "PUT, POST");
  }

  @Test
  void bodiesOverTheLimitAre413EvenWhenChunked() {
    create("big", "{'vectors':{'size':3,'distance':'cosine'}}");
    StringBuilder sb = new StringBuilder("{\"points\":[");
    for (int i = 0; sb.length() < MAX_BODY + 10; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"vector\":[1,2,3]}");
    }
    byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    assertError(admin.send("PUT", "/collections/big/points", body, "application/json"), 413, "payload_too_large",
        "over the limit of " + MAX_BODY + " bytes");
    Http.Resp chunked = admin.sendWith("PUT", "/collections/big/points",
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), "application/json");
    assertError(chunked, 413, "payload_too_large", "more than " + MAX_BODY + " bytes");
    assertEquals(0, reader.post("/collections/big/points/count", "{}").result().get("count").asLong());
    // just under the limit is fine
    assertOk(admin.put("/collections/big/points", q("{'points':[{'id':1,'vector':[1,2,3]}]}")));
  }

  @Test
  void snapshotsCreateListDownloadUploadDelete() throws Exception {
    create("snap", "{'vectors':{'size':2,'distance':'euclidean'}}");
    assertOk(admin.put("/collections/snap/points", q("{'points':[{'id':1,'vector':[1,2]},{'id':2,'vector':[3,4],'payload':{'k':'v'}}]}")));
    assertError(reader.post("/collections/snap/snapshots", null), 403, "forbidden");
    Http.Resp made = admin.post("/collections/snap/snapshots", null);
    assertOk(made);
    String name = made.result().get("name").asText();
    assertTrue(name.startsWith("snap-") && name.endsWith(".snapshot"), name);
    assertTrue(Files.isRegularFile(dir.resolve("data/snapshots/snap").resolve(name)));
    Http.Resp list = reader.get("/collections/snap/snapshots");
    assertOk(list);
    assertEquals(name, list.result().get(0).get("name").asText());
    assertEquals(made.result().get("size").asLong(), list.result().get(0).get("size").asLong());

    Http.Resp file = reader.get("/collections/snap/snapshots/" + name);
    assertEquals(200, file.status());
    assertEquals("application/octet-stream", file.contentType());
    assertEquals(made.result().get("size").asLong(), file.bytes().length);

    assertError(reader.send("POST", "/collections/copy/snapshots/upload", file.bytes(), "application/octet-stream"),
        403, "forbidden");
    assertOk(admin.send("POST", "/collections/copy/snapshots/upload", file.bytes(), "application/octet-stream"));
    assertEquals(2, reader.post("/collections/copy/points/count", "{}").result().get("count").asLong());
    assertEquals("v", reader.get("/collections/copy/points/2").result().get("payload").get("k").asText());
    assertError(admin.send("POST", "/collections/copy/snapshots/upload", file.bytes(), "application/octet-stream"),
        409, "already_exists", "collection 'copy' already exists");
    assertError(admin.send("POST", "/collections/junk/snapshots/upload", "not a zip".getBytes(StandardCharsets.UTF_8),
        "application/octet-stream"), 400, "bad_request", "not a Quiver snapshot");
    byte[] truncated = java.util.Arrays.copyOf(file.bytes(), file.bytes().length / 2);
    Http.Resp cut = admin.send("POST", "/collections/junk/snapshots/upload", truncated, "application/octet-stream");
    assertTrue(cut.status() == 400, cut::toString);
    assertFalse(cut.error().contains(dir.toString()), "no server paths in messages: " + cut);
    assertFalse(reader.get("/collections/junk/exists").result().get("exists").asBoolean());
    assertError(admin.send("POST", "/collections/junk/snapshots/upload", "{}".getBytes(StandardCharsets.UTF_8),
        "application/json"), 415, "unsupported_media_type", "application/octet-stream");

    assertError(reader.get("/collections/snap/snapshots/nope.snapshot"), 404, "not_found", "snapshot 'nope.snapshot'");
    assertError(reader.get("/collections/snap/snapshots/..%2F..%2Fquiver.lock"), 400, "bad_request");
    assertError(reader.get("/collections/snap/snapshots/.hidden.snapshot"), 400, "bad_request", "snapshot name '.hidden.snapshot' is invalid");
    assertError(reader.get("/collections/snap/snapshots/config.json"), 400, "bad_request", "is invalid");
    assertError(reader.get("/collections/..%2E/snapshots"), 400, "bad_request");
    assertError(admin.post("/collections/nothere/snapshots", null), 404, "not_found", "'nothere' does not exist");

    assertError(reader.delete("/collections/snap/snapshots/" + name), 403, "forbidden");
    assertOk(admin.delete("/collections/snap/snapshots/" + name));
    assertEquals(0, reader.get("/collections/snap/snapshots").result().size());
    assertError(admin.delete("/collections/snap/snapshots/" + name), 404, "not_found");
  }

  @Test
  void metricsCountRequestsPerRouteAndDescribeCollections() {
    create("met", "{'vectors':{'size':2,'distance':'dot'}}");
    assertOk(admin.put("/collections/met/points", q("{'points':[{'id':1,'vector':[1,2]},{'id':2,'vector':[3,4]}]}")));
    reader.post("/collections/met/points/search", q("{'vector':[1,2]}"));
    anonymous.get("/definitely/not/here");
    Http.Resp m = reader.get("/metrics");
    assertEquals(200, m.status());
    assertTrue(m.contentType().startsWith("text/plain"), m.contentType());
    String text = m.body();
    assertTrue(text.contains("quiver_http_requests_total{route=\"/collections/{c}/points/search\",method=\"POST\",status=\"200\"}"), text);
    assertTrue(text.contains("quiver_http_request_duration_seconds_bucket{route=\"/collections/{c}/points\",method=\"PUT\",status=\"200\",le=\"+Inf\"}"), text);
    assertTrue(text.contains("route=\"unmatched\",method=\"GET\",status=\"404\""), text);
    assertTrue(text.contains("quiver_collection_points{collection=\"met\"} 2"), text);
    assertTrue(text.contains("quiver_collection_wal_bytes{collection=\"met\"}"), text);
    assertTrue(text.contains("quiver_collection_disk_bytes{collection=\"met\"}"), text);
    assertTrue(text.contains("quiver_collection_segments{collection=\"met\"} 1"), text);
    assertTrue(text.contains("quiver_collection_mapped_bytes{collection=\"met\"}"), text);
    assertTrue(text.contains("quiver_collection_merges{collection=\"met\"}"), text);
    assertFalse(text.contains("/definitely"), "unmatched paths are not labels");
  }

  @Test
  void corsIsOffUnlessOriginsAreConfigured() throws Exception {
    HttpRequest.Builder preflight = HttpRequest.newBuilder(server.uri().resolve("/collections"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET");
    java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
    var off = c.send(preflight.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(off.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), off.headers()::toString);

    try (QuiverServer cors = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("cors"))
        .withCorsOrigins(List.of("http://localhost:3000")))) {
      HttpRequest.Builder p2 = HttpRequest.newBuilder(cors.uri().resolve("/collections"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET");
      var on = c.send(p2.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals("http://localhost:3000", on.headers().firstValue("Access-Control-Allow-Origin").orElse(""),
          on.headers()::toString);
      var get = c.send(HttpRequest.newBuilder(cors.uri().resolve("/collections")).header("Origin", "http://localhost:3000")
          .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, get.statusCode());
      assertEquals("http://localhost:3000", get.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }
  }

  @Test
  void servingAnOpenDatabaseLeavesItOpen() throws Exception {
    try (dev.quiver.engine.Quiver db = dev.quiver.engine.Quiver.open(dir.resolve("shared"))) {
      db.createCollection("s", dev.quiver.engine.CollectionConfig.single(
          dev.quiver.engine.VectorParams.of(2, dev.quiver.core.vector.Metric.DOT)));
      try (QuiverServer s = QuiverServer.start(ServerConfig.defaults().withPort(0), db)) {
        Http h = new Http(s.uri());
        assertOk(h.put("/collections/s/points", q("{'points':[{'id':1,'vector':[1,2]}]}")));
      }
      assertEquals(1, db.collection("s").count(null));
      List<String> names = new ArrayList<>(db.collectionNames());
      assertEquals(List.of("s"), names);
    }
  }

  @Test
  void vectorsComeBackAsFloats() {
    create("flt", "{'vectors':{'size':2,'distance':'dot'}}");
    assertOk(admin.put("/collections/flt/points", q("{'points':[{'id':1,'vector':[0.1,-2.5e-3]}]}")));
    JsonNode v = reader.get("/collections/flt/points/1").result().get("vector");
    assertArrayEquals(new float[] {0.1f, -2.5e-3f}, ApiCodec.vectorFromJson(v, "vector"));
  }
}
