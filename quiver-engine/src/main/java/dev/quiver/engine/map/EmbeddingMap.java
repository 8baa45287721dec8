package dev.quiver.engine.map;

import dev.quiver.core.vector.Metric;
import java.util.List;

/**
 * A 2D map of (a uniform sample of) one vector of a collection, and the means to place a query on
 * it. Immutable; built by {@link EmbeddingMapper}.
 *
 * @param collection the collection's name
 * @param using the vector projected
 * @param method how it was projected
 * @param totalPoints live points in the collection when the map was made
 * @param version the collection's last applied write sequence number when the map was made (a
 *     map is current while this does not change)
 * @param points the mapped points, in id order
 * @param note what the caller should know about how the map was made (sampling, t-SNE caps), or null
 */
public record EmbeddingMap(String collection, String using, ProjectionMethod method, long totalPoints,
    long version, List<MapPoint> points, String note, Placer placer) {

  public EmbeddingMap {
    points = List.copyOf(points);
  }

  /** True when the map shows fewer points than the collection holds. */
  public boolean sampled() {
    return points.size() < totalPoints;
  }

  /**
   * Where {@code vector} falls on this map: PCA applies the same projection; t-SNE, which has no
   * projection for new points, takes the distance-weighted mean of the {@value Placer#NEIGHBOURS}
   * nearest sampled points.
   *
   * @throws IllegalArgumentException if the vector's dimension is not the collection's
   */
  public float[] place(float[] vector) {
    return placer.place(vector);
  }

  /** Puts a vector on the map; see {@link EmbeddingMap#place}. */
  public static final class Placer {

    static final int NEIGHBOURS = 10;

    private final Metric metric;
    private final int dimension;
    private final Pca pca;
    private final float[][] sample;
    private final float[][] coords;
    private final String what;

    /** PCA: exact projection; t-SNE: pca is null, sample and coords are the prepared vectors and their places. */
    Placer(Metric metric, int dimension, Pca pca, float[][] sample, float[][] coords, String what) {
      this.metric = metric;
      this.dimension = dimension;
      this.pca = pca;
      this.sample = sample;
      this.coords = coords;
      this.what = what;
    }

    float[] place(float[] vector) {
      if (vector.length != dimension) {
        throw new IllegalArgumentException("query vector has dimension " + vector.length + ", " + what
            + " expects " + dimension);
      }
      float[] v = metric.prepare(vector);
      if (pca != null) {
        return pca.project(v);
      }
      int k = Math.min(NEIGHBOURS, sample.length);
      int[] best = new int[k];
      double[] bestD = new double[k];
      java.util.Arrays.fill(bestD, Double.POSITIVE_INFINITY);
      for (int i = 0; i < sample.length; i++) {
        double d = 0;
        float[] s = sample[i];
        for (int j = 0; j < dimension; j++) {
          double t = s[j] - v[j];
          d += t * t;
        }
        if (d < bestD[k - 1]) {
          int at = k - 1;
          while (at > 0 && bestD[at - 1] > d) {
            bestD[at] = bestD[at - 1];
            best[at] = best[at - 1];
            at--;
          }
          bestD[at] = d;
          best[at] = i;
        }
      }
      double x = 0;
      double y = 0;
      double wsum = 0;
      for (int t = 0; t < k; t++) {
        double w = 1 / (bestD[t] + 1e-12);
        x += w * coords[best[t]][0];
        y += w * coords[best[t]][1];
        wsum += w;
      }
      return new float[] {(float) (x / wsum), (float) (y / wsum)};
    }
  }
}
