package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * A point: an id, one vector per configured vector name, and a JSON payload.
 *
 * @param id the point's id
 * @param vectors vector name to vector; on upsert every vector the collection declares is required
 * @param payload any JSON object (may be empty, never null)
 */
public record Point(PointId id, Map<String, float[]> vectors, ObjectNode payload) {

  public Point {
    Objects.requireNonNull(id, "point id");
    vectors = vectors == null ? Map.of() : Map.copyOf(vectors);
    payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
  }

  /** A point with the single default vector. */
  public static Point of(long id, float[] vector, ObjectNode payload) {
    return new Point(PointId.of(id), Map.of(CollectionConfig.DEFAULT_VECTOR, vector), payload);
  }

  public static Point of(PointId id, float[] vector, ObjectNode payload) {
    return new Point(id, Map.of(CollectionConfig.DEFAULT_VECTOR, vector), payload);
  }

  /** The vector named {@value CollectionConfig#DEFAULT_VECTOR}, or null. */
  public float[] vector() {
    return vectors.get(CollectionConfig.DEFAULT_VECTOR);
  }
}
