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
    return fuse(vector, keyword, fusion, limit, 0);
  }

  /**
   * As {@link #fuse(TopHits, TopHits, Fusion, int)}; {@code keywordIdeal} is the query's ideal
   * BM25 score, which {@link Fusion.Scaled} divides the keyword scores by.
   */
  public static TopHits fuse(TopHits vector, TopHits keyword, Fusion fusion, int limit, double keywordIdeal) {
    Map<Integer, double[]> fused = new HashMap<>();
    TopHits[] lists = {vector, keyword};
    for (int l = 0; l < lists.length; l++) {
      TopHits list = lists[l];
      boolean keywordLeg = l == 1;
      if (list == null || list.size() == 0) {
        continue;
      }
      switch (fusion) {
        case Fusion.Rrf r -> {
          for (int rank = 0; rank < list.size(); rank++) {
            add(fused, list.ords()[rank], 1.0 / (r.k() + rank + 1));
          }
        }
        case Fusion.Scaled sc when keywordLeg && keywordIdeal > 0 -> {
          for (int i = 0; i < list.size(); i++) {
            add(fused, list.ords()[i], (1 - sc.alpha()) * Math.min(1.0, list.scores()[i] / keywordIdeal));
          }
        }
        case Fusion.Weighted w -> minMax(fused, list, l == 0 ? w.alpha() : 1 - w.alpha());
        case Fusion.Scaled sc -> minMax(fused, list, l == 0 ? sc.alpha() : 1 - sc.alpha());
      }
    }
    return top(fused, limit);
  }

  private static void minMax(Map<Integer, double[]> fused, TopHits list, double weight) {
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

  private static TopHits top(Map<Integer, double[]> fused, int limit) {
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
