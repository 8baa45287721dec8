package dev.quiver.engine;

import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.storage.Durability;
import dev.quiver.storage.WriteAheadLog;

/**
 * Database-wide settings, sealed when the database is opened.
 *
 * @param durability when a write is acknowledged: after fsync (default), after a group commit
 *     within a bounded delay, or once handed to the OS
 * @param checkpointLogBytes log bytes after which a collection writes a checkpoint and drops the
 *     log before it (bounds recovery time); default {@value #DEFAULT_CHECKPOINT_LOG_BYTES} bytes
 * @param buildThreads threads that index large batches (and replay the log); default all cores
 * @param checkpointOnClose whether {@code close()} folds the log into a checkpoint (fast reopen)
 * @param models where model-bound collections find their embedding models; default: every
 *     provider on the class path ({@link EmbeddingModelProvider#discover()})
 * @param acceptLogLoss open a collection whose log has lost acknowledged records (a deleted or cut
 *     segment, damage) with what is there, instead of refusing; a WARNING says which records were
 *     lost, and the log after the damage is kept aside in its {@code wal/lost-<millis>} folder.
 *     Default false; {@code quiver serve --accept-log-loss} or {@code QUIVER_ACCEPT_LOG_LOSS=true}
 * @param walSegmentBytes size at which a collection's log starts a new segment file; default
 *     {@value dev.quiver.storage.WriteAheadLog#DEFAULT_SEGMENT_BYTES} bytes
 * @param snapshotLimits how much restoring a snapshot may unpack; default {@link SnapshotLimits#defaults()}
 * @param mergePolicy which sealed segments background merges combine; default {@link #defaultMergePolicy()}
 */
public record QuiverConfig(Durability durability, long checkpointLogBytes, int buildThreads,
    boolean checkpointOnClose, EmbeddingModelProvider models, boolean acceptLogLoss, long walSegmentBytes,
    SnapshotLimits snapshotLimits, dev.quiver.engine.segment.TieredMergePolicy mergePolicy) {

  /**
   * 16 MiB of log: a replay of that many 384-d upserts takes about a second on 2 cores (the
   * README has the figures), and a checkpoint of a collection is written at most once per 16 MiB
   * written to it.
   */
  public static final long DEFAULT_CHECKPOINT_LOG_BYTES = 16L << 20;

  public QuiverConfig {
    if (durability == null) {
      durability = Durability.FSYNC_EVERY_WRITE;
    }
    if (checkpointLogBytes < 1) {
      throw new IllegalArgumentException("checkpointLogBytes must be positive, got " + checkpointLogBytes);
    }
    if (buildThreads < 1) {
      throw new IllegalArgumentException("buildThreads must be >= 1, got " + buildThreads);
    }
    if (models == null) {
      models = EmbeddingModelProvider.discover();
    }
    if (walSegmentBytes < WriteAheadLog.MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException("walSegmentBytes must be at least " + WriteAheadLog.MIN_SEGMENT_BYTES
          + " (default " + WriteAheadLog.DEFAULT_SEGMENT_BYTES + "), got " + walSegmentBytes);
    }
    if (snapshotLimits == null) {
      snapshotLimits = SnapshotLimits.defaults();
    }
    if (mergePolicy == null) {
      mergePolicy = defaultMergePolicy();
    }
  }

  /**
   * The tiered policy's defaults, with merged segments bounded so that a merge's on-heap working
   * set (its vectors, graph and payloads, about 2 KB a point at 384 dimensions) stays within a
   * quarter of the heap: a merge builds its graph on the heap before writing it out.
   */
  static dev.quiver.engine.segment.TieredMergePolicy defaultMergePolicy() {
    long budget = Runtime.getRuntime().maxMemory() / 4;
    int cap = (int) Math.max(dev.quiver.engine.segment.TieredMergePolicy.DEFAULT_FLOOR_POINTS * 2L,
        Math.min(dev.quiver.engine.segment.TieredMergePolicy.DEFAULT_MAX_MERGED_POINTS, budget / 2048));
    return dev.quiver.engine.segment.TieredMergePolicy.builder().maxMergedPoints(cap).build();
  }

  public QuiverConfig(Durability durability, long checkpointLogBytes, int buildThreads,
      boolean checkpointOnClose, EmbeddingModelProvider models) {
    this(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, false,
        WriteAheadLog.DEFAULT_SEGMENT_BYTES, null, null);
  }

  public QuiverConfig(Durability durability, long checkpointLogBytes, int buildThreads,
      boolean checkpointOnClose) {
    this(durability, checkpointLogBytes, buildThreads, checkpointOnClose, null);
  }

  public static QuiverConfig defaults() {
    return new QuiverConfig(Durability.FSYNC_EVERY_WRITE, DEFAULT_CHECKPOINT_LOG_BYTES,
        Runtime.getRuntime().availableProcessors(), true, null);
  }

  public QuiverConfig withDurability(Durability d) {
    return new QuiverConfig(d, checkpointLogBytes, buildThreads, checkpointOnClose, models, acceptLogLoss, walSegmentBytes, snapshotLimits, mergePolicy);
  }

  public QuiverConfig withCheckpointLogBytes(long bytes) {
    return new QuiverConfig(durability, bytes, buildThreads, checkpointOnClose, models, acceptLogLoss, walSegmentBytes, snapshotLimits, mergePolicy);
  }

  public QuiverConfig withBuildThreads(int threads) {
    return new QuiverConfig(durability, checkpointLogBytes, threads, checkpointOnClose, models, acceptLogLoss, walSegmentBytes, snapshotLimits, mergePolicy);
  }

  public QuiverConfig withCheckpointOnClose(boolean b) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, b, models, acceptLogLoss, walSegmentBytes, snapshotLimits, mergePolicy);
  }

  public QuiverConfig withModels(EmbeddingModelProvider provider) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, provider, acceptLogLoss, walSegmentBytes, snapshotLimits, mergePolicy);
  }

  /** See {@code acceptLogLoss} above: for getting a damaged folder back up, never as a habit. */
  public QuiverConfig withAcceptLogLoss(boolean accept) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, accept, walSegmentBytes, snapshotLimits, mergePolicy);
  }

  public QuiverConfig withWalSegmentBytes(long bytes) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, acceptLogLoss, bytes, snapshotLimits, mergePolicy);
  }

  public QuiverConfig withSnapshotLimits(SnapshotLimits limits) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, acceptLogLoss, walSegmentBytes, limits, mergePolicy);
  }

  /** The policy that picks which sealed segments a background merge combines. */
  public QuiverConfig withMergePolicy(dev.quiver.engine.segment.TieredMergePolicy policy) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, acceptLogLoss,
        walSegmentBytes, snapshotLimits, policy);
  }
}
