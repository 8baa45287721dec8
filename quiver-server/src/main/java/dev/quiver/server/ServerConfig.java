package dev.quiver.server;

import dev.quiver.engine.QuiverConfig;
import java.nio.file.Path;
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
 * @param corsOrigins origins allowed by CORS ({@code *} for any); empty turns CORS off
 * @param engine the database settings
 */
public record ServerConfig(String host, int port, Path dataDir, String adminApiKey, String readOnlyApiKey,
    long maxBodyBytes, List<String> corsOrigins, QuiverConfig engine) {

  public static final int DEFAULT_PORT = 7333;
  public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;
  /** Smallest accepted body limit: a search for a 1,536-d vector must fit. */
  public static final long MIN_MAX_BODY_BYTES = 1024;

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
  }

  /** 127.0.0.1:7333, ./quiver-data, no keys, 32 MiB bodies, no CORS, default engine settings. */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", DEFAULT_PORT, Path.of("quiver-data"), null, null,
        DEFAULT_MAX_BODY_BYTES, List.of(), QuiverConfig.defaults());
  }

  /**
   * {@link #defaults()} overridden by QUIVER_HOST, QUIVER_PORT, QUIVER_DATA, QUIVER_API_KEY,
   * QUIVER_READ_ONLY_API_KEY, QUIVER_MAX_BODY_BYTES (bytes, or with a KiB/MiB/GiB suffix) and
   * QUIVER_CORS_ORIGINS (comma-separated). Unset or empty variables keep the default.
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
    return c;
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
    return new ServerConfig(h, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine);
  }

  public ServerConfig withDataDir(Path d) {
    return new ServerConfig(host, port, d, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, engine);
  }

  public ServerConfig withAdminApiKey(String k) {
    return new ServerConfig(host, port, dataDir, k, readOnlyApiKey, maxBodyBytes, corsOrigins, engine);
  }

  public ServerConfig withReadOnlyApiKey(String k) {
    return new ServerConfig(host, port, dataDir, adminApiKey, k, maxBodyBytes, corsOrigins, engine);
  }

  public ServerConfig withMaxBodyBytes(long b) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, b, corsOrigins, engine);
  }

  public ServerConfig withCorsOrigins(List<String> origins) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, origins, engine);
  }

  public ServerConfig withEngine(QuiverConfig e) {
    return new ServerConfig(host, port, dataDir, adminApiKey, readOnlyApiKey, maxBodyBytes, corsOrigins, e);
  }

  @Override
  public String toString() {
    // keys are never printed
    return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", adminApiKey="
        + (adminApiKey == null ? "none" : "***") + ", readOnlyApiKey=" + (readOnlyApiKey == null ? "none" : "***")
        + ", maxBodyBytes=" + maxBodyBytes + ", corsOrigins=" + corsOrigins + ", engine=" + engine + "]";
  }
}
