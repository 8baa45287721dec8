package dev.quiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.ModelBinding;
import dev.quiver.engine.VectorParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver create NAME --size 384 [--distance cosine] | --vectors a:384:cosine ... | --config F}. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create a collection.",
        "One unnamed vector (--size, --distance), named vectors (--vectors name:size:distance, repeated),"
            + " a vector bound to an embedding model (--model) or a config file (--config, the HTTP API's"
            + " collection JSON)."})
final class CreateCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "Collection name: letters, digits, _ . -")
  String name;

  @Option(names = "--size", paramLabel = "N", description = "Dimension of the vector")
  Integer size;

  @Option(names = "--distance", paramLabel = "METRIC", defaultValue = "cosine",
      description = "cosine (default), dot or euclidean")
  String distance;

  @Option(names = "--vectors", paramLabel = "NAME:SIZE[:METRIC]",
      description = "A named vector; repeat for several (metric defaults to --distance)")
  List<String> vectors = new ArrayList<>();

  @Option(names = "--model", paramLabel = "MODEL",
      description = "Bind the vector to a built-in embedding model, e.g. all-MiniLM-L6-v2 (size from the model)")
  String model;

  @Option(names = "--m", paramLabel = "M", description = "HNSW links per node (default ${DEFAULT-VALUE})",
      defaultValue = "" + HnswConfig.DEFAULT_M)
  int m;

  @Option(names = "--ef-construct", paramLabel = "EF",
      description = "HNSW build beam width (default ${DEFAULT-VALUE})",
      defaultValue = "" + HnswConfig.DEFAULT_EF_CONSTRUCTION)
  int efConstruct;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Collection config JSON, e.g. {\"vectors\": {\"size\": 4, \"distance\": \"cosine\"}}")
  Path configFile;

  private CollectionConfig config;

  @Override
  void validate() {
    int ways = (size != null ? 1 : 0) + (vectors.isEmpty() ? 0 : 1) + (configFile != null ? 1 : 0)
        + (model != null && size == null ? 1 : 0);
    if (ways == 0) {
      throw new CliException(ExitCodes.USAGE, "give the vector: --size N [--distance cosine],"
          + " --vectors name:size:distance, --model NAME or --config FILE");
    }
    if (ways > 1) {
      throw new CliException(ExitCodes.USAGE, "give one of --size, --vectors, --model or --config");
    }
    config = buildConfig();
  }

  private CollectionConfig buildConfig() {
    if (configFile != null) {
      JsonNode json;
      try {
        json = ApiCodec.readTree(Files.readString(configFile));
      } catch (IOException e) {
        throw new CliException(ExitCodes.NOT_FOUND, "cannot read --config " + configFile + ": " + e.getMessage());
      }
      return ApiCodec.collectionConfigFromJson(json);
    }
    HnswConfig hnsw = HnswConfig.defaults().withM(m).withEfConstruction(efConstruct);
    if (size != null || model != null) {
      return CollectionConfig.single(new VectorParams(size == null ? 0 : size, Metric.parse(distance), hnsw,
          model == null ? null : ModelBinding.of(model)));
    }
    Map<String, VectorParams> named = new LinkedHashMap<>();
    for (String spec : vectors) {
      String[] parts = spec.split(":");
      if (parts.length < 2 || parts.length > 3) {
        throw new CliException(ExitCodes.USAGE, "--vectors '" + spec + "': expected NAME:SIZE[:METRIC], e.g. text:384:cosine");
      }
      int dim;
      try {
        dim = Integer.parseInt(parts[1].trim());
      } catch (NumberFormatException e) {
        throw new CliException(ExitCodes.USAGE, "--vectors '" + spec + "': size '" + parts[1] + "' is not an integer");
      }
      Metric metric = Metric.parse(parts.length == 3 ? parts[2] : distance);
      if (named.put(parts[0].trim(), new VectorParams(dim, metric, hnsw)) != null) {
        throw new CliException(ExitCodes.USAGE, "--vectors: the name '" + parts[0] + "' is given twice");
      }
    }
    return CollectionConfig.named(named);
  }

  @Override
  int run(Database db) {
    db.db().createCollection(name, config);
    out().println("created collection '" + name + "' " + json(config.toJson(), false));
    return ExitCodes.OK;
  }
}
