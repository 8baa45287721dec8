package dev.quiver.bench.ann;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of Quiver and of the peers this build pinned (read from a filtered resource). */
public final class BenchVersions {

  private static final Properties VERSIONS = load();

  private BenchVersions() {}

  public static String quiver() {
    return get("quiver");
  }

  public static String lucene() {
    return get("lucene");
  }

  public static String jvector() {
    return get("jvector");
  }

  public static String hnswlib() {
    return get("hnswlib");
  }

  public static String jmh() {
    return get("jmh");
  }

  private static String get(String key) {
    String value = VERSIONS.getProperty(key);
    return value == null || value.startsWith("${") ? "unknown" : value;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BenchVersions.class.getResourceAsStream("/dev/quiver/bench/bench-versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
