package dev.quiver.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.embed.ingest.ChunkedDocument;
import dev.quiver.engine.ModelBinding;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Stores image and sound files in a collection whose vectors are bound to models that take them:
 * one point per file, its vectors computed by the models from the file's bytes (one image fills
 * every image-taking vector, e.g. a CNN's {@code image} and a joint model's {@code clip}). The
 * payload keeps {@code source}, {@code media}, {@code media_type}, {@code content_hash},
 * {@code size_bytes} and, read from the header, {@code width}/{@code height} or
 * {@code duration_seconds}; the bytes themselves only when asked ({@code data_base64}).
 *
 * <p>Idempotent like {@link Ingester}: the point id derives from the source, so a changed file
 * replaces its point in one upsert, and a file whose hash is already stored is skipped. Works on
 * any {@link VectorCollection}: embedded, or remote through the client (then the files are read
 * where the ingester runs and their bytes sent with the points).
 */
public final class MediaIngester {

  /** Payload field holding the file's bytes, base64, when the ingester keeps them. */
  public static final String DATA_BASE64 = "data_base64";

  /** What storing one file did. */
  public record Stored(PointId id, String status) {}

  private final VectorCollection collection;
  private final String inputVector;
  private final boolean keepBytes;

  /**
   * @param keepBytes also store the file's bytes in the payload ({@value #DATA_BASE64}), so they
   *     can be served back; off by default, as the vectors are what search needs
   */
  public MediaIngester(VectorCollection collection, boolean keepBytes) {
    this.collection = collection;
    this.keepBytes = keepBytes;
    this.inputVector = firstBoundVector(collection);
  }

  public MediaIngester(VectorCollection collection) {
    this(collection, false);
  }

  /** Files embedded and upserted per call: one model batch per vector. */
  static final int BATCH = 32;

  /**
   * Ingests these media files (already listed: see {@link IngestFiles}), {@value #BATCH} per model
   * call; a batch the collection refuses is retried file by file, so one bad file fails alone.
   */
  public IngestReport ingest(List<Path> files, Ingester.Listener listener) {
    long started = System.nanoTime();
    int[] counts = new int[4]; // added, replaced, unchanged, failed
    List<String> errors = new ArrayList<>();
    ensureIndexes();
    List<Pending> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      try {
        MediaFile file = MediaFile.load(f);
        Pending p = prepare(file);
        if (p == null) {
          counts[2]++;
          listener.document(file.source(), "unchanged", 0);
        } else {
          batch.add(p);
        }
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        counts[3]++;
        errors.add(f + ": " + e.getMessage());
        listener.document(f.toString(), "failed", 0);
      }
      if (batch.size() == BATCH || (i == files.size() - 1 && !batch.isEmpty())) {
        flush(batch, counts, errors, listener);
        batch.clear();
      }
    }
    return new IngestReport(counts[0], counts[1], counts[2], counts[3], counts[0] + counts[1], errors,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Stores one file (an upload): {@code added}, {@code replaced} (its bytes changed) or
   * {@code unchanged}.
   *
   * @throws IllegalArgumentException when a vector of the collection cannot be computed from it
   *     (its model does not take this modality, or cannot decode the bytes)
   */
  public Stored ingest(MediaFile file) {
    ensureIndexes();
    Pending p = prepare(file);
    if (p == null) {
      return new Stored(idOf(file), "unchanged");
    }
    try {
      collection.upsert(p.point);
    } catch (IllegalArgumentException e) {
      throw refused(file, e);
    }
    return finish(p);
  }

  /** A file to upsert: its point, and whether its source was stored before. */
  private record Pending(MediaFile file, Point point, boolean exists) {}

  private static PointId idOf(MediaFile file) {
    return new PointId.Uuid(ChunkedDocument.chunkId(file.source(), 0));
  }

  /** The point to upsert for {@code file}, or null when the same bytes are stored already. */
  private Pending prepare(MediaFile file) {
    PointId id = idOf(file);
    Filter ofSource = Filter.parse("{\"must\": [{\"key\": \"" + MediaFile.SOURCE + "\", \"match\": "
        + "{\"value\": " + JsonNodeFactory.instance.textNode(file.source()) + "}}]}");
    ScrollPage stored = collection.scroll(ScrollRequest.of(2).withFilter(ofSource));
    boolean exists = !stored.points().isEmpty();
    if (stored.points().size() == 1 && stored.points().get(0).id().equals(id)) {
      JsonNode hash = stored.points().get(0).payload().get(MediaFile.CONTENT_HASH);
      if (hash != null && hash.asText().equals(file.contentHash())) {
        return null;
      }
    }
    ObjectNode payload = file.payload();
    if (keepBytes) {
      payload.put(DATA_BASE64, Base64.getEncoder().encodeToString(file.bytes()));
    }
    return new Pending(file, Point.ofMedia(id, inputVector, file.input(), payload), exists);
  }

  private void flush(List<Pending> batch, int[] counts, List<String> errors, Ingester.Listener listener) {
    List<Pending> stored = new ArrayList<>(batch);
    try {
      collection.upsert(batch.stream().map(Pending::point).toList());
    } catch (IllegalArgumentException batchRefused) {
      stored.clear();
      for (Pending p : batch) {
        try {
          collection.upsert(p.point);
          stored.add(p);
        } catch (IllegalArgumentException e) {
          counts[3]++;
          errors.add(refused(p.file, e).getMessage()); // names the file
          listener.document(p.file.source(), "failed", 0);
        }
      }
    }
    for (Pending p : stored) {
      Stored s = finish(p);
      counts[s.status().equals("added") ? 0 : 1]++;
      listener.document(p.file.source(), s.status(), 1);
    }
  }

  /** Drops points of the same source under other ids (e.g. chunks of a document of that name). */
  private Stored finish(Pending p) {
    PointId id = p.point.id();
    if (p.exists) {
      collection.delete(Filter.parse("{\"must\": [{\"key\": \"" + MediaFile.SOURCE + "\", \"match\": {\"value\": "
          + JsonNodeFactory.instance.textNode(p.file.source()) + "}}], \"must_not\": [{\"has_id\": [\""
          + id + "\"]}]}"));
    }
    return new Stored(id, p.exists ? "replaced" : "added");
  }

  private IllegalArgumentException refused(MediaFile file, IllegalArgumentException e) {
    return new IllegalArgumentException("cannot store " + file.modality().wireName() + " '" + file.source()
        + "' in collection '" + collection.name() + "': " + e.getMessage(), e);
  }

  private void ensureIndexes() {
    Map<String, PayloadSchemaType> schema = collection.info().payloadSchema();
    if (!schema.containsKey(MediaFile.SOURCE)) {
      collection.createPayloadIndex(MediaFile.SOURCE, PayloadSchemaType.KEYWORD);
    }
    if (!schema.containsKey(MediaFile.MEDIA)) {
      collection.createPayloadIndex(MediaFile.MEDIA, PayloadSchemaType.KEYWORD);
    }
  }

  /** The vector the file's input is named for; every other bound vector taking it shares it. */
  private static String firstBoundVector(VectorCollection c) {
    for (Map.Entry<String, VectorParams> e : c.config().vectors().entrySet()) {
      ModelBinding b = e.getValue().model();
      if (b == null) {
        throw new IllegalArgumentException("collection '" + c.name() + "' vector '" + e.getKey()
            + "' is not bound to an embedding model, so images and sounds cannot be ingested into it;"
            + " create the collection with a model for every vector, e.g. {\"vectors\": {\"image\":"
            + " {\"model\": \"<an image model>\"}}}");
      }
    }
    return c.config().vectors().keySet().iterator().next();
  }
}
