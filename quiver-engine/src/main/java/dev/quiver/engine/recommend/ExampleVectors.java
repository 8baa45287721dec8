package dev.quiver.engine.recommend;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.ModelBinding;
import dev.quiver.engine.ModelMismatchException;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns examples into vectors of one named vector of a collection, through the
 * {@link VectorCollection} interface only (so it works embedded and over HTTP): ids in one
 * {@code get}, texts in one batch through the collection's model, vectors checked for dimension.
 */
final class ExampleVectors {

  private final VectorCollection collection;
  private final String using;
  private final VectorParams params;
  private final EmbeddingModelProvider models;

  ExampleVectors(VectorCollection collection, String using, EmbeddingModelProvider models) {
    this.collection = collection;
    this.using = using;
    this.models = models;
    this.params = collection.config().vectors().get(using);
    if (params == null) {
      throw new IllegalArgumentException("collection '" + collection.name() + "' has no vector '" + using
          + "'; it has " + collection.config().vectors().keySet());
    }
  }

  Metric metric() {
    return params.metric();
  }

  int dimension() {
    return params.dimension();
  }

  /**
   * The vectors of {@code examples}, in order, as the metric prepares them (unit length for cosine).
   *
   * @param labels how to name each example in errors, e.g. {@code positive[2]}
   * @throws IllegalArgumentException naming every example id that does not exist, a vector of the
   *     wrong dimension, or a text for a vector bound to no model
   */
  List<float[]> resolve(List<Example> examples, List<String> labels) {
    float[][] out = new float[examples.size()][];
    Set<PointId> ids = new LinkedHashSet<>();
    List<Integer> textAt = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      switch (examples.get(i)) {
        case Example.Id id -> ids.add(id.id());
        case Example.Vector v -> {
          float[] x = v.vector();
          if (x.length != params.dimension()) {
            throw new IllegalArgumentException(labels.get(i) + ": vector has dimension " + x.length + ", "
                + label() + " of collection '" + collection.name() + "' expects " + params.dimension());
          }
          out[i] = x;
        }
        case Example.Text t -> {
          textAt.add(i);
          texts.add(t.text());
        }
      }
    }
    if (!ids.isEmpty()) {
      Map<PointId, float[]> found = new HashMap<>();
      for (Point p : collection.get(List.copyOf(ids), false, true)) {
        float[] v = p.vectors().get(using);
        if (v != null) {
          found.put(p.id(), v);
        }
      }
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        if (examples.get(i) instanceof Example.Id id) {
          out[i] = found.get(id.id());
          if (out[i] == null) {
            missing.add(id.id() + " (" + labels.get(i) + ")");
          }
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("example point" + (missing.size() == 1 ? "" : "s") + " not found in"
            + " collection '" + collection.name() + "': " + String.join(", ", missing)
            + "; give ids of existing points, or vectors");
      }
    }
    if (!texts.isEmpty()) {
      List<float[]> embedded = model(labels.get(textAt.get(0))).embedQueries(texts);
      for (int j = 0; j < textAt.size(); j++) {
        out[textAt.get(j)] = embedded.get(j);
      }
    }
    List<float[]> prepared = new ArrayList<>(out.length);
    for (float[] v : out) {
      prepared.add(params.metric().prepare(v));
    }
    return prepared;
  }

  private EmbeddingModel model(String label) {
    ModelBinding b = params.model();
    if (b == null) {
      throw new IllegalArgumentException(label + ": " + label() + " of collection '" + collection.name()
          + "' is not bound to an embedding model, so text examples cannot be embedded for it; give point ids or"
          + " vectors, or create the collection with \"model\": \"all-MiniLM-L6-v2\"");
    }
    if (models == null) {
      throw new IllegalArgumentException(label + ": no embedding models are available here to embed text with '"
          + b.model() + "'");
    }
    EmbeddingModel m = models.model(b.model());
    if (b.version() != null && !b.version().equals(m.version())) {
      throw new ModelMismatchException("collection '" + collection.name() + "' vector '" + using
          + "' was built with model '" + b.model() + "' version " + b.version() + ", but the model here is"
          + " version " + m.version() + "; vectors of different versions are not comparable, so text"
          + " examples cannot be embedded for it");
    }
    if (!m.modalities().contains(dev.quiver.core.embed.Modality.TEXT)) {
      throw new IllegalArgumentException(label + ": " + label() + " of collection '" + collection.name()
          + "' is bound to model '" + b.model() + "', which embeds " + m.modalities().stream()
          .map(dev.quiver.core.embed.Modality::wireName).sorted().toList() + ", not text; give point ids or vectors");
    }
    if (m.dimension() != params.dimension()) {
      throw new IllegalArgumentException("model '" + b.model() + "' gives " + m.dimension() + "-dimensional"
          + " vectors, but " + label() + " of collection '" + collection.name() + "' has " + params.dimension());
    }
    return m;
  }

  private String label() {
    return "vector '" + using + "'";
  }
}
