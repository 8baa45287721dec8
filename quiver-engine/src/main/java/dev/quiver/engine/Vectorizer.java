package dev.quiver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.core.embed.Modality;
import java.util.EnumMap;
import java.util.Set;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the model-bound vectors of a collection: fills in vectors that upserted points lack
 * from their media inputs or payload text, and embeds text, image and sound queries. What a bound
 * vector accepts is what its model's {@link EmbeddingModel#modalities()} say. Models are looked up on first use and their
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

  /**
   * The points with every missing model-bound vector computed, and their media inputs consumed.
   * A bound vector is computed from the point's input for that vector; else from its one input of
   * a modality the vector's model takes (so one image fills every image-taking vector); else, when
   * the model takes text, from the payload text field. Embedding is batched per vector and modality.
   */
  List<Point> fillVectors(List<Point> points) {
    for (int i = 0; i < points.size(); i++) {
      if (!points.get(i).inputs().isEmpty()) {
        checkInputNames(points.get(i), i);
      }
    }
    if (!bindsAny()) {
      return points;
    }
    List<Point> out = new ArrayList<>(points);
    List<Map<String, float[]>> computed = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      computed.add(new HashMap<>(out.get(i).vectors()));
    }
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      String vector = e.getKey();
      ModelBinding b = e.getValue().model();
      if (b == null) {
        continue;
      }
      EmbeddingModel m = model(vector);
      Set<Modality> takes = m.modalities();
      List<Integer> textAt = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      Map<Modality, List<Integer>> mediaAt = new EnumMap<>(Modality.class);
      Map<Modality, List<byte[]>> media = new EnumMap<>(Modality.class);
      for (int i = 0; i < out.size(); i++) {
        Point p = out.get(i);
        MediaInput own = p.inputs().get(vector);
        if (p.vectors().containsKey(vector)) {
          if (own != null) {
            throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) gives both"
                + " a vector and an " + own.modality().wireName() + " input for " + label(vector)
                + "; give one or the other");
          }
          continue;
        }
        MediaInput in = own != null ? own : sharedInput(p, i, vector, takes);
        if (in != null) {
          if (!takes.contains(in.modality())) {
            throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) gives an "
                + in.modality().wireName() + " input for " + label(vector) + " of collection '" + collection
                + "', but its model '" + b.model() + "' embeds " + names(takes) + "; give "
                + (takes.contains(Modality.TEXT) ? "text or " : "") + "an input of a modality it takes");
          }
          mediaAt.computeIfAbsent(in.modality(), k -> new ArrayList<>()).add(i);
          media.computeIfAbsent(in.modality(), k -> new ArrayList<>()).add(in.bytes());
          continue;
        }
        JsonNode t = p.payload().get(b.source());
        if (!takes.contains(Modality.TEXT)) {
          throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) has no "
              + label(vector) + " and nothing model '" + b.model() + "' can embed: it takes "
              + names(takes) + "; give an " + names(takes).get(0) + " input for it (e.g. \"inputs\": {\""
              + vector + "\": {\"" + names(takes).get(0) + "\": \"<base64>\"}}) or a vector");
        }
        if ((t == null || !t.isTextual() || t.asText().isBlank()) && !p.inputs().isEmpty()) {
          throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) gives "
              + p.inputs().values().stream().map(x -> x.modality().wireName()).distinct().toList()
              + " input, but " + label(vector) + " of collection '" + collection + "' is bound to model '"
              + b.model() + "', which embeds " + names(takes) + ", and payload field '" + b.source()
              + "' has no text; every vector is required, so give that text too, or store the "
              + p.inputs().values().iterator().next().modality().wireName()
              + " in a collection whose vectors all take it");
        }
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
          throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) has no "
              + label(vector) + " and no text in payload field '" + b.source() + "' to embed it"
              + " with '" + b.model() + "'; give one or the other (got " + t + ")");
        }
        textAt.add(i);
        texts.add(t.asText());
      }
      if (!texts.isEmpty()) {
        put(computed, vector, textAt, m.embed(texts));
      }
      for (Map.Entry<Modality, List<byte[]>> me : media.entrySet()) {
        List<Integer> at = mediaAt.get(me.getKey());
        put(computed, vector, at, embedMedia(vector, m, me.getKey(), me.getValue(), at, out));
      }
    }
    for (int i = 0; i < out.size(); i++) {
      out.set(i, out.get(i).withVectors(computed.get(i)));
    }
    return out;
  }

  /** Refuses inputs named for vectors the collection lacks or that no model computes. */
  private void checkInputNames(Point p, int i) {
    for (Map.Entry<String, MediaInput> in : p.inputs().entrySet()) {
      VectorParams params = config.vectors().get(in.getKey());
      if (params == null) {
        throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) gives an "
            + in.getValue().modality().wireName() + " input for vector '" + in.getKey() + "', but collection '"
            + collection + "' declares only " + config.vectors().keySet());
      }
      if (params.model() == null) {
        throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) gives an "
            + in.getValue().modality().wireName() + " input for " + label(in.getKey()) + " of collection '"
            + collection + "', which is not bound to an embedding model, so it needs a vector; create the"
            + " collection with a model that takes " + in.getValue().modality().wireName() + " for that vector");
      }
    }
  }

  /** The point's one input (under another vector's name) of a modality {@code takes} has; null if none. */
  private MediaInput sharedInput(Point p, int i, String vector, Set<Modality> takes) {
    MediaInput found = null;
    for (MediaInput in : p.inputs().values()) {
      if (!takes.contains(in.modality()) || in.equals(found)) {
        continue;
      }
      if (found != null) {
        throw new IllegalArgumentException("point " + p.id() + " (#" + i + " in the batch) gives several"
            + " different inputs that " + label(vector) + " could be computed from (" + p.inputs().keySet()
            + "); name one for it: \"inputs\": {\"" + vector + "\": ...}");
      }
      found = in;
    }
    return found;
  }

  /**
   * Embeds a batch of media; when the model refuses it (an item it cannot decode), finds the first
   * refused item so the error names its point.
   */
  private List<float[]> embedMedia(String vector, EmbeddingModel m, Modality modality, List<byte[]> items,
      List<Integer> at, List<Point> points) {
    try {
      return m.embedMedia(modality, items);
    } catch (IllegalArgumentException batchError) {
      if (items.size() > 1) {
        for (int j = 0; j < items.size(); j++) {
          try {
            m.embedMedia(modality, List.of(items.get(j)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("point " + points.get(at.get(j)).id() + " (#" + at.get(j)
                + " in the batch): " + label(vector) + " (model '" + m.name() + "') cannot embed its "
                + modality.wireName() + ": " + e.getMessage(), e);
          }
        }
      }
      String who = items.size() == 1 ? "point " + points.get(at.get(0)).id() + " (#" + at.get(0)
          + " in the batch): " : "";
      throw new IllegalArgumentException(who + label(vector) + " (model '" + m.name() + "') cannot embed its "
          + modality.wireName() + ": " + batchError.getMessage(), batchError);
    }
  }

  private static void put(List<Map<String, float[]>> computed, String vector, List<Integer> at,
      List<float[]> vectors) {
    if (vectors.size() != at.size()) {
      throw new IllegalStateException("model returned " + vectors.size() + " vectors for " + at.size() + " items");
    }
    for (int j = 0; j < at.size(); j++) {
      computed.get(at.get(j)).put(vector, vectors.get(j));
    }
  }

  private static List<String> names(Set<Modality> ms) {
    return ms.stream().sorted().map(Modality::wireName).toList();
  }

  /** The query vector of {@code text} for the vector {@code using}. */
  float[] embedQuery(String using, String text) {
    ModelBinding b = bound(using, "text");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query text is empty; expected a sentence to embed");
    }
    EmbeddingModel m = model(using);
    if (!m.modalities().contains(Modality.TEXT)) {
      throw new IllegalArgumentException(label(using) + " of collection '" + collection + "' is bound to model '"
          + b.model() + "', which embeds " + names(m.modalities()) + ", not text; search it with "
          + alternatives(m.modalities()) + takers(Modality.TEXT, "text"));
    }
    return m.embedQuery(text);
  }

  /** The query vector of an image or sound for the vector {@code using}. */
  float[] embedMediaQuery(String using, MediaInput media) {
    String kind = media.modality().wireName();
    ModelBinding b = bound(using, kind);
    EmbeddingModel m = model(using);
    if (!m.modalities().contains(media.modality())) {
      throw new IllegalArgumentException(label(using) + " of collection '" + collection + "' is bound to model '"
          + b.model() + "', which embeds " + names(m.modalities()) + ", not " + kind + "; search it with "
          + alternatives(m.modalities()) + takers(media.modality(), kind));
    }
    try {
      return m.embedMedia(media.modality(), List.of(media.bytes())).get(0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("query " + kind + " cannot be embedded with model '" + b.model()
          + "': " + e.getMessage(), e);
    }
  }

  private ModelBinding bound(String using, String kind) {
    VectorParams p = config.vectors().get(using);
    if (p == null) {
      throw new IllegalArgumentException("collection '" + collection + "' has no vector '" + using
          + "'; it has " + config.vectors().keySet());
    }
    if (p.model() == null) {
      throw new IllegalArgumentException(label(using) + " of collection '" + collection
          + "' is not bound to an embedding model, so it can only be searched with a vector;"
          + " create the collection with \"model\": \"all-MiniLM-L6-v2\" to search by " + kind);
    }
    return p.model();
  }

  private static String alternatives(Set<Modality> takes) {
    return String.join(" or ", names(takes).stream().map(n -> n.equals("text") ? "text" : "an " + n).toList());
  }

  /** ", or search vector 'x' (which takes text)" naming the bound vectors whose model takes {@code m}. */
  private String takers(Modality modality, String kind) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      if (e.getValue().model() != null) {
        try {
          if (model(e.getKey()).modalities().contains(modality)) {
            names.add(e.getKey());
          }
        } catch (RuntimeException ignored) {
          // a model that cannot be loaded is no alternative
        }
      }
    }
    return names.isEmpty() ? "" : ", or search " + (names.size() == 1 ? "vector " : "one of the vectors ")
        + names + " (" + kind + " is embedded there)";
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
