package dev.quiver.engine.recommend;

import java.util.Locale;

/** How positive and negative examples become results; see {@link Recommender}. */
public enum RecommendStrategy {
  /**
   * One search with the query {@code avg(pos) + (avg(pos) - avg(neg))} (just {@code avg(pos)}
   * without negatives), as Qdrant's {@code average_vector}. Scores are the metric's own.
   */
  AVERAGE_VECTOR,
  /**
   * Candidates from one search per positive example; each candidate is scored against every
   * example, as Qdrant's {@code best_score}: with {@code p} the best similarity to a positive and
   * {@code n} the best to a negative, the score is {@code sigmoid(p)} when {@code p > n}, else
   * {@code -sigmoid(n)}, where {@code sigmoid(x) = (x / (1 + |x|) + 1) / 2}.
   */
  BEST_SCORE;

  /** Parses {@code average_vector} / {@code best_score} (also with '-', any case). */
  public static RecommendStrategy parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (n) {
      case "average_vector", "average" -> AVERAGE_VECTOR;
      case "best_score" -> BEST_SCORE;
      default -> throw new IllegalArgumentException("strategy '" + name
          + "' is unknown; expected average_vector or best_score");
    };
  }

  /** The API name: {@code average_vector} or {@code best_score}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
