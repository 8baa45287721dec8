package dev.quiver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the model-bound vectors of a collection: fills in vectors that upserted points lack
 * from their payload text, and embeds text queries. Models are looked up on first use and their
 * version checked against the one sealed in the collection's config. Thread-safe; embedding runs
 * outside the collection's locks.
 */
final class Vectorizer {

  private final String collection;
  private final CollectionConfig config;
  private final EmbeddingModelProvider provider;
  private final Map<String, EmbeddingModel> models = new ConcurrentHashMap<>();

  Vectorizer(String collection, CollectionConfig config, EmbeddingModelProvider provider) {
    this.collection = collection;
    this.config = config;
    this.provider = provider;
  }

  /**
   * Fills in the model-bound vectors (dimension 0) and versions (null) of a new collection's config
   * from the models themselves, and refuses a declared dimension or version the model contradicts.
   */
  static CollectionConfig resolve(String collection, CollectionConfig cc, EmbeddingModelProvider provider) {
    Map<String, VectorParams> out = new LinkedHashMap<>();
    for (Map.Entry<String, VectorParams> e : cc.vectors().entrySet()) {
      VectorParams p = e.getValue();
      ModelBinding b = p.model();
      if (b != null) {
        EmbeddingModel m = provider.model(b.model());
        if (p.dimension() != 0 && p.dimension() != m.dimension()) {
          throw new IllegalArgumentException("vector '" + e.getKey() + "' of collection '" + collection
              + "' declares size " + p.dimension() + ", but model '" + b.model() + "' gives "
              + m.dimension() + "-dimensional vectors; omit size or set it to " + m.dimension());
        }
        if (b.version() != null && !b.version().equals(m.version())) {
          throw versionMismatch(collection, e.getKey(), b, m);
        }
        p = p.withDimension(m.dimension()).withModel(b.withVersion(m.version()));
      }
      out.put(e.getKey(), p);
    }
    return new CollectionConfig(out);
  }

  boolean bindsAny() {
    return config.vectors().values().stream().anyMatch(p -> p.model() != null);
  }

  /** The points with every missing model-bound vector computed from their payload text. */
  List<Point> fillVectors(List<Point> points) {
    if (!bindsAny()) {
      return points;
    }
    List<Point> out = new ArrayList<>(points);
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      ModelBinding b = e.getValue().model();
      if (b == null) {
        continue;
      }
      List<Integer> at = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        Point p = out.get(i);
        if (p.vectors().containsKey(e.getKey())) {
          continue;
        }
        JsonNode t = p.payload().get(b.source());
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
          throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) has no "
              + label(e.getKey()) + " and no text in payload field '" + b.source() + "' to embed it"
              + " with '" + b.model() + "'; give one or the other (got " + t + ")");
        }
        at.add(i);
        texts.add(t.asText());
      }
      if (texts.isEmpty()) {
        continue;
      }
      List<float[]> vectors = model(e.getKey()).embed(texts);
      for (int j = 0; j < at.size(); j++) {
        Point p = out.get(at.get(j));
        Map<String, float[]> vs = new HashMap<>(p.vectors());
        vs.put(e.getKey(), vectors.get(j));
        out.set(at.get(j), new Point(p.id(), vs, p.payload()));
      }
    }
    return out;
  }

  /** The query vector of {@code text} for the vector {@code using}. */
  float[] embedQuery(String using, String text) {
    VectorParams p = config.vectors().get(using);
    if (p == null) {
      throw new IllegalArgumentException("collection '" + collection + "' has no vector '" + using
          + "'; it has " + config.vectors().keySet());
    }
    if (p.model() == null) {
      throw new IllegalArgumentException(label(using) + " of collection '" + collection
          + "' is not bound to an embedding model, so it can only be searched with a vector;"
          + " create the collection with \"model\": \"all-MiniLM-L6-v2\" to search by text");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query text is empty; expected a sentence to embed");
    }
    return model(using).embedQuery(text);
  }

  private EmbeddingModel model(String vector) {
    return models.computeIfAbsent(vector, v -> {
      ModelBinding b = config.vectors().get(v).model();
      EmbeddingModel m = provider.model(b.model());
      if (!m.version().equals(b.version())) {
        throw versionMismatch(collection, v, b, m);
      }
      return m;
    });
  }

  private String label(String vector) {
    return config.vectors().size() == 1 ? "vector" : "vector '" + vector + "'";
  }

  private static IllegalArgumentException versionMismatch(String collection, String vector,
      ModelBinding b, EmbeddingModel m) {
    return new ModelMismatchException("collection '" + collection + "' vector '" + vector
        + "' was built with model '" + b.model() + "' version " + b.version()
        + ", but this database provides version " + m.version() + "; vectors of different"
        + " versions are not comparable. Open it with the matching model, or re-create the"
        + " collection and re-ingest");
  }
}
