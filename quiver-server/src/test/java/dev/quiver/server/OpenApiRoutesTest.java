package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document served at /openapi.json lists exactly the routes the server registers. */
class OpenApiRoutesTest {

  @TempDir
  Path dir;

  @Test
  void documentPathsAndMethodsEqualTheRegisteredRoutes() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir))) {
      Http.Resp r = new Http(server.uri()).get("/openapi.json");
      assertEquals(200, r.status());
      JsonNode doc = r.json();
      assertTrue(doc.get("openapi").asText().startsWith("3.0"), doc.get("openapi")::toString);

      Set<String> documented = new TreeSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> path = it.next();
        for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
          String method = m.next();
          documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
          JsonNode op = path.getValue().get(method);
          assertTrue(op.has("responses") && op.get("responses").has("200"), () -> method + " " + path.getKey());
          if (path.getKey().contains("{")) {
            assertTrue(op.has("parameters"), () -> "path parameters of " + method + " " + path.getKey());
          }
        }
      }
      Set<String> registered = new TreeSet<>();
      for (Route route : server.routes()) {
        registered.add(route.method().name() + " " + route.path());
      }
      assertEquals(registered, documented);
      assertEquals(server.routes().size(), registered.size(), "no route registered twice");
    }
  }
}
