package dev.quiver.cli;

import dev.quiver.api.ApiCodec;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.VectorCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver scroll NAME [--filter JSON] [--limit N] [--offset ID]}. */
@Command(name = "scroll", mixinStandardHelpOptions = true,
    description = {"List points in id order, a page at a time.",
        "The last line gives the --offset of the next page."})
final class ScrollCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Option(names = "--filter", paramLabel = "JSON", description = "Qdrant-style filter JSON, or @file.json")
  String filter;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
      description = "Points per page (default ${DEFAULT-VALUE}, at most " + ScrollRequest.MAX_LIMIT + ")")
  int limit;

  @Option(names = "--offset", paramLabel = "ID", description = "Start at this id (from the previous page)")
  String offset;

  @Option(names = "--with-vector", description = "Include the points' vectors")
  boolean withVector;

  @Option(names = "--json", description = "Print the page as JSON: {\"points\", \"next_page_offset\"}")
  boolean json;

  @Override
  void validate() {
    if (limit < 1 || limit > ScrollRequest.MAX_LIMIT) {
      throw new CliException(ExitCodes.USAGE, "--limit is " + limit + "; expected 1 to " + ScrollRequest.MAX_LIMIT);
    }
  }

  @Override
  int run(Database db) {
    VectorCollection c = db.db().collection(name);
    ScrollRequest request = ScrollRequest.of(limit).withFilter(parseFilter(filter)).withVectors(withVector);
    if (offset != null) {
      request = request.withOffset(PointId.parse(offset.trim()));
    }
    ScrollPage page = c.scroll(request);
    if (json) {
      out().println(json(ApiCodec.scrollPageToJson(page, c.config(), true, withVector), true));
      return ExitCodes.OK;
    }
    PointPrinter.print(out(), page.points().stream()
        .map(p -> new PointPrinter.Row(p.id().toString(), null, p.payload(), withVector ? p.vectors() : null))
        .toList());
    out().println(page.nextOffset() == null ? "(end)" : "next page: --offset " + page.nextOffset());
    return ExitCodes.OK;
  }
}
