package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches beside upserts over loopback, bounded in requests and time: no errors, and every
 * acknowledged upsert is readable afterwards and after a graceful restart. Prints throughput and
 * latency percentiles; asserts nothing about speed.
 */
class ServerLoadTest {

  private static final int DIM = 64;
  private static final int INITIAL = 2_000;
  private static final int SEARCH_THREADS = 4;
  private static final int UPSERT_THREADS = 2;
  private static final int REQUESTS_PER_THREAD = 2_000;
  private static final long MAX_MILLIS = 4_000;
  private static final int BATCH = 10;

  @TempDir
  Path dir;

  @Test
  void searchesBesideUpsertsLoseNoAcknowledgedWrite() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir); // fsync durability
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    long[][] searchNanos = new long[SEARCH_THREADS][];
    long[][] upsertNanos = new long[UPSERT_THREADS][];
    double elapsedSeconds;

    try (QuiverServer server = QuiverServer.start(config)) {
      Http http = new Http(server.uri());
      assertEquals(200, http.put("/collections/load",
          "{\"vectors\":{\"size\":" + DIM + ",\"distance\":\"cosine\"}}").status());
      Random seedRnd = new Random(7);
      for (int from = 0; from < INITIAL; from += 500) {
        Http.Resp r = http.put("/collections/load/points", points(seedRnd, from, 500));
        assertEquals(200, r.status(), r::toString);
      }
      searchAlone(http, errors);
      AtomicLong nextId = new AtomicLong(1_000_000);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS);
      ExecutorService pool = Executors.newFixedThreadPool(SEARCH_THREADS + UPSERT_THREADS);
      List<Future<?>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < SEARCH_THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          Random rnd = new Random(100 + thread);
          long[] lat = new long[REQUESTS_PER_THREAD];
          int n = 0;
          while (n < REQUESTS_PER_THREAD && System.nanoTime() < deadline) {
            String filter = rnd.nextBoolean() ? "" : ",\"filter\":{\"must\":[{\"key\":\"bucket\",\"match\":{\"value\":"
                + rnd.nextInt(10) + "}}]}";
            long t0 = System.nanoTime();
            Http.Resp r = http.post("/collections/load/points/search",
                "{\"vector\":" + vector(rnd) + ",\"limit\":10" + filter + "}");
            lat[n++] = System.nanoTime() - t0;
            if (r.status() != 200 || r.result().size() != 10) {
              errors.add("search: " + r);
            }
          }
          searchNanos[thread] = Arrays.copyOf(lat, n);
        }));
      }
      for (int t = 0; t < UPSERT_THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          Random rnd = new Random(200 + thread);
          long[] lat = new long[REQUESTS_PER_THREAD];
          int n = 0;
          while (n < REQUESTS_PER_THREAD && System.nanoTime() < deadline) {
            long first = nextId.getAndAdd(BATCH);
            long t0 = System.nanoTime();
            Http.Resp r = http.put("/collections/load/points", points(rnd, first, BATCH));
            lat[n++] = System.nanoTime() - t0;
            if (r.status() == 200) {
              for (long id = first; id < first + BATCH; id++) {
                acked.add(id);
              }
            } else {
              errors.add("upsert: " + r);
            }
          }
          upsertNanos[thread] = Arrays.copyOf(lat, n);
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      elapsedSeconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      assertTrue(errors.isEmpty(), () -> errors.size() + " errors, first: " + errors.peek());
      assertAllPresent(http, acked);
      serverSide(http.get("/metrics").body(), "/collections/{c}/points/search", "POST");
      serverSide(http.get("/metrics").body(), "/collections/{c}/points", "PUT");
    }

    report("search", searchNanos, elapsedSeconds, 1);
    report("upsert", upsertNanos, elapsedSeconds, BATCH);

    // graceful restart on the same folder: every acknowledged write is still there
    try (QuiverServer again = QuiverServer.start(config)) {
      Http http = new Http(again.uri());
      assertAllPresent(http, acked);
      assertEquals(INITIAL + acked.size(),
          http.post("/collections/load/points/count", "{}").result().get("count").asLong());
    }
  }

  /** A short phase of searches with no writer, for comparison with searches beside upserts. */
  private static void searchAlone(Http http, ConcurrentLinkedQueue<String> errors) throws Exception {
    long[][] nanos = new long[SEARCH_THREADS][];
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
    ExecutorService pool = Executors.newFixedThreadPool(SEARCH_THREADS);
    List<Future<?>> fs = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < SEARCH_THREADS; t++) {
      int thread = t;
      fs.add(pool.submit(() -> {
        Random rnd = new Random(50 + thread);
        long[] lat = new long[REQUESTS_PER_THREAD];
        int n = 0;
        while (n < 500 && System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          Http.Resp r = http.post("/collections/load/points/search", "{\"vector\":" + vector(rnd) + ",\"limit\":10}");
          lat[n++] = System.nanoTime() - t0;
          if (r.status() != 200) {
            errors.add("search alone: " + r);
          }
        }
        nanos[thread] = Arrays.copyOf(lat, n);
      }));
    }
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    report("search alone", nanos, (System.nanoTime() - start) / 1e9, 1);
  }

  private static void assertAllPresent(Http http, Set<Long> acked) {
    List<Long> ids = new ArrayList<>(acked);
    Collections.sort(ids);
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      Http.Resp r = http.post("/collections/load/points", "{\"ids\":" + chunk + "}");
      assertEquals(200, r.status(), r::toString);
      assertEquals(chunk.size(), r.result().size(), "acknowledged points missing");
      for (JsonNode p : r.result()) {
        assertEquals(p.get("id").asLong(), p.get("payload").get("i").asLong());
      }
    }
  }

  private static String points(Random rnd, long first, int count) {
    StringBuilder sb = new StringBuilder(count * DIM * 12);
    sb.append("{\"points\":[");
    for (long id = first; id < first + count; id++) {
      sb.append(id == first ? "" : ",").append("{\"id\":").append(id).append(",\"vector\":").append(vector(rnd))
          .append(",\"payload\":{\"i\":").append(id).append(",\"bucket\":").append(id % 10).append("}}");
    }
    return sb.append("]}").toString();
  }

  private static String vector(Random rnd) {
    StringBuilder sb = new StringBuilder(DIM * 12).append('[');
    for (int i = 0; i < DIM; i++) {
      sb.append(i == 0 ? "" : ",").append(rnd.nextFloat() * 2 - 1);
    }
    return sb.append(']').toString();
  }

  private static void report(String op, long[][] perThread, double seconds, int pointsPerRequest) {
    long[] all = Arrays.stream(perThread).flatMapToLong(Arrays::stream).sorted().toArray();
    if (all.length == 0) {
      return;
    }
    System.out.printf(Locale.ROOT, "ServerLoadTest %-12s: %d requests in %.2f s = %.0f req/s (%.0f points/s), "
            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", op, all.length, seconds, all.length / seconds,
        all.length * pointsPerRequest / seconds, pct(all, 0.50), pct(all, 0.99), all[all.length - 1] / 1e6);
  }

  /** Mean time inside the server (from /metrics), to tell server work from client and transport. */
  private static void serverSide(String metrics, String route, String method) {
    String labels = "{route=\"" + route + "\",method=\"" + method + "\",status=\"200\"}";
    double sum = 0;
    double count = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("quiver_http_request_duration_seconds_sum" + labels)) {
        sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("quiver_http_request_duration_seconds_count" + labels)) {
        count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    System.out.printf(Locale.ROOT, "ServerLoadTest server-side mean of %s %s: %.2f ms over %.0f requests%n",
        method, route, count == 0 ? 0 : sum / count * 1e3, count);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
