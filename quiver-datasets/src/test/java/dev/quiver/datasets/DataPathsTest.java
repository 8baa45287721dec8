package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataPathsTest {

  @Test
  void findsTheSharedDataAndTheRepositoryRoot() {
    Path data = DataPaths.sharedDataDir();
    assertTrue(Files.isDirectory(data.resolve("fashion-mnist")), data.toString());
    Path root = DataPaths.repositoryRoot();
    assertTrue(root != null && Files.isRegularFile(root.resolve("pom.xml")), String.valueOf(root));
    // The module's own pom names quiver-parent only as its parent, so the root is above it.
    assertEquals(Path.of("").toAbsolutePath().getParent(), root);
  }
}
