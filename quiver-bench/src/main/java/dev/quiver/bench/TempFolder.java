package dev.quiver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary folder for one benchmark run, removed with everything in it afterwards. */
public final class TempFolder {

  /** What runs in the folder. */
  @FunctionalInterface
  public interface Work {
    void run(Path dir) throws Exception;
  }

  private TempFolder() {}

  /** Runs {@code work} in a new temporary folder named after {@code prefix}, then removes it. */
  public static void use(String prefix, Work work) throws Exception {
    Path dir = Files.createTempDirectory(prefix);
    try {
      work.run(dir);
    } finally {
      delete(dir);
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
