package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.Candidates;
import java.util.SplittableRandom;

/**
 * Turns a filter into the acceptance set a vector search walks with, choosing by estimated
 * selectivity:
 *
 * <ol>
 *   <li>The payload indexes give a candidate set (exact when every condition is indexed, else a
 *       superset) or nothing.
 *   <li>Without an exact set, selectivity is estimated by evaluating the filter on a sample.
 *   <li>Few matches: the matching ordinals are materialised into a bit set with an exact
 *       cardinality, and the HNSW index scores them directly (cheaper than any walk). Many
 *       matches: a lazy set that evaluates the filter only on the nodes the graph walk reaches,
 *       with the estimate as its cardinality, so the index can bound the walk and fall back to an
 *       exact scan if the estimate was wrong.
 * </ol>
 *
 * Either way the search returns {@code k} results whenever {@code k} points match.
 */
final class FilterPlanner {

  /** Below this estimated fraction of points, matches are materialised. */
  static final double MATERIALIZE_BELOW = 0.05;
  static final int SAMPLE = 512;

  private FilterPlanner() {}

  /**
   * Acceptance set over the ordinals of one segment of a view for {@code filter} (never null). It
   * may accept ordinals the view does not see (deleted, or added after it): searches exclude those
   * with {@link SegmentView.Part#hidden}, counts with {@link #count}.
   */
  static Bits plan(SegmentView.Part part, Filter filter) {
    int size = part.visible;
    int live = part.liveCount();
    Candidates c = candidates(part, filter);
    if (c.bits() != null && c.exact()) {
      return c.bits();
    }
    FixedBitSet superset = c.bits();
    double estimate = superset != null ? c.estimate() : sampleEstimate(part, filter, size, live);
    if (estimate <= Math.max(1000, MATERIALIZE_BELOW * live)) {
      return materialize(part, filter, superset);
    }
    int cardinality = (int) Math.max(1, Math.min(live, estimate));
    return new Bits() {
      @Override
      public boolean get(int ord) {
        return (superset == null || superset.get(ord)) && matches(part, filter, ord);
      }

      @Override
      public int length() {
        return size;
      }

      @Override
      public int cardinality() {
        return cardinality;
      }
    };
  }

  private static Candidates candidates(SegmentView.Part part, Filter filter) {
    Segment segment = part.segment;
    segment.indexLock.readLock().lock();
    try {
      return segment.payloadIndexes().candidates(filter, part.visible);
    } finally {
      segment.indexLock.readLock().unlock();
    }
  }

  /** The live ordinals of {@code part} that match {@code filter}. */
  static long count(SegmentView.Part part, Filter filter) {
    Bits bits = plan(part, filter);
    long n = 0;
    if (bits instanceof FixedBitSet fixed) {
      for (int ord = fixed.nextSetBit(0); ord >= 0 && ord < part.visible; ord = fixed.nextSetBit(ord + 1)) {
        if (part.live(ord)) {
          n++;
        }
      }
      return n;
    }
    for (int ord = 0; ord < part.visible; ord++) {
      if (part.live(ord) && bits.get(ord)) {
        n++;
      }
    }
    return n;
  }

  /** Exactly the live ordinals of {@code part} matching {@code filter}. */
  static FixedBitSet materialize(SegmentView.Part part, Filter filter, FixedBitSet superset) {
    FixedBitSet bits = new FixedBitSet(part.visible);
    if (superset != null) {
      for (int ord = superset.nextSetBit(0); ord >= 0 && ord < part.visible; ord = superset.nextSetBit(ord + 1)) {
        if (matches(part, filter, ord)) {
          bits.set(ord);
        }
      }
    } else {
      for (int ord = 0; ord < part.visible; ord++) {
        if (matches(part, filter, ord)) {
          bits.set(ord);
        }
      }
    }
    return bits;
  }

  /** Whether the point at {@code ord} is live in the view and matches {@code filter}. */
  static boolean matches(SegmentView.Part part, Filter filter, int ord) {
    if (!part.live(ord)) {
      return false;
    }
    ObjectNode payload = part.segment.payload(ord);
    if (payload == null) {
      return false;
    }
    PointId id = part.segment.id(ord);
    return dev.quiver.engine.filter.FilterEvaluator.matches(filter, ids -> {
      for (com.fasterxml.jackson.databind.JsonNode j : ids) {
        if (j.isIntegralNumber() && id instanceof PointId.Num n && j.asLong() == n.value()) {
          return true;
        }
        if (j.isTextual()) {
          try {
            if (PointId.parse(j.asText()).equals(id)) {
              return true;
            }
          } catch (IllegalArgumentException e) {
            // not an id: cannot be this point's
          }
        }
      }
      return false;
    }, payload);
  }

  private static double sampleEstimate(SegmentView.Part part, Filter filter, int size, int live) {
    if (live <= SAMPLE * 4) {
      return materialize(part, filter, null).cardinality();
    }
    SplittableRandom rnd = new SplittableRandom(size * 31L + live);
    int tried = 0;
    int matched = 0;
    for (int i = 0; i < SAMPLE * 4 && tried < SAMPLE; i++) {
      int ord = rnd.nextInt(size);
      if (!part.live(ord)) {
        continue;
      }
      tried++;
      if (matches(part, filter, ord)) {
        matched++;
      }
    }
    return tried == 0 ? live : (double) matched / tried * live;
  }
}
