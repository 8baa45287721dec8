package dev.quiver.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quiver compact NAME}. */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Reclaim the space of replaced and deleted points now: rebuild the collection's"
        + " vector indexes from its live points (collections also start one in the background once dead"
        + " vectors reach a quarter of all vectors). Results do not change."})
final class CompactCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Override
  int run(Database db) {
    long reclaimed = db.db().collection(name).compact();
    out().println(reclaimed == 0 ? "collection '" + name + "': nothing to reclaim"
        : "collection '" + name + "': " + reclaimed + " dead vectors reclaimed");
    return ExitCodes.OK;
  }
}
