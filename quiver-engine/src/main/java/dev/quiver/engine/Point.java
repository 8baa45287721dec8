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
 * @param inputs vector name to an encoded image or sound the vector is computed from on upsert
 *     (the vector must be bound to a model that takes that modality; other bound vectors whose
 *     model takes it and that have no vector or input of their own are computed from it too).
 *     Consumed by the upsert: stored points have none.
 */
public record Point(PointId id, Map<String, float[]> vectors, ObjectNode payload,
    Map<String, MediaInput> inputs) {

  public Point {
    Objects.requireNonNull(id, "point id");
    vectors = vectors == null ? Map.of() : Map.copyOf(vectors);
    payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
  }

  public Point(PointId id, Map<String, float[]> vectors, ObjectNode payload) {
    this(id, vectors, payload, Map.of());
  }

  /** A point whose vector {@code vectorName} (and every other bound vector taking its modality) is computed from {@code media}. */
  public static Point ofMedia(PointId id, String vectorName, MediaInput media, ObjectNode payload) {
    return new Point(id, Map.of(), payload, Map.of(vectorName, media));
  }

  /** The same point with these vectors and no media inputs (what the upsert stores). */
  public Point withVectors(Map<String, float[]> v) {
    return new Point(id, v, payload, Map.of());
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
