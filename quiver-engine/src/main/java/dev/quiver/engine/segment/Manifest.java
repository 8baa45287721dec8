package dev.quiver.engine.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One commit of a collection (Lucene's {@code segments_N}): the sealed segments that make it up,
 * the generation of each segment's deletion file, and the log position they cover. Opening a
 * collection is: read the newest manifest, map its segments, replay the log after {@link #walLsn}.
 *
 * @param generation increases by one with every manifest written; names the file
 * @param walLsn every logged operation up to and including this LSN is in the segments
 * @param nextSegment the number the next new segment gets (numbers are never reused)
 * @param payloadSchema indexed payload fields and their type names, in creation order
 * @param segments the live segments, oldest first
 */
public record Manifest(long generation, long walLsn, int nextSegment, Map<String, String> payloadSchema,
    List<SegmentEntry> segments) {

  public Manifest {
    if (generation < 1) {
      throw new IllegalArgumentException("manifest generation must be >= 1, got " + generation);
    }
    if (walLsn < 0) {
      throw new IllegalArgumentException("manifest WAL LSN must be >= 0, got " + walLsn);
    }
    payloadSchema = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payloadSchema));
    segments = List.copyOf(segments);
    for (SegmentEntry s : segments) {
      if (s.number() >= nextSegment) {
        throw new IllegalArgumentException("segment " + s.number() + " is not below the next segment number "
            + nextSegment);
      }
    }
  }

  /** The first manifest of an empty collection. */
  public static Manifest empty() {
    return new Manifest(1, 0, 0, Map.of(), List.of());
  }

  /**
   * A sealed segment as a manifest names it.
   *
   * @param number the segment's number: its folder is {@code seg-<number>}
   * @param points ordinals in the segment (live and deleted)
   * @param deletionGeneration generation of its deletion file, 0 when nothing in it is deleted
   * @param deleted ordinals deleted as of that file
   * @param minLsn lowest LSN of a point version in the segment
   * @param maxLsn highest LSN of a point version in the segment
   */
  public record SegmentEntry(int number, int points, long deletionGeneration, int deleted, long minLsn,
      long maxLsn) {
    public SegmentEntry {
      if (number < 0 || points < 0 || deleted < 0 || deleted > points || deletionGeneration < 0
          || (deletionGeneration == 0) != (deleted == 0) || minLsn > maxLsn) {
        throw new IllegalArgumentException("inconsistent segment entry: number " + number + ", " + points
            + " points, deletion generation " + deletionGeneration + " with " + deleted + " deleted, LSNs "
            + minLsn + ".." + maxLsn);
      }
    }

    public int live() {
      return points - deleted;
    }
  }
}
