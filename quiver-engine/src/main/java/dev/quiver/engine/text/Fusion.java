package dev.quiver.engine.text;

/**
 * How a hybrid search merges its vector and keyword result lists into one ranking.
 *
 * <ul>
 *   <li>{@link Rrf}: Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, 2009). A point scores
 *       Σ 1 / (k + rank) over the lists it appears in (rank 1 = best). Only ranks count, so the
 *       lists' incomparable scales (cosine, BM25) do not matter; a point near the top of both lists
 *       beats one at the top of a single list.
 *   <li>{@link Weighted}: each list's scores are min-max normalised into [0, 1] (a list whose scores
 *       are all equal maps them to 1), then a point scores α · vector + (1 − α) · keyword, with 0 for a
 *       list it is absent from. Keeps score gaps: a keyword hit far ahead of the rest stays ahead.
 *   <li>{@link Scaled}: like weighted, but the keyword list's scores are divided by the query's
 *       ideal BM25 score (that of an average-length document holding each query term once), capped
 *       at 1, instead of min-max. Min-max lifts the best keyword hit to 1 however weak it is: a
 *       paraphrase that shares one common word with a wrong document then outweighs the vector
 *       list. Scaled keeps a weak keyword match weak and a full match (an id, a rare name) strong.
 * </ul>
 */
public sealed interface Fusion {

  /** Reciprocal Rank Fusion with constant {@code k} (60 in the paper: damps the top ranks' lead). */
  record Rrf(int k) implements Fusion {
    public static final int DEFAULT_K = 60;

    public Rrf {
      if (k < 1) {
        throw new IllegalArgumentException("RRF k must be >= 1, got " + k);
      }
    }
  }

  /** Weighted sum of min-max normalised scores; {@code alpha} weighs the vector list, 1 − alpha the keyword list. */
  record Weighted(double alpha) implements Fusion {
    public static final double DEFAULT_ALPHA = 0.5;

    public Weighted {
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException("weighted fusion alpha must be in [0, 1], got " + alpha);
      }
    }
  }

  /**
   * Weighted sum of the vector list's min-max normalised scores and the keyword list's scores
   * relative to the query's ideal BM25 score; {@code alpha} weighs the vector list.
   */
  record Scaled(double alpha) implements Fusion {
    public static final double DEFAULT_ALPHA = 0.5;

    public Scaled {
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException("scaled fusion alpha must be in [0, 1], got " + alpha);
      }
    }
  }

  /** Scaled fusion giving the vector list weight {@code alpha}. */
  static Fusion scaled(double alpha) {
    return new Scaled(alpha);
  }

  /** RRF with k = 60. */
  static Fusion rrf() {
    return new Rrf(Rrf.DEFAULT_K);
  }

  static Fusion rrf(int k) {
    return new Rrf(k);
  }

  /** Weighted fusion giving the vector list weight {@code alpha}. */
  static Fusion weighted(double alpha) {
    return new Weighted(alpha);
  }
}
