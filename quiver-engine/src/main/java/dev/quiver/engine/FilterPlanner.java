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

  /** Acceptance set over ordinals for {@code filter} (never null). Caller holds the read lock. */
  static Bits plan(CollectionState state, Filter filter) {
    int size = state.size();
    int live = state.idToOrd.size();
    Candidates c = state.payloadIndexes.candidates(filter, size);
    if (c.bits() != null && c.exact()) {
      return c.bits();
    }
    FixedBitSet superset = c.bits();
    double estimate = superset != null ? c.estimate() : sampleEstimate(state, filter, size, live);
    if (estimate <= Math.max(1000, MATERIALIZE_BELOW * live)) {
      return materialize(state, filter, superset, size);
    }
    int cardinality = (int) Math.max(1, Math.min(live, estimate));
    return new Bits() {
      @Override
      public boolean get(int ord) {
        return (superset == null || superset.get(ord)) && state.matches(filter, ord);
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

  /** Exactly the live ordinals matching {@code filter}. */
  static FixedBitSet materialize(CollectionState state, Filter filter, FixedBitSet superset, int size) {
    FixedBitSet bits = new FixedBitSet(size);
    if (superset != null) {
      for (int ord = superset.nextSetBit(0); ord >= 0; ord = superset.nextSetBit(ord + 1)) {
        if (state.matches(filter, ord)) {
          bits.set(ord);
        }
      }
    } else {
      for (int ord : state.idToOrd.values()) {
        if (state.matches(filter, ord)) {
          bits.set(ord);
        }
      }
    }
    return bits;
  }

  private static double sampleEstimate(CollectionState state, Filter filter, int size, int live) {
    if (live <= SAMPLE * 4) {
      return materialize(state, filter, null, size).cardinality();
    }
    SplittableRandom rnd = new SplittableRandom(size * 31L + live);
    int tried = 0;
    int matched = 0;
    for (int i = 0; i < SAMPLE * 4 && tried < SAMPLE; i++) {
      int ord = rnd.nextInt(size);
      ObjectNode payload = state.payload(ord);
      if (payload == null) {
        continue;
      }
      tried++;
      if (state.matches(filter, ord)) {
        matched++;
      }
    }
    return tried == 0 ? live : (double) matched / tried * live;
  }
}
