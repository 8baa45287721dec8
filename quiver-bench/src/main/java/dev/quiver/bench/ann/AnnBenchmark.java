package dev.quiver.bench.ann;

import dev.quiver.datasets.Recall;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures one engine at a time on the same {@link BenchData}: build time, heap held, then for each
 * search setting recall@k and queries/s from one thread and from {@code threads} threads.
 *
 * <p>Method, identical for every engine:
 * <ol>
 *   <li>Full GC, note used heap; build with {@code threads} threads; full GC, note used heap again.
 *   <li>Engine warm-up: untimed passes over the queries at a middle setting for
 *       {@code engineWarmupSeconds}, so that the JIT has compiled the engine's search path.
 *   <li>For each setting: one untimed pass over the queries (cut short after
 *       {@code settingWarmupSeconds}); timed passes on one thread; timed passes with
 *       {@code threads} threads taking batches of queries from a shared counter. Each timing repeats
 *       whole passes until {@code minPassSeconds} have gone by; q/s = queries answered / seconds.
 *   <li>Recall of both passes against the same exact ground truth with {@link Recall#at}.
 * </ol>
 * The sweep stops early once recall reaches {@code stopAtRecall}: larger settings only get slower
 * and cannot change the best queries/s at any reported recall level.
 */
public final class AnnBenchmark {

  /**
   * @param k neighbours per query
   * @param efs the search settings to sweep, ascending
   * @param threads build threads and the thread count of the multi-threaded pass
   * @param minPassSeconds a timed measurement repeats whole passes over the queries until this
   *     much time has gone by, so that fast settings are not timed over a few milliseconds
   */
  public record Settings(int k, int[] efs, int threads, double engineWarmupSeconds,
      double settingWarmupSeconds, double minPassSeconds, double stopAtRecall) {

    public Settings {
      if (k < 1 || threads < 1 || efs.length == 0) {
        throw new IllegalArgumentException("k and threads must be >= 1 and efs non-empty");
      }
      efs = efs.clone();
    }
  }

  private static final int BATCH = 8;
  /** Other processes' CPU share above which an engine's timings are flagged as disturbed. */
  static final double NOISY = 0.05;

  private final Settings settings;
  private final PrintStream log;

  public AnnBenchmark(Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  /**
   * Builds and measures {@code engine}. Everything runs on threads made for this engine and ended
   * before returning, so that nothing the engine parked in thread-locals outlives it and inflates
   * the next engine's heap reading.
   */
  public EngineResult run(AnnEngine engine, BenchData data) throws Exception {
    ExecutorService driver = Executors.newSingleThreadExecutor(r -> daemon(r, "bench-driver"));
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "bench-search"));
    try {
      return driver.submit(() -> measure(engine, data, pool)).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } finally {
      driver.shutdownNow();
      pool.shutdownNow();
      driver.awaitTermination(1, TimeUnit.MINUTES);
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  private EngineResult measure(AnnEngine engine, BenchData data, ExecutorService pool) throws Exception {
    int threads = settings.threads();
    OtherLoad otherLoad = OtherLoad.start();
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    engine.build(data.base(), data.metric(), threads);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    long heapBytes = usedHeapAfterGc() - heapBefore;
    long reported = engine.reportedRamBytes();
    log.printf(Locale.ROOT, "%-12s built in %.1f s (%s); heap %.1f MB, self-reported %s%n", engine.name(),
        buildSeconds, engine.buildParallelism(), heapBytes / 1e6,
        reported < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", reported / 1e6));

    int[] efs = engine.sweepsEf() ? settings.efs() : new int[] {0};
    List<SweepPoint> points = new ArrayList<>();
    int warmupEf = efs[efs.length / 2];
    engine.prepareSearch(warmupEf);
    warmUp(engine, data, warmupEf, settings.engineWarmupSeconds(), true);
    int n = data.queries().length;
    for (int ef : efs) {
      engine.prepareSearch(ef);
      warmUp(engine, data, ef, settings.settingWarmupSeconds(), false);
      int[][] single = new int[n][];
      Timing one = timed(() -> runSingle(engine, data, ef, single));
      int[][] threaded = new int[n][];
      Timing many = timed(() -> runThreaded(engine, data, ef, threaded, pool));
      SweepPoint p = new SweepPoint(ef, Recall.at(data.truth(), single, data.k()),
          Recall.at(data.truth(), threaded, data.k()), one.passes() * n / one.seconds(),
          many.passes() * n / many.seconds(), one.seconds() / one.passes(), many.seconds() / many.passes());
      points.add(p);
      log.printf(Locale.ROOT, "%-12s %-8s recall@%d %.4f  %,10.0f q/s (1 thread)  %,10.0f q/s (%d threads)%n",
          engine.name(), engine.sweepsEf() ? "ef=" + ef : "exact", data.k(), p.recall(), p.qpsSingle(),
          p.qpsThreaded(), threads);
      if (Math.abs(p.recall() - p.recallThreaded()) > 1e-9) {
        log.printf(Locale.ROOT, "%-12s WARNING: recall differs between 1 thread (%.4f) and %d threads (%.4f)%n",
            engine.name(), p.recall(), threads, p.recallThreaded());
      }
      if (p.recall() >= settings.stopAtRecall()) {
        break;
      }
    }
    double otherShare = otherLoad.share();
    if (otherShare > NOISY) {
      log.printf(Locale.ROOT, "%-12s WARNING: other processes used %.0f%% of the machine's CPU meanwhile;"
          + " these timings are disturbed%n", engine.name(), 100 * otherShare);
    }
    return new EngineResult(engine.name(), engine.library(), engine.settings(), engine.buildParallelism(),
        engine.vectorization(), engine.ramAccounting(), buildSeconds, heapBytes, reported, List.copyOf(points),
        otherShare);
  }

  private interface Pass {
    void run() throws Exception;
  }

  private record Timing(int passes, double seconds) {}

  /** Whole passes over the queries, repeated until {@code minPassSeconds} have gone by. */
  private Timing timed(Pass pass) throws Exception {
    int passes = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      pass.run();
      passes++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < settings.minPassSeconds() * 1e9);
    return new Timing(passes, elapsed / 1e9);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Untimed searches, in query order, until {@code seconds} pass (and at most one pass unless {@code loop}). */
  private void warmUp(AnnEngine engine, BenchData data, int ef, double seconds, boolean loop) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    float[][] queries = data.queries();
    long sink = 0;
    do {
      for (int i = 0; i < queries.length && System.nanoTime() < deadline; i++) {
        sink += engine.search(queries[i], data.k(), ef).length;
      }
    } while (loop && System.nanoTime() < deadline);
    if (sink < 0) {
      throw new AssertionError(); // keeps the results live
    }
  }

  private void runSingle(AnnEngine engine, BenchData data, int ef, int[][] out) {
    float[][] queries = data.queries();
    for (int i = 0; i < queries.length; i++) {
      out[i] = engine.search(queries[i], data.k(), ef);
    }
  }

  private void runThreaded(AnnEngine engine, BenchData data, int ef, int[][] out, ExecutorService pool)
      throws Exception {
    float[][] queries = data.queries();
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < settings.threads(); t++) {
      futures.add(pool.submit(() -> {
        for (int from = next.getAndAdd(BATCH); from < queries.length; from = next.getAndAdd(BATCH)) {
          int to = Math.min(queries.length, from + BATCH);
          for (int i = from; i < to; i++) {
            out[i] = engine.search(queries[i], data.k(), ef);
          }
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  /** Used heap after full collections; the smallest of a few readings, to skip stray allocations. */
  static long usedHeapAfterGc() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return best;
  }
}
