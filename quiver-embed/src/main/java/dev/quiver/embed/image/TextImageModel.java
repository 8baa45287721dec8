package dev.quiver.embed.image;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One vector space for text and images, made of a text encoder and an image encoder trained to
 * agree (CLIP-style): {@link #embed(List)} and {@link #embedQueries(List)} run the text side,
 * {@link #embedMedia} with {@link Modality#IMAGE} the image side, so a text query finds images and
 * an image finds captions.
 *
 * <p>Both sides must have the same dimension. Thread-safe as its two encoders are.
 */
public final class TextImageModel implements EmbeddingModel {

  private final String name;
  private final EmbeddingModel text;
  private final EmbeddingModel image;
  private final boolean ownsText;
  private final String version;

  /**
   * @param name registry name
   * @param text the text side ({@link Modality#TEXT})
   * @param image the image side ({@link Modality#IMAGE})
   * @param ownsText close the text side with this model (false when it is shared, e.g. a registry's
   *     MiniLM); the image side is always closed
   */
  public TextImageModel(String name, EmbeddingModel text, EmbeddingModel image, boolean ownsText) {
    this.name = Objects.requireNonNull(name, "name");
    this.text = Objects.requireNonNull(text, "text");
    this.image = Objects.requireNonNull(image, "image");
    this.ownsText = ownsText;
    if (!text.modalities().contains(Modality.TEXT)) {
      throw new IllegalArgumentException("model '" + name + "': text side '" + text.name()
          + "' does not embed text");
    }
    if (!image.modalities().contains(Modality.IMAGE)) {
      throw new IllegalArgumentException("model '" + name + "': image side '" + image.name()
          + "' does not embed images");
    }
    if (text.dimension() != image.dimension()) {
      throw new IllegalArgumentException("model '" + name + "': text side '" + text.name() + "' is "
          + text.dimension() + "-d but image side '" + image.name() + "' is " + image.dimension()
          + "-d; a shared space needs the same dimension");
    }
    this.version = "joint-" + text.version() + "+" + image.version();
  }

  /** The text encoder. */
  public EmbeddingModel text() {
    return text;
  }

  /** The image encoder. */
  public EmbeddingModel image() {
    return image;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return text.dimension();
  }

  @Override
  public boolean normalized() {
    return text.normalized() && image.normalized();
  }

  @Override
  public Set<Modality> modalities() {
    return EnumSet.of(Modality.TEXT, Modality.IMAGE);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return text.embed(texts);
  }

  @Override
  public List<float[]> embedQueries(List<String> queries) {
    return text.embedQueries(queries);
  }

  @Override
  public List<float[]> embedMedia(Modality modality, List<byte[]> items) {
    if (modality != Modality.IMAGE) {
      throw new IllegalArgumentException("model '" + name + "' embeds [text, image], not "
          + modality.wireName());
    }
    return image.embedMedia(modality, items);
  }

  @Override
  public void close() {
    try {
      image.close();
    } finally {
      if (ownsText) {
        text.close();
      }
    }
  }

  @Override
  public String toString() {
    return "TextImageModel[" + name + ", text " + text.name() + ", image " + image.name() + ", "
        + dimension() + "-d]";
  }
}
