package dev.quiver.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Answers {@code has_id} for one point: whether its id is among these JSON ids. */
@FunctionalInterface
public interface IdMatcher {
  boolean in(List<JsonNode> ids);
}
