package dev.quiver.engine;

/**
 * What opening a collection took: the checkpoint it loaded and the log it replayed after it.
 *
 * @param checkpointLsn LSN of the checkpoint loaded (0: none)
 * @param replayedRecords log records replayed after it
 * @param replayedBytes their payload bytes
 * @param replayMillis time spent replaying them (decoding, applying, indexing)
 * @param openMillis the whole open: checkpoint load, log recovery and replay
 */
public record RecoveryReport(long checkpointLsn, long replayedRecords, long replayedBytes, long replayMillis,
    long openMillis) {}
