package dev.quiver.engine.quality;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.PointId;
import java.util.List;

/**
 * The health of a collection's data: per vector, broken or degenerate vectors, duplicates,
 * outliers, hubs and the distributions of norms and neighbour distances; per collection, points
 * missing a payload field most points carry. Made by {@link HealthInspector}; rendered as text by
 * {@link HealthReportText}. Counts are complete; lists of offenders are capped at
 * {@link HealthOptions#maxListed()}, worst first.
 *
 * @param collection    the collection's name
 * @param points        live points inspected
 * @param vectors       one entry per inspected vector
 * @param payload       payload field coverage
 * @param options       the options used
 * @param threads       threads that ran the k-NN queries
 * @param elapsedMillis wall-clock time the report took
 */
public record HealthReport(String collection, long points, List<VectorHealth> vectors, PayloadHealth payload,
    HealthOptions options, int threads, long elapsedMillis) {

  public HealthReport {
    vectors = List.copyOf(vectors);
  }

  /** The entry for one vector name. */
  public VectorHealth vector(String name) {
    for (VectorHealth v : vectors) {
      if (v.vector().equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("report has no vector '" + name + "'; it has "
        + vectors.stream().map(VectorHealth::vector).toList());
  }

  /**
   * The checks of one named vector.
   *
   * @param vector          the vector's name
   * @param metric          its metric
   * @param dimension       its dimension
   * @param k               neighbours per point actually used (at most points - 1)
   * @param efSearch        HNSW search width used for the k-NN queries
   * @param nonFinite       vectors holding NaN or Infinity (always 0: such writes are refused)
   * @param zeroNorm        vectors that are all zeros
   * @param nearZeroNorm    non-zero vectors below {@link HealthOptions#nearZeroNorm()} of the median norm
   * @param nearZeroIds     the zero and near-zero vectors, smallest norm first
   * @param notes           what the numbers cannot show for this metric, in words
   * @param exactDuplicates groups of identical stored vectors
   * @param nearDuplicates  pairs of different vectors at or above the cosine threshold
   * @param outliers        points far from their k nearest neighbours
   * @param hubness         how unevenly points appear in k-NN lists
   * @param norms           distribution of vector norms
   * @param nearestDistance distribution of the distance to the nearest neighbour
   * @param kthDistance     distribution of the distance to the k-th neighbour (the outlier score)
   */
  public record VectorHealth(String vector, Metric metric, int dimension, int k, int efSearch, long nonFinite,
      long zeroNorm, long nearZeroNorm, List<NormOffender> nearZeroIds, List<String> notes,
      ExactDuplicates exactDuplicates, NearDuplicates nearDuplicates, Outliers outliers, Hubness hubness,
      Distribution norms, Distribution nearestDistance, Distribution kthDistance) {}

  /** A zero or near-zero vector. */
  public record NormOffender(PointId id, double norm) {}

  /**
   * Identical stored vectors (for cosine, identical after normalisation: same direction).
   *
   * @param groups      sets of two or more points sharing one vector
   * @param points      points that have a twin: the sum of the group sizes
   * @param redundant   points that could be deleted keeping one of each group
   * @param sample      the largest groups, each as its ids (at most {@code maxListed} ids a group)
   */
  public record ExactDuplicates(long groups, long points, long redundant, List<List<PointId>> sample) {}

  /**
   * Different vectors with cosine similarity at or above the threshold, found among each point's k
   * nearest neighbours from the index (not by comparing every pair).
   */
  public record NearDuplicates(double threshold, long pairs, long points, List<Pair> sample) {}

  /** Two near-duplicate points and their cosine similarity. */
  public record Pair(PointId a, PointId b, double cosine) {}

  /**
   * Points whose k-th neighbour distance d has a robust z-score {@code (d - median) / (1.4826 *
   * MAD)} above the threshold (MAD: median absolute deviation from the median).
   */
  public record Outliers(double threshold, double median, double mad, long count, List<Outlier> sample) {}

  /** One outlier: its k-th neighbour distance and robust z-score. */
  public record Outlier(PointId id, double kthDistance, double z) {}

  /**
   * The k-occurrence N_k of each point (in how many other points' k-NN lists it appears; the mean
   * is k). Skewness of N_k above ~1 is the hubness of Radovanovic et al. (2010).
   *
   * @param mean        mean N_k
   * @param stdDev      standard deviation of N_k
   * @param skewness    third standardised moment of N_k
   * @param max         largest N_k
   * @param antihubs    points in no k-NN list (N_k = 0)
   * @param threshold   N_k at or above which a point is a hub ({@code hubFactor * k})
   * @param hubs        points at or above the threshold
   * @param sample      the hubs, largest N_k first
   */
  public record Hubness(double mean, double stdDev, double skewness, int max, long antihubs, double threshold,
      long hubs, List<Hub> sample) {}

  /** A hub and its k-occurrence. */
  public record Hub(PointId id, int occurrences) {}

  /**
   * A distribution: extremes, mean, quantiles and an equal-width histogram from min to max.
   *
   * @param quantiles pairs of (probability, value) for 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99
   * @param counts    histogram counts; bin i covers [min + i * width, min + (i + 1) * width)
   *                  (the last one includes max)
   */
  public record Distribution(long count, double min, double max, double mean, List<Quantile> quantiles,
      double width, long[] counts) {

    public double quantile(double p) {
      for (Quantile q : quantiles) {
        if (q.p() == p) {
          return q.value();
        }
      }
      throw new IllegalArgumentException("no quantile " + p + "; have " + quantiles);
    }
  }

  /** A quantile of a distribution. */
  public record Quantile(double p, double value) {}

  /**
   * Payload fields carried by most points, and the points lacking them.
   *
   * @param coverage the fraction above which a field is expected
   * @param fields   every top-level field with the number of points carrying it, most common first
   * @param missing  expected fields some points lack
   */
  public record PayloadHealth(double coverage, List<FieldCount> fields, List<MissingField> missing) {}

  /** A top-level payload field and how many points carry it. */
  public record FieldCount(String field, long points) {}

  /** An expected field, how many points lack it, and the first of them in id order. */
  public record MissingField(String field, long present, long missing, List<PointId> sample) {}
}
