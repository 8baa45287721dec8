package dev.quiver.server;

import static dev.quiver.server.ServerEndToEndTest.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17 items 4, 7 and 12 over real HTTP: non-finite payload numbers, overflowing Euclidean
 * scores, overlong keys, non-ASCII digits in ids and overlong UTF-8 are refused or kept numeric,
 * and what was accepted answers the same after a restart.
 */
class PayloadHardeningTest {

  @TempDir
  Path dir;

  private QuiverServer start() throws Exception {
    return QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)));
  }

  private static void assertBadRequest(Http.Resp r, String... fragments) {
    assertEquals(400, r.status(), r::toString);
    assertEquals("bad_request", r.code(), r::toString);
    for (String f : fragments) {
      assertTrue(r.error().contains(f), () -> "expected '" + f + "' in: " + r);
    }
    assertFalse(r.body().contains("\tat "), "no stack trace in a body");
  }

  @Test
  void nonFinitePayloadNumbersAreRefusedNamingTheField() throws Exception {
    try (QuiverServer server = start()) {
      Http http = new Http(server.uri());
      assertEquals(200, http.put("/collections/c", q("{'vectors': {'size': 2, 'distance': 'Cosine'}}")).status());
      Http.Resp r = http.put("/collections/c/points",
          "{\"points\": [{\"id\": 1, \"vector\": [1, 0], \"payload\": {\"price\": {\"max\": 1e309}}}]}");
      assertBadRequest(r, "price.max", "finite");
      r = http.put("/collections/c/points", "{\"points\": [{\"id\": 1, \"vector\": [1, 0], \"payload\": {\"n\": [1, -1e400]}}]}");
      assertBadRequest(r, "n[1]");
      assertEquals(200, http.put("/collections/c/points", "{\"points\": [{\"id\": 1, \"vector\": [1, 0]}]}").status());
      r = http.post("/collections/c/points/payload", "{\"payload\": {\"x\": 1e999}, \"points\": [1]}");
      assertBadRequest(r, "'x'");
      r = http.put("/collections/c/points/payload", "{\"payload\": {\"x\": -1e999}, \"points\": [1]}");
      assertBadRequest(r, "'x'");
      JsonNode count = http.post("/collections/c/points/count",
          "{\"filter\": {\"must\": [{\"key\": \"x\", \"range\": {\"gte\": 0}}]}}").result();
      assertEquals(0, count.get("count").asLong(), "nothing was stored");
    }
  }

  @Test
  void overflowingEuclideanScoresStayNumbersAndFiltersAnswerTheSameAfterRestart() throws Exception {
    String big = "3e38";
    String filter = "{\"filter\": {\"must\": [{\"key\": \"price\", \"range\": {\"gte\": 1e300}}]}}";
    try (QuiverServer server = start()) {
      Http http = new Http(server.uri());
      assertEquals(200, http.put("/collections/e", q("{'vectors': {'size': 3, 'distance': 'Euclid'}}")).status());
      assertEquals(200, http.put("/collections/e/points", "{\"points\": [{\"id\": 1, \"vector\": [" + big + ", "
          + big + ", " + big + "], \"payload\": {\"price\": 1.7e308}}, {\"id\": 2, \"vector\": [0, 0, 0],"
          + " \"payload\": {\"price\": 1}}]}").status());
      Http.Resp r = http.post("/collections/e/points/search", "{\"vector\": [-" + big + ", -" + big + ", -" + big
          + "], \"limit\": 2}");
      assertEquals(200, r.status(), r::toString);
      assertFalse(r.body().contains("Infinity"), r::toString);
      JsonNode hits = r.result();
      assertEquals(2, hits.get(0).get("id").asLong(), "the origin is nearer than the far corner");
      assertTrue(hits.get(1).get("score").isNumber(), r::toString);
      assertEquals(Float.MAX_VALUE, hits.get(1).get("score").floatValue(), r::toString);
      assertEquals(1, http.post("/collections/e/points/count", filter).result().get("count").asLong());
    }
    try (QuiverServer server = start()) {
      Http http = new Http(server.uri());
      assertEquals(1, http.post("/collections/e/points/count", filter).result().get("count").asLong(),
          "a stored number reads back the same after a restart");
    }
  }

  @Test
  void keysLongerThanTheLimitAreRefusedUpFront() throws Exception {
    String longKey = "k".repeat(70_000);
    try (QuiverServer server = start()) {
      Http http = new Http(server.uri());
      assertEquals(200, http.put("/collections/c", q("{'vectors': {'size': 2, 'distance': 'Cosine'}}")).status());
      assertEquals(200, http.put("/collections/c/points", "{\"points\": [{\"id\": 1, \"vector\": [1, 0]}]}").status());
      assertBadRequest(http.put("/collections/c/index", "{\"field_name\": \"" + longKey + "\", \"field_schema\": \"keyword\"}"),
          "payload index field", "at most 4096 bytes");
      assertBadRequest(http.post("/collections/c/points/payload/delete", "{\"keys\": [\"" + longKey + "\"], \"points\": [1]}"),
          "payload key", "at most 4096 bytes");
      assertBadRequest(http.post("/collections/c/points/payload", "{\"payload\": {\"" + "k".repeat(5000)
          + "\": 1}, \"points\": [1]}"), "5000 bytes", "at most 4096 bytes");
      assertBadRequest(http.put("/collections/c/points", "{\"points\": [{\"id\": 2, \"vector\": [1, 0], \"payload\": {\"a\": {\""
          + "é".repeat(3000) + "\": 1}}}]}"), "6000 bytes");
    }
  }

  @Test
  void idsAreAsciiAndBodiesWellFormedUtf8() throws Exception {
    try (QuiverServer server = start()) {
      Http http = new Http(server.uri());
      assertEquals(200, http.put("/collections/c", q("{'vectors': {'size': 2, 'distance': 'Cosine'}}")).status());
      assertEquals(200, http.put("/collections/c/points", "{\"points\": [{\"id\": 123, \"vector\": [1, 0]}]}").status());
      assertEquals(200, http.get("/collections/c/points/123").status());
      String arabic = java.net.URLEncoder.encode("١٢٣", StandardCharsets.UTF_8);
      assertBadRequest(http.get("/collections/c/points/" + arabic), "neither an unsigned integer nor a UUID");
      assertBadRequest(http.put("/collections/c/points", "{\"points\": [{\"id\": \"١٢٣\", \"vector\": [1, 0]}]}"),
          "\"١٢٣\"");
      assertBadRequest(http.put("/collections/c/points",
          "{\"points\": [{\"id\": \"1234567８-1234-1234-1234-123456789abc\", \"vector\": [1, 0]}]}"));
      byte[] overlong = "{\"points\": [{\"id\": 5, \"vector\": [1, 0], \"payload\": {\"t\": \"a__b\"}}]}"
          .getBytes(StandardCharsets.UTF_8);
      int at = indexOf(overlong, (byte) '_');
      overlong[at] = (byte) 0xC0;
      overlong[at + 1] = (byte) 0x80;
      assertBadRequest(http.send("PUT", "/collections/c/points", overlong, "application/json"),
          "not valid UTF-8 at byte " + at);
      assertEquals(404, http.get("/collections/c/points/5").status(), "nothing was stored");
    }
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    throw new AssertionError();
  }
}
