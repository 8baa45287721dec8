package dev.quiver.embed.image;

import java.util.Locale;

/** How the text encoder of a CLIP-style model turns its output into one vector per text. */
public enum TextPooling {
  /** The output is already {@code [batch, dimension]} (e.g. CLIP's {@code text_embeds}). */
  NONE,
  /**
   * {@code [batch, tokens, D]}: the vector of the last real token (the end-of-text token, which a
   * causal CLIP text transformer pools).
   */
  EOS,
  /** {@code [batch, tokens, D]}: the first token's vector. */
  CLS,
  /** {@code [batch, tokens, D]}: the average over the real (unpadded) tokens. */
  MEAN;

  /** Parses {@code none}, {@code eos}, {@code cls} or {@code mean} (any case). */
  public static TextPooling parse(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "none": return NONE;
        case "eos", "last": return EOS;
        case "cls", "first": return CLS;
        case "mean": return MEAN;
        default: break;
      }
    }
    throw new IllegalArgumentException("text pooling '" + value
        + "' is not one of: none, eos, cls, mean");
  }

  /** The configuration spelling. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
