package dev.quiver.api;

import dev.quiver.engine.PointId;
import java.util.List;

/** Body of {@code POST /collections/{c}/points}: fetch points by id. */
public record GetPointsRequest(List<PointId> ids, boolean withPayload, boolean withVector) {
  public GetPointsRequest {
    ids = List.copyOf(ids);
  }
}
