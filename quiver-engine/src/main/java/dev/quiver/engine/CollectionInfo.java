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
 */
public record CollectionInfo(String name, CollectionConfig config, long pointCount, long deletedVectors,
    Map<String, PayloadSchemaType> payloadSchema, long walBytes, long diskBytes, long lastLsn,
    String status) {}
