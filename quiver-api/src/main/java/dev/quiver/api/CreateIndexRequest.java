package dev.quiver.api;

import dev.quiver.engine.payload.PayloadSchemaType;

/** Body of {@code PUT /collections/{c}/index}: {@code {"field_name": "city", "field_schema": "keyword"}}. */
public record CreateIndexRequest(String field, PayloadSchemaType type) {
  public CreateIndexRequest {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("field_name must be a non-empty string");
    }
    if (type == null) {
      throw new IllegalArgumentException("field_schema is required");
    }
  }
}
