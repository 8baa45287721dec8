package dev.quiver.engine.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.PointId;

/**
 * One point of an {@link EmbeddingMap}.
 *
 * @param id the point's id
 * @param x first map coordinate
 * @param y second map coordinate
 * @param color the value of the colour field in the point's payload (null when it has none, or no
 *     colour field was asked for)
 * @param label a short text for the point: its payload {@code title}, {@code name}, {@code label},
 *     {@code text} or {@code source} (the first present, at most 80 characters), else its id
 */
public record MapPoint(PointId id, float x, float y, JsonNode color, String label) {}
