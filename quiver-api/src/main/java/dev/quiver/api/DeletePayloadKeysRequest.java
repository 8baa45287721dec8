package dev.quiver.api;

import dev.quiver.engine.PointId;
import java.util.List;

/** Body of {@code POST /collections/{c}/points/payload/delete}. */
public record DeletePayloadKeysRequest(List<String> keys, List<PointId> ids) {
  public DeletePayloadKeysRequest {
    keys = List.copyOf(keys);
    ids = List.copyOf(ids);
  }
}
