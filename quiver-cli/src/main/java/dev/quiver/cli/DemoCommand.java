package dev.quiver.cli;

import dev.quiver.core.index.FlatIndex;
import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.core.index.VectorIndex;
import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.FashionMnist;
import dev.quiver.datasets.Recall;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quiver demo}: indexes a dataset with HNSW and with an exact flat scan, runs the same
 * queries on both and prints recall and speed. The flat index is the ground truth.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Compare HNSW with an exact scan on a dataset: recall, queries/s, speed-up.",
      "",
      "Indexes the dataset with both, runs the same queries on both (the exact results are"
          + " the ground truth) and prints recall@k, queries/s and the speed-up."
    })
final class DemoCommand implements Runnable {

  enum DatasetChoice {
    FASHION_MNIST("fashion-mnist"),
    CLUSTERED("clustered");

    final String label;

    DatasetChoice(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }

    static DatasetChoice parse(String s) {
      for (DatasetChoice c : values()) {
        if (c.label.equalsIgnoreCase(s.trim())) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "unknown dataset '" + s + "'; expected fashion-mnist or clustered");
    }
  }

  static final int DEFAULT_CLUSTERED_SIZE = 100_000;
  static final long CLUSTERED_SEED = 42;
  /**
   * Queries run untimed first so both indexes are measured with compiled code: up to this many, for
   * at most {@link #WARM_UP_NANOS} (one exact query scans everything, so a few suffice there).
   */
  static final int WARM_UP_QUERIES = 200;
  static final long WARM_UP_NANOS = 1_000_000_000L;

  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      converter = DatasetConverter.class,
      description = "fashion-mnist (60,000 × 784, Euclidean) or clustered (synthetic 384-d"
          + " embeddings, cosine). Default: ${DEFAULT-VALUE}.",
      defaultValue = "fashion-mnist")
  DatasetChoice dataset;

  @Option(
      names = "--size",
      paramLabel = "N",
      description = "Number of vectors to index (fashion-mnist: the first N of 60,000, default all;"
          + " clustered: default " + DEFAULT_CLUSTERED_SIZE + ").")
  Integer size;

  @Option(
      names = "--queries",
      paramLabel = "Q",
      defaultValue = "1000",
      description = "Number of queries. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10",
      description = "Neighbours per query. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--threads", paramLabel = "T",
      description = "Threads for building and querying. Default: all cores.")
  Integer threads;

  @Option(names = "--ef-search", paramLabel = "E",
      defaultValue = "" + HnswConfig.DEFAULT_EF_SEARCH,
      description = "HNSW candidate list size while searching (the recall/speed knob)."
          + " Default: ${DEFAULT-VALUE}.")
  int efSearch;

  @Option(names = "--dimension", paramLabel = "D", defaultValue = "384",
      description = "Vector dimension of the clustered dataset. Default: ${DEFAULT-VALUE}.")
  int dimension;

  static final class DatasetConverter implements picocli.CommandLine.ITypeConverter<DatasetChoice> {
    @Override
    public DatasetChoice convert(String value) {
      return DatasetChoice.parse(value);
    }
  }

  @Override
  public void run() {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();

    err.println("loading " + dataset + "...");
    err.flush();
    Dataset data = load();
    Metric metric = Metric.parse(data.metric());
    float[][] base = data.base();
    float[][] qs = data.queries();

    err.println("building the HNSW index on " + threadCount + " thread(s)...");
    err.flush();
    HnswConfig config = HnswConfig.defaults().withEfSearch(efSearch);
    HnswIndex hnsw = new HnswIndex(data.dimension(), metric, config);
    long start = System.nanoTime();
    hnsw.addAll(base, threadCount);
    double hnswBuildSeconds = seconds(start);

    FlatIndex flat = new FlatIndex(data.dimension(), metric);
    start = System.nanoTime();
    for (float[] v : base) {
      flat.add(v);
    }
    double flatBuildSeconds = seconds(start);

    err.println("running " + qs.length + " queries on both...");
    err.flush();
    Run exact = run(flat, qs, threadCount, q -> flat.search(qs[q], k));
    Run approx = run(hnsw, qs, threadCount, q -> hnsw.search(qs[q], k, efSearch, null));
    double recall = Recall.at(exact.results, approx.results, k);

    report(out, data, threadCount, config, new Result(hnsw, hnswBuildSeconds, approx),
        new Result(flat, flatBuildSeconds, exact), recall);
    out.flush();
  }

  private void validate() {
    requirePositive("--queries", queries);
    requirePositive("--k", k);
    requirePositive("--ef-search", efSearch);
    requirePositive("--dimension", dimension);
    if (size != null) {
      requirePositive("--size", size);
    }
    if (threads != null) {
      requirePositive("--threads", threads);
    }
  }

  private void requirePositive(String option, int value) {
    if (value <= 0) {
      throw new ParameterException(spec.commandLine(),
          option + " is " + value + "; expected a positive number");
    }
  }

  private Dataset load() {
    return switch (dataset) {
      case FASHION_MNIST -> {
        Dataset d = FashionMnist.load();
        yield (size == null ? d : d.withBase(size)).withQueries(queries);
      }
      case CLUSTERED -> ClusteredDataset.generate(
          size == null ? DEFAULT_CLUSTERED_SIZE : size, queries, dimension, CLUSTERED_SEED);
    };
  }

  /** Results and timing of one index answering every query. */
  private record Run(int[][] results, double seconds) {
    double queriesPerSecond() {
      return results.length / seconds;
    }
  }

  /**
   * Answers every query on {@code threads} threads (each takes the next unanswered query), after an
   * untimed warm-up, and returns the ordinals per query. Both indexes run the same way, so the
   * ratio of their queries/s is the speed-up a caller sees.
   */
  private static Run run(
      VectorIndex index, float[][] qs, int threads, IntFunction<TopHits> search) {
    int[][] results = new int[qs.length][];
    long warmUpStart = System.nanoTime();
    for (int q = 0; q < Math.min(WARM_UP_QUERIES, qs.length)
        && System.nanoTime() - warmUpStart < WARM_UP_NANOS; q++) {
      search.apply(q);
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long start = System.nanoTime();
    List<Thread> pool = new ArrayList<>();
    for (int t = 0; t < Math.min(threads, qs.length); t++) {
      pool.add(Thread.ofPlatform().name("demo-query-" + t).start(() -> {
        try {
          for (int q = next.getAndIncrement(); q < qs.length && failure.get() == null;
              q = next.getAndIncrement()) {
            results[q] = search.apply(q).ords();
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    for (Thread t : pool) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while running queries on " + index.getClass().getSimpleName(), e);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Run(results, seconds(start));
  }

  /** One index's build time, memory and query run. */
  private record Result(VectorIndex index, double buildSeconds, Run run) {}

  private void report(PrintWriter out, Dataset data, int threadCount, HnswConfig config,
      Result hnsw, Result exact, double recall) {
    String recallLabel = "recall@" + k;
    double speedUp = hnsw.run.queriesPerSecond() / exact.run.queriesPerSecond();
    out.println();
    out.println("Quiver demo: " + data.name());
    out.println(line("dataset", "%,d vectors × %d dimensions, %s, %,d queries, k = %d",
        data.base().length, data.dimension(), data.metric(), data.queries().length, k));
    out.println(line("vector math", "%s", VectorMath.get().name()));
    out.println(line("threads", "%d", threadCount));
    out.println(line("HNSW build", "%.2f s (m = %d, efConstruction = %d), %s",
        hnsw.buildSeconds, config.m(), config.efConstruction(), megabytes(hnsw.index)));
    out.println(line("exact build", "%.2f s, %s", exact.buildSeconds, megabytes(exact.index)));
    out.println();
    out.println(row("search", recallLabel, "queries/s"));
    out.println(row("HNSW (efSearch = " + efSearch + ")", format("%.4f", recall),
        format("%,.0f", hnsw.run.queriesPerSecond())));
    out.println(row("exact (flat scan)", format("%.4f", 1.0),
        format("%,.0f", exact.run.queriesPerSecond())));
    out.println();
    out.println(format("HNSW answered %.1f× faster than the exact scan at %s = %.4f.",
        speedUp, recallLabel, recall));
  }

  private static String row(String name, String recall, String qps) {
    return format("  %-22s %10s %12s", name, recall, qps);
  }

  private static String line(String label, String valueFormat, Object... values) {
    return format("  %-12s ", label) + format(valueFormat, values);
  }

  private static String format(String format, Object... values) {
    return String.format(Locale.ROOT, format, values);
  }

  private static String megabytes(VectorIndex index) {
    return format("%,.1f MB in memory", index.ramBytesUsed() / 1e6);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
