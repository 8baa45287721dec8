package dev.quiver.engine;

import dev.quiver.engine.filter.Filter;

/**
 * A page of points in id order.
 *
 * @param filter only matching points (null: all)
 * @param limit page size, 1 to {@value #MAX_LIMIT}
 * @param offset the first id of the page (inclusive); null starts at the smallest id. Pass the
 *     previous page's {@link ScrollPage#nextOffset()} to continue.
 */
public record ScrollRequest(Filter filter, int limit, PointId offset, boolean withPayload,
    boolean withVectors) {

  public static final int MAX_LIMIT = 10_000;

  public ScrollRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
  }

  public static ScrollRequest of(int limit) {
    return new ScrollRequest(null, limit, null, true, false);
  }

  public ScrollRequest withFilter(Filter f) {
    return new ScrollRequest(f, limit, offset, withPayload, withVectors);
  }

  public ScrollRequest withOffset(PointId o) {
    return new ScrollRequest(filter, limit, o, withPayload, withVectors);
  }

  public ScrollRequest withVectors(boolean v) {
    return new ScrollRequest(filter, limit, offset, withPayload, v);
  }
}
