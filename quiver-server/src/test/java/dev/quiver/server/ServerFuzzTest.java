package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random malformed requests: truncated and mutated JSON, wrong types, huge numbers, NaN,
 * deep nesting, random bytes, wrong or missing content types, random paths and methods, foreign
 * {@code Origin} and {@code Host} headers, {@code X-HTTP-Method-Override}. No request may get a 5xx
 * or hang, every refusal is a JSON envelope, and the data written before is intact after.
 */
class ServerFuzzTest {

  private static final long SEED = Long.getLong("quiver.fuzz.seed", 20261123L);
  private static final int REQUESTS = 1_500;
  private static final long MAX_BODY = 128 * 1024;
  private static final String KEY = "fuzz-admin";
  private static final String KEEP = "keep";
  private static final int KEEP_POINTS = 100;

  @TempDir
  Path dir;

  private Random rnd;

  @Test
  void malformedRequestsNeverGet5xxAndLeaveDataIntact() throws Exception {
    rnd = new Random(SEED);
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withAdminApiKey(KEY).withReadOnlyApiKey("fuzz-reader").withMaxBodyBytes(MAX_BODY)
        .withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)))) {
      Http admin = new Http(server.uri()).withKey(KEY);
      Map<Long, float[]> kept = seed(admin);
      List<Route> routes = server.routes();
      Map<String, Integer> statuses = new TreeMap<>();
      Http[] clients = {admin, admin, admin, admin, admin, admin, new Http(server.uri()),
          new Http(server.uri()).withKey("wrong"), new Http(server.uri()).withKey("fuzz-reader")};

      for (int i = 0; i < REQUESTS; i++) {
        Route route = routes.get(rnd.nextInt(routes.size()));
        String method = rnd.nextInt(8) == 0 ? pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO")
            : route.method().name();
        boolean writes = route.access() == Access.WRITE || !method.equals(route.method().name());
        String path = rnd.nextInt(10) == 0 ? randomPath() : fill(route.path(), writes);
        byte[] body = body(path);
        String contentType = contentType();
        Http client = clients[rnd.nextInt(clients.length)];
        String[] headers = headers(method);
        boolean foreignHost = rnd.nextInt(15) == 0;
        String what = "#" + i + " " + method + " " + path + " [" + contentType + "] " + String.join(" ", headers)
            + (foreignHost ? " Host: evil.example" : "") + " " + preview(body);
        Http.Resp r = foreignHost ? raw(server.port(), client, method, path, body, contentType, headers, what)
            : answer(client, method, path, body, contentType, headers, what);
        if (headers.length > 0 && headers[0].equals("X-HTTP-Method-Override") && r.status() != 400) {
          throw new AssertionError("X-HTTP-Method-Override was not refused: " + what + " -> " + r);
        }
        if (foreignHost && r.status() != 403 && r.status() != 400) {
          throw new AssertionError("a foreign Host was not refused: " + what + " -> " + r);
        }
        statuses.merge(method.equals(route.method().name()) ? Integer.toString(r.status()) : r.status() + "*", 1, Integer::sum);
        assertTrue(r.status() < 500, () -> "5xx for " + what + " -> " + r);
        if (r.status() >= 400 && !method.equals("HEAD")) {
          JsonNode env;
          try {
            env = ApiCodec.readTree(r.bytes());
          } catch (IllegalArgumentException e) {
            throw new AssertionError("not a JSON envelope for " + what + " -> " + r, e);
          }
          assertFalse(env.path("status").path("error").asText().isEmpty(), () -> "no message for " + what + " -> " + r);
          assertFalse(env.path("status").path("code").asText().isEmpty(), () -> "no code for " + what + " -> " + r);
          assertFalse(r.body().contains("\tat "), () -> "stack trace for " + what);
        }
      }
      System.out.println("ServerFuzzTest: " + REQUESTS + " requests, statuses (* = method changed): " + statuses);

      assertEquals("ok", new Http(server.uri()).get("/healthz").result().asText());
      assertIntact(admin, kept);
    }
  }


  /**
   * The server's answer. A request refused before routing (a malformed path) is answered 400 and
   * the connection closed without reading the body; a client still uploading a large body may then
   * see the reset instead of the answer. Asked again with Expect: 100-continue, it must get that 400.
   */
  private static Http.Resp answer(Http client, String method, String path, byte[] body, String contentType,
      String[] headers, String what) {
    try {
      return client.send(method, path, body, contentType, headers);
    } catch (RuntimeException e) {
      Http.Resp again;
      try {
        again = client.withExpectContinue().send(method, path, body, contentType, headers);
      } catch (RuntimeException e2) {
        e2.addSuppressed(e);
        throw new AssertionError("no answer for " + what, e2);
      }
      // the two refusals that close the connection without reading the body: before routing, and
      // without a valid key
      boolean early = (again.status() == 400 && again.body().contains("refused before routing"))
          || (again.status() == 401 && !KEY.equals(client.key()) && !"fuzz-reader".equals(client.key()));
      if (!early) {
        throw new AssertionError("no answer for " + what + " (with Expect: 100-continue: " + again + ")", e);
      }
      return again;
    }
  }
  private Map<Long, float[]> seed(Http admin) {
    assertEquals(200, admin.put("/collections/" + KEEP, "{\"vectors\":{\"size\":3,\"distance\":\"cosine\"}}").status());
    assertEquals(200, admin.put("/collections/scratch", "{\"vectors\":{\"size\":3,\"distance\":\"dot\"}}").status());
    assertEquals(200, admin.put("/collections/named",
        "{\"vectors\":{\"a\":{\"size\":2,\"distance\":\"dot\"},\"b\":{\"size\":3,\"distance\":\"cosine\"}}}").status());
    Map<Long, float[]> kept = new TreeMap<>();
    StringBuilder sb = new StringBuilder("{\"points\":[");
    for (long id = 0; id < KEEP_POINTS; id++) {
      float[] v = {rnd.nextFloat() + 0.01f, rnd.nextFloat(), rnd.nextFloat()};
      kept.put(id, v);
      sb.append(id == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"vector\":[").append(v[0]).append(',')
          .append(v[1]).append(',').append(v[2]).append("],\"payload\":{\"n\":").append(id).append("}}");
    }
    assertEquals(200, admin.put("/collections/" + KEEP + "/points", sb.append("]}").toString()).status());
    assertEquals(200, admin.put("/collections/scratch/points", "{\"points\":[{\"id\":1,\"vector\":[1,2,3]}]}").status());
    return kept;
  }

  private static void assertIntact(Http admin, Map<Long, float[]> kept) {
    Http.Resp all = admin.post("/collections/" + KEEP + "/points/scroll", "{\"limit\":1000,\"with_vector\":true}");
    assertEquals(200, all.status(), all::toString);
    JsonNode points = all.result().get("points");
    assertEquals(kept.size(), points.size());
    for (JsonNode p : points) {
      long id = p.get("id").asLong();
      assertEquals(id, p.get("payload").get("n").asLong());
      float[] v = kept.get(id);
      float norm = (float) Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      float[] got = ApiCodec.vectorFromJson(p.get("vector"), "vector");
      assertArrayEquals(new float[] {v[0] / norm, v[1] / norm, v[2] / norm}, got, 1e-5f);
    }
  }

  // ------------------------------------------------------------------ generators

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  /** Fills a route template; routes that write never target the collection whose data is checked. */
  private String fill(String template, boolean writes) {
    String c = writes ? pick("scratch", "named", "zz" + rnd.nextInt(5), "..", ".hidden", "a%20b", "x".repeat(70))
        : pick(KEEP, KEEP, KEEP, "scratch", "scratch", "named", "named", "missing", "%2e%2e", "é");
    return template.replace("{c}", c)
        .replace("{id}", pick("1", "0", "-1", "18446744073709551616", "abc", "1.5",
            "123e4567-e89b-12d3-a456-426614174000", "%00", "99999999999999999999999",
            "%D9%A1%D9%A2%D9%A3", "%EF%BC%91", "%C0%80", "123e4567-e89b-12d3-a456-42661417400%EF%BC%90"))
        .replace("{field}", pick("n", "city", "a.b", "%2F", "x".repeat(300)))
        .replace("{snap}", pick("x.snapshot", "..%2F..%2Fquiver.lock", ".snapshot", "a/b", "keep-1.snapshot", "%2e%2e"))
        .replace("{asset}", pick("app.js", "console.css", "..%2Fopenapi.json", "%2e%2e", "missing.js", "APP.JS"));
  }

  private String randomPath() {
    StringBuilder sb = new StringBuilder();
    int segments = 1 + rnd.nextInt(6);
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789._~-{}";
    for (int s = 0; s < segments; s++) {
      sb.append('/');
      int len = 1 + rnd.nextInt(12);
      for (int i = 0; i < len; i++) {
        if (rnd.nextInt(10) == 0) {
          sb.append('%').append(String.format(Locale.ROOT, "%02X", rnd.nextInt(256)));
        } else {
          char ch = chars.charAt(rnd.nextInt(chars.length()));
          sb.append(ch == '{' || ch == '}' ? "%7B" : String.valueOf(ch));
        }
      }
    }
    if (rnd.nextInt(4) == 0) {
      sb.insert(0, pick("/collections", "/collections/scratch", "/collections/scratch/points"));
    }
    return sb.toString();
  }

  /** Now and then an Origin (foreign, "null", or the server's own) or an X-HTTP-Method-Override. */
  private String[] headers(String method) {
    return switch (rnd.nextInt(20)) {
      case 0 -> new String[] {"Origin", "http://evil.example"};
      case 1 -> new String[] {"Origin", "null"};
      case 2 -> new String[] {"Origin", pick("http://127.0.0.1:1", "https://evil.example:7333", "x")};
      case 3 -> new String[] {"X-HTTP-Method-Override", pick("DELETE", "PUT", "GET", method, "NOPE")};
      default -> new String[0];
    };
  }

  /** A request with a foreign Host, over a raw socket (the JDK client will not send one). */
  private static Http.Resp raw(int port, Http client, String method, String path, byte[] body, String contentType,
      String[] headers, String what) {
    // kept within the socket buffers: a request refused without its body being read (no key) must
    // not fail as a broken pipe while it is still being written
    byte[] small = body.length > 8192 ? java.util.Arrays.copyOf(body, 8192) : body;
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: evil.example:" + port);
    if (contentType != null) {
      head.append("\r\nContent-Type: ").append(contentType);
    }
    if (client.key() != null) {
      head.append("\r\napi-key: ").append(client.key());
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      head.append("\r\n").append(headers[i]).append(": ").append(headers[i + 1]);
    }
    head.append("\r\nContent-Length: ").append(small.length);
    try {
      RawHttp.Resp r = RawHttp.exchange(port, head.toString(), small, 30_000);
      return new Http.Resp(r.status(), r.bytes(), r.headers().getOrDefault("content-type", ""));
    } catch (java.io.IOException e) {
      throw new AssertionError("no answer for " + what, e);
    }
  }

  private String contentType() {
    return switch (rnd.nextInt(12)) {
      case 0 -> null;
      case 1 -> "text/plain";
      case 2 -> "application/x-www-form-urlencoded";
      case 3 -> "application/octet-stream";
      case 4 -> "multipart/form-data; boundary=xyz";
      case 5 -> "application/json; charset=utf-16";
      case 6 -> "???";
      default -> "application/json";
    };
  }

  private static final String[] VALID = {
      "{\"points\":[{\"id\":5,\"vector\":[1,2,3],\"payload\":{\"a\":1}}]}",
      "{\"vector\":[1,2,3],\"limit\":3,\"filter\":{\"must\":[{\"key\":\"n\",\"range\":{\"gte\":1}}]}}",
      "{\"vector\":{\"name\":\"b\",\"vector\":[1,2,3]},\"params\":{\"hnsw_ef\":10,\"exact\":false}}",
      "{\"limit\":5,\"offset\":3,\"with_payload\":true,\"with_vector\":true}",
      "{\"filter\":{\"should\":[{\"key\":\"n\",\"match\":{\"any\":[1,2]}}]}}",
      "{\"ids\":[1,2,\"123e4567-e89b-12d3-a456-426614174000\"],\"with_payload\":false}",
      "{\"points\":[1,2]}",
      "{\"payload\":{\"x\":[1,{\"y\":null}]},\"points\":[1]}",
      "{\"keys\":[\"x\",\"a.b\"],\"points\":[1]}",
      "{\"field_name\":\"n\",\"field_schema\":\"integer\"}",
      "{\"vectors\":{\"size\":3,\"distance\":\"dot\",\"hnsw\":{\"m\":4}}}",
      "{\"vectors\":{\"a\":{\"size\":2,\"distance\":\"euclidean\"}}}",
  };

  private byte[] body(String path) {
    String valid = VALID[rnd.nextInt(VALID.length)];
    String s = switch (rnd.nextInt(17)) {
      case 0 -> valid.substring(0, rnd.nextInt(valid.length()));                        // truncated
      case 1 -> mutate(valid);                                                        // one character changed
      case 2 -> valid.replaceFirst("\\[1,2,3\\]|\\d+", pick("\"x\"", "null", "true", "{}", "[]", "-1", "1.5"));
      case 3 -> valid.replaceFirst("\\d+(\\.\\d+)?", pick("1e39", "1e309", "-1e400", "99999999999999999999999999",
          "1" + "0".repeat(400), "4.9e-400", "0x10", "1_000"));
      case 4 -> valid.replaceFirst("\\d+(\\.\\d+)?", pick("NaN", "Infinity", "-Infinity", "+1", ".5", "01"));
      case 5 -> deep(1 + rnd.nextInt(20_000));
      case 6 -> null;                                                                  // random bytes below
      case 7 -> "";
      case 8 -> "{\"points\":[" + "{\"id\":1,\"vector\":[1,2,3]},".repeat(rnd.nextInt(4000)) + "{\"id\":1}]}";
      case 9 -> "{\"a\":1,\"a\":2}";
      case 10 -> "\"" + "x".repeat(rnd.nextInt(200_000)) + "\"";
      case 11 -> valid + pick(" x", "}", "]", ",{}");
      case 12 -> "{\"vector\":[" + "0.5,".repeat(rnd.nextInt(5000)) + "1]}";
      // keys past the 4,096-byte limit, in payloads, index fields and keys to delete (#17 item 7)
      case 13 -> pick("{\"payload\":{\"" + "k".repeat(4097 + rnd.nextInt(40_000)) + "\":1},\"points\":[1]}",
          "{\"field_name\":\"" + "f".repeat(60_000 + rnd.nextInt(20_000)) + "\",\"field_schema\":\"keyword\"}",
          "{\"keys\":[\"" + "k".repeat(70_000) + "\"],\"points\":[1]}",
          "{\"points\":[{\"id\":7,\"vector\":[1,2,3],\"payload\":{\"a\":{\"" + "é".repeat(2100) + "\":1}}}]}");
      // other scripts' digits as ids, and numbers beyond double range in payloads (#17 items 4, 12)
      case 14 -> pick("{\"points\":[{\"id\":\"١٢٣\",\"vector\":[1,2,3]}]}", "{\"ids\":[\"１２３\"]}",
          "{\"points\":[{\"id\":8,\"vector\":[1,2,3],\"payload\":{\"p\":1e309}}]}",
          "{\"payload\":{\"x\":[1,-1e400]},\"points\":[1]}",
          "{\"vector\":[3e38,3e38,3e38],\"limit\":3}");
      case 15 -> null; // overlong UTF-8 below
      case 16 -> null;
      default -> valid;
    };
    if (s == null && rnd.nextBoolean()) {
      // an ill-formed UTF-8 sequence inside a valid body: overlong NUL, a surrogate, a stray continuation
      byte[] v = valid.getBytes(StandardCharsets.UTF_8);
      byte[][] bad = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80},
          {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
      byte[] ins = bad[rnd.nextInt(bad.length)];
      int at = 1 + rnd.nextInt(v.length - 1);
      byte[] out = new byte[v.length + ins.length];
      System.arraycopy(v, 0, out, 0, at);
      System.arraycopy(ins, 0, out, at, ins.length);
      System.arraycopy(v, at, out, at + ins.length, v.length - at);
      return out;
    }
    if (s == null) {
      byte[] b = new byte[rnd.nextInt(2048)];
      rnd.nextBytes(b);
      return b;
    }
    return s.getBytes(rnd.nextInt(30) == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
  }

  private String mutate(String s) {
    char[] c = s.toCharArray();
    String alphabet = "{}[]\",:0-.e \\\u0000\u00ff";
    c[rnd.nextInt(c.length)] = alphabet.charAt(rnd.nextInt(alphabet.length()));
    return new String(c);
  }

  private static String deep(int depth) {
    StringBuilder sb = new StringBuilder(depth * 7 + 20);
    for (int i = 0; i < depth; i++) {
      sb.append(i % 2 == 0 ? "{\"a\":" : "[");
    }
    sb.append('1');
    for (int i = depth - 1; i >= 0; i--) {
      sb.append(i % 2 == 0 ? '}' : ']');
    }
    return sb.toString();
  }

  private static String preview(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 120 ? s.substring(0, 120) + "...(" + body.length + " bytes)" : s;
  }

}
