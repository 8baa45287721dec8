package dev.quiver.engine.quality;

/**
 * What a {@linkplain HealthReport health report} looks at and where it draws its lines. Every
 * threshold is documented with the check that uses it in {@link HealthInspector}.
 *
 * @param vector          the named vector to inspect; null inspects every vector of the collection
 * @param k               neighbours per point taken from the HNSW index (outliers, hubness, near
 *                        duplicates); default {@value #DEFAULT_K}
 * @param efSearch        HNSW search width for those k-NN queries; 0 means {@link
 *                        #defaultEfSearch the vector's efSearch or 2k, whichever is larger}
 * @param nearDuplicate   cosine similarity at or above which two different vectors are near
 *                        duplicates; default {@value #DEFAULT_NEAR_DUPLICATE}
 * @param outlierZ        robust z-score of the k-th neighbour distance above which a point is an
 *                        outlier; default {@value #DEFAULT_OUTLIER_Z} (Iglewicz and Hoaglin's cut-off)
 * @param fieldCoverage   a payload field carried by at least this fraction of points is expected of
 *                        every point; default {@value #DEFAULT_FIELD_COVERAGE}
 * @param nearZeroNorm    a vector whose norm is below this fraction of the median norm is near zero;
 *                        default {@value #DEFAULT_NEAR_ZERO_NORM}
 * @param hubFactor       a point in at least {@code hubFactor * k} k-NN lists is a hub (on average a
 *                        point is in k); default {@value #DEFAULT_HUB_FACTOR}
 * @param maxListed       how many offenders (ids, pairs, groups) each check lists; counts are always
 *                        complete; default {@value #DEFAULT_MAX_LISTED}
 * @param bins            histogram bins; default {@value #DEFAULT_BINS}
 * @param threads         threads for the k-NN queries; 0 means every available core
 */
public record HealthOptions(String vector, int k, int efSearch, double nearDuplicate, double outlierZ,
    double fieldCoverage, double nearZeroNorm, double hubFactor, int maxListed, int bins, int threads) {

  public static final int DEFAULT_K = 10;
  public static final double DEFAULT_NEAR_DUPLICATE = 0.99;
  public static final double DEFAULT_OUTLIER_Z = 3.5;
  public static final double DEFAULT_FIELD_COVERAGE = 0.9;
  public static final double DEFAULT_NEAR_ZERO_NORM = 0.01;
  public static final double DEFAULT_HUB_FACTOR = 5;
  public static final int DEFAULT_MAX_LISTED = 20;
  public static final int DEFAULT_BINS = 20;
  /** Largest k accepted: the report keeps n * k neighbours in memory. */
  public static final int MAX_K = 100;

  public HealthOptions {
    if (vector != null && vector.isBlank()) {
      throw new IllegalArgumentException("vector name must not be blank; omit it to inspect every vector");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
    }
    if (efSearch < 0) {
      throw new IllegalArgumentException("ef_search must be positive (or 0 for the default), got " + efSearch);
    }
    if (!(nearDuplicate > 0 && nearDuplicate <= 1)) {
      throw new IllegalArgumentException("near_duplicate must be a cosine similarity in (0, 1], got "
          + nearDuplicate);
    }
    if (!(outlierZ > 0) || Double.isInfinite(outlierZ)) {
      throw new IllegalArgumentException("outlier_z must be a positive number, got " + outlierZ);
    }
    if (!(fieldCoverage > 0 && fieldCoverage <= 1)) {
      throw new IllegalArgumentException("field_coverage must be a fraction in (0, 1], got " + fieldCoverage);
    }
    if (!(nearZeroNorm >= 0 && nearZeroNorm < 1)) {
      throw new IllegalArgumentException("near_zero_norm must be a fraction of the median norm in [0, 1), got "
          + nearZeroNorm);
    }
    if (!(hubFactor > 1) || Double.isInfinite(hubFactor)) {
      throw new IllegalArgumentException("hub_factor must be a number above 1, got " + hubFactor);
    }
    if (maxListed < 0 || maxListed > 10_000) {
      throw new IllegalArgumentException("max_listed must be between 0 and 10000, got " + maxListed);
    }
    if (bins < 1 || bins > 1000) {
      throw new IllegalArgumentException("bins must be between 1 and 1000, got " + bins);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be positive (or 0 for every core), got " + threads);
    }
  }

  /**
   * The search width used when none is given: the vector's own {@code efSearch} (default 100) or
   * {@code 2k}, whichever is larger. Narrower searches are faster but miss neighbours, which
   * inflates k-th neighbour distances and hides outliers: on 100,000 clustered 384-d vectors, ef 32
   * halved the report's CPU time but found 24 of 100 planted outliers, ef 100 all of them ({@code
   * ./bench inspect --ef 0,32}).
   */
  public static int defaultEfSearch(int vectorEfSearch, int k) {
    return Math.max(vectorEfSearch, 2 * k);
  }

  public static HealthOptions defaults() {
    return new HealthOptions(null, DEFAULT_K, 0, DEFAULT_NEAR_DUPLICATE, DEFAULT_OUTLIER_Z,
        DEFAULT_FIELD_COVERAGE, DEFAULT_NEAR_ZERO_NORM, DEFAULT_HUB_FACTOR, DEFAULT_MAX_LISTED, DEFAULT_BINS, 0);
  }

  public HealthOptions withVector(String v) {
    return new HealthOptions(v, k, efSearch, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withK(int v) {
    return new HealthOptions(vector, v, efSearch, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withEfSearch(int v) {
    return new HealthOptions(vector, k, v, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withNearDuplicate(double v) {
    return new HealthOptions(vector, k, efSearch, v, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withOutlierZ(double v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, v, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withFieldCoverage(double v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, outlierZ, v, nearZeroNorm, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withNearZeroNorm(double v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, outlierZ, fieldCoverage, v, hubFactor,
        maxListed, bins, threads);
  }

  public HealthOptions withHubFactor(double v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, v,
        maxListed, bins, threads);
  }

  public HealthOptions withMaxListed(int v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        v, bins, threads);
  }

  public HealthOptions withBins(int v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, v, threads);
  }

  public HealthOptions withThreads(int v) {
    return new HealthOptions(vector, k, efSearch, nearDuplicate, outlierZ, fieldCoverage, nearZeroNorm, hubFactor,
        maxListed, bins, v);
  }
}
