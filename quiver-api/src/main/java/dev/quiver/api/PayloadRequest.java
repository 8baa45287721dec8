package dev.quiver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.PointId;
import java.util.List;

/** Body of {@code POST|PUT /collections/{c}/points/payload}: merge or overwrite these keys. */
public record PayloadRequest(ObjectNode payload, List<PointId> ids) {
  public PayloadRequest {
    if (payload == null) {
      throw new IllegalArgumentException("payload is required");
    }
    ids = List.copyOf(ids);
  }
}
