package dev.quiver.engine.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which sealed segments to merge, in the manner of Lucene's tiered merge policy: the
 * collection may hold about {@link #segmentsPerTier()} segments of each size tier (tiers grow by
 * the merge factor from {@link #floorPoints()} upwards), and when it holds more, the policy picks
 * the merge of up to {@link #maxMergeAtOnce()} segments with the best (lowest) score:
 *
 * <pre>
 *   score = skew × livePoints^0.05 × liveRatio²
 *   skew      = floored size of the largest input / floored size of all inputs
 *               (1/n for n equal inputs; 1/maxMergeAtOnce for a merge cut short by maxMergedPoints)
 *   liveRatio = live points of the inputs / all their points (deleted ones included)
 * </pre>
 *
 * Skew dominates, so equal-sized segments are merged together (each point is rewritten about once
 * per tier, so write amplification is logarithmic in the collection's size); the small exponent on
 * the size breaks ties towards cheaper merges; the squared live ratio pulls segments with many
 * deletions into merges sooner. Sizes are live points, floored at {@code floorPoints} so that tiny
 * segments are merged together rather than being a tier of their own.
 *
 * <p>Besides tiered merges, {@link #findMerges} proposes merges of the smallest segments when the
 * count exceeds the hard bound {@link #maxSegments()} (this bound wins over {@code maxMergedPoints}),
 * and a singleton vacuum merge for each segment whose deleted share exceeds
 * {@link #deletesPctAllowed()}. Segments with more than half of {@code maxMergedPoints} live points
 * are no longer tiered: only vacuums and the segment bound rewrite them.
 *
 * <p>Immutable and stateless: every method is a function of its arguments (and does not depend on
 * the order of the segment list), so it is safe from any thread and deterministic.
 */
public final class TieredMergePolicy {

  public static final int DEFAULT_SEGMENTS_PER_TIER = 10;
  public static final int DEFAULT_MAX_MERGE_AT_ONCE = 10;
  public static final int DEFAULT_FLOOR_POINTS = 10_000;
  public static final int DEFAULT_MAX_MERGED_POINTS = 5_000_000;
  public static final double DEFAULT_DELETES_PCT_ALLOWED = 20.0;
  /** A safety net for mapped files and per-segment search cost, not the normal steering. */
  public static final int DEFAULT_MAX_SEGMENTS = 1_000;

  private static final TieredMergePolicy DEFAULTS = builder().build();

  /** Largest input first, ties by segment number: a total order, hence determinism. */
  private static final Comparator<SegmentStats> LARGEST_FIRST =
      Comparator.comparingInt(SegmentStats::live).reversed().thenComparingInt(SegmentStats::number);

  private final int segmentsPerTier;
  private final int maxMergeAtOnce;
  private final int floorPoints;
  private final int maxMergedPoints;
  private final double deletesPctAllowed;
  private final int maxSegments;

  private TieredMergePolicy(Builder b) {
    segmentsPerTier = atLeast("segmentsPerTier", b.segmentsPerTier, 2);
    maxMergeAtOnce = atLeast("maxMergeAtOnce", b.maxMergeAtOnce, 2);
    floorPoints = atLeast("floorPoints", b.floorPoints, 1);
    maxMergedPoints = b.maxMergedPoints;
    if (maxMergedPoints < floorPoints) {
      throw new IllegalArgumentException("maxMergedPoints is " + maxMergedPoints + ", expected at least floorPoints ("
          + floorPoints + ")");
    }
    deletesPctAllowed = b.deletesPctAllowed;
    if (!(deletesPctAllowed >= 1.0 && deletesPctAllowed <= 100.0)) {
      throw new IllegalArgumentException("deletesPctAllowed is " + deletesPctAllowed + ", expected 1.0..100.0");
    }
    maxSegments = atLeast("maxSegments", b.maxSegments, 1);
  }

  private static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " is " + value + ", expected " + min + " or more");
    }
    return value;
  }

  /** The policy with every parameter at its default. */
  public static TieredMergePolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int segmentsPerTier() {
    return segmentsPerTier;
  }

  public int maxMergeAtOnce() {
    return maxMergeAtOnce;
  }

  public int floorPoints() {
    return floorPoints;
  }

  public int maxMergedPoints() {
    return maxMergedPoints;
  }

  public double deletesPctAllowed() {
    return deletesPctAllowed;
  }

  public int maxSegments() {
    return maxSegments;
  }

  /**
   * The merges to run now: tiered merges first, then merges for the segment bound, then vacuums.
   * The merges are disjoint and name no segment in {@code merging}. Call again whenever a segment
   * is sealed or a merge finishes (its inputs leave {@code merging} and the merged segment joins
   * {@code segments}).
   *
   * @param segments every sealed segment of the collection, including those being merged
   * @param merging numbers of segments that running merges are rewriting (not eligible)
   */
  public List<OneMerge> findMerges(List<SegmentStats> segments, Set<Integer> merging) {
    List<SegmentStats> all = sortedLargestFirst(segments);
    Objects.requireNonNull(merging, "merging");
    List<SegmentStats> free = new ArrayList<>();
    for (SegmentStats s : all) {
      if (!merging.contains(s.number())) {
        free.add(s);
      }
    }
    List<OneMerge> merges = new ArrayList<>();
    findTiered(all, free, merges);
    findForSegmentLimit(all.size(), free, merges);
    addVacuums(free, merges);
    return List.copyOf(merges);
  }

  /**
   * Only the singleton vacuum merges: one for each segment not in {@code merging} whose deleted
   * share exceeds {@link #deletesPctAllowed()}, largest first.
   */
  public List<OneMerge> findVacuum(List<SegmentStats> segments, Set<Integer> merging) {
    Objects.requireNonNull(merging, "merging");
    List<SegmentStats> free = new ArrayList<>();
    for (SegmentStats s : sortedLargestFirst(segments)) {
      if (!merging.contains(s.number())) {
        free.add(s);
      }
    }
    List<OneMerge> merges = new ArrayList<>();
    addVacuums(free, merges);
    return List.copyOf(merges);
  }

  /**
   * One merge of every segment not in {@code merging}, regardless of {@code maxMergeAtOnce} and
   * {@code maxMergedPoints} (for {@code compact()}); empty when that would change nothing (no
   * segment, or one segment without deletions). Segments being merged are left out, so a caller that
   * wants a single segment waits for running merges first.
   */
  public Optional<OneMerge> forceMergeAll(List<SegmentStats> segments, Set<Integer> merging) {
    Objects.requireNonNull(merging, "merging");
    List<Integer> numbers = new ArrayList<>();
    long live = 0;
    boolean anyDeleted = false;
    for (SegmentStats s : sortedLargestFirst(segments)) {
      if (!merging.contains(s.number())) {
        numbers.add(s.number());
        live += s.live();
        anyDeleted |= s.deleted() > 0;
      }
    }
    if (numbers.isEmpty() || (numbers.size() == 1 && !anyDeleted)) {
      return Optional.empty();
    }
    return Optional.of(new OneMerge(OneMerge.Kind.FORCE, numbers, live));
  }

  /**
   * How many tiered segments a collection of {@code flooredPoints} (sum of floored segment sizes)
   * may hold: {@code segmentsPerTier} of each tier, tiers growing by the merge factor
   * (min(maxMergeAtOnce, segmentsPerTier)) from {@code floorPoints}, plus the partial top tier;
   * never fewer than {@code segmentsPerTier}.
   */
  int allowedSegmentCount(long flooredPoints) {
    int mergeFactor = Math.min(maxMergeAtOnce, segmentsPerTier);
    double remaining = flooredPoints;
    double tierSize = floorPoints;
    long allowed = 0;
    while (true) {
      double tierCount = remaining / tierSize;
      if (tierCount < segmentsPerTier) {
        allowed += (long) Math.ceil(tierCount);
        break;
      }
      allowed += segmentsPerTier;
      remaining -= segmentsPerTier * tierSize;
      tierSize *= mergeFactor;
    }
    return (int) Math.max(segmentsPerTier, Math.min(allowed, Integer.MAX_VALUE));
  }

  // --- tiered merges ---

  private boolean isFull(SegmentStats s) {
    return s.live() > maxMergedPoints / 2;
  }

  private long floored(SegmentStats s) {
    return Math.max(s.live(), floorPoints);
  }

  /** Adds the best-scoring merges while the tiered segments outnumber the allowed count. */
  private void findTiered(List<SegmentStats> all, List<SegmentStats> free, List<OneMerge> merges) {
    // The budget counts segments being merged too (their sizes are still part of the collection),
    // but only free segments are counted against it: running merges already reduce the count.
    long flooredTotal = 0;
    for (SegmentStats s : all) {
      if (!isFull(s)) {
        flooredTotal += floored(s);
      }
    }
    int allowed = allowedSegmentCount(flooredTotal);
    List<SegmentStats> candidates = new ArrayList<>();
    for (SegmentStats s : free) {
      if (!isFull(s)) {
        candidates.add(s);
      }
    }
    int projected = candidates.size(); // tiered segments once the merges chosen so far are done
    while (projected > allowed) {
      List<SegmentStats> best = bestTieredMerge(candidates);
      if (best == null) {
        break;
      }
      candidates.removeAll(best);
      free.removeAll(best);
      merges.add(merge(OneMerge.Kind.TIERED, best));
      projected -= best.size() - 1;
    }
  }

  /**
   * For each start position in the largest-first candidates, the merge of up to maxMergeAtOnce
   * segments from there down, skipping any segment that would push the result past
   * maxMergedPoints; the lowest score wins (the earliest on ties). Null when no start yields two.
   */
  private List<SegmentStats> bestTieredMerge(List<SegmentStats> candidates) {
    List<SegmentStats> best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int start = 0; start < candidates.size(); start++) {
      List<SegmentStats> merge = new ArrayList<>(maxMergeAtOnce);
      long live = 0;
      boolean cutShort = false;
      for (int i = start; i < candidates.size() && merge.size() < maxMergeAtOnce; i++) {
        SegmentStats s = candidates.get(i);
        if (live + s.live() > maxMergedPoints) {
          cutShort = true;
          continue;
        }
        merge.add(s);
        live += s.live();
      }
      if (merge.size() < 2) {
        continue;
      }
      double score = score(merge, cutShort);
      if (score < bestScore) {
        bestScore = score;
        best = merge;
      }
    }
    return best;
  }

  /** Lower is better; see the class comment. */
  double score(List<SegmentStats> merge, boolean cutShort) {
    long flooredTotal = 0;
    long live = 0;
    long points = 0;
    for (SegmentStats s : merge) {
      flooredTotal += floored(s);
      live += s.live();
      points += s.points();
    }
    // A merge limited by maxMergedPoints is as good as it can get whatever its spread of sizes.
    double skew = cutShort ? 1.0 / maxMergeAtOnce : (double) floored(merge.get(0)) / flooredTotal;
    double liveRatio = points == 0 ? 0.0 : (double) live / points;
    return skew * Math.pow(Math.max(live, 1), 0.05) * liveRatio * liveRatio;
  }

  // --- the segment bound and vacuums ---

  /** Merges the smallest free segments, maxMergeAtOnce at a time, until the count is within bound. */
  private void findForSegmentLimit(int segmentCount, List<SegmentStats> free, List<OneMerge> merges) {
    int projected = segmentCount;
    for (OneMerge m : merges) {
      projected -= m.segments().size() - 1;
    }
    while (projected > maxSegments && free.size() >= 2) {
      int k = Math.min(Math.min(maxMergeAtOnce, projected - maxSegments + 1), free.size());
      List<SegmentStats> smallest = new ArrayList<>(free.subList(free.size() - k, free.size()));
      free.removeAll(smallest);
      merges.add(merge(OneMerge.Kind.SEGMENT_LIMIT, smallest));
      projected -= k - 1;
    }
  }

  private void addVacuums(List<SegmentStats> free, List<OneMerge> merges) {
    for (SegmentStats s : free) {
      if (s.deleted() * 100.0 > deletesPctAllowed * s.points()) {
        merges.add(merge(OneMerge.Kind.VACUUM, List.of(s)));
      }
    }
  }

  private static OneMerge merge(OneMerge.Kind kind, List<SegmentStats> inputs) {
    List<Integer> numbers = new ArrayList<>(inputs.size());
    long live = 0;
    for (SegmentStats s : inputs) {
      numbers.add(s.number());
      live += s.live();
    }
    return new OneMerge(kind, numbers, live);
  }

  private static List<SegmentStats> sortedLargestFirst(List<SegmentStats> segments) {
    Objects.requireNonNull(segments, "segments");
    Set<Integer> seen = new HashSet<>();
    for (SegmentStats s : segments) {
      if (!seen.add(s.number())) {
        throw new IllegalArgumentException("segment " + s.number() + " is listed twice, expected each segment once");
      }
    }
    List<SegmentStats> sorted = new ArrayList<>(segments);
    sorted.sort(LARGEST_FIRST);
    return sorted;
  }

  @Override
  public String toString() {
    return "TieredMergePolicy[segmentsPerTier=" + segmentsPerTier + ", maxMergeAtOnce=" + maxMergeAtOnce
        + ", floorPoints=" + floorPoints + ", maxMergedPoints=" + maxMergedPoints + ", deletesPctAllowed="
        + deletesPctAllowed + ", maxSegments=" + maxSegments + "]";
  }

  /** Collects parameters; {@link #build()} validates them all. */
  public static final class Builder {
    private int segmentsPerTier = DEFAULT_SEGMENTS_PER_TIER;
    private int maxMergeAtOnce = DEFAULT_MAX_MERGE_AT_ONCE;
    private int floorPoints = DEFAULT_FLOOR_POINTS;
    private int maxMergedPoints = DEFAULT_MAX_MERGED_POINTS;
    private double deletesPctAllowed = DEFAULT_DELETES_PCT_ALLOWED;
    private int maxSegments = DEFAULT_MAX_SEGMENTS;

    private Builder() {}

    /** Segments allowed per size tier before a merge is proposed (2 or more). */
    public Builder segmentsPerTier(int value) {
      segmentsPerTier = value;
      return this;
    }

    /** Most segments one tiered merge takes (2 or more). */
    public Builder maxMergeAtOnce(int value) {
      maxMergeAtOnce = value;
      return this;
    }

    /** Segments with fewer live points count as this many (1 or more). */
    public Builder floorPoints(int value) {
      floorPoints = value;
      return this;
    }

    /** No tiered merge produces more live points than this (at least floorPoints). */
    public Builder maxMergedPoints(int value) {
      maxMergedPoints = value;
      return this;
    }

    /** A segment with a larger deleted share (percent, 1..100) is vacuumed. */
    public Builder deletesPctAllowed(double value) {
      deletesPctAllowed = value;
      return this;
    }

    /** Hard bound on the number of segments (1 or more). */
    public Builder maxSegments(int value) {
      maxSegments = value;
      return this;
    }

    public TieredMergePolicy build() {
      return new TieredMergePolicy(this);
    }
  }
}
