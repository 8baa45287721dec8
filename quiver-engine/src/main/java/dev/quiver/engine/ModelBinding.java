package dev.quiver.engine;

/**
 * Binds a named vector to an embedding model, like a vectorizer: points upserted without that
 * vector get it computed from their image or sound input ({@link Point#inputs()}) or from the text
 * in their payload field {@code source}, and searches may pass text, an image or a sound instead of
 * a vector. What the vector accepts is what the model takes
 * ({@link dev.quiver.core.embed.EmbeddingModel#modalities()}); anything else is refused with a
 * message naming the vector, the model and what it takes.
 *
 * @param model the model's registry name, e.g. {@code all-MiniLM-L6-v2}
 * @param version the model's version at creation; a database whose model has another version
 *     refuses to embed for this collection (vectors of two versions are not comparable). Null
 *     only before the collection is created; creation fills it in.
 * @param source the payload field holding the text to embed; default {@value #DEFAULT_SOURCE}
 */
public record ModelBinding(String model, String version, String source) {

  public static final String DEFAULT_SOURCE = "text";

  public ModelBinding {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model binding needs a model name, e.g. all-MiniLM-L6-v2");
    }
    source = source == null || source.isBlank() ? DEFAULT_SOURCE : source;
  }

  public static ModelBinding of(String model) {
    return new ModelBinding(model, null, DEFAULT_SOURCE);
  }

  public ModelBinding withVersion(String v) {
    return new ModelBinding(model, v, source);
  }

  public ModelBinding withSource(String field) {
    return new ModelBinding(model, version, field);
  }
}
