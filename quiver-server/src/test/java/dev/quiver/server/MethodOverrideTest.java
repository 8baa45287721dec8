package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, item 3: Javalin takes the method from {@code X-HTTP-Method-Override} when present,
 * so a GET or HEAD (which a browser or a proxy treats as safe) could delete a collection. The server
 * refuses any request carrying the header; the method on the request line is the only one.
 */
class MethodOverrideTest {

  private static final String KEY = "override-admin";

  @TempDir
  Path dir;

  @Test
  void theOverrideHeaderIsRefusedAndChangesNothing() {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withAdminApiKey(KEY).withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)))) {
      Http admin = new Http(server.uri()).withKey(KEY);
      assertEquals(200, admin.put("/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}").status());
      for (String method : new String[] {"GET", "HEAD", "POST"}) {
        for (String header : new String[] {"X-HTTP-Method-Override", "x-http-method-override"}) {
          Http.Resp r = admin.send(HttpRequest.newBuilder(server.uri().resolve("/collections/c"))
              .header("api-key", KEY).header(header, "DELETE").method(method, HttpRequest.BodyPublishers.noBody()));
          String what = method + " with " + header + ": DELETE";
          assertEquals(400, r.status(), () -> what + " -> " + r);
          if (!method.equals("HEAD")) {
            assertEquals("bad_request", r.code(), () -> what + " -> " + r);
            assertTrue(r.error().contains("X-HTTP-Method-Override") && r.error().contains("DELETE"), r::toString);
          }
          assertEquals(200, admin.get("/collections/c/exists").status());
          assertTrue(admin.get("/collections/c/exists").result().path("exists").asBoolean(), () -> what
              + " deleted the collection");
        }
      }
      // the method itself still works
      assertEquals(200, admin.delete("/collections/c").status());
      assertTrue(!admin.get("/collections/c/exists").result().path("exists").asBoolean());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
