package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorParams;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quiver collections} and {@code info} on a folder with a collection that cannot be opened. */
class UnavailableCollectionCommandTest {

  @TempDir Path data;

  @Test
  void collectionsListsItWithItsErrorAndInfoExitsUnavailable() throws Exception {
    try (Quiver db = Quiver.open(data)) {
      db.createCollection("good", CollectionConfig.single(VectorParams.of(2, Metric.DOT)));
      db.createCollection("broken", CollectionConfig.single(VectorParams.of(2, Metric.DOT)));
    }
    Files.writeString(data.resolve("collections/broken/config.json"), "{oops");
    Cli cli = new Cli("--data", data.toString());

    Cli.Result list = cli.run("collections");
    assertEquals(0, list.exit(), list::toString);
    assertTrue(list.out().contains("good"), list::toString);
    assertTrue(list.err().contains("collection 'broken' is unavailable") && list.err().contains("config.json"),
        list::toString);
    Cli.Result json = cli.run("collections", "--json");
    assertTrue(json.out().contains("\"status\" : \"unavailable\""), json::toString);

    Cli.Result info = cli.run("info", "broken");
    assertEquals(ExitCodes.UNAVAILABLE, info.exit(), info::toString);
    assertTrue(info.err().contains("config.json is not valid JSON at byte"), info::toString);

    Cli.Result delete = cli.run("delete-collection", "broken");
    assertEquals(0, delete.exit(), delete::toString);
    assertFalse(Files.exists(data.resolve("collections/broken")));
    assertFalse(cli.run("collections").err().contains("unavailable"));
  }
}
