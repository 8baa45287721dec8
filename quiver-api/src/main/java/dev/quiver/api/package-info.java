/**
 * The JSON shapes of the HTTP API (docs/http-api.md), shared by the server and the client.
 *
 * <p>{@link dev.quiver.api.ApiCodec} converts engine values ({@code Point}, {@code SearchRequest},
 * {@code ScrollPage}, {@code CollectionInfo}...) to and from JSON; request readers are strict and
 * their messages name the JSON path, the bad value and what was expected. {@link
 * dev.quiver.api.ApiEnvelope} and {@link dev.quiver.api.ApiError} are the success and error
 * envelopes; {@link dev.quiver.api.ApiErrorCode} maps error codes to HTTP statuses, and {@link
 * dev.quiver.api.ApiError#toException()} back to the exceptions an embedded caller would see.
 * The small records ({@code GetPointsRequest}, {@code DeletePointsRequest}, {@code
 * PayloadRequest}, {@code DeletePayloadKeysRequest}, {@code CreateIndexRequest}, {@code
 * SnapshotDescription}) are the request bodies the engine has no record for.
 */
package dev.quiver.api;
