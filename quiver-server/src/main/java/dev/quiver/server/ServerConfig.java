package dev.quiver.server;

import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@link QuiverServer}, validated on construction.
 *
 * @param host address to bind; default {@code 127.0.0.1} (loopback only)
 * @param port TCP port, 0 for an ephemeral one; default {@value #DEFAULT_PORT}
 * @param dataDir the database folder; default {@code ./quiver-data}
 * @param adminApiKey key for every route, or null for no auth
 * @param readOnlyApiKey key for reads (GET, search, scroll, count, get-by-ids), or null; needs an
 *     admin key
 * @param maxBodyBytes largest accepted request body (JSON routes); default 32 MiB
 * @param corsOrigins origins allowed by CORS ({@code *} for any); empty turns CORS off. Browsers on
 *     other origins are refused (403) unless listed here
 * @param engine the database settings
 * @param minBodyBytesPerSecond slowest accepted request body: one arriving slower is refused (408)
 *     and its connection closed, so a trickling upload cannot hold a server thread; default
 *     {@value #DEFAULT_MIN_BODY_BYTES_PER_SECOND} bytes/s, 0 turns the check off
 * @param maxConnectionsPerClient open connections allowed from one remote address; more are closed
 *     as they arrive; default {@value #DEFAULT_MAX_CONNECTIONS_PER_CLIENT}, 0 for no limit. Behind a
 *     reverse proxy every client has the proxy's address: raise it there
 * @param idleTimeout how long a connection may send nothing (mid-request or between requests)
 *     before it is closed; default 30 s
 */
public record ServerConfig(String host, int port, Path dataDir, String adminApiKey, String readOnlyApiKey,
    long maxBodyBytes, List<String> corsOrigins, QuiverConfig engine, long minBodyBytesPerSecond,
    int maxConnectionsPerClient, Duration idleTimeout) {

  public static final int DEFAULT_PORT = 7333;
  public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;
  /** Smallest accepted body limit: a search for a 1,536-d vector must fit. */
  public static final long MIN_MAX_BODY_BYTES = 1024;
  /**
   * 16 KiB/s: far below any real link (a 3G upload is a few hundred KiB/s), far above a trickle.
   * Checked at every read of a body after a one-second grace (RequestBodies).
   */
  public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 16 * 1024;
  /** Well above a browser (6 per host) or a client's pool, well below Jetty's 250 threads. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 128;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be an address or name to bind, e.g. 127.0.0.1 or 0.0.0.0; got '"
          + host + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535] (0: any free port), got " + port);
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("dataDir is required, e.g. ./quiver-data");
    }
    adminApiKey = blankToNull(adminApiKey);
    readOnlyApiKey = blankToNull(readOnlyApiKey);
    if (readOnlyApiKey != null && adminApiKey == null) {
      throw new IllegalArgumentException("a read-only API key needs an admin API key too (QUIVER_API_KEY);"
          + " otherwise every write would be open");
    }
    if (readOnlyApiKey != null && readOnlyApiKey.equals(adminApiKey)) {
      throw new IllegalArgumentException("the read-only API key must differ from the admin API key");
    }
    if (maxBodyBytes < MIN_MAX_BODY_BYTES) {
      throw new IllegalArgumentException("maxBodyBytes must be at least " + MIN_MAX_BODY_BYTES + ", got " + maxBodyBytes);
    }
    List<String> origins = new ArrayList<>();
    for (String o : corsOrigins == null ? List.<String>of() : corsOrigins) {
      String t = o == null ? "" : o.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.equals("*") && !t.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException("CORS origin '" + t + "' is invalid; expected '*' or"
            + " scheme://host[:port] such as http://localhost:3000");
      }
      origins.add(t);
    }
    corsOrigins = List.copyOf(origins);
    engine = engine == null ? QuiverConfig.defaults() : engine;
    if (minBodyBytesPerSecond < 0) {
      throw new IllegalArgumentException("minBodyBytesPerSecond must be >= 0 (0: no minimum), got "
          + minBodyBytesPerSecond);
    }
    if (maxConnectionsPerClient < 0) {
      throw new IllegalArgumentException("maxConnectionsPerClient must be >= 0 (0: no limit), got "
          + maxConnectionsPerClient);
    }
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    if (idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("idleTimeout must be at least 1 ms, got " + idleTimeout);
    }
  }

  /**
   * 127.0.0.1:7333, ./quiver-data, no keys, 32 MiB bodies, no CORS, default engine settings,
   * bodies of at least 16 KiB/s, 128 connections per client, 30 s idle timeout.
   */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", DEFAULT_PORT, Path.of("quiver-data"), null, null,
        DEFAULT_MAX_BODY_BYTES, List.of(), QuiverConfig.defaults(), DEFAULT_MIN_BODY_BYTES_PER_SECOND,
        DEFAULT_MAX_CONNECTIONS_PER_CLIENT, DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * {@link #defaults()} overridden by QUIVER_HOST, QUIVER_PORT, QUIVER_DATA, QUIVER_API_KEY,
   * QUIVER_READ_ONLY_API_KEY, QUIVER_MAX_BODY_BYTES (bytes, or with a KiB/MiB/GiB suffix),
   * QUIVER_CORS_ORIGINS (comma-separated), QUIVER_MIN_BODY_RATE (bytes per second, same suffixes),
   * QUIVER_MAX_CONNECTIONS_PER_CLIENT and QUIVER_IDLE_TIMEOUT (seconds, or with an ms/s/m suffix).
   * Unset or empty variables keep the default.
   *
   * @throws IllegalArgumentException naming the variable and its bad value
   */
  public static ServerConfig fromEnvironment(Map<String, String> env) {
    ServerConfig c = defaults();
    String v;
    if ((v = get(env, "QUIVER_HOST")) != null) {
      c = c.withHost(v);
    }
    if ((v = get(env, "QUIVER_PORT")) != null) {
      try {
        c = c.withPort(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("QUIVER_PORT must be an integer in [0, 65535], got '" + v + "'");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_PORT: " + e.getMessage());
      }
    }
    if ((v = get(env, "QUIVER_DATA")) != null) {
      c = c.withDataDir(Path.of(v));
    }
    if ((v = get(env, "QUIVER_API_KEY")) != null) {
      c = c.withAdminApiKey(v);
    }
    if ((v = get(env, "QUIVER_READ_ONLY_API_KEY")) != null) {
      try {
        c = c.withReadOnlyApiKey(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_READ_ONLY_API_KEY: " + e.getMessage());
      }
    }
    if ((v = get(env, "QUIVER_MAX_BODY_BYTES")) != null) {
      try {
        c = c.withMaxBodyBytes(parseBytes(v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_MAX_BODY_BYTES: " + e.getMessage());
      }
    }
    if ((v = get(env, "QUIVER_CORS_ORIGINS")) != null) {
      try {
        c = c.withCorsOrigins(List.of(v.split(",")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_CORS_ORIGINS: " + e.getMessage());
      }
    }
    if ((v = get(env, "QUIVER_MIN_BODY_RATE")) != null) {
      try {
        c = c.withMinBodyBytesPerSecond(parseBytes(v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_MIN_BODY_RATE (bytes per second, 0: off): " + e.getMessage());
      }
    }
    if ((v = get(env, "QUIVER_MAX_CONNECTIONS_PER_CLIENT")) != null) {
      try {
        c = c.withMaxConnectionsPerClient(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("QUIVER_MAX_CONNECTIONS_PER_CLIENT must be an integer >= 0 (0: no limit),"
            + " got '" + v + "'");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_MAX_CONNECTIONS_PER_CLIENT: " + e.getMessage());
      }
    }
    if ((v = get(env, "QUIVER_IDLE_TIMEOUT")) != null) {
      try {
        c = c.withIdleTimeout(parseDuration(v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("QUIVER_IDLE_TIMEOUT: " + e.getMessage());
      }
    }
    return c;
  }

  /** {@code 30} (seconds), {@code 30s}, {@code 500ms}, {@code 2m}. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      }
      return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1).trim() : t));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("expected a duration such as 30 (seconds), 30s, 500ms or 2m, got '"
          + text + "'");
    }
  }

  /** {@code 1048576}, {@code 64KiB}, {@code 32MiB}, {@code 1GiB} (also k, m, g, KB, MB, GB as binary units). */
  public static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    String[][] suffixes = {{"kib", "kb", "k"}, {"mib", "mb", "m"}, {"gib", "gb", "g"}};
    outer:
    for (int i = 0; i < suffixes.length; i++) {
      for (String s : suffixes[i]) {
        if (t.endsWith(s)) {
          unit = 1L << (10 * (i + 1));
          t = t.substring(0, t.length() - s.length()).trim();
          break outer;
        }
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a byte count such as 33554432 or 32MiB, got '" + text + "'");
    }
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Whether any API key is configured (else every route is open). */
  public boolean authEnabled() {
    return adminApiKey != null;
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withDataDir(Path d) {
    return new ServerConfig(host, port, d, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withAdminApiKey(String k) {
    return new ServerConfig(host, port, dataDir, k, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withReadOnlyApiKey(String k) {
    return new ServerConfig(host, port, dataDir, adminApiKey, k, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withMaxBodyBytes(long b) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, b, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withCorsOrigins(List<String> origins) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, origins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withEngine(QuiverConfig e) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, e,
        minBodyBytesPerSecond, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withMinBodyBytesPerSecond(long rate) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        rate, maxConnectionsPerClient, idleTimeout);
  }

  public ServerConfig withMaxConnectionsPerClient(int max) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, max, idleTimeout);
  }

  public ServerConfig withIdleTimeout(Duration timeout) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine,
        minBodyBytesPerSecond, maxConnectionsPerClient, timeout);
  }

  @Override
  public String toString() {
    // keys are never printed
    return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", adminApiKey="
        + (adminApiKey == null ? "none" : "***") + ", readOnlyApiKey=" + (readOnlyApiKey == null ? "none" : "***")
        + ", maxBodyBytes=" + maxBodyBytes + ", corsOrigins=" + corsOrigins + ", engine=" + engine
        + ", minBodyBytesPerSecond=" + minBodyBytesPerSecond + ", maxConnectionsPerClient=" + maxConnectionsPerClient
        + ", idleTimeout=" + idleTimeout + "]";
  }
}
