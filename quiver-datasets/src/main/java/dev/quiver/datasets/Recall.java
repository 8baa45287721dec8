package dev.quiver.datasets;

import java.util.Arrays;

/** Recall of approximate search results against exact ground truth. */
public final class Recall {

  private Recall() {}

  /**
   * Mean over queries of {@code |top-k(results[q]) ∩ top-k(truth[q])| / k}. A result row shorter
   * than {@code k} counts the missing entries as misses; a duplicate id counts once.
   *
   * @param truth   exact neighbours per query, best first
   * @param results approximate neighbours per query, best first
   */
  public static double at(int[][] truth, int[][] results, int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k is " + k + ", expected > 0");
    }
    if (truth.length != results.length) {
      throw new IllegalArgumentException("truth has " + truth.length + " queries, results have "
          + results.length + "; expected the same number");
    }
    if (truth.length == 0) {
      throw new IllegalArgumentException("recall of zero queries is undefined");
    }
    double sum = 0;
    for (int q = 0; q < truth.length; q++) {
      int[] expected = Arrays.copyOf(truth[q], Math.min(k, truth[q].length));
      int[] found = Arrays.copyOf(results[q], Math.min(k, results[q].length));
      Arrays.sort(expected);
      Arrays.sort(found);
      int hits = 0;
      for (int i = 0; i < found.length; i++) {
        if (i > 0 && found[i] == found[i - 1]) {
          continue;
        }
        if (Arrays.binarySearch(expected, found[i]) >= 0) {
          hits++;
        }
      }
      sum += (double) hits / k;
    }
    return sum / truth.length;
  }
}
