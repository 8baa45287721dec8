package dev.quiver.engine.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.EmbeddedCollection;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.quality.HealthReport.VectorHealth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health report on a generated collection with planted problems: 3,000 clean points in 20
 * Gaussian clusters (32-d, Euclidean), plus exact duplicates, near duplicates, zero and near-zero
 * vectors, far outliers, points missing a common payload field and a hub (the centre of a shell of
 * points, so it is in every shell point's k-NN list). Every planted problem must be reported, and
 * clean points may be flagged only within the stated false-positive rates: none as exact duplicates,
 * zero vectors or missing fields; at most {@value #MAX_OUTLIER_FP} of them as outliers (measured:
 * 0.53%), {@value #MAX_NEAR_DUPLICATE_FP} in a near-duplicate pair (measured: 0.2%, pairs of clean
 * points that really are within cosine 0.99) and {@value #MAX_HUB_FP} as hubs (measured: 0).
 */
class HealthReportTest {

  static final int DIM = 32;
  static final int CLEAN = 3000;
  static final int LATENT = 8;
  static final int SHELL = 150;
  /** Stated false-positive rates (fraction of clean points flagged). */
  static final double MAX_OUTLIER_FP = 0.02;
  static final double MAX_HUB_FP = 0.002;
  static final double MAX_NEAR_DUPLICATE_FP = 0.005;

  @TempDir static Path dir;
  static Quiver db;
  static EmbeddedCollection col;
  static float[][] clean = new float[CLEAN][];
  static final Set<Long> exactCopies = new HashSet<>();    // ids of the copies (and their originals below)
  static final Set<Long> exactOriginals = new HashSet<>();
  static final Set<Long> nearCopies = new HashSet<>();
  static final Set<Long> nearOriginals = new HashSet<>();
  static final Set<Long> zeros = new HashSet<>();
  static final Set<Long> tiny = new HashSet<>();
  static final Set<Long> outliers = new HashSet<>();
  static final Set<Long> missingCategory = new HashSet<>();
  static final Set<Long> shell = new HashSet<>();
  static long hub;
  static HealthReport report;

  @BeforeAll
  static void plant() throws Exception {
    db = Quiver.open(dir);
    col = db.createCollection("planted", CollectionConfig.single(VectorParams.of(DIM, Metric.EUCLIDEAN)));
    Random rnd = new Random(7);
    // Each cluster spans its own random 8-d subspace (embeddings have a low intrinsic dimension),
    // plus a little isotropic noise.
    float[][] centres = new float[20][DIM];
    float[][][] bases = new float[20][LATENT][];
    for (int c = 0; c < centres.length; c++) {
      for (int d = 0; d < DIM; d++) {
        centres[c][d] = (float) (rnd.nextDouble() * 3 - 1.5);
      }
      for (int l = 0; l < LATENT; l++) {
        bases[c][l] = randomUnit(rnd);
      }
    }
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < CLEAN; i++) {
      float[] v = new float[DIM];
      float[] c = centres[i % centres.length];
      for (int d = 0; d < DIM; d++) {
        v[d] = c[d] + (float) (rnd.nextGaussian() * 0.05);
      }
      for (float[] b : bases[i % centres.length]) {
        float z = (float) rnd.nextGaussian();
        for (int d = 0; d < DIM; d++) {
          v[d] += z * b[d];
        }
      }
      clean[i] = v;
      ObjectNode payload = payload(i);
      if (i % 200 == 17) {
        payload.remove("category");
        missingCategory.add((long) i);
      }
      if (i % 20 == 3) {
        payload.put("note", "rare field: never expected"); // 5% coverage: not reported
      }
      points.add(Point.of(i, v, payload));
    }
    long id = 100_000;
    for (int i = 0; i < 10; i++, id++) { // exact copies of clean points 0, 31, 62, ...
      int src = i * 31;
      exactOriginals.add((long) src);
      exactCopies.add(id);
      points.add(Point.of(id, clean[src].clone(), payload((int) id)));
    }
    for (int i = 0; i < 10; i++, id++) { // near copies: tiny noise on clean points 1000, 1037, ...
      int src = 1000 + i * 37;
      float[] v = clean[src].clone();
      for (int d = 0; d < DIM; d++) {
        v[d] += (float) (rnd.nextGaussian() * 0.01);
      }
      nearOriginals.add((long) src);
      nearCopies.add(id);
      points.add(Point.of(id, v, payload((int) id)));
    }
    for (int i = 0; i < 5; i++, id++) {
      zeros.add(id);
      points.add(Point.of(id, new float[DIM], payload((int) id)));
    }
    for (int i = 0; i < 3; i++, id++) { // near zero: under 1e-3 of the typical norm (~5)
      float[] v = randomUnit(rnd);
      scale(v, 1e-3f * (i + 1));
      tiny.add(id);
      points.add(Point.of(id, v, payload((int) id)));
    }
    for (int i = 0; i < 10; i++, id++) { // far outliers in random directions
      float[] v = randomUnit(rnd);
      scale(v, 40);
      outliers.add(id);
      points.add(Point.of(id, v, payload((int) id)));
    }
    float[] hubCentre = randomUnit(rnd);
    scale(hubCentre, 12);
    hub = id++;
    points.add(Point.of(hub, hubCentre.clone(), payload((int) hub)));
    for (int i = 0; i < SHELL; i++, id++) { // a shell of radius 4 around the hub: shell-to-shell ~ 5.7
      float[] v = randomUnit(rnd);
      scale(v, 4f);
      for (int d = 0; d < DIM; d++) {
        v[d] += hubCentre[d];
      }
      shell.add(id);
      points.add(Point.of(id, v, payload((int) id)));
    }
    col.upsert(points);
    report = col.inspect(HealthOptions.defaults());
    System.out.println(HealthReportText.render(report));
  }

  @org.junit.jupiter.api.AfterAll
  static void close() throws Exception {
    db.close();
  }

  static ObjectNode payload(int i) {
    return JsonNodeFactory.instance.objectNode().put("category", "c" + (i % 20)).put("text", "point " + i);
  }

  static float[] randomUnit(Random rnd) {
    float[] v = new float[DIM];
    double n = 0;
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) rnd.nextGaussian();
      n += v[d] * v[d];
    }
    scale(v, (float) (1 / Math.sqrt(n)));
    return v;
  }

  static void scale(float[] v, float f) {
    for (int d = 0; d < DIM; d++) {
      v[d] *= f;
    }
  }

  static long num(PointId id) {
    return ((PointId.Num) id).value();
  }

  static boolean isClean(long id) {
    return id < CLEAN;
  }

  VectorHealth v() {
    return report.vector(CollectionConfig.DEFAULT_VECTOR);
  }

  @Test
  void countsEveryPoint() {
    assertEquals(CLEAN + 10 + 10 + 5 + 3 + 10 + 1 + SHELL, report.points());
    assertEquals(10, v().k());
    assertEquals(0, v().nonFinite());
    assertTrue(v().notes().get(0).contains("refused at write time"), v().notes().toString());
  }

  @Test
  void zeroAndNearZeroVectors() {
    assertEquals(5, v().zeroNorm());
    assertEquals(3, v().nearZeroNorm());
    Set<Long> listed = v().nearZeroIds().stream().map(o -> num(o.id())).collect(Collectors.toSet());
    Set<Long> expected = new HashSet<>(zeros);
    expected.addAll(tiny);
    assertEquals(expected, listed);
    assertEquals(0, v().nearZeroIds().get(0).norm());
  }

  @Test
  void exactDuplicatesAreTheCopiesAndTheZeroVectors() {
    var ex = v().exactDuplicates();
    assertEquals(11, ex.groups(), "10 copied pairs and the 5 zero vectors");
    assertEquals(25, ex.points());
    assertEquals(14, ex.redundant());
    Set<Long> flagged = ex.sample().stream().flatMap(List::stream).map(HealthReportTest::num)
        .collect(Collectors.toSet());
    Set<Long> expected = new HashSet<>(exactCopies);
    expected.addAll(exactOriginals);
    expected.addAll(zeros);
    assertEquals(expected, flagged);
    assertEquals(5, ex.sample().get(0).size(), "the largest group first");
  }

  @Test
  void nearDuplicatesAreThePlantedPairsAndFewCleanOnes() {
    HealthReport all = col.inspect(HealthOptions.defaults().withMaxListed(10_000));
    var nd = all.vector(CollectionConfig.DEFAULT_VECTOR).nearDuplicates();
    Set<Long> cleanInPairs = new HashSet<>();
    Set<Long> copiesFound = new HashSet<>();
    for (var p : nd.sample()) {
      long a = num(p.a());
      long b = num(p.b());
      assertTrue(p.cosine() >= 0.99 && p.cosine() < 1, p.toString());
      if (nearCopies.contains(b)) {
        assertTrue(nearOriginals.contains(a), "copy " + b + " paired with " + a);
        copiesFound.add(b);
      } else {
        // two clean points that happen to be within the threshold: a false positive
        assertTrue(isClean(a) && isClean(b), "unexpected pair " + p);
        cleanInPairs.add(a);
        cleanInPairs.add(b);
      }
    }
    assertEquals(nearCopies, copiesFound);
    double fp = (double) cleanInPairs.size() / CLEAN;
    System.out.printf("near duplicates: %d pairs, %d planted; clean points in a pair %d / %d = %.3f%%%n",
        nd.pairs(), nearCopies.size(), cleanInPairs.size(), CLEAN, 100 * fp);
    assertTrue(fp <= MAX_NEAR_DUPLICATE_FP, "false-positive rate " + fp);
    // The planted pairs are the closest.
    for (int i = 0; i < nearCopies.size(); i++) {
      assertTrue(nearCopies.contains(num(nd.sample().get(i).b())), nd.sample().get(i).toString());
    }
    // A threshold above the planted noise finds none.
    HealthReport strict = col.inspect(HealthOptions.defaults().withNearDuplicate(1.0));
    assertEquals(0, strict.vector(CollectionConfig.DEFAULT_VECTOR).nearDuplicates().pairs());
  }

  @Test
  void outliersIncludeEveryPlantedOneAndFewCleanPoints() {
    var ol = v().outliers();
    HealthReport all = col.inspect(HealthOptions.defaults().withMaxListed(10_000));
    Set<Long> flagged = all.vector(CollectionConfig.DEFAULT_VECTOR).outliers().sample().stream()
        .map(o -> num(o.id())).collect(Collectors.toSet());
    assertEquals(ol.count(), flagged.size());
    assertTrue(flagged.containsAll(outliers), "missed outliers: " + outliers + " vs " + flagged);
    long cleanFlagged = flagged.stream().filter(HealthReportTest::isClean).count();
    double fp = (double) cleanFlagged / CLEAN;
    System.out.printf("outliers: %d flagged, %d planted, clean false positives %d / %d = %.3f%%%n",
        flagged.size(), outliers.size(), cleanFlagged, CLEAN, 100 * fp);
    assertTrue(fp <= MAX_OUTLIER_FP, "false-positive rate " + fp);
    // The worst offenders are planted ones.
    for (int i = 0; i < outliers.size(); i++) {
      long id = num(ol.sample().get(i).id());
      assertTrue(outliers.contains(id) || zeros.contains(id) || tiny.contains(id),
          "offender #" + i + " is " + id);
    }
  }

  @Test
  void theHubIsFound() {
    var h = v().hubness();
    assertTrue(h.sample().stream().anyMatch(x -> num(x.id()) == hub), "hub " + hub + " not in " + h.sample());
    assertEquals(hub, num(h.sample().get(0).id()), "the planted hub has the largest N_k");
    assertTrue(h.sample().get(0).occurrences() >= SHELL * 9 / 10, h.sample().get(0).toString());
    long cleanHubs = h.sample().stream().filter(x -> isClean(num(x.id()))).count();
    System.out.printf("hubs: %d flagged, clean false positives %d / %d; skewness %.2f%n", h.hubs(), cleanHubs,
        CLEAN, h.skewness());
    assertTrue(cleanHubs <= MAX_HUB_FP * CLEAN);
    assertEquals(10.0, h.mean(), 0.2, "each point is in k lists on average");
  }

  @Test
  void missingPayloadFields() {
    var p = report.payload();
    assertEquals(1, p.missing().size(), p.missing().toString());
    var m = p.missing().get(0);
    assertEquals("category", m.field());
    assertEquals(missingCategory.size(), m.missing());
    assertEquals(missingCategory, m.sample().stream().map(HealthReportTest::num).collect(Collectors.toSet()));
    assertTrue(p.fields().stream().anyMatch(f -> f.field().equals("note")), "rare fields are counted");
  }

  @Test
  void distributions() {
    var norms = v().norms();
    assertEquals(report.points(), norms.count());
    assertEquals(0, norms.min());
    assertEquals(40, norms.max(), 1e-3);
    assertEquals(report.points(), java.util.Arrays.stream(norms.counts()).sum());
    assertTrue(norms.quantile(0.5) > 3 && norms.quantile(0.5) < 9, "median norm " + norms.quantile(0.5));
    var nn = v().nearestDistance();
    assertEquals(0, nn.min(), "exact duplicates are at distance 0");
    assertTrue(nn.quantile(0.25) <= nn.quantile(0.5) && nn.quantile(0.5) <= nn.quantile(0.75));
    assertTrue(v().kthDistance().quantile(0.5) >= nn.quantile(0.5));
  }

  @Test
  void textReportNamesTheProblems() {
    String text = HealthReportText.render(report);
    assertTrue(text.contains("MISSING 'category' in " + missingCategory.size() + " points"), text);
    assertTrue(text.contains("exact duplicates     11 groups"), text);
    assertTrue(text.contains(hub + "  in "), text);
  }

  @Test
  void cosineCollectionsSayNormsCarryNoInformation() throws Exception {
    EmbeddedCollection cos = db.createCollection("cos", CollectionConfig.single(VectorParams.of(3, Metric.COSINE)));
    cos.upsert(List.of(Point.of(1, new float[] {1, 0, 0}, payload(1)), Point.of(2, new float[] {2, 0, 0}, payload(2)),
        Point.of(3, new float[] {0, 1, 0}, payload(3)), Point.of(4, new float[] {0, 0, 1}, payload(4))));
    HealthReport r = cos.inspect(HealthOptions.defaults());
    VectorHealth v = r.vector(CollectionConfig.DEFAULT_VECTOR);
    assertEquals(3, v.k(), "k is capped at points - 1");
    assertEquals(0, v.zeroNorm());
    assertTrue(v.notes().stream().anyMatch(n -> n.contains("unit-length")), v.notes().toString());
    assertEquals(1, v.exactDuplicates().groups(), "same direction is the same cosine vector");
    assertEquals(List.of(PointId.of(1), PointId.of(2)), v.exactDuplicates().sample().get(0));
    assertEquals(1, v.norms().max(), 1e-6);
  }

  @Test
  void emptyCollectionAndBadOptions() throws Exception {
    EmbeddedCollection empty = db.createCollection("empty", CollectionConfig.single(VectorParams.of(4, Metric.DOT)));
    HealthReport r = empty.inspect(HealthOptions.defaults());
    assertEquals(0, r.points());
    assertEquals(0, r.vector(CollectionConfig.DEFAULT_VECTOR).k());
    assertTrue(HealthReportText.render(r).contains("no payload fields"));
    var e = assertThrows(IllegalArgumentException.class, () -> empty.inspect(HealthOptions.defaults().withVector("image")));
    assertTrue(e.getMessage().contains("no vector 'image'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HealthOptions.defaults().withK(0));
    assertTrue(e.getMessage().contains("k must be between 1 and 100, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HealthOptions.defaults().withNearDuplicate(1.5));
    assertTrue(e.getMessage().contains("got 1.5"), e.getMessage());
  }
}
