package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  private static String error(Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromEnvironment(env)).getMessage();
  }

  @Test
  void defaults() {
    ServerConfig d = ServerConfig.defaults();
    assertEquals("127.0.0.1", d.host());
    assertEquals(7333, d.port());
    assertEquals(Path.of("quiver-data"), d.dataDir());
    assertNull(d.adminApiKey());
    assertNull(d.readOnlyApiKey());
    assertEquals(32L << 20, d.maxBodyBytes());
    assertEquals(List.of(), d.corsOrigins());
    assertEquals(16 * 1024, d.minBodyBytesPerSecond());
    assertEquals(128, d.maxConnectionsPerClient());
    assertEquals(Duration.ofSeconds(30), d.idleTimeout());
    assertFalse(d.authEnabled());
    assertEquals(d, ServerConfig.fromEnvironment(Map.of()).withEngine(d.engine()));
  }

  @Test
  void environmentOverridesEveryField() {
    ServerConfig c = ServerConfig.fromEnvironment(Map.of("QUIVER_HOST", "0.0.0.0", "QUIVER_PORT", "8080",
        "QUIVER_DATA", "/tmp/q", "QUIVER_API_KEY", "a", "QUIVER_READ_ONLY_API_KEY", "r",
        "QUIVER_MAX_BODY_BYTES", "64MiB", "QUIVER_CORS_ORIGINS", "http://a.example, https://b.example:8443"));
    assertEquals("0.0.0.0", c.host());
    assertEquals(8080, c.port());
    assertEquals(Path.of("/tmp/q"), c.dataDir());
    assertEquals("a", c.adminApiKey());
    assertEquals("r", c.readOnlyApiKey());
    assertEquals(64L << 20, c.maxBodyBytes());
    assertEquals(List.of("http://a.example", "https://b.example:8443"), c.corsOrigins());
    assertTrue(c.authEnabled());
    assertFalse(c.toString().contains("\"a\"") || c.toString().contains("adminApiKey=a"), c::toString);
    assertEquals(1024, ServerConfig.fromEnvironment(Map.of("QUIVER_MAX_BODY_BYTES", "1k")).maxBodyBytes());
    assertEquals(5000, ServerConfig.fromEnvironment(Map.of("QUIVER_MAX_BODY_BYTES", "5000")).maxBodyBytes());
    ServerConfig limits = ServerConfig.fromEnvironment(Map.of("QUIVER_MIN_BODY_RATE", "64KiB",
        "QUIVER_MAX_CONNECTIONS_PER_CLIENT", "0", "QUIVER_IDLE_TIMEOUT", "5s"));
    assertEquals(64 * 1024, limits.minBodyBytesPerSecond());
    assertEquals(0, limits.maxConnectionsPerClient());
    assertEquals(Duration.ofSeconds(5), limits.idleTimeout());
    assertEquals(Duration.ofMillis(500), ServerConfig.fromEnvironment(Map.of("QUIVER_IDLE_TIMEOUT", "500ms")).idleTimeout());
    assertEquals(Duration.ofMinutes(2), ServerConfig.fromEnvironment(Map.of("QUIVER_IDLE_TIMEOUT", "2m")).idleTimeout());
    assertEquals(Duration.ofSeconds(45), ServerConfig.fromEnvironment(Map.of("QUIVER_IDLE_TIMEOUT", "45")).idleTimeout());
    assertEquals(0, ServerConfig.fromEnvironment(Map.of("QUIVER_MIN_BODY_RATE", "0")).minBodyBytesPerSecond());
  }

  @Test
  void badValuesNameTheVariableAndTheValue() {
    assertEquals("QUIVER_PORT must be an integer in [0, 65535], got 'http'", error(Map.of("QUIVER_PORT", "http")));
    assertEquals("QUIVER_PORT: port must be in [0, 65535] (0: any free port), got 70000",
        error(Map.of("QUIVER_PORT", "70000")));
    assertEquals("QUIVER_MAX_BODY_BYTES: expected a byte count such as 33554432 or 32MiB, got 'lots'",
        error(Map.of("QUIVER_MAX_BODY_BYTES", "lots")));
    assertTrue(error(Map.of("QUIVER_MAX_BODY_BYTES", "10")).contains("at least 1024, got 10"));
    assertTrue(error(Map.of("QUIVER_READ_ONLY_API_KEY", "r")).contains("needs an admin API key"));
    assertTrue(error(Map.of("QUIVER_API_KEY", "same", "QUIVER_READ_ONLY_API_KEY", "same")).contains("must differ"));
    assertTrue(error(Map.of("QUIVER_CORS_ORIGINS", "localhost:3000")).contains("CORS origin 'localhost:3000' is invalid"));
    assertEquals("QUIVER_MAX_CONNECTIONS_PER_CLIENT must be an integer >= 0 (0: no limit), got 'many'",
        error(Map.of("QUIVER_MAX_CONNECTIONS_PER_CLIENT", "many")));
    assertEquals("QUIVER_MAX_CONNECTIONS_PER_CLIENT: maxConnectionsPerClient must be >= 0 (0: no limit), got -1",
        error(Map.of("QUIVER_MAX_CONNECTIONS_PER_CLIENT", "-1")));
    assertEquals("QUIVER_IDLE_TIMEOUT: expected a duration such as 30 (seconds), 30s, 500ms or 2m, got 'soon'",
        error(Map.of("QUIVER_IDLE_TIMEOUT", "soon")));
    assertTrue(error(Map.of("QUIVER_IDLE_TIMEOUT", "0")).contains("at least 1 ms"));
    assertTrue(error(Map.of("QUIVER_MIN_BODY_RATE", "fast")).startsWith("QUIVER_MIN_BODY_RATE (bytes per second, 0: off):"));
    assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withHost(" "));
    assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withDataDir(null));
  }

  @Test
  void withMethodsCopy() {
    ServerConfig c = ServerConfig.defaults().withPort(0).withAdminApiKey("k").withCorsOrigins(List.of("*"))
        .withMaxBodyBytes(4096);
    assertEquals(0, c.port());
    assertEquals("k", c.adminApiKey());
    assertEquals(List.of("*"), c.corsOrigins());
    assertEquals(4096, c.maxBodyBytes());
    assertEquals(7333, ServerConfig.defaults().port());
  }
}
