package dev.quiver.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.embed.ingest.ChunkedDocument;
import dev.quiver.embed.ingest.Chunker;
import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.embed.ingest.Document;
import dev.quiver.embed.ingest.DocumentFiles;
import dev.quiver.embed.ingest.DocumentLoader;
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
import java.util.List;
import java.util.Map;

/**
 * Stores documents in a collection bound to an embedding model: loads each file, cuts it into
 * chunks, and upserts one point per chunk (the model computes the vectors from the chunk text).
 *
 * <p>Idempotent: chunk ids derive from the source path and chunk index, and every chunk carries the
 * file's content hash. A file whose hash is already stored is skipped; a changed file has its new
 * chunks upserted, then every chunk of the source with another hash deleted, so a reader sees the
 * old or the new version, never neither. Works on any {@link VectorCollection}: embedded, or remote
 * through the client (then the files are read where the ingester runs).
 *
 * <p>The first ingestion creates a {@code keyword} index on {@code source} (the delete of a
 * changed file's old chunks is planned from it) and a {@code text} index on {@code text} (for
 * keyword and hybrid search), unless the fields are indexed already.
 */
public final class Ingester {

  /** Progress callbacks; called from the ingesting thread. */
  public interface Listener {
    /** A document is done: {@code outcome} is added, replaced, unchanged or failed. */
    default void document(String source, String outcome, int chunks) {}
  }

  /** Chunks embedded and upserted per call: one model batch. */
  static final int BATCH = 64;

  private final VectorCollection collection;
  private final Chunker chunker;
  private final String textField;

  public Ingester(VectorCollection collection, ChunkingConfig chunking) {
    this.collection = collection;
    this.chunker = new Chunker(chunking);
    this.textField = boundTextField(collection);
  }

  /** Ingests the supported files under {@code paths} (folders recursively). */
  public IngestReport ingest(List<Path> paths, Listener listener) {
    List<Path> files = DocumentFiles.list(paths);
    long started = System.nanoTime();
    int[] counts = new int[4]; // added, replaced, unchanged, failed
    long chunks = 0;
    List<String> errors = new ArrayList<>();
    ensureIndexes();
    for (Path f : files) {
      Document doc;
      try {
        doc = DocumentLoader.load(f);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        counts[3]++;
        errors.add(f + ": " + e.getMessage());
        listener.document(f.toString(), "failed", 0);
        continue;
      }
      Outcome o;
      try {
        o = store(doc);
      } catch (IllegalArgumentException e) {
        // a vector of the collection cannot embed text (an image-only model): this file fails, the rest go on
        counts[3]++;
        errors.add(f + ": " + e.getMessage());
        listener.document(f.toString(), "failed", 0);
        continue;
      }
      counts[o.kind]++;
      chunks += o.chunks;
      listener.document(doc.source(), OUTCOMES[o.kind], o.chunks);
    }
    return new IngestReport(counts[0], counts[1], counts[2], counts[3], chunks, errors,
        (System.nanoTime() - started) / 1e9);
  }

  /** Ingests one already-loaded document (an upload). */
  public IngestReport ingest(Document doc) {
    long started = System.nanoTime();
    ensureIndexes();
    Outcome o = store(doc);
    int[] counts = new int[4];
    counts[o.kind]++;
    return new IngestReport(counts[0], counts[1], counts[2], counts[3], o.chunks, List.of(),
        (System.nanoTime() - started) / 1e9);
  }

  private static final String[] OUTCOMES = {"added", "replaced", "unchanged", "failed"};

  private record Outcome(int kind, int chunks) {}

  private Outcome store(Document doc) {
    Filter ofSource = Filter.parse("{\"must\": [{\"key\": \"" + ChunkedDocument.SOURCE + "\", \"match\": "
        + "{\"value\": " + JsonNodeFactory.instance.textNode(doc.source()) + "}}]}");
    ScrollPage stored = collection.scroll(ScrollRequest.of(1).withFilter(ofSource));
    boolean exists = !stored.points().isEmpty();
    if (exists) {
      JsonNode hash = stored.points().get(0).payload().get(ChunkedDocument.CONTENT_HASH);
      Filter other = otherVersions(doc);
      if (hash != null && hash.asText().equals(doc.contentHash()) && collection.count(other) == 0) {
        return new Outcome(2, 0);
      }
    }
    ChunkedDocument chunked = ChunkedDocument.of(doc, chunker);
    List<Point> batch = new ArrayList<>(BATCH);
    for (ChunkedDocument.Part part : chunked.parts()) {
      ObjectNode payload = part.payload();
      if (!textField.equals(ChunkedDocument.TEXT)) {
        payload.put(textField, part.chunk().text());
      }
      batch.add(new Point(new PointId.Uuid(part.id()), Map.of(), payload));
      if (batch.size() == BATCH) {
        collection.upsert(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      collection.upsert(batch);
    }
    if (exists) {
      collection.delete(otherVersions(doc)); // the old version's chunks, including surplus ones
    }
    return new Outcome(exists ? 1 : 0, chunked.parts().size());
  }

  private static Filter otherVersions(Document doc) {
    JsonNodeFactory n = JsonNodeFactory.instance;
    return Filter.parse("{\"must\": [{\"key\": \"" + ChunkedDocument.SOURCE + "\", \"match\": {\"value\": "
        + n.textNode(doc.source()) + "}}], \"must_not\": [{\"key\": \"" + ChunkedDocument.CONTENT_HASH
        + "\", \"match\": {\"value\": " + n.textNode(doc.contentHash()) + "}}]}");
  }

  private void ensureIndexes() {
    Map<String, PayloadSchemaType> schema = collection.info().payloadSchema();
    if (!schema.containsKey(ChunkedDocument.SOURCE)) {
      collection.createPayloadIndex(ChunkedDocument.SOURCE, PayloadSchemaType.KEYWORD);
    }
    if (!schema.containsKey(textField)) {
      collection.createPayloadIndex(textField, PayloadSchemaType.TEXT);
    }
  }

  /** The payload field every vector of the collection embeds; refuses collections without a model. */
  private static String boundTextField(VectorCollection c) {
    String field = null;
    for (Map.Entry<String, VectorParams> e : c.config().vectors().entrySet()) {
      ModelBinding b = e.getValue().model();
      if (b == null) {
        throw new IllegalArgumentException("collection '" + c.name() + "' vector '" + e.getKey()
            + "' is not bound to an embedding model, so documents cannot be ingested into it; create"
            + " the collection with {\"vectors\": {\"model\": \"all-MiniLM-L6-v2\"}}");
      }
      if (field != null && !field.equals(b.source())) {
        throw new IllegalArgumentException("collection '" + c.name() + "' embeds different payload"
            + " fields (" + field + ", " + b.source() + "); ingestion needs one text field");
      }
      field = b.source();
    }
    return field;
  }
}
