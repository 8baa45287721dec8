package dev.quiver.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver restore FILE --collection NAME}. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore a snapshot file as a new collection.")
final class RestoreCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "A file written by `quiver snapshot`")
  Path file;

  @Option(names = {"-c", "--collection"}, required = true, paramLabel = "NAME",
      description = "Name of the new collection (must not exist)")
  String collection;

  @Override
  void validate() {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.NOT_FOUND, "snapshot file " + file + " does not exist");
    }
  }

  @Override
  int run(Database db) throws Exception {
    if (db.db().hasCollection(collection)) {
      throw new CliException(ExitCodes.INVALID_INPUT, "collection '" + collection
          + "' already exists; pick another --collection or delete it first (quiver delete-collection "
          + collection + ")");
    }
    long n = db.restore(file, collection).info().pointCount();
    out().println("restored " + file + " as collection '" + collection + "' (" + n + " points)");
    return ExitCodes.OK;
  }
}
