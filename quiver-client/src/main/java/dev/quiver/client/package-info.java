/**
 * A Java client of the Quiver HTTP server that implements the engine's own interfaces, so code
 * moves between an embedded database and a server by changing the line that opens it:
 *
 * <pre>{@code
 * VectorDatabase db = Quiver.open(Path.of("data"));
 * VectorDatabase db = QuiverClient.connect(URI.create("http://127.0.0.1:7333"));
 * }</pre>
 *
 * <p>{@link dev.quiver.client.QuiverClient} is the {@code VectorDatabase} (plus the server's
 * snapshot routes); {@link dev.quiver.client.RemoteCollection} the {@code VectorCollection}. Both
 * are immutable and thread-safe. JSON goes through {@code dev.quiver.api.ApiCodec}, the codec the
 * server uses, and error envelopes come back as the exceptions the embedded engine throws
 * ({@code ApiError#toException()}). The tests hold the proof: {@code VectorCollectionContract} runs
 * against both implementations, and {@code ParityTest} compares whole outcomes call by call.
 *
 * <p>Known differences: a request body is limited by the server (32 MiB by default; over it an
 * upsert fails with {@code IllegalArgumentException}, so split very large batches); a
 * {@code RemoteCollection} is a name, so after its collection is deleted it fails with
 * {@code NoSuchCollectionException} (or reaches a collection re-created under that name), where an
 * embedded handle stays closed ({@code IllegalStateException}).
 */
package dev.quiver.client;
