package dev.quiver.datasets;

import java.util.Arrays;
import java.util.Objects;

/**
 * A vector dataset in the ann-benchmarks shape: the vectors to index ({@code base}) and the vectors
 * to search with ({@code queries}), compared with {@code metric}.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param name    a short name, e.g. {@code fashion-mnist-784-euclidean}
 * @param metric  {@code "euclidean"} or {@code "cosine"}
 * @param base    the vectors to index, all of the same dimension
 * @param queries the query vectors, of the same dimension as {@code base}
 */
public record Dataset(String name, String metric, float[][] base, float[][] queries) {

  public static final String EUCLIDEAN = "euclidean";
  public static final String COSINE = "cosine";

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(queries, "queries");
    if (!EUCLIDEAN.equals(metric) && !COSINE.equals(metric)) {
      throw new IllegalArgumentException(
          "dataset '" + name + "' has metric '" + metric + "', expected 'euclidean' or 'cosine'");
    }
    int dimension = base.length > 0 ? base[0].length : queries.length > 0 ? queries[0].length : 0;
    checkDimension(name, "base", base, dimension);
    checkDimension(name, "queries", queries, dimension);
  }

  private static void checkDimension(String name, String part, float[][] rows, int dimension) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != dimension) {
        throw new IllegalArgumentException("dataset '" + name + "': " + part + "[" + i + "] has dimension "
            + (rows[i] == null ? "null" : rows[i].length) + ", expected " + dimension);
      }
    }
  }

  /** The vector dimension (0 for an empty dataset). */
  public int dimension() {
    return base.length > 0 ? base[0].length : queries.length > 0 ? queries[0].length : 0;
  }

  /** This dataset with only its first {@code n} queries (all of them when there are fewer). */
  public Dataset withQueries(int n) {
    checkCount(n);
    return n >= queries.length ? this : new Dataset(name, metric, base, Arrays.copyOf(queries, n));
  }

  /** This dataset with only its first {@code n} base vectors (all of them when there are fewer). */
  public Dataset withBase(int n) {
    checkCount(n);
    return n >= base.length ? this : new Dataset(name, metric, Arrays.copyOf(base, n), queries);
  }

  private static void checkCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("count is " + n + ", expected >= 0");
    }
  }

  @Override
  public String toString() {
    return name + " (" + base.length + " base, " + queries.length + " queries, dimension " + dimension()
        + ", " + metric + ")";
  }
}
