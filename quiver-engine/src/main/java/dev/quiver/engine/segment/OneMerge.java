package dev.quiver.engine.segment;

import java.util.List;

/**
 * One merge the policy proposes: rewrite {@link #segments} as one new segment holding their live
 * points. A merge of one segment (a vacuum) rewrites it without its deleted points; a merge whose
 * result would be empty simply drops its inputs.
 *
 * @param kind why the merge was proposed
 * @param segments the input segment numbers, largest (by live points) first; never empty
 * @param livePoints live points of the merged segment
 */
public record OneMerge(Kind kind, List<Integer> segments, long livePoints) {

  /** Why a merge was proposed. */
  public enum Kind {
    /** Too many segments for the collection's size: similarly sized segments merged into one tier up. */
    TIERED,
    /** One segment with more deletions than allowed, rewritten alone to reclaim them. */
    VACUUM,
    /** The hard bound on the number of segments was exceeded: the smallest merged. */
    SEGMENT_LIMIT,
    /** Every segment merged into one ({@code compact()}). */
    FORCE
  }

  public OneMerge {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a merge needs at least one segment");
    }
  }
}
