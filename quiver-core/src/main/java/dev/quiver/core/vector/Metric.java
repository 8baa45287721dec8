package dev.quiver.core.vector;

import java.util.Locale;

/**
 * How two vectors are compared. Indexes rank by a <em>score</em> where higher is closer:
 *
 * <ul>
 *   <li>{@link #COSINE}: vectors are normalised to unit length when stored and when queried, then
 *       scored by dot product, so the score is the cosine similarity in [-1, 1].
 *   <li>{@link #DOT}: the raw inner product (for vectors whose length carries meaning).
 *   <li>{@link #EUCLIDEAN}: the negated squared L2 distance; {@link #distance(float)} turns a score
 *       back into the Euclidean distance users expect.
 * </ul>
 */
public enum Metric {
  COSINE {
    @Override
    public float score(VectorMath math, float[] a, float[] b) {
      return math.dot(a, b);
    }

    @Override
    public float[] prepare(float[] vector) {
      return normalize(vector.clone());
    }

    @Override
    public float distance(float score) {
      return 1f - score;
    }
  },
  DOT {
    @Override
    public float score(VectorMath math, float[] a, float[] b) {
      return math.dot(a, b);
    }

    @Override
    public float distance(float score) {
      return -score;
    }
  },
  EUCLIDEAN {
    @Override
    public float score(VectorMath math, float[] a, float[] b) {
      return -math.squareDistance(a, b);
    }

    @Override
    public float distance(float score) {
      return (float) Math.sqrt(Math.max(0f, -score));
    }
  };

  /** Score of two <em>prepared</em> vectors (see {@link #prepare}); higher is closer. */
  public abstract float score(VectorMath math, float[] a, float[] b);

  /** The form in which a vector is stored and queried: a unit-length copy for cosine, else a copy. */
  public float[] prepare(float[] vector) {
    return vector.clone();
  }

  /** The distance (lower is closer) that corresponds to a score: 1 - cos, -dot, or L2 distance. */
  public abstract float distance(float score);

  /** Parses "cosine", "dot" or "euclidean" (also "euclid", "l2"), case-insensitively. */
  public static Metric parse(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "cosine":
        return COSINE;
      case "dot":
      case "dot_product":
      case "inner_product":
        return DOT;
      case "euclidean":
      case "euclid": // Qdrant's name
      case "l2":
        return EUCLIDEAN;
      default:
        throw new IllegalArgumentException(
            "unknown metric '" + name + "'; expected one of cosine, dot, euclidean");
    }
  }

  /** Scales {@code v} to unit length in place (a zero vector stays zero) and returns it. */
  public static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm > 0) {
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }
}
