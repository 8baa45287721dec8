package dev.quiver.engine.text;

import dev.quiver.core.index.TopHits;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Merges ranked lists of ordinals by a {@link Fusion}; see there for the formulas. */
public final class RankFusion {

  private RankFusion() {}

  /**
   * Fuses {@code vector} and {@code keyword} (either may be null or empty: it contributes nothing)
   * into the {@code limit} best ordinals, best first; ties go to the lower ordinal. The scores are
   * the fused scores.
   */
  public static TopHits fuse(TopHits vector, TopHits keyword, Fusion fusion, int limit) {
    Map<Integer, double[]> fused = new HashMap<>();
    TopHits[] lists = {vector, keyword};
    for (int l = 0; l < lists.length; l++) {
      TopHits list = lists[l];
      if (list == null || list.size() == 0) {
        continue;
      }
      switch (fusion) {
        case Fusion.Rrf r -> {
          for (int rank = 0; rank < list.size(); rank++) {
            add(fused, list.ords()[rank], 1.0 / (r.k() + rank + 1));
          }
        }
        case Fusion.Weighted w -> {
          double weight = l == 0 ? w.alpha() : 1 - w.alpha();
          float max = Float.NEGATIVE_INFINITY;
          float min = Float.POSITIVE_INFINITY;
          for (float s : list.scores()) {
            max = Math.max(max, s);
            min = Math.min(min, s);
          }
          double range = (double) max - min;
          for (int i = 0; i < list.size(); i++) {
            double norm = range > 0 ? (list.scores()[i] - (double) min) / range : 1.0;
            add(fused, list.ords()[i], weight * norm);
          }
        }
      }
    }
    int n = fused.size();
    int[] ords = new int[n];
    double[] scores = new double[n];
    Integer[] order = new Integer[n];
    int i = 0;
    for (Map.Entry<Integer, double[]> e : fused.entrySet()) {
      ords[i] = e.getKey();
      scores[i] = e.getValue()[0];
      order[i] = i;
      i++;
    }
    Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a])
        : Integer.compare(ords[a], ords[b]));
    int m = Math.min(limit, n);
    int[] outOrds = new int[m];
    float[] outScores = new float[m];
    for (int j = 0; j < m; j++) {
      outOrds[j] = ords[order[j]];
      outScores[j] = (float) scores[order[j]];
    }
    return new TopHits(outOrds, outScores, n);
  }

  private static void add(Map<Integer, double[]> fused, int ord, double score) {
    fused.computeIfAbsent(ord, o -> new double[1])[0] += score;
  }
}
