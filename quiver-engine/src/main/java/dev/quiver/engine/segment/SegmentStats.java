package dev.quiver.engine.segment;

/**
 * What the merge policy knows about one sealed segment.
 *
 * @param number the segment's number (unique within a collection)
 * @param points ordinals in the segment, live and deleted
 * @param deleted ordinals deleted so far (0..points)
 * @param bytes the segment's size on disk; carried for the caller's accounting (the policy sizes
 *     segments by live points, which is what a merge rewrites and re-indexes)
 */
public record SegmentStats(int number, int points, int deleted, long bytes) {

  public SegmentStats {
    if (number < 0) {
      throw new IllegalArgumentException("segment number is " + number + ", expected 0 or more");
    }
    if (points < 0) {
      throw new IllegalArgumentException("segment " + number + " has " + points + " points, expected 0 or more");
    }
    if (deleted < 0 || deleted > points) {
      throw new IllegalArgumentException("segment " + number + " has " + deleted + " deleted points, expected 0.."
          + points);
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("segment " + number + " has " + bytes + " bytes, expected 0 or more");
    }
  }

  /** Points not deleted: what a merge of this segment carries over. */
  public int live() {
    return points - deleted;
  }
}
