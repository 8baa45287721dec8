package dev.quiver.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench jmh}: runs {@link DistanceBenchmark} and {@link ExactScanBenchmark} with modest
 * iteration counts and prints two tables: kernel times (plain Java against SIMD) and scan bandwidth
 * against the memory-copy bandwidth of the same run.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
    description = {"Runs the JMH benchmarks of the distance kernels (plain Java vs Vector API, dims"
        + " 128/384/768/1536) and of the exact scan (GB/s against a memory copy measured in the same run)."})
public final class JmhCommand implements Callable<Integer> {

  @Option(names = "--only", description = "distance or scan (default: both).")
  String only;

  @Option(names = "--warmup", defaultValue = "2", description = "Warm-up iterations of 1 s. Default: ${DEFAULT-VALUE}.")
  int warmupIterations;

  @Option(names = "--iterations", defaultValue = "3",
      description = "Measured iterations of 1 s. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--forks", defaultValue = "1", description = "JVM forks per benchmark. Default: ${DEFAULT-VALUE}.")
  int forks;

  @Option(names = "--out", description = "JMH's own JSON results (default: <dir>/jmh.json, <dir> from"
      + " -Dquiver.bench.out or ./bench-results).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path json = out != null ? out : Path.of(System.getProperty("quiver.bench.out", "bench-results"), "jmh.json");
    Path parent = json.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .warmupIterations(warmupIterations)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        .forks(forks)
        // Every fork gets the same flags as the ANN harness: the Vector API module, a roomy heap.
        .jvmArgs("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx3g")
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString());
    if (only == null || only.equals("distance")) {
      options.include(DistanceBenchmark.class.getName() + "\\.");
    }
    if (only == null || only.equals("scan")) {
      options.include(ExactScanBenchmark.class.getName() + "\\.");
    }
    if (only != null && !only.equals("distance") && !only.equals("scan")) {
      throw new IllegalArgumentException("--only " + only + ": expected distance or scan");
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    System.out.print(tables(results));
    System.err.println("wrote " + json.toAbsolutePath());
    return 0;
  }

  static String tables(Collection<RunResult> results) {
    StringBuilder md = new StringBuilder();
    // op -> dimension -> impl -> ns/op
    Map<String, Map<Integer, Map<String, Double>>> kernels = new TreeMap<>();
    List<RunResult> scans = new ArrayList<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      if (benchmark.startsWith(DistanceBenchmark.class.getName())) {
        int dim = Integer.parseInt(r.getParams().getParam("dimension"));
        kernels.computeIfAbsent(method, m -> new TreeMap<>()).computeIfAbsent(dim, d -> new TreeMap<>())
            .put(r.getParams().getParam("impl"), r.getPrimaryResult().getScore());
      } else {
        scans.add(r);
      }
    }
    if (!kernels.isEmpty()) {
      md.append("Distance kernels (ns per call, lower is better):\n\n");
      md.append("| kernel | dim | plain Java ns | SIMD ns | speed-up |\n|---|---:|---:|---:|---:|\n");
      kernels.forEach((op, byDim) -> byDim.forEach((dim, byImpl) -> {
        Double scalar = byImpl.get("scalar");
        Double panama = byImpl.get("panama");
        md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", op, dim, ns(scalar), ns(panama),
            scalar == null || panama == null ? "—" : String.format(Locale.ROOT, "%.1f×", scalar / panama)));
      }));
      md.append('\n');
    }
    if (!scans.isEmpty()) {
      double copyGbs = Double.NaN;
      for (RunResult r : scans) {
        if (r.getParams().getBenchmark().endsWith(".memoryCopy")) {
          copyGbs = gbPerSecond((long) ExactScanBenchmark.TOTAL_MB * 1024 * 1024, r.getPrimaryResult().getScore());
        }
      }
      md.append(String.format(Locale.ROOT, "Exact scan of %d MB of vectors against a copy of %d MB, one thread"
          + " each, same run (GB = 10^9 bytes; a copy moves each byte twice, read and written):%n%n",
          ExactScanBenchmark.TOTAL_MB, ExactScanBenchmark.TOTAL_MB));
      md.append("| benchmark | dim | vectors | ms per op | GB/s | ÷ copy GB/s copied | ÷ copy GB/s read+written |\n"
          + "|---|---:|---:|---:|---:|---:|---:|\n");
      for (RunResult r : scans) {
        String benchmark = r.getParams().getBenchmark();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        double ms = r.getPrimaryResult().getScore();
        if (method.equals("memoryCopy")) {
          md.append(String.format(Locale.ROOT, "| memoryCopy (System.arraycopy) | — | — | %.2f | %.2f copied,"
              + " %.2f read+written | 1.00 | 1.00 |%n", ms, copyGbs, 2 * copyGbs));
        } else {
          int dim = Integer.parseInt(r.getParams().getParam("dimension"));
          double gbs = gbPerSecond(ExactScanBenchmark.scanBytes(dim), ms);
          md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %.2f | %.2f read | %.2f | %.2f |%n", method, dim,
              ExactScanBenchmark.vectorCount(dim), ms, gbs, gbs / copyGbs, gbs / (2 * copyGbs)));
        }
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static double gbPerSecond(long bytes, double millis) {
    return bytes / (millis / 1e3) / 1e9;
  }

  private static String ns(Double value) {
    return value == null ? "—" : String.format(Locale.ROOT, "%.1f", value);
  }
}
