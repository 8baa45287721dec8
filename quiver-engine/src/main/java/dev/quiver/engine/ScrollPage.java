package dev.quiver.engine;

import java.util.List;

/**
 * One page of a scroll.
 *
 * @param points the page, in id order
 * @param nextOffset the id to pass as the next request's offset, or null at the end
 */
public record ScrollPage(List<Point> points, PointId nextOffset) {}
