package dev.quiver.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.SnapshotDescription;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Quiver server seen as a {@link VectorDatabase}: the same interface as the embedded
 * {@code Quiver}, so code switches between in-process and remote by changing one line:
 *
 * <pre>{@code
 * VectorDatabase db = Quiver.open(Path.of("data"));                           // in this JVM
 * VectorDatabase db = QuiverClient.connect(URI.create("http://127.0.0.1:7333")); // a server
 *
 * VectorCollection docs = db.createCollection("docs",
 *     CollectionConfig.single(VectorParams.of(384, Metric.COSINE)));
 * docs.upsert(Point.of(1, vector, payload));
 * List<ScoredPoint> hits = docs.search(SearchRequest.of(query, 10));
 * }</pre>
 *
 * <p>Errors are the embedded ones: the server's error envelope becomes the exception the engine
 * would have thrown ({@code NoSuchCollectionException}, {@code CollectionExistsException},
 * {@code InvalidFilterException}, {@code IllegalArgumentException} with the engine's message...);
 * a missing or wrong key (401) and a read-only key on a write (403) are {@link SecurityException}s;
 * a server that cannot be reached, a timeout or a server fault is an
 * {@link java.io.UncheckedIOException} naming the URL.
 *
 * <p>Thread-safe: one client (and the collections it hands out) may be shared by every thread; it
 * keeps a pool of HTTP/1.1 connections. {@link #close()} releases them.
 */
public final class QuiverClient implements VectorDatabase {

  /** Per-request timeout unless the builder sets another. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Transport transport;

  private QuiverClient(Transport transport) {
    this.transport = transport;
  }

  /** A client of the server at {@code uri} (e.g. {@code http://127.0.0.1:7333}) without an API key. */
  public static QuiverClient connect(URI uri) {
    return builder(uri).build();
  }

  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** Options of a client; {@link #build()} makes it. */
  public static final class Builder {
    private final URI uri;
    private String apiKey;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "server URI");
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("server URI '" + uri + "' must be http:// or https://,"
            + " e.g. http://127.0.0.1:7333");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("server URI '" + uri + "' has no host; expected e.g. http://127.0.0.1:7333");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException("server URI '" + uri + "' must not have a query or fragment");
      }
      this.uri = uri;
    }

    /** The admin or read-only key, sent as header {@code api-key}; null: none. */
    public Builder apiKey(String key) {
      this.apiKey = key == null || key.isEmpty() ? null : key;
      return this;
    }

    /** How long one request may take, from sending to the end of the response. */
    public Builder timeout(Duration t) {
      this.timeout = positive(t, "timeout");
      return this;
    }

    public Builder connectTimeout(Duration t) {
      this.connectTimeout = positive(t, "connect timeout");
      return this;
    }

    private static Duration positive(Duration t, String what) {
      if (t == null || t.isZero() || t.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, got " + t);
      }
      return t;
    }

    public QuiverClient build() {
      return new QuiverClient(new Transport(uri, apiKey, timeout, connectTimeout));
    }
  }

  private static String collectionPath(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("collection name '" + name + "' is invalid; expected 1 to 64 of"
          + " letters, digits, '_', '.', '-' not starting with '.' or '-'");
    }
    return "/collections/" + Transport.segment(name);
  }

  // ---------------------------------------------------------------- data quality

  /**
   * The health report of a collection ({@code GET /collections/{c}/inspect}) as the server's JSON;
   * {@code params} are the route's query parameters ({@code k}, {@code near_duplicate}, ...).
   */
  public JsonNode inspect(String collection, java.util.Map<String, String> params) {
    StringBuilder q = new StringBuilder();
    params.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(java.net.URLEncoder.encode(k,
        java.nio.charset.StandardCharsets.UTF_8)).append('=').append(java.net.URLEncoder.encode(v,
        java.nio.charset.StandardCharsets.UTF_8)));
    return transport.call("GET", collectionPath(collection) + "/inspect" + q, null);
  }

  // ---------------------------------------------------------------- VectorDatabase

  @Override
  public RemoteCollection createCollection(String name, CollectionConfig config) {
    Objects.requireNonNull(config, "collection config");
    transport.call("PUT", collectionPath(name), config.toJson());
    // the server resolves what creation fills in (a model-bound vector's dimension and version)
    return collection(name);
  }

  @Override
  public RemoteCollection collection(String name) {
    JsonNode info = transport.call("GET", collectionPath(name), null);
    return new RemoteCollection(transport, name, ApiCodec.collectionInfoFromJson(name, info).config());
  }

  @Override
  public boolean hasCollection(String name) {
    return ApiCodec.existsFromJson(transport.call("GET", collectionPath(name) + "/exists", null));
  }

  @Override
  public List<String> collectionNames() {
    return ApiCodec.collectionNamesFromJson(transport.call("GET", "/collections", null));
  }

  @Override
  public void deleteCollection(String name) {
    transport.call("DELETE", collectionPath(name), null);
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Takes a snapshot of a collection on the server (kept in its data folder).
   *
   * @return the snapshot's name, for {@link #downloadSnapshot} and {@link #deleteSnapshot}
   */
  public String createSnapshot(String collection) {
    return ApiCodec.snapshotFromJson(transport.call("POST", collectionPath(collection) + "/snapshots", null)).name();
  }

  /** The collection's snapshots on the server, by name. */
  public List<SnapshotDescription> listSnapshots(String collection) {
    return ApiCodec.snapshotsFromJson(transport.call("GET", collectionPath(collection) + "/snapshots", null));
  }

  /** Writes the snapshot file to {@code target} (replacing it), e.g. to restore it elsewhere. */
  public void downloadSnapshot(String collection, String snapshot, Path target) {
    transport.download(snapshotPath(collection, snapshot), target);
  }

  /**
   * Uploads a snapshot file (from {@link #downloadSnapshot} or {@code Quiver#createSnapshot}) and
   * restores it on the server as the new collection {@code collection}.
   *
   * @throws dev.quiver.engine.CollectionExistsException if the name is taken
   * @throws IllegalArgumentException if the file is not a readable snapshot
   */
  public RemoteCollection restoreSnapshot(Path file, String collection) {
    transport.upload(collectionPath(collection) + "/snapshots/upload", file);
    return collection(collection);
  }

  public void deleteSnapshot(String collection, String snapshot) {
    transport.call("DELETE", snapshotPath(collection, snapshot), null);
  }

  private static String snapshotPath(String collection, String snapshot) {
    if (snapshot == null || snapshot.isEmpty()) {
      throw new IllegalArgumentException("snapshot name is empty; expected a name from listSnapshots");
    }
    return collectionPath(collection) + "/snapshots/" + Transport.segment(snapshot);
  }

  /** The server's base URI. */
  public URI uri() {
    return URI.create(transport.base());
  }

  @Override
  public String toString() {
    return "QuiverClient[" + transport.base() + "]";
  }

  /** Closes the connections; collections obtained from this client stop working. */
  @Override
  public void close() {
    transport.close();
  }
}
