package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A search hit.
 *
 * @param id the point's id
 * @param score cosine similarity, dot product, or Euclidean distance (by the vector's metric);
 *     results are ordered best first (highest similarity, or lowest distance)
 * @param payload the payload when requested, else null
 * @param vectors the vectors when requested, else null
 */
public record ScoredPoint(PointId id, float score, ObjectNode payload, Map<String, float[]> vectors) {

  /**
   * Scores are always finite. Finite vectors can still overflow a float score (the squared
   * distance of two vectors with components near 1e38); such a score is clamped to the largest
   * float of its sign, which keeps the order and stays a JSON number rather than "Infinity". A NaN
   * (an overflowing dot product's +inf plus -inf) ranks last, as the lowest similarity.
   */
  public ScoredPoint {
    if (!Float.isFinite(score)) {
      score = Float.isNaN(score) ? -Float.MAX_VALUE : Math.copySign(Float.MAX_VALUE, score);
    }
  }
}
