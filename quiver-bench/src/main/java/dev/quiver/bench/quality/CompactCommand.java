package dev.quiver.bench.quality;

import dev.quiver.bench.TempFolder;
import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.EmbeddedCollection;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorParams;
import dev.quiver.storage.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench compact}: what compaction costs and buys. A collection of N clustered vectors has
 * a share of its points replaced and some deleted; the table shows the dead vectors, the time of
 * {@code compact()}, the searches a concurrent thread completed while it ran, and search speed and
 * recall@10 (against exact search) before and after.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = "Time compaction of dead vectors (replaced and deleted points) and compare search before and after.")
public final class CompactCommand implements Callable<Integer> {

  @Option(names = "--size", defaultValue = "100000", description = "Points. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--dimension", defaultValue = "384", description = "Dimension. Default: ${DEFAULT-VALUE}.")
  int dimension;

  @Option(names = "--replaced", defaultValue = "0.3", description = "Share of points replaced. Default: ${DEFAULT-VALUE}.")
  double replaced;

  @Option(names = "--deleted", defaultValue = "0.1", description = "Share of points deleted. Default: ${DEFAULT-VALUE}.")
  double deleted;

  @Option(names = "--write-rate", defaultValue = "50",
      description = "Upserts of 10 points a second made by a writer thread during compaction (0: as fast as it can)."
          + " Default: ${DEFAULT-VALUE}.")
  int writeRate;

  @Option(names = "--queries", defaultValue = "500", description = "Search queries timed. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Override
  public Integer call() throws Exception {
    TempFolder.use("quiver-bench-compact", this::run);
    return 0;
  }

  private void run(Path dir) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int replacedCount = (int) (size * replaced);
    int deletedCount = (int) (size * deleted);
    System.out.printf("generating %,d + %,d clustered %d-d vectors...%n", size, replacedCount, dimension);
    Dataset data = ClusteredDataset.generate(size + replacedCount, queries, dimension, 42);
    float[][] base = data.base();
    // no automatic compaction at checkpoints: only the explicit one is timed
    QuiverConfig config = QuiverConfig.defaults().withDurability(Durability.NONE).withBuildThreads(cores)
        .withCheckpointLogBytes(Long.MAX_VALUE);
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection col = db.createCollection("bench", CollectionConfig.single(
          VectorParams.of(dimension, Metric.COSINE)));
      long started = System.nanoTime();
      upsert(col, base, 0, size, 0);
      // replace a spread of points with new vectors, delete another spread
      upsert(col, base, size, replacedCount, 0);
      List<PointId> gone = new ArrayList<>();
      for (int i = 0; i < deletedCount; i++) {
        gone.add(PointId.of(replacedCount + i));
      }
      for (int from = 0; from < gone.size(); from += 10_000) {
        col.delete(gone.subList(from, Math.min(gone.size(), from + 10_000)));
      }
      System.out.printf("indexed and rewritten in %.1f s%n", (System.nanoTime() - started) / 1e9);
      long dead = col.info().deletedVectors();
      double[] before = searches(col, data.queries());

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong during = new AtomicLong();
      Thread searcher = new Thread(() -> {
        int q = 0;
        while (!stop.get()) {
          col.search(SearchRequest.of(data.queries()[q++ % data.queries().length], 10));
          during.incrementAndGet();
        }
      });
      AtomicLong writes = new AtomicLong();
      Thread writer = new Thread(() -> {
        int next = size + replacedCount;
        while (!stop.get()) {
          List<Point> batch = new ArrayList<>();
          for (int j = 0; j < 10; j++, next++) {
            batch.add(Point.of(next, base[next % base.length], null));
          }
          col.upsert(batch);
          writes.incrementAndGet();
          if (writeRate > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L / writeRate);
          }
        }
      });
      searcher.start();
      writer.start();
      Thread.sleep(200);
      long searchesBefore = during.get();
      long writesBefore = writes.get();
      started = System.nanoTime();
      long reclaimed = col.compact();
      double compactSeconds = (System.nanoTime() - started) / 1e9;
      long searchesDuring = during.get() - searchesBefore;
      long writesDuring = writes.get() - writesBefore;
      stop.set(true);
      searcher.join();
      writer.join();
      double[] after = searches(col, data.queries());

      StringBuilder md = new StringBuilder();
      md.append(String.format(Locale.ROOT, "| live points | dim | dead vectors | compact() s | meanwhile: searches (1 thread)"
          + " | upserts of 10 (1 thread, %s) | search q/s before | after | recall@10 before | after |%n",
          writeRate > 0 ? "at most " + writeRate + "/s" : "unthrottled"));
      md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      md.append(String.format(Locale.ROOT, "| %,d | %d | %,d (reclaimed %,d) | %.1f | %,d | %,d | %,.0f | %,.0f | %.3f | %.3f |%n",
          col.info().pointCount(), dimension, dead, reclaimed, compactSeconds, searchesDuring, writesDuring,
          before[0], after[0], before[1], after[1]));
      System.out.println();
      System.out.print(md);
      Path out = Path.of(System.getProperty("quiver.bench.out", "bench-results"));
      Files.createDirectories(out);
      Files.writeString(out.resolve("compact.md"), md.toString());
    }
  }

  /** Points {@code first..first+count-1} of {@code base} as ids {@code idBase + i}. */
  private static void upsert(EmbeddedCollection col, float[][] base, int first, int count, int idBase) {
    List<Point> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(Point.of(idBase + i, base[first + i], null));
      if (batch.size() == 10_000) {
        col.upsert(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      col.upsert(batch);
    }
  }

  /** Queries per second (one thread) and mean recall@10 against exact search. */
  private static double[] searches(EmbeddedCollection col, float[][] queries) {
    long started = System.nanoTime();
    List<Set<PointId>> found = new ArrayList<>();
    for (float[] q : queries) {
      Set<PointId> ids = new HashSet<>();
      col.search(SearchRequest.of(q, 10)).forEach(h -> ids.add(h.id()));
      found.add(ids);
    }
    double qps = queries.length / ((System.nanoTime() - started) / 1e9);
    long hits = 0;
    for (int i = 0; i < queries.length; i++) {
      Set<PointId> ids = found.get(i);
      hits += col.search(SearchRequest.of(queries[i], 10).withExact(true)).stream().filter(h -> ids.contains(h.id())).count();
    }
    return new double[] {qps, (double) hits / (10.0 * queries.length)};
  }
}
