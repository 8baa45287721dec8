package dev.quiver.bench.ann;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link RunResult} as markdown tables and as JSON with every raw figure. */
public final class AnnReport {

  /** The recall levels of the summary tables. */
  public static final double[] LEVELS = {0.90, 0.95, 0.99};

  private AnnReport() {}

  public static String markdown(RunResult run) {
    StringBuilder md = new StringBuilder();
    int n = run.threads();
    md.append(String.format(Locale.ROOT, "### %s: %,d base vectors × %d-d, %,d queries, k=%d, %s, %d threads%n%n",
        run.dataset(), run.baseSize(), run.dimension(), run.queryCount(), run.k(), run.metric(), n));

    md.append("| engine | settings | recall@").append(run.k()).append(" | q/s 1 thread | q/s ").append(n)
        .append(" threads | build s | memory MB |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (EngineResult e : run.engines()) {
      for (SweepPoint p : e.points()) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %s | %s | %.1f | %.1f |%n", e.engine(),
            p.ef() == 0 ? "exact" : "ef=" + p.ef(), p.recall(), qps(p.qpsSingle()), qps(p.qpsThreaded()),
            e.buildSeconds(), e.heapBytes() / 1e6));
      }
    }
    md.append('\n');
    summary(md, run, false);
    summary(md, run, true);

    md.append("| engine | library | build settings | build | SIMD | memory MB (engine's own estimate) |"
        + " other processes' CPU |\n");
    md.append("|---|---|---|---|---|---|---:|\n");
    for (EngineResult e : run.engines()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", e.engine(), e.library(),
          e.settings(), e.buildParallelism(), e.vectorization(),
          e.reportedRamBytes() < 0 ? "— (" + e.ramAccounting() + ")"
              : String.format(Locale.ROOT, "%.1f (%s)", e.reportedRamBytes() / 1e6, e.ramAccounting()),
          e.otherCpuShare() < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * e.otherCpuShare())));
    }
    md.append('\n');
    md.append(String.format(Locale.ROOT,
        "Ground truth: exact search, %s (%.1f s). Machine: %s cores (%s), %s, Quiver vector math %s."
            + " Run took %.0f s.",
        run.groundTruthCached() ? "from the cache" : "computed", run.groundTruthSeconds(),
        run.machine().get("availableProcessors"), run.machine().get("cpu"), run.machine().get("jvm"),
        run.machine().get("quiverVectorMath"), run.wallSeconds()));
    List<String> noisy = new ArrayList<>();
    for (EngineResult e : run.engines()) {
      if (e.otherCpuShare() > AnnBenchmark.NOISY) {
        noisy.add(String.format(Locale.ROOT, "%s %.0f%%", e.engine(), 100 * e.otherCpuShare()));
      }
    }
    if (!noisy.isEmpty()) {
      md.append(" **Other processes used the CPU during the run (").append(String.join(", ", noisy))
          .append(" of the machine): those timings are disturbed.**");
    }
    md.append("\n\n");
    return md.toString();
  }

  private static void summary(StringBuilder md, RunResult run, boolean threaded) {
    String what = threaded ? run.threads() + " threads" : "1 thread";
    md.append("Best q/s (").append(what).append(") reaching recall@").append(run.k()).append(":\n\n");
    md.append("| engine |");
    for (double level : LEVELS) {
      md.append(String.format(Locale.ROOT, " ≥ %.2f |", level));
    }
    md.append('\n').append("|---|").append("---:|".repeat(LEVELS.length)).append('\n');
    for (EngineResult e : run.engines()) {
      md.append("| ").append(e.engine()).append(" |");
      for (double level : LEVELS) {
        SweepPoint p = e.best(level, threaded);
        md.append(' ').append(p == null ? "—" : qps(qps(p, threaded)) + " (" + setting(p) + ")").append(" |");
      }
      md.append('\n');
    }
    EngineResult quiver = find(run, Engines.QUIVER_GRAPH);
    if (quiver != null) {
      md.append("| ").append(Engines.QUIVER_GRAPH).append(" ÷ best peer |");
      for (double level : LEVELS) {
        Ratio r = ratio(run, quiver, level, threaded);
        md.append(' ').append(r == null ? "—"
            : String.format(Locale.ROOT, "%.2f× (vs %s)", r.value(), r.peer())).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /** Quiver's best q/s at {@code level} divided by the best peer's, or null when either has none. */
  record Ratio(double value, String peer) {}

  static Ratio ratio(RunResult run, EngineResult quiver, double level, boolean threaded) {
    SweepPoint mine = quiver.best(level, threaded);
    SweepPoint bestPeer = null;
    String peer = null;
    for (EngineResult e : run.engines()) {
      if (Engines.isQuiver(e.engine())) {
        continue;
      }
      SweepPoint p = e.best(level, threaded);
      if (p != null && (bestPeer == null || qps(p, threaded) > qps(bestPeer, threaded))) {
        bestPeer = p;
        peer = e.engine();
      }
    }
    if (mine == null || bestPeer == null) {
      return null;
    }
    return new Ratio(qps(mine, threaded) / qps(bestPeer, threaded), peer);
  }

  public static String json(RunResult run) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", run.dataset());
    root.put("metric", run.metric());
    root.put("dimension", run.dimension());
    root.put("baseSize", run.baseSize());
    root.put("queryCount", run.queryCount());
    root.put("k", run.k());
    root.put("threads", run.threads());
    root.put("efs", run.efs());
    root.put("machine", run.machine());
    root.put("groundTruthSeconds", run.groundTruthSeconds());
    root.put("groundTruthCached", run.groundTruthCached());
    root.put("wallSeconds", run.wallSeconds());
    root.put("method", ordered(
        "recall", "mean over queries of |returned ∩ exact k nearest| / k, same ground truth for every engine",
        "qpsSingle", "queries / wall seconds of one untimed-warmed pass on one thread",
        "qpsThreaded", "queries / wall seconds of one pass with `threads` threads sharing the queries",
        "heapBytes", "used heap after full GC once built minus the same before the build",
        "reportedRamBytes", "the engine's own estimate (-1: none)"));
    List<Object> engines = new ArrayList<>();
    for (EngineResult e : run.engines()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("engine", e.engine());
      m.put("library", e.library());
      m.put("settings", e.settings());
      m.put("buildParallelism", e.buildParallelism());
      m.put("vectorization", e.vectorization());
      m.put("buildSeconds", e.buildSeconds());
      m.put("heapBytes", e.heapBytes());
      m.put("reportedRamBytes", e.reportedRamBytes());
      m.put("ramAccounting", e.ramAccounting());
      m.put("otherCpuShare", e.otherCpuShare());
      List<Object> points = new ArrayList<>();
      for (SweepPoint p : e.points()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("ef", p.ef());
        pm.put("recall", p.recall());
        pm.put("recallThreaded", p.recallThreaded());
        pm.put("qpsSingle", p.qpsSingle());
        pm.put("qpsThreaded", p.qpsThreaded());
        pm.put("secondsSingle", p.secondsSingle());
        pm.put("secondsThreaded", p.secondsThreaded());
        points.add(pm);
      }
      m.put("points", points);
      Map<String, Object> best = new LinkedHashMap<>();
      for (boolean threaded : new boolean[] {false, true}) {
        for (double level : LEVELS) {
          SweepPoint p = e.best(level, threaded);
          best.put(String.format(Locale.ROOT, "%s@%.2f", threaded ? "threaded" : "single", level),
              p == null ? null : ordered("ef", p.ef(), "qps", qps(p, threaded)));
        }
      }
      m.put("best", best);
      engines.add(m);
    }
    root.put("engines", engines);
    EngineResult quiver = find(run, Engines.QUIVER_GRAPH);
    if (quiver != null) {
      Map<String, Object> ratios = new LinkedHashMap<>();
      for (boolean threaded : new boolean[] {false, true}) {
        for (double level : LEVELS) {
          Ratio r = ratio(run, quiver, level, threaded);
          ratios.put(String.format(Locale.ROOT, "%s@%.2f", threaded ? "threaded" : "single", level),
              r == null ? null : ordered("ratio", r.value(), "bestPeer", r.peer()));
        }
      }
      root.put("quiverToBestPeer", ratios);
    }
    return Json.write(root);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static EngineResult find(RunResult run, String name) {
    return run.engines().stream().filter(e -> e.engine().equals(name)).findFirst().orElse(null);
  }

  private static double qps(SweepPoint p, boolean threaded) {
    return threaded ? p.qpsThreaded() : p.qpsSingle();
  }

  private static String setting(SweepPoint p) {
    return p.ef() == 0 ? "exact" : "ef=" + p.ef();
  }

  private static String qps(double qps) {
    return qps >= 100 ? String.format(Locale.ROOT, "%,.0f", qps) : String.format(Locale.ROOT, "%.1f", qps);
  }
}
