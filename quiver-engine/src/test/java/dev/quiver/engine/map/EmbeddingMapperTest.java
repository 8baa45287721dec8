package dev.quiver.engine.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PCA and t-SNE maps: correct axes, separated clusters, sampling, query placement, errors. */
class EmbeddingMapperTest {

  @TempDir
  Path dir;

  @Test
  void jacobiDecomposesASymmetricMatrix() {
    double[][] m = {{4, 1, 2}, {1, 3, 0.5}, {2, 0.5, 5}};
    SymmetricEigen e = SymmetricEigen.of(m);
    assertTrue(e.values()[0] >= e.values()[1] && e.values()[1] >= e.values()[2]);
    assertEquals(12, e.values()[0] + e.values()[1] + e.values()[2], 1e-9); // trace
    for (int c = 0; c < 3; c++) {
      double[] v = e.vector(c);
      for (int r = 0; r < 3; r++) {
        double mv = m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2];
        assertEquals(e.values()[c] * v[r], mv, 1e-9, "M v = lambda v, eigenvector " + c);
      }
    }
  }

  @Test
  void pcaFindsTheDirectionsOfLargestVariance() {
    // 2,000 points in 7D: spread 10 along (1,1,0,..)/√2, 3 along e3, 0.3 elsewhere, mean (5,..)
    Random rnd = new Random(7);
    int n = 2000;
    int d = 7;
    float[][] data = new float[n][d];
    double s = Math.sqrt(0.5);
    for (float[] row : data) {
      double a = rnd.nextGaussian() * 10;
      double b = rnd.nextGaussian() * 3;
      for (int j = 0; j < d; j++) {
        row[j] = (float) (5 + rnd.nextGaussian() * 0.3);
      }
      row[0] += (float) (a * s);
      row[1] += (float) (a * s);
      row[2] += (float) b;
    }
    Pca pca = Pca.fit(data, 1);
    double[] first = pca.axis(0);
    double[] second = pca.axis(1);
    assertEquals(1, Math.abs(first[0] * s + first[1] * s), 1e-3, "first axis along (1,1,0..)/sqrt 2");
    assertEquals(1, Math.abs(second[2]), 1e-3, "second axis along e3");
    double[] var = pca.variance();
    assertEquals(100, var[0], 100 * 0.08);
    assertEquals(9, var[1], 9 * 0.08);
    // projections are the centred dot products with the axes
    float[] p = pca.project(data[3]);
    double x = 0;
    for (int j = 0; j < d; j++) {
      x += (data[3][j] - meanOf(data, j)) * first[j];
    }
    assertEquals(x, p[0], 1e-3);
  }

  private static double meanOf(float[][] data, int j) {
    double m = 0;
    for (float[] r : data) {
      m += r[j];
    }
    return m / data.length;
  }

  @Test
  void tsneKeepsClustersApart() throws Exception {
    try (Quiver db = Quiver.open(dir)) {
      VectorCollection c = clusters(db, "blobs", 3, 60, 16);
      EmbeddingMap map = EmbeddingMapper.build(c, MapRequest.defaults().withMethod(ProjectionMethod.TSNE)
          .withColor("cluster"));
      assertEquals(180, map.points().size());
      assertEquals(ProjectionMethod.TSNE, map.method());
      // each point's nearest neighbour on the map is from its own cluster
      int same = 0;
      List<MapPoint> pts = map.points();
      for (MapPoint a : pts) {
        MapPoint best = null;
        double bd = Double.MAX_VALUE;
        for (MapPoint b : pts) {
          double dd = Math.pow(a.x() - b.x(), 2) + Math.pow(a.y() - b.y(), 2);
          if (b != a && dd < bd) {
            bd = dd;
            best = b;
          }
        }
        same += best.color().asInt() == a.color().asInt() ? 1 : 0;
      }
      assertTrue(same >= 175, "nearest map neighbour in the same cluster for " + same + " of 180");
      // a point's own vector lands on (very near) its place
      float[] v = c.get(List.of(pts.get(5).id()), false, true).get(0).vector();
      float[] at = map.place(v);
      assertEquals(pts.get(5).x(), at[0], 1e-3 * spread(pts));
      assertEquals(pts.get(5).y(), at[1], 1e-3 * spread(pts));
      assertTrue(map.note().contains("t-SNE"), map.note());
    }
  }

  private static double spread(List<MapPoint> pts) {
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (MapPoint p : pts) {
      lo = Math.min(lo, p.x());
      hi = Math.max(hi, p.x());
    }
    return hi - lo;
  }

  @Test
  void pcaMapSamplesUniformlyColoursAndPlacesQueries() throws Exception {
    try (Quiver db = Quiver.open(dir)) {
      VectorCollection c = clusters(db, "blobs", 4, 150, 8);
      EmbeddingMap all = EmbeddingMapper.build(c, MapRequest.defaults().withColor("cluster"));
      assertEquals(600, all.points().size());
      assertEquals(600, all.totalPoints());
      assertTrue(!all.sampled());
      assertEquals("default", all.using());
      MapPoint first = all.points().get(0);
      assertEquals(PointId.of(0), first.id());
      assertEquals("point 0 of cluster 0", first.label());
      float[] v = c.get(List.of(first.id()), false, true).get(0).vector();
      assertArrayEquals(new float[] {first.x(), first.y()}, all.place(v), 1e-4f);

      EmbeddingMap some = EmbeddingMapper.build(c, MapRequest.defaults().withLimit(100).withSeed(3));
      assertEquals(100, some.points().size());
      assertTrue(some.sampled());
      assertTrue(some.note().contains("uniform sample of 100 of 600"), some.note());
      assertNull(some.points().get(0).color());
      // uniform: every cluster (150 each) gets a fair share of 100 (binomial sd ~ 4.3)
      Map<Long, Integer> perCluster = new HashMap<>();
      for (MapPoint p : some.points()) {
        perCluster.merge(Long.parseLong(p.id().toString()) / 150, 1, Integer::sum);
      }
      for (int k = 0; k < 4; k++) {
        int got = perCluster.getOrDefault((long) k, 0);
        assertTrue(got >= 10 && got <= 40, "cluster " + k + " got " + got + " of 100");
      }
      EmbeddingMap again = EmbeddingMapper.build(c, MapRequest.defaults().withLimit(100).withSeed(3));
      assertEquals(some.points(), again.points(), "same seed, same map");
      EmbeddingMap other = EmbeddingMapper.build(c, MapRequest.defaults().withLimit(100).withSeed(4));
      assertNotEquals(ids(some), ids(other), "another seed, another sample");

      IllegalArgumentException wrongDim = assertThrows(IllegalArgumentException.class, () -> all.place(new float[3]));
      assertTrue(wrongDim.getMessage().contains("dimension 3") && wrongDim.getMessage().contains("expects 8"),
          wrongDim.getMessage());
    }
  }

  private static List<PointId> ids(EmbeddingMap m) {
    return m.points().stream().map(MapPoint::id).toList();
  }

  @Test
  void errorsNameTheProblem() throws Exception {
    try (Quiver db = Quiver.open(dir)) {
      VectorCollection empty = db.createCollection("empty", CollectionConfig.single(VectorParams.of(4, Metric.COSINE)));
      assertMessage(() -> EmbeddingMapper.build(empty, MapRequest.defaults()), "'empty' has no points");
      VectorCollection c = clusters(db, "blobs", 2, 10, 4);
      assertMessage(() -> EmbeddingMapper.build(c, MapRequest.defaults().withColor("colour")),
          "color field 'colour'", "[cluster, text]");
      assertMessage(() -> EmbeddingMapper.build(c, MapRequest.defaults().withUsing("image")),
          "no vector 'image'", "[default]");
      assertMessage(() -> MapRequest.defaults().withLimit(0), "limit", "20000", "got 0");
      assertMessage(() -> ProjectionMethod.parse("mds"), "'mds'", "'pca' or 'tsne'");
      assertMessage(() -> ProjectionMethod.parse("umap"), "'umap' is not available");
      assertEquals(ProjectionMethod.TSNE, ProjectionMethod.parse("t-SNE"));
    }
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(x.getMessage().contains(p), () -> "'" + p + "' missing from: " + x.getMessage());
    }
  }

  /** {@code k} Gaussian blobs of {@code per} points in {@code d} dimensions, far apart; ids in cluster order. */
  private static VectorCollection clusters(Quiver db, String name, int k, int per, int d) {
    VectorCollection c = db.createCollection(name, CollectionConfig.single(VectorParams.of(d, Metric.EUCLIDEAN)));
    Random rnd = new Random(11);
    float[][] centres = new float[k][d];
    for (float[] ce : centres) {
      for (int j = 0; j < d; j++) {
        ce[j] = (float) (rnd.nextGaussian() * 10);
      }
    }
    List<Point> pts = new ArrayList<>();
    for (int cl = 0; cl < k; cl++) {
      for (int i = 0; i < per; i++) {
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
          v[j] = centres[cl][j] + (float) rnd.nextGaussian();
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("cluster", cl)
            .put("text", "point " + i + " of cluster " + cl);
        pts.add(Point.of((long) cl * per + i, v, payload));
      }
    }
    c.upsert(pts);
    return c;
  }
}
