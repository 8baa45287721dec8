package dev.quiver.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the shared datasets and the cache of derived data live.
 *
 * <p>The layout this expects: the repository is cloned to {@code X/main} and the read-only data sits
 * beside it in {@code X/shared/data}; derived data (ground truth, embeddings) goes to the ignored
 * folder {@code X/main/.cache}.
 */
public final class DataPaths {

  /** System property naming the shared data folder. */
  public static final String DATA_DIR_PROPERTY = "quiver.data.dir";
  /** Environment variable naming the shared data folder (used when the property is not set). */
  public static final String DATA_DIR_ENV = "QUIVER_DATA_DIR";
  /** System property naming the cache folder. */
  public static final String CACHE_DIR_PROPERTY = "quiver.cache.dir";

  // The root pom declares <artifactId>quiver-parent</artifactId> as its own id; a module pom
  // mentions it only inside <parent>, which is stripped before looking.
  private static final Pattern PARENT_BLOCK = Pattern.compile("(?s)<parent>.*?</parent>");
  private static final String ROOT_ARTIFACT = "<artifactId>quiver-parent</artifactId>";

  private DataPaths() {}

  /**
   * The shared data folder: the system property {@value #DATA_DIR_PROPERTY}, else the environment
   * variable {@value #DATA_DIR_ENV}, else the first {@code shared/data} folder found in the current
   * directory or one of its ancestors. An explicit setting that names a missing folder is skipped
   * (the build sets the property from where Maven was started, which is not always the repository
   * root) and reported in the error if nothing else is found either.
   *
   * @throws DataNotFoundException (an {@link IllegalStateException}) naming every place it looked
   */
  public static Path sharedDataDir() {
    List<String> tried = new ArrayList<>();
    String property = System.getProperty(DATA_DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      Path dir = Path.of(property).toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) {
        return dir;
      }
      tried.add("-D" + DATA_DIR_PROPERTY + "=" + dir + " (no such folder)");
    }
    String env = System.getenv(DATA_DIR_ENV);
    if (env != null && !env.isBlank()) {
      Path dir = Path.of(env).toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) {
        return dir;
      }
      tried.add(DATA_DIR_ENV + "=" + dir + " (no such folder)");
    }
    Path cwd = currentDir();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    tried.add("shared/data in " + cwd + " and each folder above it");
    throw new DataNotFoundException("shared data folder not found; looked at: " + String.join("; ", tried)
        + ". Put the data in shared/data beside the clone, or set -D" + DATA_DIR_PROPERTY
        + "=<folder> or " + DATA_DIR_ENV + "=<folder>");
  }

  /**
   * The cache folder for derived data, created if missing: the system property
   * {@value #CACHE_DIR_PROPERTY}, else {@code .cache} in the repository root (the nearest folder at
   * or above the current directory holding {@code .git} or the {@code quiver-parent} pom), else —
   * outside a checkout, e.g. when the CLI jar runs elsewhere — {@code ~/.cache/quiver}.
   */
  public static Path cacheDir() {
    String property = System.getProperty(CACHE_DIR_PROPERTY);
    Path dir;
    if (property != null && !property.isBlank()) {
      dir = Path.of(property).toAbsolutePath().normalize();
    } else {
      Path root = repositoryRoot();
      dir = root != null
          ? root.resolve(".cache")
          : Path.of(System.getProperty("user.home"), ".cache", "quiver");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cache folder " + dir
          + "; set -D" + CACHE_DIR_PROPERTY + "=<writable folder>", e);
    }
    return dir;
  }

  /** The repository root at or above the current directory, or null outside a checkout. */
  static Path repositoryRoot() {
    for (Path dir = currentDir(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git")) || isRootPom(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return null;
  }

  private static boolean isRootPom(Path pom) {
    if (!Files.isRegularFile(pom)) {
      return false;
    }
    try {
      String text = PARENT_BLOCK.matcher(Files.readString(pom)).replaceAll("");
      return text.contains(ROOT_ARTIFACT);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static Path currentDir() {
    return Path.of("").toAbsolutePath().normalize();
  }
}
