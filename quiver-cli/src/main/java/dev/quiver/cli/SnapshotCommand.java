package dev.quiver.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver snapshot NAME [--output FILE]}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = {"Write a snapshot of a collection to a file.",
        "With --url the server takes the snapshot (kept in its data folder too) and it is downloaded."})
final class SnapshotCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write it (default: NAME-<date-time>.snapshot here)")
  Path output;

  @Override
  int run(Database db) throws Exception {
    db.db().collection(name); // not found before any file is made
    Path file = output != null ? output : Path.of(name + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".snapshot");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    db.snapshot(name, file);
    out().println("snapshot of '" + name + "' written to " + file + " (" + Files.size(file) + " bytes)");
    return ExitCodes.OK;
  }
}
