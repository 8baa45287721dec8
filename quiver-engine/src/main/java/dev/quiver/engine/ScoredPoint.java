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
public record ScoredPoint(PointId id, float score, ObjectNode payload, Map<String, float[]> vectors) {}
