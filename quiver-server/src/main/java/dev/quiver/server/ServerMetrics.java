package dev.quiver.server;

import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.Quiver;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latency histograms per route template, method and status, and per-collection
 * gauges read at scrape time, in the Prometheus text format (version 0.0.4). Thread-safe: series
 * live in a concurrent map of adders.
 */
final class ServerMetrics {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** Upper bounds in seconds; +Inf is implied. */
  private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  /** Route template of requests that matched no route, so random paths do not create series. */
  static final String UNMATCHED = "unmatched";

  private record Key(String route, String method, int status) {}

  private static final class Series {
    final LongAdder count = new LongAdder();
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];

    Series() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  private final Map<Key, Series> series = new ConcurrentHashMap<>();

  void record(String route, String method, int status, double seconds) {
    Series s = series.computeIfAbsent(new Key(route, method, status), k -> new Series());
    s.count.increment();
    s.sum.add(seconds);
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        s.buckets[i].increment();
        break;
      }
    }
  }

  String render(Quiver db) {
    StringBuilder out = new StringBuilder(4096);
    Map<Key, Series> sorted = new TreeMap<>((a, b) -> {
      int c = a.route.compareTo(b.route);
      c = c != 0 ? c : a.method.compareTo(b.method);
      return c != 0 ? c : Integer.compare(a.status, b.status);
    });
    sorted.putAll(series);

    out.append("# HELP quiver_http_requests_total HTTP requests by route template, method and status.\n");
    out.append("# TYPE quiver_http_requests_total counter\n");
    sorted.forEach((k, s) -> out.append("quiver_http_requests_total").append(labels(k, null)).append(' ')
        .append(s.count.sum()).append('\n'));

    out.append("# HELP quiver_http_request_duration_seconds HTTP request latency by route template, method and status.\n");
    out.append("# TYPE quiver_http_request_duration_seconds histogram\n");
    sorted.forEach((k, s) -> {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += s.buckets[i].sum();
        out.append("quiver_http_request_duration_seconds_bucket").append(labels(k, Double.toString(BUCKETS[i])))
            .append(' ').append(cumulative).append('\n');
      }
      long count = s.count.sum();
      out.append("quiver_http_request_duration_seconds_bucket").append(labels(k, "+Inf")).append(' ')
          .append(count).append('\n');
      out.append("quiver_http_request_duration_seconds_sum").append(labels(k, null)).append(' ')
          .append(s.sum.sum()).append('\n');
      out.append("quiver_http_request_duration_seconds_count").append(labels(k, null)).append(' ')
          .append(count).append('\n');
    });

    Map<String, CollectionInfo> infos = new TreeMap<>();
    for (String name : db.collectionNames()) {
      try {
        infos.put(name, db.collection(name).info());
      } catch (RuntimeException e) {
        // deleted while we scraped: leave it out
      }
    }
    out.append("# HELP quiver_collections Collections in the database.\n# TYPE quiver_collections gauge\n");
    out.append("quiver_collections ").append(infos.size()).append('\n');
    gauge(out, infos, "quiver_collection_points", "Live points per collection.", CollectionInfo::pointCount);
    gauge(out, infos, "quiver_collection_deleted_vectors", "Deleted or replaced vectors still in the index.",
        CollectionInfo::deletedVectors);
    gauge(out, infos, "quiver_collection_wal_bytes", "Write-ahead log bytes not yet sealed into a segment.",
        CollectionInfo::walBytes);
    gauge(out, infos, "quiver_collection_disk_bytes", "Bytes of the collection's folder.", CollectionInfo::diskBytes);
    gauge(out, infos, "quiver_collection_segments", "Segments the collection's points live in (sealed plus in-memory).",
        CollectionInfo::segmentsCount);
    gauge(out, infos, "quiver_collection_mapped_bytes", "Bytes of sealed segment files memory-mapped (page cache,"
        + " not heap).", CollectionInfo::mappedBytes);
    gauge(out, infos, "quiver_collection_merges", "Segment merges completed since the collection was opened.",
        CollectionInfo::merges);

    Map<String, String> unavailable = db.unavailableCollections();
    out.append("# HELP quiver_collections_unavailable Collections that could not be opened (damaged files);"
        + " GET /collections gives each one's error.\n# TYPE quiver_collections_unavailable gauge\n");
    out.append("quiver_collections_unavailable ").append(unavailable.size()).append('\n');
    out.append("# HELP quiver_collection_unavailable 1 for each collection that could not be opened.\n");
    out.append("# TYPE quiver_collection_unavailable gauge\n");
    unavailable.keySet().forEach(c -> out.append("quiver_collection_unavailable{collection=\"").append(escape(c))
        .append("\"} 1\n"));
    return out.toString();
  }

  private static void gauge(StringBuilder out, Map<String, CollectionInfo> infos, String name, String help,
      java.util.function.ToLongFunction<CollectionInfo> value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    infos.forEach((c, info) -> out.append(name).append("{collection=\"").append(escape(c)).append("\"} ")
        .append(value.applyAsLong(info)).append('\n'));
  }

  private static String labels(Key k, String le) {
    return "{route=\"" + escape(k.route) + "\",method=\"" + escape(k.method) + "\",status=\"" + k.status + "\""
        + (le == null ? "" : ",le=\"" + le + "\"") + "}";
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
