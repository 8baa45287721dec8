package dev.quiver.engine;

import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.storage.Durability;

/**
 * Database-wide settings, sealed when the database is opened.
 *
 * @param durability when a write is acknowledged: after fsync (default), after a group commit
 *     within a bounded delay, or once handed to the OS
 * @param checkpointLogBytes log bytes after which a collection writes a checkpoint and drops the
 *     log before it (bounds recovery time); default 64 MiB
 * @param buildThreads threads that index large batches; default all cores
 * @param checkpointOnClose whether {@code close()} folds the log into a checkpoint (fast reopen)
 * @param models where model-bound collections find their embedding models; default: every
 *     provider on the class path ({@link EmbeddingModelProvider#discover()})
 * @param snapshotLimits how much restoring a snapshot may unpack; default {@link SnapshotLimits#defaults()}
 */
public record QuiverConfig(Durability durability, long checkpointLogBytes, int buildThreads,
    boolean checkpointOnClose, EmbeddingModelProvider models, SnapshotLimits snapshotLimits) {

  public static final long DEFAULT_CHECKPOINT_LOG_BYTES = 64L << 20;

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
    if (snapshotLimits == null) {
      snapshotLimits = SnapshotLimits.defaults();
    }
  }

  public QuiverConfig(Durability durability, long checkpointLogBytes, int buildThreads,
      boolean checkpointOnClose, EmbeddingModelProvider models) {
    this(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, null);
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
    return new QuiverConfig(d, checkpointLogBytes, buildThreads, checkpointOnClose, models, snapshotLimits);
  }

  public QuiverConfig withCheckpointLogBytes(long bytes) {
    return new QuiverConfig(durability, bytes, buildThreads, checkpointOnClose, models, snapshotLimits);
  }

  public QuiverConfig withBuildThreads(int threads) {
    return new QuiverConfig(durability, checkpointLogBytes, threads, checkpointOnClose, models, snapshotLimits);
  }

  public QuiverConfig withCheckpointOnClose(boolean b) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, b, models, snapshotLimits);
  }

  public QuiverConfig withModels(EmbeddingModelProvider provider) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, provider, snapshotLimits);
  }

  public QuiverConfig withSnapshotLimits(SnapshotLimits limits) {
    return new QuiverConfig(durability, checkpointLogBytes, buildThreads, checkpointOnClose, models, limits);
  }
}
