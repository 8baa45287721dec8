package dev.quiver.engine;

import dev.quiver.engine.payload.PayloadSchemaType;
import java.util.Map;

/**
 * What a collection holds and how it is doing.
 *
 * @param name the collection's name
 * @param config its sealed configuration
 * @param pointCount live points
 * @param deletedVectors replaced or deleted point versions still occupying index space
 * @param payloadSchema indexed payload fields and their types
 * @param walBytes bytes of write-ahead log not yet folded into a checkpoint
 * @param diskBytes bytes of the collection's folder
 * @param lastLsn sequence number of the last applied write
 * @param status "green" when every write is applied and indexed
 * @param segmentsCount segments holding points: sealed ones on disk plus the in-memory one(s) when not empty
 * @param mappedBytes bytes of sealed segment files memory-mapped (page cache, not heap)
 * @param merges background and explicit merges completed since the collection was opened
 */
public record CollectionInfo(String name, CollectionConfig config, long pointCount, long deletedVectors,
    Map<String, PayloadSchemaType> payloadSchema, long walBytes, long diskBytes, long lastLsn,
    String status, int segmentsCount, long mappedBytes, long merges) {

  /** Info without storage figures (one segment, nothing mapped, no merges). */
  public CollectionInfo(String name, CollectionConfig config, long pointCount, long deletedVectors,
      Map<String, PayloadSchemaType> payloadSchema, long walBytes, long diskBytes, long lastLsn, String status) {
    this(name, config, pointCount, deletedVectors, payloadSchema, walBytes, diskBytes, lastLsn, status, 1, 0, 0);
  }
}
