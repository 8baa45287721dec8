package dev.quiver.bench.ann;

import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.VectorCache;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench ann}: every engine on one dataset; prints markdown tables and writes JSON. */
@Command(name = "ann", mixinStandardHelpOptions = true,
    description = {
        "Runs the ANN benchmark: every engine on the same vectors and queries in this JVM, sweeping efSearch,",
        "and prints recall@k, queries/s (1 thread and all threads), build time and memory as markdown;",
        "the raw figures go to a JSON file (--out) with the markdown beside it."})
public final class AnnCommand implements Callable<Integer> {

  static final String DEFAULT_EFS = "10,16,24,32,48,64,96,128,192,256,384,512";

  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist (784-d, euclidean, 60k base / 10k queries) or clustered (384-d, cosine,"
          + " generated, 100k base). Default: ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--size", description = "Base vectors to index (default: all of the dataset's).")
  Integer size;

  @Option(names = "--queries", defaultValue = "1000", description = "Queries to run. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Option(names = "--all-queries", description = "Run all of the dataset's queries (10,000).")
  boolean allQueries;

  @Option(names = "--engines", split = ",", description = "Engines to run (default: all): "
      + "quiver-flat, quiver-hnsw, quiver-mapped, lucene-hnsw, jvector, hnswlib.")
  List<String> engines;

  @Option(names = "--ef", split = ",", defaultValue = DEFAULT_EFS,
      description = "efSearch values to sweep (each engine's equivalent; max(ef, k) is used). Default: ${DEFAULT-VALUE}.")
  int[] efs;

  @Option(names = "--threads", description = "Build threads and the threads of the multi-threaded pass"
      + " (default: all available processors).")
  Integer threads;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--m", defaultValue = "" + GraphConfig.DEFAULT_M,
      description = "HNSW M for every graph engine (layer 0 gets 2M). Default: ${DEFAULT-VALUE}.")
  int m;

  @Option(names = "--ef-construction", defaultValue = "" + GraphConfig.DEFAULT_EF_CONSTRUCTION,
      description = "Construction beam for every graph engine. Default: ${DEFAULT-VALUE}.")
  int efConstruction;

  @Option(names = "--warmup", defaultValue = "3",
      description = "Seconds of untimed queries per engine before its first setting. Default: ${DEFAULT-VALUE}.")
  double engineWarmup;

  @Option(names = "--setting-warmup", defaultValue = "1",
      description = "Cap in seconds on the untimed pass before each setting. Default: ${DEFAULT-VALUE}.")
  double settingWarmup;

  @Option(names = "--min-pass", defaultValue = "0.5",
      description = "Each timing repeats whole passes over the queries until this many seconds have gone by."
          + " Default: ${DEFAULT-VALUE}.")
  double minPassSeconds;

  @Option(names = "--stop-at-recall", defaultValue = "0.999",
      description = "Stop an engine's sweep once its recall reaches this. Default: ${DEFAULT-VALUE}.")
  double stopAtRecall;

  @Option(names = "--out", description = "JSON file to write (markdown goes beside it as .md). Default:"
      + " <dir>/ann-<dataset>-<size>-q<queries>.json, <dir> from -Dquiver.bench.out or ./bench-results.")
  Path out;

  private final PrintStream log = System.err;
  private double groundTruthSeconds;
  private boolean groundTruthCached;

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    DatasetSource source = DatasetSource.named(dataset);
    int baseSize = size != null ? size : source.defaultSize();
    int queryCount = allQueries ? source.maxQueries() : queries;
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    List<String> engineNames = engines != null ? engines : Engines.names();
    GraphConfig graph = new GraphConfig(m, efConstruction);
    AnnBenchmark bench = new AnnBenchmark(new AnnBenchmark.Settings(k, efs, threadCount, engineWarmup,
        settingWarmup, minPassSeconds, stopAtRecall), log);
    List<AnnEngine> toRun = Engines.create(engineNames, graph); // fails fast on a bad name

    log.printf(Locale.ROOT, "loading %s (%,d base, %,d queries)...%n", source.name(), baseSize, queryCount);
    Dataset ds = source.load(baseSize, queryCount);
    BenchData data = prepare(ds, k, threadCount);

    List<EngineResult> results = new ArrayList<>();
    for (int i = 0; i < toRun.size(); i++) {
      try (AnnEngine engine = toRun.get(i)) {
        toRun.set(i, null); // let the index go when the engine closes
        results.add(bench.run(engine, data));
      }
    }
    Map<String, Object> machine = machine();
    RunResult run = new RunResult(data.name(), data.metric().name().toLowerCase(Locale.ROOT), data.dimension(),
        data.base().length, data.queries().length, k, threadCount, efs, machine, groundTruthSeconds,
        groundTruthCached, List.copyOf(results), (System.nanoTime() - runStart) / 1e9);

    String markdown = AnnReport.markdown(run);
    System.out.println();
    System.out.print(markdown);
    Path json = out != null ? out : defaultOut(source.name(), data.base().length, data.queries().length);
    write(json, AnnReport.json(run));
    write(json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md"), markdown);
    log.println("wrote " + json.toAbsolutePath() + " (and .md beside it)");
    return 0;
  }

  /** Normalises cosine data once for every engine and loads or computes the ground truth. */
  private BenchData prepare(Dataset ds, int k, int threadCount) {
    Metric metric = Metric.parse(ds.metric());
    float[][] base = ds.base();
    float[][] queries = ds.queries();
    if (metric == Metric.COSINE) {
      base = normalized(base);
      queries = normalized(queries);
    }
    long start = System.nanoTime();
    boolean[] computed = {false};
    String key = GroundTruth.cacheKey(ds.name(), base.length, queries.length, k);
    float[][] b = base;
    float[][] q = queries;
    int[][] truth = VectorCache.loadOrComputeInts(key, () -> {
      computed[0] = true;
      log.printf(Locale.ROOT, "computing the exact ground truth (%,d queries × %,d vectors)...%n", q.length, b.length);
      return GroundTruth.compute(b, q, metric, k, threadCount);
    });
    groundTruthSeconds = (System.nanoTime() - start) / 1e9;
    groundTruthCached = !computed[0];
    log.printf(Locale.ROOT, "ground truth %s in %.1f s%n", groundTruthCached ? "loaded from the cache" : "computed",
        groundTruthSeconds);
    return new BenchData(ds.name(), metric, base, queries, truth, k);
  }

  static float[][] normalized(float[][] vectors) {
    float[][] out = new float[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      out[i] = Metric.normalize(vectors[i].clone());
    }
    return out;
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpuModel());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + Runtime.version());
    m.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    m.put("quiverVectorMath", VectorMath.get().name());
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("quiver", BenchVersions.quiver());
    versions.put("lucene-core", BenchVersions.lucene());
    versions.put("jvector", BenchVersions.jvector());
    versions.put("hnswlib-core", BenchVersions.hnswlib());
    m.put("versions", versions);
    return m;
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Path defaultOut(String dataset, int size, int queries) {
    Path dir = Path.of(System.getProperty("quiver.bench.out", "bench-results"));
    return dir.resolve("ann-" + dataset + "-" + size + "-q" + queries + ".json");
  }

  private static void write(Path path, String text) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(path, text);
  }
}
