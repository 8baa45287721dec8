package dev.quiver.cli;

import dev.quiver.api.ApiCodec;
import dev.quiver.core.embed.Modality;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver search NAME --vector "[...]" | --text T | --image F | --audio F [-k 10] [--filter JSON] ...}. */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Find the k points nearest to a query vector (or text, image or sound, for a model-bound"
        + " vector).")
final class SearchCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  static final class Query {
    @Option(names = "--vector", paramLabel = "VECTOR",
        description = "The query: a JSON array \"[0.1, 0.2]\" or floats separated by spaces/commas")
    String vector;

    @Option(names = "--vector-file", paramLabel = "FILE", description = "Read the query vector from a file")
    Path vectorFile;

    @Option(names = "--text", paramLabel = "TEXT",
        description = "Search by text (the collection's vector must be bound to a model that takes text)")
    String text;

    @Option(names = "--image", paramLabel = "FILE",
        description = "Search by an image file: PNG, JPEG, GIF or BMP (the vector's model must take images)")
    Path image;

    @Option(names = "--audio", paramLabel = "FILE",
        description = "Search by a sound file: WAV (the vector's model must take audio)")
    Path audio;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Query query;

  @Option(names = "--using", paramLabel = "VECTOR_NAME", description = "Which named vector to search")
  String using;

  @Option(names = "--filter", paramLabel = "JSON", description = "Qdrant-style filter JSON, or @file.json")
  String filter;

  @Option(names = {"-k", "--limit"}, paramLabel = "K", defaultValue = "10",
      description = "How many results (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--ef", paramLabel = "EF", description = "HNSW search width for this query")
  Integer ef;

  @Option(names = "--exact", description = "Score every point instead of walking the graph")
  boolean exact;

  @Option(names = "--with-vector", description = "Include the points' vectors")
  boolean withVector;

  @Option(names = "--json", description = "Print the results as JSON")
  boolean json;

  @Override
  int run(Database db) throws IOException {
    VectorCollection c = db.db().collection(name);
    SearchRequest request;
    if (query.text != null) {
      request = SearchRequest.ofText(query.text, k);
    } else if (query.image != null || query.audio != null) {
      request = SearchRequest.ofMedia(readMedia(query.image != null ? query.image : query.audio,
          query.image != null ? Modality.IMAGE : Modality.AUDIO), k);
    } else {
      String text = query.vector != null ? query.vector : readVectorFile(query.vectorFile);
      request = SearchRequest.of(VectorText.parse(text), k);
    }
    request = request.using(using).withFilter(parseFilter(filter)).withEf(ef).withExact(exact)
        .withVectors(withVector);
    List<ScoredPoint> hits = c.search(request);
    if (json) {
      out().println(json(ApiCodec.scoredPointsToJson(hits, c.config()), true));
      return ExitCodes.OK;
    }
    PointPrinter.print(out(), hits.stream()
        .map(h -> new PointPrinter.Row(h.id().toString(), h.score(), h.payload(), withVector ? h.vectors() : null))
        .toList());
    return ExitCodes.OK;
  }

  private static MediaInput readMedia(Path file, Modality modality) throws IOException {
    String option = "--" + modality.wireName();
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.NOT_FOUND, option + " " + file + " does not exist");
    }
    try {
      return new MediaInput(modality, Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, option + " " + file + ": " + e.getMessage());
    }
  }

  private static String readVectorFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.NOT_FOUND, "--vector-file " + file + " does not exist");
    }
    return Files.readString(file);
  }
}
