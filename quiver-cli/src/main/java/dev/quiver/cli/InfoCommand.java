package dev.quiver.cli;

import dev.quiver.api.ApiCodec;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.CollectionUnavailableException;
import dev.quiver.engine.VectorParams;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver info NAME}: a collection's configuration and state. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show a collection's vectors, point count, indexes and disk use.")
final class InfoCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Option(names = "--json", description = "Print the info as JSON (the HTTP API's shape)")
  boolean json;

  @Override
  int run(Database db) {
    CollectionInfo info;
    try {
      info = db.db().collection(name).info();
    } catch (CollectionUnavailableException e) {
      throw new CliException(ExitCodes.UNAVAILABLE, e.getMessage());
    }
    if (json) {
      out().println(json(ApiCodec.collectionInfoToJson(info), true));
      return ExitCodes.OK;
    }
    out().println("collection:  " + info.name());
    out().println("status:      " + info.status());
    out().println("points:      " + info.pointCount());
    out().println("deleted:     " + info.deletedVectors());
    out().println("segments:    " + info.segmentsCount() + " (" + info.mappedBytes() / (1 << 20) + " MiB mapped, "
        + info.merges() + " merges since open)");
    for (Map.Entry<String, VectorParams> v : info.config().vectors().entrySet()) {
      VectorParams p = v.getValue();
      out().println("vector:      " + v.getKey() + "  size " + p.dimension() + ", "
          + p.metric().name().toLowerCase(java.util.Locale.ROOT) + ", m " + p.hnsw().m()
          + ", ef_construct " + p.hnsw().efConstruction()
          + (p.model() != null ? ", model " + p.model() : ""));
    }
    info.payloadSchema().forEach((field, type) ->
        out().println("index:       " + field + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")"));
    out().println("disk bytes:  " + info.diskBytes());
    out().println("log bytes:   " + info.walBytes());
    return ExitCodes.OK;
  }
}
