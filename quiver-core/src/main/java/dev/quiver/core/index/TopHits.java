package dev.quiver.core.index;

import java.util.Arrays;

/**
 * The result of a search: ordinals and their scores, best (highest score) first.
 *
 * @param ords ordinals, best first
 * @param scores scores aligned with {@code ords}; higher is closer (see {@code Metric})
 * @param visited how many vectors were scored to produce the result (a cost measure)
 */
public record TopHits(int[] ords, float[] scores, int visited) {

  public TopHits {
    if (ords.length != scores.length) {
      throw new IllegalArgumentException(ords.length + " ords but " + scores.length + " scores");
    }
  }

  public static TopHits empty() {
    return new TopHits(new int[0], new float[0], 0);
  }

  public int size() {
    return ords.length;
  }

  @Override
  public String toString() {
    return "TopHits" + Arrays.toString(ords) + " scores=" + Arrays.toString(scores) + " visited=" + visited;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopHits t && Arrays.equals(t.ords, ords) && Arrays.equals(t.scores, scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ords) + Arrays.hashCode(scores);
  }
}
