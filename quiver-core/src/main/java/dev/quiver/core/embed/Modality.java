package dev.quiver.core.embed;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of item an {@link EmbeddingModel} can embed. */
public enum Modality {
  /** Sentences, passages, words. */
  TEXT,
  /** Encoded image files: PNG, JPEG, GIF, BMP. */
  IMAGE,
  /** Encoded audio files: WAV (PCM). */
  AUDIO;

  /** Lower-case name, as used in JSON and on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The modality called {@code name} (any case).
   *
   * @throws IllegalArgumentException naming the value and the known modalities
   */
  public static Modality parse(String name) {
    for (Modality m : values()) {
      if (m.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown modality '" + name + "'; expected one of "
        + Arrays.stream(values()).map(Modality::wireName).toList());
  }
}
