package dev.quiver.api;

import dev.quiver.engine.PointId;
import dev.quiver.engine.filter.Filter;
import java.util.List;

/**
 * Body of {@code POST /collections/{c}/points/delete}: exactly one of {@code ids} (JSON {@code
 * points}) and {@code filter} is non-null.
 */
public record DeletePointsRequest(List<PointId> ids, Filter filter) {
  public DeletePointsRequest {
    if ((ids == null) == (filter == null)) {
      throw new IllegalArgumentException("delete takes \"points\" (a list of ids) or \"filter\", exactly one");
    }
    ids = ids == null ? null : List.copyOf(ids);
  }

  public static DeletePointsRequest ofIds(List<PointId> ids) {
    return new DeletePointsRequest(ids, null);
  }

  public static DeletePointsRequest ofFilter(Filter filter) {
    return new DeletePointsRequest(null, filter);
  }
}
