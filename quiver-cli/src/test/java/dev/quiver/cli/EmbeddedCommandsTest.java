package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.Quiver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command flow on a data folder opened in this JVM ({@code --data}). */
class EmbeddedCommandsTest extends CommandFlowContract {

  @TempDir Path data;

  @Override
  Cli cli() {
    return new Cli("--data", data.toString());
  }

  @Test
  void aFolderHeldByAnotherOpenIsExitCodeFiveAndSuggestsUrl() throws Exception {
    try (Quiver held = Quiver.open(data)) {
      Cli.Result r = cli().run("collections");
      assertEquals(5, r.exit(), r::toString);
      assertTrue(r.err().contains("in use") && r.err().contains("--url"), r::toString);
    }
  }

  @Test
  void emptyFolderListsNoCollections() {
    Cli.Result r = cli().run("collections");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("no collections"), r::toString);
  }

  @Test
  void dataAndUrlTogetherIsAUsageError() {
    Cli.Result r = cli().run("collections", "--url", "http://127.0.0.1:1");
    assertEquals(2, r.exit(), r::toString);
  }
}
