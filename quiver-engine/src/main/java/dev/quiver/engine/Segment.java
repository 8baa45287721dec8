package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.payload.PayloadIndexes;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One segment of a collection: points addressed by ordinals 0..size-1, each with an id, a payload,
 * one stored vector per named vector and the LSN of the write that made it (its version). A point
 * version is never changed in place: an upsert or payload change adds a new version (in the
 * mutable segment) and marks the old one deleted, wherever it lives.
 *
 * <p>Visibility: {@link #deletedAt} holds, per ordinal, the LSN of the write that deleted or
 * replaced it ({@link Long#MAX_VALUE} while live). Only the collection's applying thread writes it,
 * in log order, before it publishes the {@link SegmentView} of that LSN; a view sees an ordinal iff
 * it is below the view's size for the segment and was deleted after the view's LSN. A delete is
 * therefore one array store, and a search that started before it keeps seeing the point.
 *
 * <p>Concurrency: the per-ordinal data (id, payload, version, vectors) is written once, before the
 * view that makes the ordinal visible is published, and never changed after, so reads need no lock.
 * The payload indexes are guarded by {@link #indexLock}: writers take it exclusively for the short
 * time they add entries, readers shared while they compute candidates or a text search.
 */
abstract class Segment {

  static final long LIVE = Long.MAX_VALUE;

  /** Numbers name segments in the id map and on disk; never reused within a collection. */
  final int number;
  final CollectionConfig config;
  final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
  /** LSN that deleted each ordinal, {@link #LIVE} while live; see the class comment. */
  volatile long[] deletedAt;
  /** Ordinals with a deletion LSN; written by the applying thread only. */
  volatile int deletedCount;

  Segment(int number, CollectionConfig config, long[] deletedAt) {
    this.number = number;
    this.config = config;
    this.deletedAt = deletedAt;
  }

  /** Ordinals held (live and deleted). */
  abstract int size();

  abstract PointId id(int ord);

  /** The stored payload of {@code ord} (never mutated; callers copy before handing it out). */
  abstract ObjectNode payload(int ord);

  /** LSN of the write that made this point version. */
  abstract long version(int ord);

  /** The stored (prepared) vector {@code name} of {@code ord}; do not modify it. */
  abstract float[] vector(String name, int ord);

  /** Approximate top-k of vector {@code name} among accepted ordinals not in {@code deleted}. */
  abstract TopHits search(String name, float[] query, int k, int ef, Bits accept, Bits deleted);

  /** Exact top-k of vector {@code name} among accepted ordinals not in {@code deleted}. */
  abstract TopHits exactSearch(String name, float[] query, int k, Bits accept, Bits deleted);

  /** The payload and text indexes; hold {@link #indexLock} while using them. */
  abstract PayloadIndexes payloadIndexes();

  /** Every ordinal holding a version of {@code id} (live or not), ascending; empty when none. */
  abstract int[] ordsOf(PointId id);

  /** Iterates ordinals in id order from the first id at or after {@code from} (null: the start). */
  abstract IdCursor cursor(PointId from);

  /** Whether ordinals may still be added (a search must then check every hit against its view). */
  abstract boolean growing();

  /** Bytes of memory-mapped files this segment reads from. */
  long mappedBytes() {
    return 0;
  }

  /** Marks {@code ord} deleted by the write at {@code lsn}. Applying thread only. */
  void markDeleted(int ord, long lsn) {
    long[] at = deletedAt;
    if (at[ord] == LIVE) {
      at[ord] = lsn;
      deletedCount++;
    }
  }

  static long[] liveArray(int n) {
    long[] a = new long[n];
    Arrays.fill(a, LIVE);
    return a;
  }

  /** (id, ordinal) pairs in id order. */
  interface IdCursor {
    /** Moves to the next pair; false at the end. */
    boolean next();

    PointId id();

    int ord();
  }
}
