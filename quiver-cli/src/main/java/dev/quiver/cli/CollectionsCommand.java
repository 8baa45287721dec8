package dev.quiver.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.engine.VectorDatabase;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quiver collections}: the collections and their point counts, and (on a folder) those that
 * could not be opened, with their error.
 */
@Command(name = "collections", mixinStandardHelpOptions = true,
    description = "List the collections with their point counts.")
final class CollectionsCommand extends DataCommand {

  @Option(names = "--json", description = "Print JSON: {\"collections\": [{\"name\", \"points_count\"}"
      + " or {\"name\", \"status\": \"unavailable\", \"error\"}]}")
  boolean json;

  @Override
  int run(Database database) {
    VectorDatabase db = database.db();
    List<String> names = db.collectionNames().stream().sorted().toList();
    // A server's list leaves them out (the client's collectionNames does); GET /collections shows them.
    Map<String, String> unavailable = database instanceof Database.Embedded e
        ? e.quiver().unavailableCollections() : Map.of();
    if (json) {
      ObjectNode root = ApiCodec.mapper().createObjectNode();
      ArrayNode list = root.putArray("collections");
      for (String name : names) {
        ObjectNode c = list.addObject();
        c.put("name", name);
        c.put("points_count", db.collection(name).info().pointCount());
      }
      unavailable.forEach((name, error) -> list.addObject().put("name", name).put("status", "unavailable")
          .put("error", error));
      out().println(json(root, true));
      return ExitCodes.OK;
    }
    unavailable.forEach((name, error) -> err().println("collection '" + name + "' is unavailable: " + error
        + " (delete it with: quiver delete-collection " + name + ")"));
    if (names.isEmpty()) {
      out().println("no collections in " + database.where() + " (create one with: quiver create NAME --size N)");
      return ExitCodes.OK;
    }
    int width = Math.max(4, names.stream().mapToInt(String::length).max().orElse(4));
    out().printf("%-" + width + "s  %12s%n", "name", "points");
    for (String name : names) {
      out().printf("%-" + width + "s  %12d%n", name, db.collection(name).info().pointCount());
    }
    return ExitCodes.OK;
  }
}
