package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, item 12 (part): the read-only key may call the POST routes that only read (ask,
 * map/query and audit among them), and the 403 it gets on a write route lists every one of them,
 * taken from the route table so the message cannot fall behind a new read route.
 */
class ReadOnlyKeyTest {

  @TempDir
  Path dir;

  @Test
  void theForbiddenMessageListsEveryReadingPostRoute() throws IOException {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withAdminApiKey("a").withReadOnlyApiKey("r").withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)))) {
      Http admin = new Http(server.uri()).withKey("a");
      Http reader = new Http(server.uri()).withKey("r");
      ServerEndToEndTest.assertOk(admin.put("/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}"));
      Http.Resp refused = reader.put("/collections/c/points", "{\"points\":[]}");
      ServerEndToEndTest.assertError(refused, 403, "forbidden", "use the admin key");
      for (Route r : server.routes()) {
        if (r.access() == Access.READ && !r.method().name().equals("GET")) {
          String shown = r.path().replace("/collections/{c}", "...");
          assertTrue(refused.error().contains(shown), () -> "the 403 does not name " + shown + ": " + refused);
          Http.Resp asReader = reader.post(r.path().replace("{c}", "c"), "{}");
          assertTrue(asReader.status() != 401 && asReader.status() != 403, () -> r.path() + " as reader: " + asReader);
        }
      }
      for (String p : new String[] {"ask", "map/query"}) {
        assertTrue(refused.error().contains(".../" + p), refused::toString);
      }
      assertTrue(refused.error().contains("/audit"), refused::toString);
    }
  }
}
