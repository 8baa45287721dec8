package dev.quiver.engine;

import dev.quiver.core.index.Bits;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.text.TextIndex;
import java.util.function.Function;

/**
 * Searches over a {@link SegmentView}: each segment is searched on its own (its filter planned
 * against its own payload indexes, the points the view does not see hidden) and the per-segment
 * hits are merged into one top-k of view ordinals. Each segment returns its own top k, so the
 * merged list holds k hits whenever k points match, and exact per-segment searches give the exact
 * global top k.
 */
final class ViewSearch {

  private ViewSearch() {}

  /** Top {@code k} of vector {@code name}, as view ordinals, best first. */
  static TopHits vectors(SegmentView view, String name, float[] query, int k, int ef, boolean exact, Filter filter) {
    Merger merged = new Merger(k);
    for (int p = 0; p < view.parts.length; p++) {
      SegmentView.Part part = view.parts[p];
      if (part.liveCount() == 0) {
        continue;
      }
      Bits accept = filter == null ? null : FilterPlanner.plan(part, filter);
      Bits hidden = part.hidden();
      TopHits hits = exact ? part.segment.exactSearch(name, query, k, accept, hidden)
          : part.segment.search(name, query, k, ef, accept, hidden);
      merged.add(hits, view.base(p));
    }
    return merged.top();
  }

  /**
   * Top {@code k} by BM25 on the text index of {@code field}, as view ordinals. Each segment scores
   * with its own statistics (document count, average length, document frequencies), as every
   * segment of one size would; segments are small relative to the corpus they sample only when the
   * mutable one is young.
   */
  static TopHits keywords(SegmentView view, String field, String text, int k, Filter filter) {
    Merger merged = new Merger(k);
    for (int p = 0; p < view.parts.length; p++) {
      SegmentView.Part part = view.parts[p];
      if (part.liveCount() == 0) {
        continue;
      }
      Bits accept = filter == null ? part.liveBits() : and(FilterPlanner.plan(part, filter), part);
      Segment s = part.segment;
      s.indexLock.readLock().lock();
      try {
        TextIndex index = s.payloadIndexes().text(field);
        if (index != null) {
          merged.add(index.search(text, k, accept), view.base(p));
        }
      } finally {
        s.indexLock.readLock().unlock();
      }
    }
    return merged.top();
  }

  /** The largest value {@code f} gives for a text index of {@code field} among the view's segments. */
  static double maxOverTextIndexes(SegmentView view, String field, Function<TextIndex, Double> f) {
    double best = 0;
    for (SegmentView.Part part : view.parts) {
      Segment s = part.segment;
      s.indexLock.readLock().lock();
      try {
        TextIndex index = s.payloadIndexes().text(field);
        if (index != null && part.liveCount() > 0) {
          best = Math.max(best, f.apply(index));
        }
      } finally {
        s.indexLock.readLock().unlock();
      }
    }
    return best;
  }

  private static Bits and(Bits accept, SegmentView.Part part) {
    return new Bits() {
      @Override
      public boolean get(int ord) {
        return part.live(ord) && accept.get(ord);
      }

      @Override
      public int length() {
        return part.visible;
      }
    };
  }

  /** Keeps the best {@code k} of several hit lists (higher score first; ties in the order added). */
  static final class Merger {
    private final int k;
    private int[] ords = new int[16];
    private float[] scores = new float[16];
    private int n;
    private int visited;

    Merger(int k) {
      this.k = k;
    }

    void add(TopHits hits, int base) {
      visited += hits.visited();
      for (int i = 0; i < hits.size(); i++) {
        if (n == ords.length) {
          ords = java.util.Arrays.copyOf(ords, n * 2);
          scores = java.util.Arrays.copyOf(scores, n * 2);
        }
        ords[n] = base + hits.ords()[i];
        scores[n] = hits.scores()[i];
        n++;
      }
    }

    TopHits top() {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      // Stable: equal scores keep the order the segments returned them in (one segment's list
      // comes back as it was).
      java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
      int m = Math.min(k, n);
      int[] o = new int[m];
      float[] s = new float[m];
      for (int i = 0; i < m; i++) {
        o[i] = ords[order[i]];
        s[i] = scores[order[i]];
      }
      return new TopHits(o, s, visited);
    }
  }
}
