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

  @Test
  void upsertFromStdinAndTsv() throws Exception {
    Cli cli = cli();
    assertEquals(0, cli.run("create", "docs", "--size", "2").exit());
    java.io.InputStream saved = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(
          "{\"id\": 1, \"vector\": [1, 0]}\n{\"id\": 2, \"vector\": [0, 1]}\n".getBytes()));
      Cli.Result r = cli.run("upsert", "docs", "-", "--quiet");
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().contains("upserted 2 points"), r::toString);
      System.setIn(new java.io.ByteArrayInputStream("{\"id\": 3, \"vector\": [1]}\n".getBytes()));
      Cli.Result bad = cli.run("upsert", "docs", "-");
      assertEquals(4, bad.exit(), bad::toString);
      assertTrue(bad.err().contains("stdin line 1: vector has dimension 1"), bad::toString);
    } finally {
      System.setIn(saved);
    }
    java.nio.file.Path tsv = files.resolve("points.tsv");
    java.nio.file.Files.writeString(tsv, "id\tvector\tname\n5\t[0.5, 0.5]\ta, b\n");
    Cli.Result r = cli.run("upsert", "docs", tsv.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(cli.run("scroll", "docs", "--offset", "5").out().contains("\"name\":\"a, b\""));
    assertEquals("3", cli.run("count", "docs").out().strip());
  }
}
