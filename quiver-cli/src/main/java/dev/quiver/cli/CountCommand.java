package dev.quiver.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver count NAME [--filter JSON]}. */
@Command(name = "count", mixinStandardHelpOptions = true,
    description = "Count the points of a collection, or those matching a filter.")
final class CountCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Option(names = "--filter", paramLabel = "JSON",
      description = "Qdrant-style filter JSON, or @file.json")
  String filter;

  @Override
  int run(Database db) {
    out().println(db.db().collection(name).count(parseFilter(filter)));
    return ExitCodes.OK;
  }
}
