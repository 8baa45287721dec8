package dev.quiver.cli;

import dev.quiver.api.QualityCodec;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.quality.HealthOptions;
import dev.quiver.engine.quality.HealthReport;
import dev.quiver.engine.quality.HealthReportText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver inspect NAME}: the health report of a collection's data. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Report a collection's data problems: zero and near-zero vectors, exact and near duplicates,"
        + " outliers, hubs, points missing a common payload field, and the distributions of norms and"
        + " neighbour distances.",
        "",
        "Every point's k nearest neighbours come from the collection's HNSW index (one search per point, on all"
            + " cores). Runs in-process on --data; through a server (--url) it prints the JSON of"
            + " GET /collections/{c}/inspect."})
final class InspectCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Option(names = "--vector", paramLabel = "NAME", description = "Inspect one named vector (default: all)")
  String vector;

  @Option(names = "-k", paramLabel = "K", description = "Neighbours per point (default: ${DEFAULT-VALUE})",
      defaultValue = "" + HealthOptions.DEFAULT_K)
  int k;

  @Option(names = "--near-duplicate", paramLabel = "COSINE",
      description = "Cosine at or above which two vectors are near duplicates (default: ${DEFAULT-VALUE})",
      defaultValue = "" + HealthOptions.DEFAULT_NEAR_DUPLICATE)
  double nearDuplicate;

  @Option(names = "--outlier-z", paramLabel = "Z",
      description = "Robust z-score of the k-th neighbour distance above which a point is an outlier"
          + " (default: ${DEFAULT-VALUE})", defaultValue = "" + HealthOptions.DEFAULT_OUTLIER_Z)
  double outlierZ;

  @Option(names = "--field-coverage", paramLabel = "FRACTION",
      description = "A payload field carried by at least this fraction of points is expected of all"
          + " (default: ${DEFAULT-VALUE})", defaultValue = "" + HealthOptions.DEFAULT_FIELD_COVERAGE)
  double fieldCoverage;

  @Option(names = "--max-listed", paramLabel = "N", description = "Offenders listed per check (default: ${DEFAULT-VALUE})",
      defaultValue = "" + HealthOptions.DEFAULT_MAX_LISTED)
  int maxListed;

  @Option(names = "--json", description = "Print the report as JSON (the HTTP API's shape)")
  boolean json;

  HealthOptions options() {
    HealthOptions o = HealthOptions.defaults().withK(k).withNearDuplicate(nearDuplicate).withOutlierZ(outlierZ)
        .withFieldCoverage(fieldCoverage).withMaxListed(maxListed);
    return vector == null ? o : o.withVector(vector);
  }

  @Override
  void validate() {
    options(); // bad thresholds fail before the database is opened
  }

  @Override
  int run(Database db) {
    if (db instanceof Database.Remote remote) {
      HealthOptions o = options();
      java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
      if (vector != null) {
        params.put("vector", vector);
      }
      params.put("k", String.valueOf(o.k()));
      params.put("near_duplicate", String.valueOf(o.nearDuplicate()));
      params.put("outlier_z", String.valueOf(o.outlierZ()));
      params.put("field_coverage", String.valueOf(o.fieldCoverage()));
      params.put("max_listed", String.valueOf(o.maxListed()));
      out().println(json(remote.client().inspect(name, params), true));
      return ExitCodes.OK;
    }
    Quiver quiver = (Quiver) db.db();
    HealthReport report = quiver.collection(name).inspect(options());
    out().print(json ? json(QualityCodec.healthReportToJson(report), true) + "\n" : HealthReportText.render(report));
    out().flush(); // print() does not autoflush, and main exits right after
    return ExitCodes.OK;
  }
}
