package dev.quiver.bench.scale;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.bench.TempFolder;
import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.EmbeddedCollection;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench scale}: does a write cost the same at a million points as at the first hundred
 * thousand, and does the collection fit a small heap? Streams {@code --size} clustered vectors
 * (never all in memory: {@link ClusteredDataset#stream}) with three payload fields through the
 * embedded API in batches, group-commit durable, while one thread searches; every
 * {@code --every} points it prints the ingest rate, heap, RSS, mapped bytes, segments and the
 * searcher's latency; then reopen time, single-thread queries/s and recall@10 against exact search.
 *
 * <p>Run with a small heap to check the larger-than-heap claim:
 * {@code QUIVER_BENCH_JAVA_OPTS=-Xmx1g ./bench scale}.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = {"Ingest a large collection through the embedded API and report, every --every points, ingest"
        + " rate, heap, RSS, mapped bytes and segments, with a searcher running beside it; then reopen time,"
        + " queries/s and recall@10.", "Small heap: QUIVER_BENCH_JAVA_OPTS=-Xmx1g ./bench scale"})
public final class ScaleCommand implements Callable<Integer> {

  @Option(names = "--size", defaultValue = "1000000", description = "Points. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--dimension", defaultValue = "384", description = "Dimension. Default: ${DEFAULT-VALUE}.")
  int dimension;

  @Option(names = "--batch", defaultValue = "1000", description = "Points per upsert. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--every", defaultValue = "100000", description = "Points between report rows. Default: ${DEFAULT-VALUE}.")
  int every;

  @Option(names = "--durability", defaultValue = "group:5ms",
      description = "fsync, group[:Nms] or none. Default: ${DEFAULT-VALUE}.")
  String durability;

  @Option(names = "--queries", defaultValue = "200",
      description = "Queries for queries/s and recall after reopen. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Option(names = "--no-searcher", description = "No search thread during ingest.")
  boolean noSearcher;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Keep the collection in DIR (must be empty or absent) instead of a temporary folder.")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (size < 1 || batch < 1 || every < 1 || dimension < 1 || queries < 1) {
      throw new IllegalArgumentException("--size, --batch, --every, --dimension and --queries must be positive");
    }
    if (data != null) {
      run(data);
    } else {
      TempFolder.use("quiver-bench-scale", this::run);
    }
    return 0;
  }

  private void run(Path dir) throws Exception {
    Durability d = parseDurability(durability);
    int cores = Runtime.getRuntime().availableProcessors();
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf(Locale.ROOT, "scale: %,d x %d-d clustered cosine points, batches of %,d, durability %s, %d cores,"
        + " max heap %,d MB, folder %s%n", size, dimension, batch, d, cores, maxHeap >> 20, dir);
    ClusteredDataset.Stream stream = ClusteredDataset.stream(size, dimension, 42);
    float[][] queryVectors = stream.queries(Math.max(queries, 100));
    QuiverConfig config = QuiverConfig.defaults().withDurability(d).withBuildThreads(cores);
    StringBuilder md = new StringBuilder();
    md.append("| points | ingest points/s (interval) | heap used MB | RSS MB | mapped MB | segments | seals (ms each)"
        + " | merges (points: ms) | search p50 ms | search p99.9 ms | searches |\n"
        + "|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
    List<Long> allLatencies = new ArrayList<>();
    double firstRate = 0;
    double lastRate = 0;
    long ingestStarted;
    long ingestNanos;
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection col = db.createCollection("scale", CollectionConfig.single(
          VectorParams.of(dimension, Metric.COSINE)));
      col.createPayloadIndex("category", PayloadSchemaType.KEYWORD);
      col.createPayloadIndex("price", PayloadSchemaType.FLOAT);
      col.createPayloadIndex("year", PayloadSchemaType.INTEGER);
      Searcher searcher = noSearcher ? null : new Searcher(col, queryVectors);
      ingestStarted = System.nanoTime();
      long intervalStarted = ingestStarted;
      int nextReport = every;
      List<Point> pending = new ArrayList<>(batch);
      int id = 0;
      for (int b = 0; b < stream.blocks(); b++) {
        for (float[] v : stream.block(b)) {
          pending.add(Point.of(id, v, payload(id)));
          id++;
          if (pending.size() == batch || id == size) {
            col.upsert(pending);
            pending = new ArrayList<>(batch);
            if (searcher != null && id == batch) {
              searcher.start(); // from the first batch on: searches of an empty collection measure nothing
            }
          }
          if (id == nextReport || id == size) {
            long now = System.nanoTime();
            int intervalPoints = id - (nextReport - every);
            double rate = intervalPoints / ((now - intervalStarted) / 1e9);
            if (nextReport == every) {
              firstRate = rate;
            }
            lastRate = rate;
            long[] lat = searcher == null ? new long[0] : searcher.drain();
            for (long l : lat) {
              allLatencies.add(l);
            }
            List<EmbeddedCollection.MaintenanceEvent> events = col.drainMaintenanceEvents();
            String seals = events.stream().filter(e -> e.kind().equals("seal")).map(e -> Long.toString(e.millis()))
                .reduce((a, c) -> a + " " + c).orElse("-");
            String merges = events.stream().filter(e -> e.kind().equals("merge"))
                .map(e -> String.format(Locale.ROOT, "%,d: %,d", e.points(), e.millis())).reduce((a, c) -> a + ", " + c)
                .orElse("-");
            String row = String.format(Locale.ROOT, "| %,d | %,.0f | %,d | %s | %s | %s | %s | %s | %s | %s | %,d |%n", id,
                rate, heapUsed() >> 20, mb(rss()), mb(mapped()), segments(col.info()), seals, merges, ms(lat, 0.5),
                ms(lat, 0.999), lat.length);
            md.append(row);
            System.out.print(row);
            intervalStarted = System.nanoTime();
            nextReport += every;
          }
        }
      }
      ingestNanos = System.nanoTime() - ingestStarted;
      if (searcher != null) {
        searcher.stop();
      }
    }
    long[] all = allLatencies.stream().mapToLong(Long::longValue).toArray();
    // The reopen of a collection of the first interval's size, for reopen(size) / reopen(every).
    double[] baselineReopen = {Double.NaN};
    if (every < size) {
      dev.quiver.bench.TempFolder.use("quiver-bench-scale-baseline", small -> {
        try (Quiver db = Quiver.open(small, config)) {
          EmbeddedCollection col = db.createCollection("scale", CollectionConfig.single(
              VectorParams.of(dimension, Metric.COSINE)));
          col.createPayloadIndex("category", PayloadSchemaType.KEYWORD);
          col.createPayloadIndex("price", PayloadSchemaType.FLOAT);
          col.createPayloadIndex("year", PayloadSchemaType.INTEGER);
          ClusteredDataset.Stream s = ClusteredDataset.stream(every, dimension, 42);
          List<Point> pending = new ArrayList<>(batch);
          int id = 0;
          for (int b = 0; b < s.blocks(); b++) {
            for (float[] v : s.block(b)) {
              pending.add(Point.of(id, v, payload(id)));
              id++;
              if (pending.size() == batch || id == every) {
                col.upsert(pending);
                pending = new ArrayList<>(batch);
              }
            }
          }
        }
        long t = System.nanoTime();
        try (Quiver db = Quiver.open(small, config)) {
          baselineReopen[0] = (System.nanoTime() - t) / 1e9;
          db.collection("scale").count(null);
        }
      });
    }
    long reopenStarted = System.nanoTime();
    double reopenSeconds;
    double qps;
    double recall;
    int segmentsAfter;
    try (Quiver db = Quiver.open(dir, config)) {
      reopenSeconds = (System.nanoTime() - reopenStarted) / 1e9;
      EmbeddedCollection col = db.collection("scale");
      segmentsAfter = col.info().segmentsCount();
      float[][] qs = Arrays.copyOf(queryVectors, queries);
      for (int w = 0; w < Math.min(50, qs.length); w++) {
        col.search(SearchRequest.of(qs[w], 10).withPayload(false)); // warm-up
      }
      long started = System.nanoTime();
      List<Set<PointId>> found = new ArrayList<>();
      for (float[] q : qs) {
        Set<PointId> ids = new HashSet<>();
        for (ScoredPoint h : col.search(SearchRequest.of(q, 10).withPayload(false))) {
          ids.add(h.id());
        }
        found.add(ids);
      }
      qps = qs.length / ((System.nanoTime() - started) / 1e9);
      long hits = 0;
      for (int i = 0; i < qs.length; i++) {
        Set<PointId> ids = found.get(i);
        for (ScoredPoint h : col.search(SearchRequest.of(qs[i], 10).withExact(true).withPayload(false))) {
          hits += ids.contains(h.id()) ? 1 : 0;
        }
      }
      recall = hits / (10.0 * qs.length);
    }
    String summary = String.format(Locale.ROOT, "%nIngest: %,d points in %.1f s (%,.0f points/s); last interval / first"
        + " interval rate = %.2f. Searcher during ingest: %,d searches, p50 %s ms, p99.9 %s ms (p99.9 / p50 = %s)."
        + "%nReopen: %.2f s (%,d points; %s points: %.2f s; ratio %.2f). Search after reopen (1 thread, k=10):"
        + " %,.0f queries/s, recall@10 %.3f against exact, over %d segments.%n",
        size, ingestNanos / 1e9, size / (ingestNanos / 1e9), lastRate / firstRate, all.length, ms(all, 0.5),
        ms(all, 0.999), all.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f",
            percentile(all, 0.999) / (double) Math.max(1, percentile(all, 0.5))), reopenSeconds, size,
        String.format(Locale.ROOT, "%,d", every), baselineReopen[0], reopenSeconds / baselineReopen[0], qps, recall,
        segmentsAfter);
    md.append(summary);
    System.out.print(summary);
    Path out = Path.of(System.getProperty("quiver.bench.out", "bench-results"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("scale.md"), md.toString());
  }

  /** Three payload fields: a keyword of 50 values, a float and an integer. */
  private static ObjectNode payload(int id) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("category", "c" + (id % 50));
    p.put("price", (id * 7919L % 100_000) / 100.0);
    p.put("year", 1950 + id % 75);
    return p;
  }

  /** One thread searching random queries until stopped; latencies collected per report interval. */
  private static final class Searcher {
    private final EmbeddedCollection col;
    private final float[][] queries;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    /** Guarded by this. */
    private long[] latencies = new long[1024];
    private int count;

    Searcher(EmbeddedCollection col, float[][] queries) {
      this.col = col;
      this.queries = queries;
      this.thread = new Thread(this::loop, "bench-scale-searcher");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join();
    }

    synchronized long[] drain() {
      long[] out = Arrays.copyOf(latencies, count);
      count = 0;
      return out;
    }

    private void loop() {
      int q = 0;
      while (!stop.get()) {
        long t = System.nanoTime();
        col.search(SearchRequest.of(queries[q++ % queries.length], 10).withPayload(false));
        record(System.nanoTime() - t);
      }
    }

    private synchronized void record(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }

  private static long percentile(long[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long[] values, double p) {
    return values.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", percentile(values, p) / 1e6);
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%,d", bytes >> 20);
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident set size from /proc/self/status, or -1 where there is none. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** Bytes the JVM has memory-mapped through NIO buffers. */
  private static long mapped() {
    long total = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().startsWith("mapped")) {
        total += pool.getTotalCapacity();
      }
    }
    return total;
  }

  /** Segments the collection's points live in (sealed plus in-memory). */
  private static String segments(CollectionInfo info) {
    return Integer.toString(info.segmentsCount());
  }

  private static Durability parseDurability(String text) {
    // Durability.parse is package-private to storage; the forms are few.
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("fsync")) {
      return Durability.FSYNC_EVERY_WRITE;
    }
    if (t.equals("none")) {
      return Durability.NONE;
    }
    if (t.startsWith("group")) {
      String ms = t.equals("group") ? "5" : t.substring("group:".length()).replace("ms", "");
      return new Durability.Group(java.time.Duration.ofMillis(Long.parseLong(ms)));
    }
    throw new IllegalArgumentException("--durability '" + text + "': expected fsync, none, group or group:<N>ms");
  }
}
