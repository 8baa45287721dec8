package dev.quiver.engine;

import dev.quiver.core.embed.Modality;
import java.util.Arrays;
import java.util.Objects;

/**
 * An encoded media file given instead of a vector: on upsert, the models of the collection's
 * bound vectors that take its modality compute the vectors from it; in a search, the query vector.
 * The bytes are handed to the model and never written to the log or the payload.
 *
 * @param modality {@link Modality#IMAGE} (PNG, JPEG, GIF, BMP bytes) or {@link Modality#AUDIO} (WAV
 *     bytes); text is given as payload text or query text, not as media
 * @param bytes the file's bytes, not empty
 */
public record MediaInput(Modality modality, byte[] bytes) {

  public MediaInput {
    Objects.requireNonNull(modality, "media modality");
    if (modality == Modality.TEXT) {
      throw new IllegalArgumentException("text is not a media input; put it in the payload field a"
          + " vector embeds, or search with query text");
    }
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException(modality.wireName() + " input is empty; expected the bytes of "
          + (modality == Modality.IMAGE ? "a PNG, JPEG, GIF or BMP file" : "a WAV file"));
    }
  }

  public static MediaInput image(byte[] bytes) {
    return new MediaInput(Modality.IMAGE, bytes);
  }

  public static MediaInput audio(byte[] bytes) {
    return new MediaInput(Modality.AUDIO, bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaInput m && m.modality == modality && Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return modality.hashCode() * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return modality.wireName() + "(" + bytes.length + " bytes)";
  }
}
