package dev.quiver.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quiver delete-collection NAME}. */
@Command(name = "delete-collection", mixinStandardHelpOptions = true,
    description = "Delete a collection and its points (snapshots are kept).")
final class DeleteCollectionCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Override
  int run(Database db) {
    if (!db.db().hasCollection(name)) {
      // same error as the other commands: names the existing collections
      db.db().collection(name);
    }
    db.db().deleteCollection(name);
    out().println("deleted collection '" + name + "'");
    return ExitCodes.OK;
  }
}
