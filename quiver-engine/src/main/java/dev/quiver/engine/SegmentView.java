package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of a collection as of one LSN: its segments (oldest first, the mutable one
 * last), how many ordinals of each the view sees, and the payload index schema. Published by the
 * applying thread through an atomic reference after every write; every read takes the current one
 * and holds no lock while it searches (see {@link Segment} for why that is safe).
 *
 * <p>Reads that combine segments (a top-k, a fusion, a report) address points by <em>view
 * ordinals</em>: a segment's ordinals shifted by the ordinals of the segments before it in this
 * view ({@link #base}).
 */
final class SegmentView {

  final long lsn;
  final Part[] parts;
  final Map<String, PayloadSchemaType> schema;
  private final int[] bases;
  private final int ords;

  SegmentView(long lsn, List<Part> parts, Map<String, PayloadSchemaType> schema) {
    this.lsn = lsn;
    this.parts = parts.toArray(new Part[0]);
    this.schema = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(schema));
    this.bases = new int[this.parts.length];
    long total = 0;
    for (int i = 0; i < this.parts.length; i++) {
      bases[i] = (int) total;
      total += this.parts[i].visible;
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalStateException("a view of " + total + " ordinals exceeds " + Integer.MAX_VALUE);
    }
    this.ords = (int) total;
  }

  /** One segment as this view sees it. */
  static final class Part {
    final Segment segment;
    /** Ordinals [0, visible) of the segment are in the view. */
    final int visible;
    /** Of those, how many are deleted as of the view. */
    final int deleted;
    final long lsn;
    private final long[] deletedAt;

    Part(Segment segment, int visible, int deleted, long lsn) {
      this.segment = segment;
      this.visible = visible;
      this.deleted = deleted;
      this.lsn = lsn;
      this.deletedAt = segment.deletedAt;
    }

    boolean live(int ord) {
      return ord >= 0 && ord < visible && deletedAt[ord] > lsn;
    }

    int liveCount() {
      return visible - deleted;
    }

    /**
     * The ordinals a search of this part must not return: deleted as of the view, or at or past
     * {@link #visible}. Exact cardinality only once the segment stops growing.
     */
    Bits hidden() {
      boolean exact = !segment.growing() && visible == segment.size();
      return new Bits() {
        @Override
        public boolean get(int ord) {
          return ord >= visible || deletedAt[ord] <= lsn;
        }

        @Override
        public int length() {
          return visible;
        }

        @Override
        public int cardinality() {
          return exact ? deleted : -1;
        }
      };
    }

    /** Live ordinals (a convenience for scans). */
    Bits liveBits() {
      return new Bits() {
        @Override
        public boolean get(int ord) {
          return ord < visible && deletedAt[ord] > lsn;
        }

        @Override
        public int length() {
          return visible;
        }

        @Override
        public int cardinality() {
          return visible - deleted;
        }
      };
    }
  }

  /** Ordinals in the view (live and deleted): the length of view-ordinal bit sets. */
  int ords() {
    return ords;
  }

  long liveCount() {
    long n = 0;
    for (Part p : parts) {
      n += p.liveCount();
    }
    return n;
  }

  long deletedCount() {
    long n = 0;
    for (Part p : parts) {
      n += p.deleted;
    }
    return n;
  }

  int base(int part) {
    return bases[part];
  }

  /** The part holding view ordinal {@code viewOrd}. */
  int partOf(int viewOrd) {
    int i = Arrays.binarySearch(bases, viewOrd);
    if (i < 0) {
      return -i - 2;
    }
    // Empty parts share a base with the next: take the last part starting here.
    while (i + 1 < bases.length && bases[i + 1] == viewOrd) {
      i++;
    }
    return i;
  }

  PointId id(int viewOrd) {
    int p = partOf(viewOrd);
    return parts[p].segment.id(viewOrd - bases[p]);
  }

  ObjectNode payload(int viewOrd) {
    int p = partOf(viewOrd);
    return parts[p].segment.payload(viewOrd - bases[p]);
  }

  float[] vector(String name, int viewOrd) {
    int p = partOf(viewOrd);
    return parts[p].segment.vector(name, viewOrd - bases[p]);
  }

  /** The view ordinal of the visible version of {@code id}, or -1. At most one version is visible. */
  int find(PointId id) {
    for (int p = parts.length - 1; p >= 0; p--) {
      Part part = parts[p];
      for (int ord : part.segment.ordsOf(id)) {
        if (part.live(ord)) {
          return bases[p] + ord;
        }
      }
    }
    return -1;
  }
}
