package dev.quiver.core.embed;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns text (and, for media models, images or sounds) into vectors in-process. Implementations are thread-safe; {@link #embed(List)} is the
 * batched call and is what the engine uses.
 *
 * <p>A collection bound to a model records its {@link #name()} and {@link #version()}; opening it
 * with a different model is refused, because vectors from two models are not comparable.
 */
public interface EmbeddingModel extends AutoCloseable {

  /** Registry name, e.g. {@code all-MiniLM-L6-v2}. */
  String name();

  /** Changes whenever the same text may map to a different vector (weights, tokenizer, pooling). */
  String version();

  /** Number of components of every vector. */
  int dimension();

  /** True when every vector has unit length, so cosine equals dot product. */
  boolean normalized();

  /** Embeds documents (passages), one vector per text, in order. */
  List<float[]> embed(List<String> texts);

  /**
   * Embeds search queries. Models trained with a query instruction (bge) prepend it here; the
   * default is {@link #embed(List)}.
   */
  default List<float[]> embedQueries(List<String> queries) {
    return embed(queries);
  }

  default float[] embed(String text) {
    return embed(List.of(text)).get(0);
  }

  default float[] embedQuery(String query) {
    return embedQueries(List.of(query)).get(0);
  }

  /**
   * What this model embeds. Text models (the default) take {@link Modality#TEXT} through
   * {@link #embed(List)}; image and audio models take encoded files through
   * {@link #embedMedia}; a joint model (text and images in one space) takes both.
   */
  default Set<Modality> modalities() {
    return EnumSet.of(Modality.TEXT);
  }

  /**
   * Embeds encoded media files, one vector per item, in order: PNG/JPEG/GIF/BMP bytes for
   * {@link Modality#IMAGE}, WAV bytes for {@link Modality#AUDIO}.
   *
   * @throws IllegalArgumentException when this model does not take {@code modality}, or an item
   *     cannot be decoded (the message names the item's position and what was expected)
   */
  default List<float[]> embedMedia(Modality modality, List<byte[]> items) {
    throw new IllegalArgumentException("model '" + name() + "' embeds " + modalities().stream()
        .map(Modality::wireName).toList() + ", not " + modality.wireName());
  }

  @Override
  default void close() {}
}
