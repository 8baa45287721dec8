package dev.quiver.engine.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.core.index.TopHits;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.PointId;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.quality.HealthReport.Distribution;
import dev.quiver.engine.quality.HealthReport.ExactDuplicates;
import dev.quiver.engine.quality.HealthReport.FieldCount;
import dev.quiver.engine.quality.HealthReport.Hub;
import dev.quiver.engine.quality.HealthReport.Hubness;
import dev.quiver.engine.quality.HealthReport.MissingField;
import dev.quiver.engine.quality.HealthReport.NearDuplicates;
import dev.quiver.engine.quality.HealthReport.NormOffender;
import dev.quiver.engine.quality.HealthReport.Outlier;
import dev.quiver.engine.quality.HealthReport.Outliers;
import dev.quiver.engine.quality.HealthReport.Pair;
import dev.quiver.engine.quality.HealthReport.PayloadHealth;
import dev.quiver.engine.quality.HealthReport.VectorHealth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes a {@link HealthReport} from a snapshot of a collection. The k nearest neighbours of every
 * point come from the collection's HNSW index (one search per point, on all cores), so the report
 * costs n searches, not n² comparisons. From them:
 *
 * <ul>
 *   <li><b>Exact duplicates</b>: stored vectors hashed and compared (O(n)).
 *   <li><b>Near duplicates</b>: a point and one of its k neighbours, not identical, with cosine
 *       similarity of the raw vectors at or above {@link HealthOptions#nearDuplicate()}.
 *   <li><b>Outliers</b>: the distance d to the k-th neighbour, scored by the robust z-score
 *       {@code (d - median(d)) / (1.4826 * MAD(d))}; above {@link HealthOptions#outlierZ()} is an
 *       outlier. The median and MAD ignore the outliers themselves, unlike a mean and standard
 *       deviation. When MAD is 0 (over half the points share one distance) the mean absolute
 *       deviation times 1.2533 stands in (Iglewicz and Hoaglin, 1993).
 *   <li><b>Hubness</b>: N_k, the number of k-NN lists a point appears in; hubs have N_k at least
 *       {@link HealthOptions#hubFactor()} times k.
 *   <li><b>Norms</b>: zero vectors, and those under {@link HealthOptions#nearZeroNorm()} of the
 *       median norm. Cosine collections store unit vectors and refuse zero vectors at write time,
 *       so there the norms carry no information, and the report says so.
 *   <li><b>Payload</b>: top-level fields carried by at least {@link HealthOptions#fieldCoverage()} of
 *       points; the points lacking one are listed.
 * </ul>
 *
 * <p>Distances are the metric's: 1 - cosine, Euclidean distance, or the negated dot product.
 */
public final class HealthInspector {

  private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
  /** 1 / Phi^-1(3/4): makes the MAD of normal data estimate its standard deviation. */
  private static final double MAD_SCALE = 1.4826;
  /** sqrt(pi / 2): the same for the mean absolute deviation. */
  private static final double MEAN_AD_SCALE = 1.2533;

  private HealthInspector() {}

  /**
   * A consistent view of a collection: its live points (in id order) by ordinal, with payloads and
   * indexes. Vectors of live ordinals never change, so the report may run without the collection's
   * lock once the view is taken; points written later are simply not in it.
   *
   * @param ords     ordinals of the live points, aligned with {@code ids} and {@code payloads}
   * @param params   parameters of each named vector
   * @param indexes  the HNSW index of each named vector
   */
  public record Snapshot(String collection, int[] ords, List<PointId> ids, List<ObjectNode> payloads,
      Map<String, VectorParams> params, Map<String, KnnSource> indexes) {}

  /** Runs every check of {@code options} on {@code snapshot}. */
  public static HealthReport inspect(Snapshot snapshot, HealthOptions options) {
    long started = System.nanoTime();
    List<String> names = new ArrayList<>(snapshot.params().keySet());
    if (options.vector() != null) {
      if (!snapshot.params().containsKey(options.vector())) {
        throw new IllegalArgumentException("collection '" + snapshot.collection() + "' has no vector '"
            + options.vector() + "'; it has " + names);
      }
      names = List.of(options.vector());
    }
    int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
    List<VectorHealth> vectors = new ArrayList<>();
    for (String name : names) {
      vectors.add(inspectVector(snapshot, name, options, threads));
    }
    PayloadHealth payload = payload(snapshot, options);
    return new HealthReport(snapshot.collection(), snapshot.ords().length, vectors, payload, options, threads,
        (System.nanoTime() - started) / 1_000_000);
  }

  // ---------------------------------------------------------------- one vector

  private static VectorHealth inspectVector(Snapshot s, String name, HealthOptions o, int threads) {
    KnnSource index = s.indexes().get(name);
    VectorParams params = s.params().get(name);
    Metric metric = params.metric();
    int n = s.ords().length;
    float[][] vectors = new float[n][];
    double[] norms = new double[n];
    long nonFinite = 0;
    for (int i = 0; i < n; i++) {
      vectors[i] = index.vector(s.ords()[i]);
      double sum = 0;
      for (float x : vectors[i]) {
        sum += (double) x * x;
      }
      norms[i] = Math.sqrt(sum);
      if (!Double.isFinite(sum)) {
        nonFinite++;
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add("NaN and Infinity are refused at write time, so no stored vector can hold them");
    if (metric == Metric.COSINE) {
      notes.add("cosine vectors are stored unit-length and zero vectors are refused at write time, so norms"
          + " carry no information here");
    }

    // Zero and near-zero norms.
    double medianNorm = median(norms.clone());
    double nearZeroLimit = o.nearZeroNorm() * medianNorm;
    long zero = 0;
    long nearZero = 0;
    List<NormOffender> small = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (norms[i] == 0) {
        zero++;
      } else if (norms[i] < nearZeroLimit) {
        nearZero++;
      } else {
        continue;
      }
      small.add(new NormOffender(s.ids().get(i), norms[i]));
    }
    small.sort(Comparator.comparingDouble(NormOffender::norm));

    ExactDuplicates exact = exactDuplicates(s, vectors, o.maxListed());

    // k nearest neighbours of every point, from the index.
    int k = Math.max(0, Math.min(o.k(), n - 1));
    int ef = o.efSearch() > 0 ? o.efSearch() : HealthOptions.defaultEfSearch(params.hnsw().efSearch(), o.k());
    int[] nbr = new int[Math.max(0, n * k)];
    float[] dist = new float[Math.max(0, n * k)];
    if (k > 0) {
      knn(s, index, metric, vectors, k, ef, threads, nbr, dist);
    }

    NearDuplicates near = nearDuplicates(s, vectors, norms, k, nbr, o);
    double[] kth = new double[k > 0 ? n : 0];
    double[] first = new double[k > 0 ? n : 0];
    for (int i = 0; k > 0 && i < n; i++) {
      kth[i] = dist[i * k + k - 1];
      first[i] = dist[i * k];
    }
    Outliers outliers = outliers(s, kth, o);
    Hubness hubness = hubness(s, k, nbr, o);
    return new VectorHealth(name, metric, params.dimension(), k, ef, nonFinite, zero, nearZero,
        small.subList(0, Math.min(small.size(), o.maxListed())), notes, exact, near, outliers, hubness,
        distribution(norms, o.bins()), distribution(first, o.bins()), distribution(kth, o.bins()));
  }

  /** Fills {@code nbr[i * k + j]} (snapshot positions) and {@code dist} with each point's k neighbours. */
  private static void knn(Snapshot s, KnnSource index, Metric metric, float[][] vectors, int k, int ef,
      int threads, int[] nbr, float[] dist) {
    int n = vectors.length;
    int size = index.size();
    int[] position = new int[size];
    Arrays.fill(position, -1);
    FixedBitSet snapshotOrds = new FixedBitSet(size);
    for (int i = 0; i < n; i++) {
      position[s.ords()[i]] = i;
      snapshotOrds.set(s.ords()[i]);
    }
    // With no dead ordinals the snapshot is every ordinal up to size: search unfiltered (cheaper)
    // and skip the few points written since the snapshot (ordinals >= size).
    FixedBitSet accept = n == size ? null : snapshotOrds;
    AtomicInteger next = new AtomicInteger();
    int chunk = 256;
    Runnable worker = () -> {
      for (int from; (from = next.getAndAdd(chunk)) < n; ) {
        for (int i = from; i < Math.min(n, from + chunk); i++) {
          // k + 1: the point itself is (almost always) its own nearest hit.
          TopHits hits = index.search(vectors[i], k + 1, ef, accept);
          int self = s.ords()[i];
          int j = 0;
          for (int h = 0; h < hits.size() && j < k; h++) {
            if (hits.ords()[h] == self || hits.ords()[h] >= size || position[hits.ords()[h]] < 0) {
              continue;
            }
            nbr[i * k + j] = position[hits.ords()[h]];
            dist[i * k + j] = metric.distance(hits.scores()[h]);
            j++;
          }
          for (; j < k; j++) { // fewer hits than asked (points written since the snapshot took places)
            nbr[i * k + j] = i;
            dist[i * k + j] = j == 0 ? 0 : dist[i * k + j - 1];
          }
        }
      }
    };
    if (threads <= 1 || n < 2 * chunk) {
      worker.run();
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "quiver-inspect");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(worker));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("health report of '" + s.collection() + "' interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private record VectorKey(float[] v, int hash) {
    VectorKey(float[] v) {
      this(v, Arrays.hashCode(v));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VectorKey other && other.hash == hash && Arrays.equals(other.v, v);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static ExactDuplicates exactDuplicates(Snapshot s, float[][] vectors, int maxListed) {
    Map<VectorKey, List<Integer>> byVector = new HashMap<>();
    for (int i = 0; i < vectors.length; i++) {
      byVector.computeIfAbsent(new VectorKey(vectors[i]), key -> new ArrayList<>(1)).add(i);
    }
    List<List<Integer>> groups = new ArrayList<>();
    long points = 0;
    for (List<Integer> g : byVector.values()) {
      if (g.size() > 1) {
        groups.add(g);
        points += g.size();
      }
    }
    groups.sort(Comparator.<List<Integer>>comparingInt(List::size).reversed().thenComparingInt(g -> g.get(0)));
    List<List<PointId>> sample = new ArrayList<>();
    for (List<Integer> g : groups.subList(0, Math.min(groups.size(), maxListed))) {
      sample.add(g.stream().limit(Math.max(2, maxListed)).map(s.ids()::get).toList());
    }
    return new ExactDuplicates(groups.size(), points, points - groups.size(), sample);
  }

  private static NearDuplicates nearDuplicates(Snapshot s, float[][] vectors, double[] norms, int k, int[] nbr,
      HealthOptions o) {
    HashSet<Long> seen = new HashSet<>();
    List<Pair> pairs = new ArrayList<>();
    HashSet<Integer> points = new HashSet<>();
    for (int i = 0; i < vectors.length; i++) {
      for (int j = 0; j < k; j++) {
        int other = nbr[i * k + j];
        if (other == i) {
          continue;
        }
        int a = Math.min(i, other);
        int b = Math.max(i, other);
        if (!seen.add(((long) a << 32) | b) || Arrays.equals(vectors[a], vectors[b])) {
          continue;
        }
        double cos = cosine(vectors[a], vectors[b], norms[a], norms[b]);
        if (cos >= o.nearDuplicate()) {
          pairs.add(new Pair(s.ids().get(a), s.ids().get(b), cos));
          points.add(a);
          points.add(b);
        }
      }
    }
    long count = pairs.size();
    pairs.sort(Comparator.comparingDouble(Pair::cosine).reversed());
    return new NearDuplicates(o.nearDuplicate(), count, points.size(),
        List.copyOf(pairs.subList(0, Math.min(pairs.size(), o.maxListed()))));
  }

  private static double cosine(float[] a, float[] b, double na, double nb) {
    if (na == 0 || nb == 0) {
      return 0;
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return dot / (na * nb);
  }

  private static Outliers outliers(Snapshot s, double[] kth, HealthOptions o) {
    if (kth.length == 0) {
      return new Outliers(o.outlierZ(), 0, 0, 0, List.of());
    }
    double median = median(kth.clone());
    double[] dev = new double[kth.length];
    double meanDev = 0;
    for (int i = 0; i < kth.length; i++) {
      dev[i] = Math.abs(kth[i] - median);
      meanDev += dev[i];
    }
    meanDev /= kth.length;
    double mad = median(dev);
    double scale = mad > 0 ? MAD_SCALE * mad : MEAN_AD_SCALE * meanDev;
    List<Outlier> found = new ArrayList<>();
    if (scale > 0) {
      for (int i = 0; i < kth.length; i++) {
        double z = (kth[i] - median) / scale;
        if (z > o.outlierZ()) {
          found.add(new Outlier(s.ids().get(i), kth[i], z));
        }
      }
    }
    long count = found.size();
    found.sort(Comparator.comparingDouble(Outlier::z).reversed());
    return new Outliers(o.outlierZ(), median, mad, count, List.copyOf(found.subList(0,
        Math.min(found.size(), o.maxListed()))));
  }

  private static Hubness hubness(Snapshot s, int k, int[] nbr, HealthOptions o) {
    int n = s.ords().length;
    double threshold = o.hubFactor() * k;
    if (k == 0) {
      return new Hubness(0, 0, 0, 0, n, threshold, 0, List.of());
    }
    int[] occ = new int[n];
    for (int i = 0; i < n * k; i++) {
      if (nbr[i] != i / k) {
        occ[nbr[i]]++;
      }
    }
    double mean = 0;
    for (int c : occ) {
      mean += c;
    }
    mean /= n;
    double m2 = 0;
    double m3 = 0;
    long antihubs = 0;
    int max = 0;
    List<Hub> hubs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double d = occ[i] - mean;
      m2 += d * d;
      m3 += d * d * d;
      antihubs += occ[i] == 0 ? 1 : 0;
      max = Math.max(max, occ[i]);
      if (occ[i] >= threshold) {
        hubs.add(new Hub(s.ids().get(i), occ[i]));
      }
    }
    m2 /= n;
    m3 /= n;
    double sd = Math.sqrt(m2);
    double skew = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
    long count = hubs.size();
    hubs.sort(Comparator.comparingInt(Hub::occurrences).reversed());
    return new Hubness(mean, sd, skew, max, antihubs, threshold, count,
        List.copyOf(hubs.subList(0, Math.min(hubs.size(), o.maxListed()))));
  }

  // ---------------------------------------------------------------- payloads

  private static PayloadHealth payload(Snapshot s, HealthOptions o) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ObjectNode p : s.payloads()) {
      for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
        counts.merge(it.next(), 1L, Long::sum);
      }
    }
    long n = s.payloads().size();
    List<FieldCount> fields = new ArrayList<>();
    counts.forEach((f, c) -> fields.add(new FieldCount(f, c)));
    fields.sort(Comparator.comparingLong(FieldCount::points).reversed().thenComparing(FieldCount::field));
    List<MissingField> missing = new ArrayList<>();
    for (FieldCount f : fields) {
      if (f.points() < n && f.points() >= o.fieldCoverage() * n) {
        List<PointId> sample = new ArrayList<>();
        for (int i = 0; i < n && sample.size() < o.maxListed(); i++) {
          if (!s.payloads().get(i).has(f.field())) {
            sample.add(s.ids().get(i));
          }
        }
        missing.add(new MissingField(f.field(), f.points(), n - f.points(), sample));
      }
    }
    return new PayloadHealth(o.fieldCoverage(), fields, missing);
  }

  // ---------------------------------------------------------------- statistics

  /** Median of {@code values}, which it sorts; 0 when empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    Arrays.sort(values);
    int m = values.length / 2;
    return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
  }

  /** Quantiles (linear interpolation between order statistics) and an equal-width histogram. */
  static Distribution distribution(double[] values, int bins) {
    if (values.length == 0) {
      return new Distribution(0, 0, 0, 0, List.of(), 0, new long[0]);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    List<HealthReport.Quantile> qs = new ArrayList<>();
    for (double p : QUANTILES) {
      double pos = p * (sorted.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(sorted.length - 1, lo + 1);
      qs.add(new HealthReport.Quantile(p, sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo])));
    }
    double min = sorted[0];
    double max = sorted[sorted.length - 1];
    double width = (max - min) / bins;
    long[] counts = new long[bins];
    for (double v : sorted) {
      int b = width > 0 ? (int) ((v - min) / width) : 0;
      counts[Math.min(bins - 1, Math.max(0, b))]++;
    }
    return new Distribution(sorted.length, min, max, sum / sorted.length, qs, width, counts);
  }
}
