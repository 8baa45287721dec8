package dev.quiver.bench.quality;

import dev.quiver.bench.TempFolder;
import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.EmbeddedCollection;
import dev.quiver.engine.Point;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.quality.HealthOptions;
import dev.quiver.engine.quality.HealthReport;
import dev.quiver.storage.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench inspect}: the time of a collection health report ({@code quiver inspect}) on a
 * large collection of clustered embedding-like vectors with a few planted problems (exact
 * duplicates, far outliers, points missing a payload field), and whether they were all found.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Time the health report (quiver inspect) on N clustered vectors with planted problems.")
public final class InspectCommand implements Callable<Integer> {

  @Option(names = "--size", defaultValue = "100000", description = "Points. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--dimension", defaultValue = "384", description = "Dimension. Default: ${DEFAULT-VALUE}.")
  int dimension;

  @Option(names = "-k", defaultValue = "10", description = "Neighbours per point. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--ef", defaultValue = "0", split = ",",
      description = "HNSW search widths of the report's k-NN queries, one report each; 0: the default, max(efSearch of the vector, 2k)."
          + " Default: ${DEFAULT-VALUE}.")
  List<Integer> ef;

  @Option(names = "--threads", defaultValue = "0", description = "Report threads; 0: all cores. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--planted", defaultValue = "100", description = "Duplicates, outliers and missing fields planted."
      + " Default: ${DEFAULT-VALUE}.")
  int planted;

  @Override
  public Integer call() throws Exception {
    TempFolder.use("quiver-bench-inspect", this::run);
    return 0;
  }

  private void run(Path dir) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int reportThreads = threads > 0 ? threads : cores;
    System.out.printf("generating %,d clustered %d-d vectors...%n", size, dimension);
    Dataset data = ClusteredDataset.generate(size, 0, dimension, 42);
    Random rnd = new Random(1);
    QuiverConfig config = QuiverConfig.defaults().withDurability(Durability.NONE).withBuildThreads(cores);
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection col = db.createCollection("bench", CollectionConfig.single(
          VectorParams.of(dimension, Metric.COSINE)));
      long started = System.nanoTime();
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        var payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("n", i);
        if (i % (size / planted) != 1) { // planted: points missing "label"
          payload.put("label", "c" + (i % 50));
        }
        float[] v = data.base()[i];
        if (i % (size / planted) == 2) { // planted: an exact copy of the point before
          v = data.base()[i - 1];
        } else if (i % (size / planted) == 3) { // planted: a vector far from every cluster
          v = new float[dimension];
          for (int d = 0; d < dimension; d++) {
            v[d] = (float) rnd.nextGaussian();
          }
        }
        batch.add(Point.of(i, v, payload));
        if (batch.size() == 10_000) {
          col.upsert(batch);
          batch.clear();
        }
      }
      col.upsert(batch);
      double buildSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("indexed in %.1f s; running the report on %d threads...%n", buildSeconds, reportThreads);
      // "report CPU s" is the process's CPU time during the report: on a shared machine it shows what the
      // report costs when the wall-clock time is inflated by other processes.
      StringBuilder md = new StringBuilder();
      md.append("| points | dim | k | ef | threads (cores) | index build s | report s | report CPU s | exact dup groups"
          + " (planted) | outliers: planted found / flagged | missing 'label' (planted) | hub skewness |\n");
      md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean();
      for (int width : ef) {
        HealthOptions options = HealthOptions.defaults().withK(k).withThreads(reportThreads).withMaxListed(1000)
            .withEfSearch(width);
        long cpu = os.getProcessCpuTime();
        started = System.nanoTime();
        HealthReport r = col.inspect(options);
        double reportSeconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        HealthReport.VectorHealth v = r.vectors().get(0);
        long outliersFound = v.outliers().sample().stream()
            .filter(o -> ((dev.quiver.engine.PointId.Num) o.id()).value() % (size / planted) == 3).count();
        md.append(String.format(Locale.ROOT, "| %,d | %d | %d | %d | %d (%d) | %.1f | %.1f | %.1f | %d (%d) | %d / %d"
            + " | %d (%d) | %.2f |%n", r.points(), dimension, v.k(), v.efSearch(), reportThreads, cores, buildSeconds,
            reportSeconds, cpuSeconds, v.exactDuplicates().groups(), planted, outliersFound, v.outliers().count(),
            r.payload().missing().isEmpty() ? 0 : r.payload().missing().get(0).missing(), planted,
            v.hubness().skewness()));
        System.out.printf("report with ef %d: %.1f s%n", v.efSearch(), reportSeconds);
      }
      System.out.println();
      System.out.print(md);
      Path out = Path.of(System.getProperty("quiver.bench.out", "bench-results"));
      Files.createDirectories(out);
      Files.writeString(out.resolve("inspect.md"), md.toString());
    }
  }
}
