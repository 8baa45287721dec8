/**
 * {@code quiver serve}: the engine over JSON/HTTP (docs/http-api.md), on Javalin 6 and Jetty 11.
 *
 * <p>Public surface: {@link dev.quiver.server.ServerConfig} (defaults, environment, {@code with*})
 * and {@link dev.quiver.server.QuiverServer} ({@code start}, {@code port}, {@code uri}, {@code
 * close}). Inside: one route table ({@code Route}: method, path template, access, handler) that
 * drives registration, auth ({@code ApiKeyAuth}) and the OpenAPI check; handlers in {@code
 * CollectionRoutes}, {@code SnapshotRoutes} and {@code SystemRoutes} parse with {@code ApiCodec},
 * call one engine method and write the envelope ({@code Responses}); every exception becomes an
 * envelope in {@code ErrorMapping}, Jetty's own refusals in {@code JsonErrorHandler}; bodies are read
 * within the size limit by {@code RequestBodies}; {@code ServerMetrics} renders Prometheus text.
 */
package dev.quiver.server;
